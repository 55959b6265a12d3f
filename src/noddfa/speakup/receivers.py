"""What the recipients' side hears from the apps below it: a concern recorded (to link it to the
report it was started from) and `noddfa reminders` (to chase the two clocks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from noddfa.casework.reminders import more_reminders
from noddfa.concerns.signals import concern_recorded

from . import recipients


def _chase_clocks(now: datetime, **_kwargs: Any) -> str:
    return recipients.reminders_summary(now)


concern_recorded.connect(recipients.link_started_concern, dispatch_uid="speakup_link_concern")
more_reminders.connect(_chase_clocks, dispatch_uid="speakup_clock_reminders")
