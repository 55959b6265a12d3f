"""The shapes the API reads and answers.

Codes (jurisdictions, elements, indicators) are listed in the schema from the pathway's own
data, but they are checked only by the pathway's parser, so there is one rule and one
message for an unknown code however a case arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from noddfa.concerns.chronology import ChronologyEntry
from noddfa.concerns.models import ActionOutcome, Addendum, Concern, Danger, PathwayAction
from noddfa.concerns.services import current_run
from noddfa.core.plausible_dates import validate_observed_at
from noddfa.pathway import load_catalogue, load_vocabulary
from noddfa.people.models import Person

_VOCABULARY = load_vocabulary()
_CATALOGUE = load_catalogue()


class CodeField(serializers.CharField):
    """Text from a closed list of codes, checked by the pathway's parser rather than by DRF
    (whose message would quote the value sent)."""

    codes: tuple[str, ...] = ()


class CodeFieldSchema(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]  # drf-spectacular
    """Each list of codes is one named enumeration in the schema, however many fields use it."""

    target_class = CodeField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        name = type(self.target).__name__
        component = ResolvedComponent(  # type: ignore[no-untyped-call]  # unannotated __init__
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema={"type": "string", "enum": list(self.target.codes)},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def _code_field(name: str, codes: Iterable[str]) -> type[CodeField]:
    return type(name, (CodeField,), {"codes": tuple(codes)})


JurisdictionCode = _code_field("JurisdictionCode", _VOCABULARY.jurisdictions)
ActionElementCode = _code_field("ActionElementCode", _VOCABULARY.elements["action"])
MeansCode = _code_field("MeansCode", _VOCABULARY.elements["means"])
PurposeCode = _code_field("PurposeCode", _CATALOGUE.purposes)
IndicatorCode = _code_field("IndicatorCode", _CATALOGUE.by_id)
OrganisationTypeCode = _code_field("OrganisationTypeCode", _VOCABULARY.organisation_types)
ActionCode = _code_field("ActionCode", _VOCABULARY.action_codes)


class StrictSerializer(serializers.Serializer[Any]):
    """Refuses fields it does not know, as the pathway contract does, so a typo is not lost."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # Checked here rather than in validate() so it works for nested serializers too.
        if isinstance(data, Mapping):
            unknown = sorted((str(key) for key in data if key not in self.fields), key=str)
            if unknown:
                raise serializers.ValidationError(
                    {unknown[0]: [serializers.ErrorDetail("Unknown field.", "unknown_field")]}
                )
        return super().to_internal_value(data)  # type: ignore[no-any-return]  # DRF stubs: Any


class StrictSerializerSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]  # drf-spectacular
    """A strict serializer's schema says so: unknown fields are refused, not ignored."""

    target_class = StrictSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        return schema  # type: ignore[no-any-return]  # drf-spectacular's untyped helper


def _flag(help_text: str) -> serializers.BooleanField:
    return serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=help_text
    )


def _codes(child: type[serializers.CharField]) -> serializers.ListField:
    return serializers.ListField(child=child(), required=False, default=list)


# --- Pathway contract (DESIGN.md), for the schema only: the engine parses the body itself.


class CasePersonSerializer(StrictSerializer):
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=130)
    age_disputed = _flag("Whether the person's age is disputed.")


class CaseSituationSerializer(StrictSerializer):
    immediate_danger = _flag("Anyone in immediate danger.")
    at_risk_of_going_missing = _flag("At risk of going missing.")
    missing_now = _flag("Missing now.")


class CaseElementsSerializer(StrictSerializer):
    action = _codes(ActionElementCode)
    means = _codes(MeansCode)
    purpose = _codes(PurposeCode)


class CaseSmugglingSerializer(StrictSerializer):
    facilitated_border_crossing = _flag("Someone helped the person cross a border.")
    relationship_ended_on_arrival = _flag("That relationship ended on arrival.")


class CaseAdultSerializer(StrictSerializer):
    consents_to_nrm = _flag("An adult's informed consent to an NRM referral.")
    care_and_support_needs = _flag("Has needs for care and support.")
    unable_to_protect_self = _flag("Unable to protect themselves.")
    access_refused = _flag("Access to the adult is refused.")


class CaseReferrerSerializer(StrictSerializer):
    organisation_type = OrganisationTypeCode(required=False)
    first_responder = _flag("The referrer is a first responder organisation.")
    s52_public_authority = _flag("The referrer has the section 52 duty to notify.")


class PathwayCaseSerializer(StrictSerializer):
    """A case as the pathway contract reads it. Missing or null means "not known"."""

    jurisdiction = JurisdictionCode()
    person = CasePersonSerializer(required=False)
    situation = CaseSituationSerializer(required=False)
    elements = CaseElementsSerializer(required=False)
    indicators = _codes(IndicatorCode)
    smuggling = CaseSmugglingSerializer(required=False)
    adult = CaseAdultSerializer(required=False)
    referrer = CaseReferrerSerializer(required=False)


class OpenQuestionSerializer(serializers.Serializer[Any]):
    """A fact not yet known that could change the pathway, and why it matters."""

    field = serializers.CharField(help_text="The case field that would answer it.")
    question = serializers.CharField()
    why = serializers.CharField()
    why_cy = serializers.CharField()


class AssessmentSerializer(serializers.Serializer[Any]):
    treated_as_child = serializers.BooleanField()
    potential_victim = serializers.BooleanField()
    definition_met = serializers.CharField(allow_null=True)
    exploitation_types = serializers.ListField(child=PurposeCode())
    smuggling_not_trafficking = serializers.BooleanField()
    potential_victim_basis = serializers.CharField(required=False, allow_null=True)
    exploitation_subtypes = serializers.ListField(child=serializers.CharField(), required=False)
    adult_at_risk = serializers.BooleanField(required=False)
    age_uncertain = serializers.BooleanField(required=False)
    illegal_adoption_only = serializers.BooleanField(required=False)
    adult_suspected_at_risk = serializers.BooleanField(required=False)
    markers = serializers.ListField(child=serializers.CharField(), required=False)
    open_questions = OpenQuestionSerializer(many=True, required=False)


class PathwayReferenceSerializer(serializers.Serializer[Any]):
    """One document a rule comes from, by its own title, and the part of it."""

    document = serializers.CharField()
    part = serializers.CharField(allow_blank=True)
    part_cy = serializers.CharField(allow_blank=True)


class PathwayActionResultSerializer(serializers.Serializer[Any]):
    code = ActionCode()
    priority = serializers.IntegerField()
    due = serializers.CharField()
    who = serializers.CharField()
    legal_basis = serializers.CharField()
    # A declared field, not Field.source: DRF's metaclass moves it into _declared_fields.
    source = serializers.CharField()  # type: ignore[assignment]  # see above
    why = serializers.CharField()
    why_cy = serializers.CharField(required=False)
    due_cy = serializers.CharField(required=False)
    legal_basis_cy = serializers.CharField(required=False)
    source_cy = serializers.CharField(
        required=False, help_text="The source with each part in Welsh; titles stay as given."
    )
    references = PathwayReferenceSerializer(many=True, required=False)
    for_referrer = serializers.BooleanField(required=False)
    rule = serializers.CharField(required=False)


class PathwayResultSerializer(serializers.Serializer[Any]):
    """What the engine answers: the assessment and every action, with its legal basis."""

    ruleset = serializers.CharField()
    assessment = AssessmentSerializer()
    actions = PathwayActionResultSerializer(many=True)


# --- People


class PersonSummarySerializer(serializers.ModelSerializer[Person]):
    organisation = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "given_name", "family_name", "date_of_birth", "organisation"]
        read_only_fields = fields


class PersonSerializer(PersonSummarySerializer):
    # What another system needs to recognise the person and weigh the pathway; contact
    # details (address, phones) stay on the page, where every look at them is one person's.
    class Meta:
        model = Person
        fields = [
            *PersonSummarySerializer.Meta.fields,
            "aliases",
            "approximate_age",
            "age_disputed",
            "sex",
            "nationality",
            "languages",
            "interpreter_needed",
        ]
        read_only_fields = fields


class ChronologyEntrySerializer(serializers.Serializer[ChronologyEntry]):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(
        choices=["concern", "addendum", "review", "action", "closure", "sharing"]
    )
    organisation = serializers.CharField()
    by = serializers.CharField()
    summary = serializers.CharField()
    concern_id = serializers.UUIDField(allow_null=True)


# --- Concerns


class RecordedFactsSerializer(StrictSerializer):
    """The answers to the trafficking questions (RecordedFacts); null means not known."""

    # Which nation's law applies follows from the recording organisation's area. A client may
    # still send it, as a check: a value that disagrees with the organisation's is refused.
    jurisdiction = JurisdictionCode(
        required=False,
        help_text=(
            "Optional. Decided by your organisation's local authority area; if sent, it must "
            "be the same."
        ),
    )
    immediate_danger = _flag("Anyone in immediate danger.")
    at_risk_of_going_missing = _flag("At risk of going missing.")
    missing_now = _flag("Missing now.")
    action = _codes(ActionElementCode)
    means = _codes(MeansCode)
    purpose = _codes(PurposeCode)
    indicators = _codes(IndicatorCode)
    facilitated_border_crossing = _flag("Someone helped the person cross a border.")
    relationship_ended_on_arrival = _flag("That relationship ended on arrival.")
    consents_to_nrm = _flag("An adult's informed consent to an NRM referral.")
    care_and_support_needs = _flag("Has needs for care and support.")
    unable_to_protect_self = _flag("Unable to protect themselves.")
    access_refused = _flag("Access to the adult is refused.")


class ConcernCreateSerializer(StrictSerializer):
    subject = serializers.UUIDField(help_text="The id of a person you may see.")
    observed_at = serializers.DateTimeField(
        help_text="When it was seen or heard: not in the future, not before 1990.",
        validators=[validate_observed_at],
    )
    observed_where = serializers.CharField(min_length=1, max_length=300)
    immediate_danger = serializers.ChoiceField(choices=Danger.choices)
    account = serializers.CharField(
        min_length=1, help_text="What was seen and heard, in factual words."
    )
    quotes = serializers.ListField(
        child=serializers.CharField(min_length=1),
        required=False,
        default=list,
        help_text="Their words.",
    )
    facts = RecordedFactsSerializer(required=False)


class ConcernCreatedSerializer(serializers.ModelSerializer[Concern]):
    pathway_result = PathwayResultSerializer(read_only=True)

    class Meta:
        model = Concern
        fields = ["id", "subject", "recorded_at", "pathway_result"]
        read_only_fields = fields


class OutcomeSerializer(serializers.ModelSerializer[ActionOutcome]):
    recorded_by = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = ActionOutcome
        fields = ["status", "happened_at", "reference", "reason", "recorded_by", "recorded_at"]
        read_only_fields = fields


class ConcernActionSerializer(serializers.ModelSerializer[PathwayAction]):
    code = ActionCode(read_only=True)
    latest_outcome = serializers.SerializerMethodField()

    class Meta:
        model = PathwayAction
        fields = [
            "id",
            "code",
            "priority",
            "who",
            "due",
            "due_at",
            "for_referrer",
            "latest_outcome",
        ]
        read_only_fields = fields

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_latest_outcome(self, action: PathwayAction) -> dict[str, Any] | None:
        outcome = self.context["latest_outcomes"].get(action.pk)
        return None if outcome is None else OutcomeSerializer(outcome).data


class FactChangeSerializer(serializers.Serializer[Any]):
    fact = serializers.CharField(help_text='The case field, dotted ("elements.purpose").')
    before = serializers.JSONField(allow_null=True, help_text="null: not known.")
    after = serializers.JSONField(allow_null=True, help_text="null: not known.")


class AddendumSerializer(serializers.ModelSerializer[Addendum]):
    added_by = serializers.CharField(source="added_by.full_name", read_only=True)
    changes = FactChangeSerializer(
        many=True,
        read_only=True,
        help_text="The facts a lead corrected or completed (empty for a written addendum).",
    )

    class Meta:
        model = Addendum
        fields = ["added_at", "added_by", "reason", "text", "changes"]
        read_only_fields = fields


class ConcernSerializer(serializers.ModelSerializer[Concern]):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.full_name", read_only=True)
    indicators = serializers.ListField(child=IndicatorCode(), read_only=True)
    # What the pathway says now: its latest run, after any correction or consent decision.
    pathway_result = serializers.SerializerMethodField()
    actions = ConcernActionSerializer(many=True, read_only=True)
    addenda = AddendumSerializer(many=True, read_only=True)

    class Meta:
        model = Concern
        fields = [
            "id",
            "subject",
            "organisation",
            "recorded_by",
            "recorded_at",
            "observed_at",
            "observed_where",
            "immediate_danger",
            "account",
            "quotes",
            "indicators",
            "pathway_result",
            "actions",
            "addenda",
        ]
        read_only_fields = fields

    @extend_schema_field(PathwayResultSerializer)
    def get_pathway_result(self, concern: Concern) -> dict[str, Any]:
        return dict(PathwayResultSerializer(current_run(concern).result).data)


class ProblemErrorSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer[Any]):
    """RFC 9457 problem details; `field` names the first field at fault."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    field = serializers.CharField(required=False)
    # A declared field, not Serializer.errors: DRF's metaclass moves it into _declared_fields.
    errors = ProblemErrorSerializer(many=True, required=False)  # type: ignore[assignment]  # see above
