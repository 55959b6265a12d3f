"""The open dates of each referral, kept in the database (ADR 0029).

`deadlines.deadlines_of` stays the one place that knows the law's periods. What it works out
for a referral is written to `OpenDeadline` by every step that can change it (all of them go
through `follow_up.follow_referral`), so the deadline lists can order and page in SQL. Rows
written some other way (a bulk load, a restore) or dated under an older calendar of bank
holidays are put right by `noddfa referral_deadlines` (nightly); `--check` says whether any
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

# (key, due, can be overdue, organisation, receiving body, subject): what one stored row says.
Row = tuple[str, datetime, bool, int, int | None, uuid.UUID]
# Each referral's rows by key.
ByDraft = dict[uuid.UUID, dict[str, Row]]


def _worked_out(draft: ReferralDraft) -> dict[str, Row]:
    who = (draft.organisation_id, draft.receiving_body_id, draft.subject_id)
    return {d.key: (d.key, d.due, d.can_be_overdue, *who) for d in deadlines_of(draft)}


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
    rows = OpenDeadline.objects.filter(draft_id__in=list(draft_ids))
    for row in rows:
        found.setdefault(row.draft_id, {})[row.key] = (
            row.key,
            row.due,
            row.can_be_overdue,
            row.organisation_id,
            row.receiving_body_id,
            row.subject_id,
        )
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
    """The differences in a few statements whatever the number of referrals: one delete for
    each kind of date that ended, one upsert for the rest."""
    ended: dict[str, list[uuid.UUID]] = {}
    changed: list[OpenDeadline] = []
    for draft_id in set(wanted) | set(stored):
        want, have = wanted.get(draft_id, {}), stored.get(draft_id, {})
        for key in set(have) - set(want):
            ended.setdefault(key, []).append(draft_id)
        changed += [_row(draft_id, row) for key, row in want.items() if have.get(key) != row]
    for key, draft_ids in ended.items():
        OpenDeadline.objects.filter(key=key, draft_id__in=draft_ids).delete()
    # An upsert: two steps on one referral at once both end with the dates they saw.
    OpenDeadline.objects.bulk_create(
        changed,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["draft", "key"],
        update_fields=["due", "can_be_overdue", "organisation", "receiving_body", "subject"],
    )


def _row(draft_id: uuid.UUID, row: Row) -> OpenDeadline:
    key, due, can_be_overdue, organisation, receiving_body, subject = row
    return OpenDeadline(
        draft_id=draft_id,
        key=key,
        due=due,
        can_be_overdue=can_be_overdue,
        organisation_id=organisation,
        receiving_body_id=receiving_body,
        subject_id=subject,
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
