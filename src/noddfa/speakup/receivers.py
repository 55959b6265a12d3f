"""What speak-up hears from the apps below it: a concern recorded (to link it to the report it
was started from), `noddfa reminders` (to chase the two clocks) and the help pages' "how to
report" page (to list the open channels)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from noddfa.casework.reminders import more_reminders
from noddfa.concerns.signals import concern_recorded
from noddfa.directory.public_views import report_links

from . import recipients
from .selectors import open_channels


def _chase_clocks(now: datetime, **_kwargs: Any) -> str:
    return recipients.reminders_summary(now)


concern_recorded.connect(recipients.link_started_concern, dispatch_uid="speakup_link_concern")
more_reminders.connect(_chase_clocks, dispatch_uid="speakup_clock_reminders")


def _channel_links(lang: str, **_kwargs: Any) -> list[tuple[str, str]]:
    """The open channels, for the public "how to report" page: names and addresses only."""
    name = "speakup:report_cy" if lang == "cy" else "speakup:report"
    return [
        (channel.name_in(lang), reverse(name, kwargs={"slug": channel.slug}))
        for channel in open_channels()
    ]


report_links.connect(_channel_links, dispatch_uid="speakup_help_links")
