"""DRF's view of the owning apps' permission functions: no rule is written again here."""

from __future__ import annotations

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from noddfa.concerns.permissions import can_record_concern
from noddfa.people.permissions import can_list_people

from .models import ApiToken, Scope


class CanListPeople(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_authenticated and can_list_people(request.user))


class CanRecordConcerns(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_authenticated and can_record_concern(request.user))


class TokenScopeAllows(BasePermission):
    """A token changes nothing, whatever its user may do, until it is widened to read_write;
    a session acts with the signed-in person's own rights."""

    message = "This token may only read."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not getattr(view, "writes", False) or not isinstance(request.auth, ApiToken):
            return True
        return request.auth.scope == Scope.READ_WRITE
