"""The open dates of each referral, kept in the database (ADR 0029).

`deadlines.deadlines_of` stays the one place that knows the law's periods. What it works out
for a referral is written to `OpenDeadline` by every step that can change it (all of them go
through `follow_up.follow_referral`), so the deadline lists can order and page in SQL. Rows
written some other way (a bulk load, a restore) or dated under an older calendar of bank
holidays are put right by `noddfa referral_deadlines --rebuild`; `--check` says whether any
differ, without writing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from .deadlines import deadlines_of
from .models import OpenDeadline, ReferralDraft

# (key, due, can be overdue): what one stored row says.
Row = tuple[str, datetime, bool]
# Each referral's rows by key.
ByDraft = dict[uuid.UUID, dict[str, Row]]


def _worked_out(draft: ReferralDraft) -> dict[str, Row]:
    return {d.key: (d.key, d.due, d.can_be_overdue) for d in deadlines_of(draft)}


def _fresh(draft_ids: Iterable[uuid.UUID]) -> Iterator[ReferralDraft]:
    """The drafts with everything their dates are worked out from, read afresh (a draft the
    caller holds may carry status changes prefetched before the step that changed them)."""
    return iter(
        ReferralDraft.objects.filter(pk__in=list(draft_ids))
        .select_related("action")
        .prefetch_related("status_changes", "decisions", "written_confirmations")
        .order_by("pk")
    )


@transaction.atomic
def keep_open_deadlines(draft: ReferralDraft) -> None:
    """Write the referral's open dates as they are now: new ones added, changed ones moved,
    ended ones removed."""
    fresh = next(_fresh([draft.pk]))
    _write({fresh.pk: _worked_out(fresh)}, _stored([fresh.pk]))


def _stored(draft_ids: Iterable[uuid.UUID]) -> ByDraft:
    found: ByDraft = {}
    rows = OpenDeadline.objects.filter(draft_id__in=list(draft_ids)).values_list(
        "draft_id", "key", "due", "can_be_overdue"
    )
    for draft_id, key, due, can_be_overdue in rows:
        found.setdefault(draft_id, {})[key] = (key, due, can_be_overdue)
    return found


@dataclass
class Differences:
    """How the stored dates differ from the dates worked out afresh."""

    missing: int = 0
    moved: int = 0
    ended: int = 0

    @property
    def any(self) -> bool:
        return bool(self.missing or self.moved or self.ended)


def _compare(wanted: ByDraft, stored: ByDraft) -> Differences:
    found = Differences()
    for draft_id in set(wanted) | set(stored):
        want, have = wanted.get(draft_id, {}), stored.get(draft_id, {})
        found.missing += len(set(want) - set(have))
        found.ended += len(set(have) - set(want))
        found.moved += sum(1 for key in set(want) & set(have) if want[key] != have[key])
    return found


def _write(wanted: ByDraft, stored: ByDraft) -> None:
    for draft_id in set(wanted) | set(stored):
        want, have = wanted.get(draft_id, {}), stored.get(draft_id, {})
        ended = set(have) - set(want)
        if ended:
            OpenDeadline.objects.filter(draft_id=draft_id, key__in=ended).delete()
        changed = [row for key, row in want.items() if have.get(key) != row]
        # An upsert: two steps on one referral at once both end with the dates they saw.
        OpenDeadline.objects.bulk_create(
            [
                OpenDeadline(draft_id=draft_id, key=key, due=due, can_be_overdue=overdue)
                for key, due, overdue in changed
            ],
            update_conflicts=True,
            unique_fields=["draft", "key"],
            update_fields=["due", "can_be_overdue"],
        )


BATCH = 500


def rebuild_open_deadlines(
    *, write: bool, progress: Callable[[int, int], None] | None = None
) -> Differences:
    """Compare every referral's stored dates with the dates worked out afresh, a batch at a
    time; with `write`, put each batch right in its own short transaction."""
    ids = list(ReferralDraft.objects.order_by("pk").values_list("pk", flat=True))
    total = Differences()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            wanted = {draft.pk: _worked_out(draft) for draft in _fresh(batch)}
            stored = _stored(batch)
            found = _compare(wanted, stored)
            if write and found.any:
                _write(wanted, stored)
        total.missing += found.missing
        total.moved += found.moved
        total.ended += found.ended
        if progress is not None:
            progress(start + len(batch), len(ids))
    return total
