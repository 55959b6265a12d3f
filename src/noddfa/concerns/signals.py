"""What the concerns app announces to the apps built on it.

`actions_changed` is sent, with `concern=`, after a concern's pathway actions were created,
re-worked or given an outcome. It is sent inside the transaction of that change (Django
signals are synchronous), so whatever a receiver writes commits or rolls back with it, and an
exception in a receiver undoes the change rather than leaving the two apps apart. Casework
receives it to keep the actions mirrored as tasks."""

from __future__ import annotations

from django.dispatch import Signal

actions_changed = Signal()

# `concern_recorded` is sent, with `concern=`, `draft=` (the draft it was written in, or None)
# and `by=`, once a concern is recorded, inside the same transaction. Speak-up links a concern
# started from a report to that report.
concern_recorded = Signal()
