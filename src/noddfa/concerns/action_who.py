"""Whose action it is, told from the reader's side (issue 18, item 6).

The rule set says who an action is for in its own terms (`practitioner`, `safeguarding_lead`,
`local_authority`, ...). A reader is told it in theirs: the practitioner who recorded the
concern reads "You" on their actions and "Your safeguarding lead" on the lead's; a lead of that
organisation reads "You" on the lead's actions and "The practitioner who recorded this (name)"
on the practitioner's; the local authority team reads "You (your team)" on the local
authority's, so it is never told to contact social services, which it is; anyone else reads
the local authority by name where the case has been shared with one.

One place, used by the concern page and the task lists: `who_for`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from noddfa.accounts.models import Role, User
from noddfa.people.models import CaseMembership
from noddfa.people.permissions import LOCAL_AUTHORITY_TEAMS

from .forms import who_label
from .models import Concern


@dataclass(frozen=True)
class Reader:
    """What the wording depends on about the person reading."""

    user_id: int | None
    role: str
    organisation_id: int | None
    organisation_type: str

    @classmethod
    def of(cls, user: User) -> Reader:
        organisation = user.organisation if user.organisation_id is not None else None
        return cls(
            user_id=user.pk,
            role=user.role,
            organisation_id=user.organisation_id,
            organisation_type=organisation.organisation_type if organisation else "",
        )

    @property
    def is_local_authority_team(self) -> bool:
        return self.organisation_type in LOCAL_AUTHORITY_TEAMS


@dataclass(frozen=True)
class Recorded:
    """What the wording depends on about the concern."""

    recorded_by_id: int | None
    recorder_name: str
    organisation_id: int | None
    organisation_name: str
    # The local authority team the case was shared with, by name, when there is one.
    local_authority: str = ""


def who_for(code: str, reader: Reader, recorded: Recorded) -> str:
    """The words for an action's "who" as this reader should read them. Pure."""
    own_organisation = (
        reader.organisation_id is not None and reader.organisation_id == recorded.organisation_id
    )
    if code == "practitioner":
        if reader.user_id is not None and reader.user_id == recorded.recorded_by_id:
            return _("You")
        return _("The practitioner who recorded this (%(name)s)") % {"name": recorded.recorder_name}
    if code == "safeguarding_lead":
        if own_organisation and reader.role == Role.SAFEGUARDING_LEAD:
            return _("You")
        if own_organisation:
            return _("Your safeguarding lead")
        return _("The safeguarding lead at %(organisation)s") % {
            "organisation": recorded.organisation_name
        }
    if code == "local_authority":
        if reader.is_local_authority_team:
            return _("You (your team)")
        if recorded.local_authority:
            return recorded.local_authority
    return who_label(code)


def local_authority_of(concern: Concern) -> str:
    """The name of the local authority team the person's case was shared with (the first to
    join), or "" when none has been. One query."""
    membership = (
        CaseMembership.objects.filter(
            case__people=concern.subject_id,
            organisation__organisation_type__in=LOCAL_AUTHORITY_TEAMS,
        )
        .select_related("organisation")
        .order_by("decided_at", "pk")
        .first()
    )
    return membership.organisation.name if membership is not None else ""


def recorded(concern: Concern, *, local_authority: str | None = None) -> Recorded:
    """The concern as `who_for` needs it; `concern` should come with `recorded_by` and
    `organisation` selected. Looks up the local authority unless given."""
    return Recorded(
        recorded_by_id=concern.recorded_by_id,
        recorder_name=concern.recorded_by.full_name if concern.recorded_by_id else "",
        organisation_id=concern.organisation_id,
        organisation_name=concern.organisation.name,
        local_authority=(
            local_authority_of(concern) if local_authority is None else local_authority
        ),
    )
