"""`{% services_for_action action.code jurisdiction as services %}` for pages that show a pathway
result, so they need no view changes to list the helplines beside each action."""

from __future__ import annotations

from django import template

from noddfa.directory.models import Service
from noddfa.directory.selectors import services_for_action as _services_for_action

register = template.Library()


@register.simple_tag
def services_for_action(code: str, jurisdiction: str) -> list[Service]:
    return _services_for_action(code, jurisdiction)
