"""Shapes for referrals, tasks and the directory: codes, dates and ids, not free text
about a person (a referral's answers and reasons stay on its page)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from noddfa.casework.models import Task, TaskOutcome
from noddfa.directory.models import PhoneNumber, Service
from noddfa.referrals.models import Kind, NrmDecision, ReferralDraft, Status, StatusChange


class StatusChangeSerializer(serializers.ModelSerializer[StatusChange]):
    class Meta:
        model = StatusChange
        fields = ["status", "at", "external_reference"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer[NrmDecision]):
    class Meta:
        model = NrmDecision
        fields = ["decision", "outcome", "decided_on"]
        read_only_fields = fields


class ReferralSummarySerializer(serializers.ModelSerializer[ReferralDraft]):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    receiving_body = serializers.CharField(
        source="receiving_body.name", read_only=True, allow_null=True, default=None
    )
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)

    class Meta:
        model = ReferralDraft
        fields = [
            "id",
            "reference",
            "kind",
            "status",
            "concern",
            "subject",
            "organisation",
            "receiving_body",
            "jurisdiction",
            "created_at",
        ]
        read_only_fields = fields


class ReferralStatusSerializer(serializers.Serializer[ReferralDraft]):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Status.choices)
    history = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True)

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_history(self, draft: ReferralDraft) -> list[dict[str, Any]]:
        return list(StatusChangeSerializer(draft.history(), many=True).data)


class ReferralSerializer(ReferralSummarySerializer):
    history = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta(ReferralSummarySerializer.Meta):
        fields = [*ReferralSummarySerializer.Meta.fields, "history", "decisions"]
        read_only_fields = fields

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_history(self, draft: ReferralDraft) -> list[dict[str, Any]]:
        return list(StatusChangeSerializer(draft.history(), many=True).data)


class TaskSerializer(serializers.ModelSerializer[Task]):
    # Blank while the task is open.
    outcome = serializers.ChoiceField(choices=TaskOutcome.choices, allow_blank=True, read_only=True)
    owner = serializers.CharField(
        source="owner.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Task
        fields = ["id", "title", "person", "due_at", "owner", "outcome", "finished_at"]
        read_only_fields = fields


class PhoneSerializer(serializers.ModelSerializer[PhoneNumber]):
    class Meta:
        model = PhoneNumber
        fields = ["label", "display", "e164", "note", "note_cy"]
        read_only_fields = fields


class ServiceSerializer(serializers.ModelSerializer[Service]):
    phones = PhoneSerializer(many=True, read_only=True)

    class Meta:
        model = Service
        fields = [
            "key",
            "name_en",
            "name_cy",
            "country",
            "email",
            "website",
            "hours_en",
            "hours_cy",
            "languages",
            "audiences",
            "needs",
            "description_en",
            "description_cy",
            "phones",
            "status",
            "last_checked",
            "source",
            "source_cy",
        ]
        read_only_fields = fields
