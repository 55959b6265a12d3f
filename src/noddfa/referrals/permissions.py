"""Who may see and change referrals.

The organisation that recorded the concern prepares and tracks its referrals. A receiving
body (the local authority children's services, say) sees a referral only when the referral
names it AND it is a member of a multi-agency case about the person: naming alone shares
nothing. Everyone else gets a 404, exactly as for a record that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from noddfa.accounts.duties import is_first_responder, is_s52_public_authority
from noddfa.accounts.models import Organisation, Role, User
from noddfa.concerns.models import Concern
from noddfa.concerns.permissions import concerns_visible_to
from noddfa.people.permissions import CASEWORK_ROLES

from .models import NRM_KINDS, Kind, ReferralDraft, Status

PREPARING_ROLES = frozenset({Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})
RECEIVING_ROLES = frozenset({Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})


def _works_cases(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in CASEWORK_ROLES


def can_list_referrals(user: User) -> bool:
    return _works_cases(user)


def referrals_visible_to(user: User) -> QuerySet[ReferralDraft]:
    if not _works_cases(user):
        return ReferralDraft.objects.none()
    organisation = user.organisation_id
    received = Q(
        receiving_body_id=organisation,
        subject__cases__memberships__organisation_id=organisation,
    )
    visible = ReferralDraft.objects.filter(Q(organisation_id=organisation) | received)
    return ReferralDraft.objects.filter(pk__in=visible.values("pk"))


def is_recording_organisation(user: User, draft: ReferralDraft) -> bool:
    return draft.organisation_id == user.organisation_id


def may_offer(kind: str, organisation: Organisation) -> bool:
    """A Duty to Notify is only for s52 public authorities (MSA 2015 s52(5))."""
    return kind != Kind.DUTY_TO_NOTIFY or is_s52_public_authority(organisation)


def can_prepare(user: User, concern: Concern) -> bool:
    return (
        user.is_active
        and user.role in PREPARING_ROLES
        and concern.organisation_id == user.organisation_id
        and concerns_visible_to(user).filter(pk=concern.pk).exists()
    )


def can_edit(user: User, draft: ReferralDraft) -> bool:
    return (
        user.role in PREPARING_ROLES
        and is_recording_organisation(user, draft)
        and draft.status in (Status.DRAFT, Status.READY)
    )


def can_submit(user: User, draft: ReferralDraft) -> bool:
    """The recording organisation records that it submitted through the official channel;
    only a first responder organisation can submit an NRM referral (sources.md#ref-3-1)."""
    if not (user.role in PREPARING_ROLES and is_recording_organisation(user, draft)):
        return False
    if draft.kind in NRM_KINDS:
        return is_first_responder(user.organisation)
    return True


def can_record_reply(user: User, draft: ReferralDraft) -> bool:
    """Acknowledgement and acceptance: the recording organisation, told by the receiver,
    or the receiving body's own leads and local authority team."""
    if user.role in PREPARING_ROLES and is_recording_organisation(user, draft):
        return True
    return user.role in RECEIVING_ROLES and draft.receiving_body_id == user.organisation_id


def can_record_decision(user: User, draft: ReferralDraft) -> bool:
    return draft.kind in NRM_KINDS and can_record_reply(user, draft)


def can_record_consent(user: User, concern: Concern) -> bool:
    return can_prepare(user, concern)


def can_set_policy(user: User) -> bool:
    return (
        user.is_active and user.organisation_id is not None and user.role == Role.ORGANISATION_ADMIN
    )
