"""Who may see and change referrals.

The organisation that recorded the concern prepares and tracks its referrals. A receiving
body (the local authority children's services, say) sees a referral only when the referral
names it AND it is a member of a multi-agency case about the person: naming alone shares
nothing. Everyone else gets a 404, exactly as for a record that does not exist.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from noddfa.accounts.duties import is_first_responder, is_s52_public_authority
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.concerns.models import Concern
from noddfa.concerns.permissions import concerns_visible_to
from noddfa.people.models import CaseMembership
from noddfa.people.permissions import CASEWORK_ROLES

from .models import HANDOVER_KINDS, NRM_KINDS, InboxItem, Kind, ReferralDraft, Status

PREPARING_ROLES = frozenset({Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})
RECEIVING_ROLES = frozenset({Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})


def _works_cases(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in CASEWORK_ROLES


def can_list_referrals(user: User) -> bool:
    return _works_cases(user)


def referral_visibility(user: User) -> Q | None:
    """Who may see a referral, as a condition on its `organisation`, `receiving_body` and
    `subject` columns (a referral's, or a stored open date's: `OpenDeadline`); None for a
    user who may see none. The organisation that made it; the receiving body while the person
    is in a case it is a member of."""
    if not _works_cases(user):
        return None
    organisation = user.organisation_id
    # One flat condition on the row (no join that repeats rows, no IN over a subquery), so a
    # page of a list reads the organisation's rows through its index (issue 22).
    member = CaseMembership.objects.filter(
        organisation=organisation, case__people=OuterRef("subject_id")
    )
    received = Q(Exists(member), receiving_body_id=organisation)
    return Q(organisation_id=organisation) | received


def referrals_visible_to(user: User) -> QuerySet[ReferralDraft]:
    visible = referral_visibility(user)
    if visible is None:
        return ReferralDraft.objects.none()
    return ReferralDraft.objects.filter(visible)


def is_recording_organisation(user: User, draft: ReferralDraft) -> bool:
    return draft.organisation_id == user.organisation_id


def may_offer(kind: str, organisation: Organisation) -> bool:
    """A Duty to Notify is only for s52 public authorities (MSA 2015 s52(5))."""
    return kind != Kind.DUTY_TO_NOTIFY or is_s52_public_authority(organisation)


def needs_hand_over(kind: str, organisation: Organisation) -> bool:
    """Whether the organisation hands this referral to a first responder rather than making
    it: an NRM referral is made only by a first responder (sources.md#ref-3-1), a Duty to
    Notify only by an s52 public authority (MSA 2015 s52)."""
    if kind in NRM_KINDS:
        return not is_first_responder(organisation)
    if kind == Kind.DUTY_TO_NOTIFY:
        return not is_s52_public_authority(organisation)
    return False


# The organisations a hand-over goes to: a local authority or the police, which are first
# responders and s52 public authorities by law.
HAND_OVER_TYPES = frozenset(
    {
        OrganisationType.LA_CHILDRENS_SERVICES,
        OrganisationType.LA_ADULT_SERVICES,
        OrganisationType.POLICE,
        OrganisationType.BRITISH_TRANSPORT_POLICE,
    }
)
# Who receives a report of a child or adult at risk: the local authority, or the police.
REPORT_RECEIVER_TYPES: dict[str, frozenset[str]] = {
    Kind.CHILD_AT_RISK: frozenset(
        {OrganisationType.LA_CHILDRENS_SERVICES, OrganisationType.POLICE}
    ),
    Kind.ADULT_AT_RISK: frozenset({OrganisationType.LA_ADULT_SERVICES, OrganisationType.POLICE}),
}


def receivers_for(kind: str, organisation_id: int | None) -> QuerySet[Organisation]:
    """The organisations in Noddfa a referral of this kind may be sent to, the sender aside."""
    others = Organisation.objects.exclude(pk=organisation_id or 0)
    if kind in HANDOVER_KINDS:
        return others.filter(organisation_type__in=HAND_OVER_TYPES)
    if kind in REPORT_RECEIVER_TYPES:
        return others.filter(organisation_type__in=REPORT_RECEIVER_TYPES[kind])
    return others


def inbox_visible_to(user: User) -> QuerySet[InboxItem]:
    """What arrived at the user's organisation; nothing for anyone else."""
    if not _works_cases(user):
        return InboxItem.objects.none()
    return InboxItem.objects.filter(receiver_id=user.organisation_id)


def is_receiver(user: User, item: InboxItem) -> bool:
    return _works_cases(user) and item.receiver_id == user.organisation_id


def can_answer_for_receiver(user: User, item: InboxItem) -> bool:
    """Acknowledge and decide: the receiver's safeguarding leads and local authority team."""
    return is_receiver(user, item) and user.role in RECEIVING_ROLES


def can_take_up(user: User, item: InboxItem) -> bool:
    """A hand-over is taken up, as the first responder's own referral, by anyone there who
    prepares referrals, if the organisation may make it."""
    if not (is_receiver(user, item) and user.role in PREPARING_ROLES):
        return False
    if item.draft.kind == Kind.NRM_HANDOVER:
        return is_first_responder(user.organisation)
    if item.draft.kind == Kind.DTN_HANDOVER:
        return is_s52_public_authority(user.organisation)
    return False


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
    receiver = user.role in RECEIVING_ROLES and draft.receiving_body_id == user.organisation_id
    if InboxItem.objects.filter(draft=draft).exists():
        # Delivered in Noddfa: the receiver answers for itself, from its inbox (issue 18).
        return receiver
    if user.role in PREPARING_ROLES and is_recording_organisation(user, draft):
        return True
    return receiver


def can_record_decision(user: User, draft: ReferralDraft) -> bool:
    return draft.kind in NRM_KINDS and can_record_reply(user, draft)


def can_record_consent(user: User, concern: Concern) -> bool:
    return can_prepare(user, concern)


def can_set_policy(user: User) -> bool:
    return (
        user.is_active and user.organisation_id is not None and user.role == Role.ORGANISATION_ADMIN
    )
