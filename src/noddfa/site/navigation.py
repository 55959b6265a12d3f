"""The service menu a signed-in person sees, which depends on what they may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.permissions import can_read_audit_trail, is_organisation_admin
from noddfa.casework.network import can_see_network
from noddfa.casework.permissions import can_have_tasks
from noddfa.concerns.permissions import can_record_concern, can_review
from noddfa.directory.permissions import can_search_directory
from noddfa.insights.permissions import can_read_insights
from noddfa.people.link_permissions import can_review_duplicates
from noddfa.people.permissions import can_list_people
from noddfa.referrals.permissions import can_list_referrals
from noddfa.speakup.recipients import can_manage_channels, may_use_inbox


@dataclass(frozen=True)
class MenuItem:
    text: str | Promise
    href: str
    current: bool


def menu_for(request: HttpRequest) -> list[MenuItem]:
    # Requests answered outside the middleware stack (static files) carry no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    entries: list[tuple[str | Promise, str]] = [(_("Home"), reverse("site:home"))]
    if can_list_people(user):
        entries.append((_("People"), reverse("people:list")))
    if can_search_directory(user):
        entries.append((_("Helplines and services"), reverse("directory:search")))
    if can_record_concern(user):
        entries.append((_("Record a concern"), reverse("concerns:record")))
    if can_list_referrals(user):
        entries.append((_("Referrals"), reverse("referrals:list")))
        entries.append((_("Inbox"), reverse("referrals:inbox")))
    if may_use_inbox(user):
        entries.append((_("Speak-up reports"), reverse("speakup_inbox:inbox")))
    if can_have_tasks(user):
        entries.append((_("Tasks"), reverse("casework:my_tasks")))
    if can_review(user):
        entries.append((_("Review concerns"), reverse("site:review_queue")))
    if can_review_duplicates(user):
        entries.append((_("Patterns and duplicates"), reverse("casework:patterns")))
    if can_see_network(user):
        entries.append((_("Network"), reverse("casework:network")))
    if is_organisation_admin(user, user.organisation):
        entries.append((_("Users"), reverse("accounts:members")))
    if can_manage_channels(user):
        entries.append((_("Speak-up channels"), reverse("speakup_inbox:channels")))
    if can_read_insights(user):
        entries.append((_("Insights"), reverse("insights:index")))
    if can_read_audit_trail(user):
        entries.append((_("Audit trail"), reverse("audit:trail")))
    entries.append((_("Training"), reverse("training:mine")))
    entries.append((_("How Noddfa decides"), reverse("site:how_noddfa_decides")))
    path = request.path
    return [
        MenuItem(text, href, path == href if href == "/" else path.startswith(href))
        for text, href in entries
    ]
