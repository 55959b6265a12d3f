"""`{% services_for_action action.code jurisdiction as services %}` for pages that show a pathway
result, so they need no view changes to list the helplines beside each action."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from noddfa.directory.models import Service
from noddfa.directory.selectors import active_services
from noddfa.directory.selectors import services_for_action as _services_for_action

register = template.Library()


@register.simple_tag(takes_context=True)
def services_for_action(
    context: template.Context,
    code: str,
    jurisdiction: str,
    assessment: Mapping[str, Any] | None = None,
) -> list[Service]:
    """With the pathway's stored `assessment`, services only for children are left out for an
    adult whose age is not in doubt (a person whose age is unknown or disputed may be a
    child, and keeps them)."""
    # The directory is loaded once per request and kept on it: a concern page lists ten or
    # more actions, and loading every service with its numbers for each one was most of the
    # page's time.
    request = context.get("request")
    loaded: list[Service] | None = getattr(request, "_noddfa_active_services", None)
    if loaded is None:
        loaded = list(active_services())
        if request is not None:
            request._noddfa_active_services = loaded
    may_be_a_child = assessment is None or bool(
        assessment.get("treated_as_child", True) or assessment.get("age_uncertain", True)
    )
    return _services_for_action(code, jurisdiction, among=loaded, may_be_a_child=may_be_a_child)
