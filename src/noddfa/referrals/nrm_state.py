"""Where a person's NRM referral stands, for the documents that must say so (an ICTG
referral asks), read live so a draft started later still shows."""

from __future__ import annotations

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Kind, ReferralDraft, Status

# The referrals that put a person into the National Referral Mechanism, whoever makes it.
_NRM_ROUTES = (Kind.NRM_CHILD, Kind.NRM_ADULT, Kind.NRM_HANDOVER)


def nrm_state(person_id: uuid.UUID, organisation_id: int) -> str:
    """Where the organisation's NRM referral about the person stands, in the reader's
    language, or "" if it has none: an ICTG referral asks, and "Not given" would be wrong
    while a draft exists."""
    draft = (
        ReferralDraft.objects.filter(
            subject_id=person_id, organisation_id=organisation_id, kind__in=_NRM_ROUTES
        )
        .prefetch_related("status_changes")
        .order_by("-created_at")
        .first()
    )
    if draft is None:
        return ""
    status = draft.status
    latest = max(draft.status_changes.all(), key=lambda change: change.pk, default=None)
    when = f"{timezone.localtime(latest.at if latest else draft.created_at):%Y-%m-%d}"
    if draft.kind == Kind.NRM_HANDOVER:
        return _("Handed over to a first responder for an NRM referral (%(status)s, %(when)s)") % {
            "status": Status(status).label,
            "when": when,
        }
    if status in (Status.DRAFT, Status.READY):
        return _("Being prepared: %(status)s since %(when)s, not yet submitted") % {
            "status": Status(status).label,
            "when": when,
        }
    if latest is not None and latest.external_reference:
        return _("%(status)s on %(when)s, reference %(reference)s") % {
            "status": Status(status).label,
            "when": when,
            "reference": latest.external_reference,
        }
    return _("%(status)s on %(when)s") % {"status": Status(status).label, "when": when}
