"""The official channel each kind of referral goes through, named for the person who has
to use it ("submit it through the official channel" tells a newcomer nothing)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Kind, ReferralDraft


def official_channel(draft: ReferralDraft) -> str:
    receiver = draft.receiving_body.name if draft.receiving_body is not None else ""
    if draft.kind in (Kind.NRM_CHILD, Kind.NRM_ADULT):
        return _(
            "the Home Office’s online NRM referral form (the NRM and Duty to Notify "
            "digital referral service)"
        )
    if draft.kind == Kind.DUTY_TO_NOTIFY:
        return _(
            "the Home Office’s online Duty to Notify form (the same digital referral service "
            "as the NRM)"
        )
    if draft.kind == Kind.ICTA:
        return _(
            "Barnardo’s Independent Child Trafficking Guardian service: its referral line, "
            "0800 043 4303, or its online referral form"
        )
    if draft.kind == Kind.CHILD_AT_RISK:
        if receiver:
            return _(
                "%(receiver)s: by telephone (then confirm in writing within 24 hours), in "
                "writing or by secure email"
            ) % {"receiver": receiver}
        return _(
            "the children’s services of the local authority where the child lives or was "
            "found: by telephone (then confirm in writing within 24 hours), in writing or by "
            "secure email"
        )
    if draft.kind == Kind.ADULT_AT_RISK:
        if receiver:
            return _(
                "%(receiver)s: by telephone (then confirm in writing within 24 hours), in "
                "writing or by secure email"
            ) % {"receiver": receiver}
        return _(
            "the adult services of the local authority where the adult lives or was found: "
            "by telephone (then confirm in writing within 24 hours), in writing or by secure "
            "email"
        )
    # A hand-over goes to a first responder in Noddfa.
    return _("the first responder it is handed over to, through Noddfa")
