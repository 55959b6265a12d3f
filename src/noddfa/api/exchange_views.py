"""Referrals and their status, tasks and the directory, through the owning apps' selectors."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from noddfa.casework.models import Task
from noddfa.casework.permissions import can_have_tasks
from noddfa.casework.selectors import team_task_list
from noddfa.directory.choices import Audience, Need
from noddfa.directory.models import Service
from noddfa.directory.permissions import can_search_directory
from noddfa.directory.selectors import search_services, service_by_key
from noddfa.referrals.models import Kind, ReferralDraft
from noddfa.referrals.permissions import can_list_referrals
from noddfa.referrals.selectors import my_referrals, referral_for_viewing

from .exchange_serializers import (
    ReferralSerializer,
    ReferralStatusSerializer,
    ReferralSummarySerializer,
    ServiceSerializer,
    TaskSerializer,
)
from .views import ApiView, ProblemDetailsMixin, _problems, _user


class _Allowed(BasePermission):
    rule: Any = None

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_authenticated and type(self).rule(request.user))


class CanListReferrals(_Allowed):
    rule = staticmethod(can_list_referrals)


class CanHaveTasks(_Allowed):
    rule = staticmethod(can_have_tasks)


class CanSearchDirectory(_Allowed):
    rule = staticmethod(can_search_directory)


def _choice(request: Request, name: str, allowed: list[str]) -> str | None:
    """A filter value from a closed list; anything else is ignored rather than echoed."""
    value = request.query_params.get(name)
    return value if value in allowed else None


class ReferralListView(ProblemDetailsMixin, generics.ListAPIView[ReferralDraft]):
    serializer_class = ReferralSummarySerializer
    permission_classes = [IsAuthenticated, CanListReferrals]

    def get_queryset(self) -> QuerySet[ReferralDraft]:
        referrals = my_referrals(_user(self.request), page="api:referrals").order_by(
            "created_at", "pk"
        )
        kind = _choice(self.request, "kind", list(Kind.values))
        return referrals.filter(kind=kind) if kind else referrals

    @extend_schema(
        operation_id="referrals_list",
        summary="Referrals your organisation made or received",
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=list(Kind.values))],
        responses={200: ReferralSummarySerializer(many=True), **_problems(401, 403, 404)},
        tags=["referrals"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ReferralDetailView(ApiView):
    @extend_schema(
        operation_id="referrals_retrieve",
        summary="One referral you may see, with its status history and NRM decisions",
        responses={200: ReferralSerializer, **_problems(401, 404)},
        tags=["referrals"],
    )
    def get(self, request: Request, referral_id: uuid.UUID) -> Response:
        draft = referral_for_viewing(_user(request), referral_id)
        return Response(ReferralSerializer(draft).data)


class ReferralStatusView(ApiView):
    @extend_schema(
        operation_id="referrals_status",
        summary="Where a referral has got to: its status, history and decisions",
        responses={200: ReferralStatusSerializer, **_problems(401, 404)},
        tags=["referrals"],
    )
    def get(self, request: Request, referral_id: uuid.UUID) -> Response:
        draft = referral_for_viewing(_user(request), referral_id)
        return Response(ReferralStatusSerializer(draft).data)


class TaskListView(ProblemDetailsMixin, generics.ListAPIView[Task]):
    serializer_class = TaskSerializer
    permission_classes = [IsAuthenticated, CanHaveTasks]

    def get_queryset(self) -> QuerySet[Task]:
        # Open unless asked: what a team acts on, and a page and count that follow the work
        # in hand rather than every task the team ever finished (issue 22).
        state = _choice(self.request, "state", ["open", "finished", "all"]) or "open"
        return team_task_list(
            _user(self.request), None if state == "all" else state, page="api:tasks"
        )

    @extend_schema(
        operation_id="tasks_list",
        summary="Your team's open tasks (or finished, or all), soonest due first",
        parameters=[
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=["open", "finished", "all"],
                default="open",
                description="Which tasks: open (the default), finished, or all.",
            )
        ],
        responses={200: TaskSerializer(many=True), **_problems(401, 403, 404)},
        tags=["tasks"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ServiceListView(ProblemDetailsMixin, generics.ListAPIView[Service]):
    serializer_class = ServiceSerializer
    permission_classes = [IsAuthenticated, CanSearchDirectory]

    def get_queryset(self) -> QuerySet[Service]:
        audience = _choice(self.request, "audience", list(Audience.values))
        need = _choice(self.request, "need", list(Need.values))
        country = self.request.query_params.get("country", "")
        found = search_services(
            country=country if len(country) in (2, 6) and country.isascii() else "",
            audiences=[audience] if audience else [],
            needs=[need] if need else [],
        )
        return found.order_by("position", "key")

    @extend_schema(
        operation_id="directory_list",
        summary="Helplines and services",
        parameters=[
            OpenApiParameter("audience", OpenApiTypes.STR, enum=list(Audience.values)),
            OpenApiParameter("need", OpenApiTypes.STR, enum=list(Need.values)),
            OpenApiParameter(
                "country",
                OpenApiTypes.STR,
                description="An ISO 3166 country code (FR) or a UK nation (GB-WLS).",
            ),
        ],
        responses={200: ServiceSerializer(many=True), **_problems(401, 403, 404)},
        tags=["directory"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ServiceDetailView(ApiView):
    permission_classes = [IsAuthenticated, CanSearchDirectory]

    @extend_schema(
        operation_id="directory_retrieve",
        summary="One helpline or service",
        responses={200: ServiceSerializer, **_problems(401, 403, 404)},
        tags=["directory"],
    )
    def get(self, request: Request, key: str) -> Response:
        service = service_by_key(key)
        if service is None or service.retired_at is not None:
            raise Http404
        return Response(ServiceSerializer(service).data)
