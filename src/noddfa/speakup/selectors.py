"""Reads for the recipients' side. Lists carry no report text: opening one is audited
(`services.read_report_for_recipient`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from noddfa.accounts.models import User

from .models import DEFAULT_RECIPIENT_ROLES, SpeakUpChannel, SpeakUpReport


def channels_received_by(user: User) -> QuerySet[SpeakUpChannel]:
    """The channels whose reports `user` receives: named as a recipient, or a safeguarding lead
    (or a local authority's safeguarding team) of the organisation of a channel that names no
    one."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return SpeakUpChannel.objects.none()
    # Only safeguarding leads and a local authority's team receive (as services.recipients_of):
    # anyone else is answered without asking the database, on every page's menu.
    if user.role not in DEFAULT_RECIPIENT_ROLES:
        return SpeakUpChannel.objects.none()
    mine = SpeakUpChannel.objects.filter(organisation_id=user.organisation_id)
    # As services.recipients_of: named people who are still active members count; with none,
    # the organisation's safeguarding leads receive.
    active_named = SpeakUpChannel.recipients.through.objects.filter(
        speakupchannel_id=OuterRef("pk"),
        user__is_active=True,
        user__organisation_id=OuterRef("organisation_id"),
        user__role__in=DEFAULT_RECIPIENT_ROLES,
    )
    receives = Q(pk__in=active_named.filter(user_id=user.pk).values("speakupchannel_id"))
    receives |= Q(~Exists(active_named))
    return mine.filter(receives)


def reports_in_inbox(user: User) -> QuerySet[SpeakUpReport]:
    """Reports in the channels `user` receives, the longest waiting first."""
    return (
        SpeakUpReport.objects.filter(channel__in=channels_received_by(user))
        .select_related("channel")
        .order_by("received_at", "id")
    )


def open_channels() -> QuerySet[SpeakUpChannel]:
    """Channels taking reports, for the public help pages to link to (no personal data)."""
    return SpeakUpChannel.objects.filter(is_open=True).order_by("kind", "name_en")
