"""Who may do what with a concern. Everything starts from who may see the person."""

from __future__ import annotations

from django.db.models import QuerySet

from noddfa.accounts.models import Role, User

# A role rule, kept with the roles; re-exported for the callers that ask this app.
from noddfa.accounts.permissions import can_record_concern as can_record_concern
from noddfa.people.permissions import filter_visible

from .models import Concern, PathwayAction

REVIEWING_ROLES = frozenset({Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})


def concerns_visible_to(user: User) -> QuerySet[Concern]:
    """Concerns about anyone the user may see; a shared case shares its concerns. Only the
    roles that record concerns read them: an organisation admin runs accounts, not cases."""
    if not can_record_concern(user):
        return Concern.objects.none()
    return filter_visible(Concern.objects.all(), user, "subject")


def can_view_concern(user: User, concern: Concern) -> bool:
    return concerns_visible_to(user).filter(pk=concern.pk).exists()


def can_review(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in REVIEWING_ROLES


def can_add_addendum(user: User, concern: Concern) -> bool:
    return can_record_concern(user) and can_view_concern(user, concern)


def can_assign(user: User, concern: Concern) -> bool:
    """Actions are handed out by a lead of the organisation that recorded the concern."""
    return can_review(user) and concern.organisation_id == user.organisation_id


def can_close(user: User, concern: Concern) -> bool:
    return can_review(user) and concern.organisation_id == user.organisation_id


def can_reassess(user: User, concern: Concern) -> bool:
    """Correcting or completing the facts the pathway uses is a safeguarding judgement: a lead
    of the organisation that recorded the concern makes it, and so does the local authority
    safeguarding team on a case shared with it. Practitioners add words, not corrections."""
    if not can_review(user) or not can_view_concern(user, concern):
        return False
    own = concern.organisation_id == user.organisation_id
    return own or user.role == Role.LA_SAFEGUARDING_TEAM


def can_rerun_pathway(user: User, concern: Concern, *, correction: bool = False) -> bool:
    """The pathway is re-run on a new fact (an adult's decision about an NRM referral) by
    anyone in the organisation that recorded the concern who records concerns; to correct
    the facts it was told, by whoever may re-assess (`can_reassess`)."""
    if correction:
        return can_reassess(user, concern)
    if concern.organisation_id != user.organisation_id or not can_view_concern(user, concern):
        return False
    return can_record_concern(user)


def records_outcomes_for(user: User, action: PathwayAction) -> bool:
    """The outcome rule alone, for a concern already known to be visible to the user:
    the recording organisation, or whoever the action was assigned to."""
    return (
        action.concern.organisation_id == user.organisation_id or action.assigned_to_id == user.pk
    )


def can_record_outcome(user: User, action: PathwayAction) -> bool:
    return (
        can_record_concern(user)
        and can_view_concern(user, action.concern)
        and records_outcomes_for(user, action)
    )
