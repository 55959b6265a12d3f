"""API views: they read the request, call one selector or service, and say what came back.

Who may see or do what is decided by the owning apps' permissions and selectors, so an
answer here is the same as the page's: a record outside the user's organisation and cases
is "not found", exactly as a record that does not exist.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, serializers
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from noddfa.accounts.areas import jurisdiction_of
from noddfa.accounts.models import User
from noddfa.api.parsers import StrictJSONParser
from noddfa.concerns.chronology import chronology
from noddfa.concerns.pathway_case import RecordedFacts, build_case
from noddfa.concerns.selectors import concern_for_viewing, latest_outcomes
from noddfa.concerns.services import ConcernReport
from noddfa.pathway import CaseError, UnknownRuleset, evaluate, parse_case
from noddfa.people.models import Person
from noddfa.people.selectors import (
    people_for,
    people_page,
    person_for_viewing,
    visible_people,
)

from . import problems
from .permissions import CanListPeople, CanRecordConcerns, TokenScopeAllows
from .serializers import (
    ChronologyEntrySerializer,
    ConcernCreatedSerializer,
    ConcernCreateSerializer,
    ConcernSerializer,
    PathwayCaseSerializer,
    PathwayResultSerializer,
    PersonSerializer,
    PersonSummarySerializer,
    ProblemSerializer,
)
from .services import IdempotencyKeyReused, record_concern_once
from .throttling import PerAddress, PerTokenRecords, PerTokenSearch, PerUser

_PROBLEM = problems.CONTENT_TYPE
_IDEMPOTENCY_HEADER = "Idempotency-Key"
_IDEMPOTENCY_KEY_MAX = 255
# Pathway case sections whose fields RecordedFacts holds flat under `facts`.
_FACT_SECTIONS = ("situation.", "elements.", "smuggling.", "adult.")


def _problems(*statuses: int) -> dict[tuple[int, str], OpenApiResponse]:
    # Every endpoint may answer 406 (not JSON accepted) and 429 (rate limit) too.
    return {
        (status, _PROBLEM): OpenApiResponse(ProblemSerializer, HTTPStatus(status).phrase)
        for status in sorted({*statuses, 406, 429})
    }


if TYPE_CHECKING:  # the mixin is only ever mixed into an APIView: let mypy see its base
    from rest_framework.permissions import _SupportsHasPermission  # a protocol of the stubs

    _MixinBase = APIView
else:
    _MixinBase = object


class ProblemDetailsMixin(_MixinBase):
    """JSON in, JSON out, and every error as problem details."""

    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer]
    parser_classes: Sequence[type[BaseParser]] = [StrictJSONParser]
    throttle_classes: Sequence[type[BaseThrottle]] = [PerUser, PerAddress]
    writes = False  # True on views that change something: a read-only token may not use them

    def get_permissions(self) -> list[_SupportsHasPermission]:
        return [*super().get_permissions(), TokenScopeAllows()]

    def get_exception_handler(self) -> Callable[..., Response | None]:
        # Per view rather than in settings, so only the API answers in problem details.
        return problems.exception_handler


class ApiView(ProblemDetailsMixin, APIView):
    pass


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # IsAuthenticated has already run
    return user


class PathwayView(ApiView):
    @extend_schema(
        operation_id="pathway_evaluate",
        summary="What must happen for a case, by whom, by when and why",
        request=PathwayCaseSerializer,
        responses={200: PathwayResultSerializer, **_problems(400, 401, 403)},
        tags=["pathway"],
    )
    def post(self, request: Request) -> Response:
        try:
            return Response(evaluate(parse_case(request.data)))
        except CaseError as error:
            raise problems.invalid_input(error.field, error.problem) from error
        except UnknownRuleset as error:
            raise problems.invalid_input("jurisdiction", "no rule set is in force") from error


class PersonListView(ProblemDetailsMixin, generics.ListAPIView[Person]):
    serializer_class = PersonSummarySerializer
    permission_classes = [IsAuthenticated, CanListPeople]

    def get_queryset(self) -> QuerySet[Person]:
        # The model, for the schema only: `list` reads the people through VisiblePeople.
        return Person.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The same rows, order and cost as the web list: the organisation's own records and
        # those shared with it, each read from its index only as far as the page needs, not
        # the OR over the whole people table (issue 22).
        people = visible_people(_user(request), page="api:people")
        # A Paginator takes VisiblePeople as it takes a query (count and slices).
        page = self.paginate_queryset(cast("Sequence[Person]", people))
        if page is None:
            return Response(self.get_serializer(list(people), many=True).data)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="people_list",
        summary="People you may see",
        responses={200: PersonSummarySerializer(many=True), **_problems(401, 403, 404)},
        tags=["people"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PersonSearchSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(min_length=1, max_length=100)


class PersonSearchResultSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    results = PersonSummarySerializer(many=True)


class PersonSearchView(ApiView):
    """Search by name. A POST, so names never travel in an address or an access log."""

    permission_classes = [IsAuthenticated, CanListPeople]
    throttle_classes = [PerUser, PerAddress, PerTokenSearch]

    @extend_schema(
        operation_id="people_search",
        summary="People you may see whose names start with the words given",
        request=PersonSearchSerializer,
        responses={200: PersonSearchResultSerializer, **_problems(400, 401, 403)},
        tags=["people"],
    )
    def post(self, request: Request) -> Response:
        query = PersonSearchSerializer(data=request.data)
        if not query.is_valid():
            raise problems.invalid_input("text", "must be text of 1 to 100 characters")
        user = _user(request)
        # The same event the people page writes; the search words are never logged.
        found = list(people_page(user, query.validated_data["text"], page="api:people"))
        return Response(
            {"count": len(found), "results": PersonSummarySerializer(found, many=True).data}
        )


class PersonDetailView(ApiView):
    throttle_classes = [PerUser, PerAddress, PerTokenRecords]

    @extend_schema(
        operation_id="people_retrieve",
        summary="One person you may see",
        responses={200: PersonSerializer, **_problems(401, 404)},
        tags=["people"],
    )
    def get(self, request: Request, person_id: uuid.UUID) -> Response:
        return Response(PersonSerializer(person_for_viewing(_user(request), person_id)).data)


class ChronologySerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField()
    entries = ChronologyEntrySerializer(many=True)


class ChronologyView(ApiView):
    throttle_classes = [PerUser, PerAddress, PerTokenRecords]

    @extend_schema(
        operation_id="people_chronology",
        summary="Everything recorded about a person that you may see, oldest first",
        responses={200: ChronologySerializer, **_problems(401, 404)},
        tags=["people"],
    )
    def get(self, request: Request, person_id: uuid.UUID) -> Response:
        user = _user(request)
        person = person_for_viewing(user, person_id)
        entries = chronology(user, person)
        return Response(ChronologySerializer({"person": person.pk, "entries": entries}).data)


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get(_IDEMPOTENCY_HEADER)
    if key is None:
        return None
    if not (0 < len(key) <= _IDEMPOTENCY_KEY_MAX and key.isascii() and key.isprintable()):
        raise problems.invalid_input(
            _IDEMPOTENCY_HEADER, "must be 1 to 255 printable ASCII characters"
        )
    return key


def _request_hash(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _facts_field(case_field: str) -> str:
    """The request's name for a pathway case field: `elements.action[0]` is `facts.action[0]`."""
    if case_field.startswith("person."):
        return "subject"  # the age comes from the person's record, not the request
    for section in _FACT_SECTIONS:
        if case_field.startswith(section):
            return "facts." + case_field.removeprefix(section)
    if case_field.startswith(("jurisdiction", "indicators")):
        return "facts." + case_field
    return case_field


def _facts_from(user: User, sent: dict[str, Any]) -> RecordedFacts:
    """The recorded facts; a jurisdiction sent with them must be the organisation's own."""
    assert user.organisation is not None  # CanRecordConcerns has already run
    sent = dict(sent)
    claimed = sent.pop("jurisdiction", None)
    if claimed is not None and claimed != jurisdiction_of(user.organisation):
        raise problems.invalid_input(
            "facts.jurisdiction",
            "The jurisdiction follows from your organisation's local authority area "
            f"({jurisdiction_of(user.organisation)}); leave it out or send that.",
        )
    return RecordedFacts(**sent)


def _check_facts(user: User, subject: Person, facts: RecordedFacts) -> None:
    """Read the case as the engine will, so a bad code is a 400 naming the field."""
    assert user.organisation is not None  # CanRecordConcerns has already run
    case = build_case(facts, subject, user.organisation, timezone.localdate())
    try:
        parse_case(case)
    except CaseError as error:
        raise problems.invalid_input(_facts_field(error.field), error.problem) from error


class ConcernCreateView(ApiView):
    permission_classes = [IsAuthenticated, CanRecordConcerns]
    writes = True

    @extend_schema(
        operation_id="concerns_create",
        summary="Record a concern about a person you may see, and get the pathway back",
        parameters=[
            OpenApiParameter(
                _IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                pattern=r"^[ -~]{1,255}$",
                description=(
                    "Send the same key again with the same body to get the first answer "
                    "instead of recording the concern twice."
                ),
            )
        ],
        request=ConcernCreateSerializer,
        responses={201: ConcernCreatedSerializer, **_problems(400, 401, 403, 404, 422)},
        tags=["concerns"],
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        key = _idempotency_key(request)
        incoming = ConcernCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        subject = people_for(user).filter(pk=data["subject"]).first()
        if subject is None:
            raise problems.not_found("subject")
        facts = _facts_from(user, data.get("facts", {}))
        _check_facts(user, subject, facts)
        report = ConcernReport(
            subject=subject,
            observed_at=data["observed_at"],
            observed_where=data["observed_where"],
            immediate_danger=data["immediate_danger"],
            account=data["account"],
            quotes=data["quotes"],
            facts=facts,
        )
        try:
            concern, created = record_concern_once(
                user, report, key=key, request_hash=_request_hash(request.data)
            )
        except IdempotencyKeyReused as error:
            raise problems.Problem(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                "This Idempotency-Key was already used for a different request.",
                field=_IDEMPOTENCY_HEADER,
                problem_type=problems.IDEMPOTENCY_KEY_REUSED,
                title="Idempotency key reused",
            ) from error
        headers = {"Location": reverse("api:concern", args=[concern.pk])}
        if not created:
            headers["Idempotent-Replayed"] = "true"
        return Response(
            ConcernCreatedSerializer(concern).data, status=HTTPStatus.CREATED, headers=headers
        )


class ConcernDetailView(ApiView):
    @extend_schema(
        operation_id="concerns_retrieve",
        summary="One concern you may see, with its actions and their latest outcomes",
        responses={200: ConcernSerializer, **_problems(401, 404)},
        tags=["concerns"],
    )
    def get(self, request: Request, concern_id: uuid.UUID) -> Response:
        concern = concern_for_viewing(_user(request), concern_id)
        serializer = ConcernSerializer(
            concern, context={"latest_outcomes": latest_outcomes(concern)}
        )
        return Response(serializer.data)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI whose start-up script is a file, as the Content-Security-Policy requires."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
