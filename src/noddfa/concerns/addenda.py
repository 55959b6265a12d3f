"""The lead re-assesses: correcting or completing the facts the pathway uses (issue 18, item 4).

A recorded concern is evidence and never changes. A safeguarding lead of the recording
organisation, or the local authority safeguarding team on a case shared with it, corrects or
completes what the pathway was told by adding an addendum: who, when, which facts changed from
what to what, and why. The pathway is then worked out again on the facts as they now stand (the
recorded ones with every change applied in order: the case of the concern's latest run), and
the concern's actions follow it without ever listing one twice: an action still advised keeps
its identity, outcomes and task; one no longer advised is retracted, never deleted; a new one
is added (`services.rerun_pathway`). ADR 20.

Unknown is never no: a fact set back to "not known" is left out of the case, so the pathway
keeps the possibility open and names what would settle it (its open questions).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.core.errors import Conflict, RuleBroken, StaleSave
from noddfa.pathway import load_catalogue

from .forms import ACTION_QUESTIONS, MEANS_QUESTIONS, action_label, purpose_choices, reading_welsh
from .models import Addendum, Closure, Concern, PathwayRun
from .permissions import can_reassess
from .services import apply_changes, current_run, rerun_pathway

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES_NO = "yes_no"
CHOICES = "choices"
AGE = "age"


@dataclass(frozen=True)
class Fact:
    """One fact the pathway reads, by its place in the case ("elements.purpose")."""

    path: str
    kind: str
    label: StrOrPromise


# The facts a lead may correct or complete, in the order the page asks them. Left out on
# purpose: the jurisdiction and the referrer's duties (they follow from the recording
# organisation and the law), and an adult's decision about an NRM referral (recorded as
# their decision, with who explained it, on its own page).
FACTS: tuple[Fact, ...] = (
    Fact("person.age", AGE, gettext_lazy("Age")),
    Fact("person.age_disputed", YES_NO, gettext_lazy("Age disputed")),
    Fact("situation.immediate_danger", YES_NO, gettext_lazy("Anyone in immediate danger")),
    Fact("situation.missing_now", YES_NO, gettext_lazy("Missing now")),
    Fact(
        "situation.at_risk_of_going_missing",
        YES_NO,
        gettext_lazy("Might go missing before they are safe"),
    ),
    Fact("elements.action", CHOICES, gettext_lazy("What was done to them")),
    Fact("elements.means", CHOICES, gettext_lazy("Force, threat, deception or debt")),
    Fact("elements.purpose", CHOICES, gettext_lazy("What they were made to do")),
    Fact("indicators", CHOICES, gettext_lazy("Signs noticed")),
    Fact(
        "smuggling.facilitated_border_crossing",
        YES_NO,
        gettext_lazy("Helped across a border for payment"),
    ),
    Fact(
        "smuggling.relationship_ended_on_arrival",
        YES_NO,
        gettext_lazy("That arrangement ended when they arrived"),
    ),
    Fact("adult.care_and_support_needs", YES_NO, gettext_lazy("Needs for care and support")),
    Fact("adult.unable_to_protect_self", YES_NO, gettext_lazy("Unable to protect themselves")),
    Fact("adult.access_refused", YES_NO, gettext_lazy("Access to them refused")),
)
BY_PATH = {fact.path: fact for fact in FACTS}
# Facts other pages set, named when the page shows what changed since it was opened.
_OTHER_LABELS = {"adult.consents_to_nrm": gettext_lazy("Agrees to an NRM referral")}
# "At least a sentence": a reason of a few words says what was learned and how.
_FEWEST_WORDS = 4


class AlreadyCorrected(Exception):
    """This form instance was saved already: its addendum stands, nothing more is added."""

    def __init__(self, addendum: Addendum) -> None:
        super().__init__("This correction was saved already.")
        self.addendum = addendum


class StaleFacts(StaleSave):
    """The facts changed after the page was opened: saving would undo what someone else did.
    `since` holds the runs made after the page's version, for the page to show."""

    def __init__(self, current: PathwayRun, since: list[PathwayRun]) -> None:
        super().__init__(
            _(
                "Someone changed the facts or the pathway after you opened this page. "
                "Check what changed, then save again if your correction still stands."
            ),
            str(current.number),
        )
        self.since = since


# Reading the facts ---------------------------------------------------------------------------


def value_in(case: Mapping[str, Any], path: str) -> Any:
    """The fact's value in a case: None when it is not known (absent or an empty list)."""
    section, _dot, name = path.partition(".")
    value = case.get(section)
    if name:
        value = value.get(name) if isinstance(value, Mapping) else None
    if value is None or value == []:
        return None
    return value


def facts_now(concern: Concern) -> dict[str, Any]:
    """The facts as they stand: the recorded case with every change applied in order, which is
    the case the concern's latest pathway run read."""
    return dict(current_run(concern).case)


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, list) and isinstance(after, list):
        return sorted(before) == sorted(after)
    return bool(before == after)


def changes_between(case: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The facts in `wanted` whose value differs from `case`, each with before and after (None
    for not known), in the page's order. Unknown facts are never filled in as "no"."""
    changed = []
    for fact in FACTS:
        if fact.path not in wanted:
            continue
        before = value_in(case, fact.path)
        after = wanted[fact.path]
        if after == []:
            after = None
        if not _same(before, after):
            changed.append({"fact": fact.path, "before": before, "after": after})
    return changed


# Writing: the re-assessment ------------------------------------------------------------------


def _check_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason.split()) < _FEWEST_WORDS:
        message = _("Give your reason in at least a sentence: what you learned, and how.")
        raise RuleBroken(message, {"reason": message})
    return reason


@transaction.atomic
def reassess(
    by: User,
    concern: Concern,
    *,
    facts: Mapping[str, Any],
    reason: str,
    opened_version: int,
    form_token: uuid.UUID | None = None,
) -> Addendum:
    """Correct or complete the facts the pathway uses, as an addendum with a reason, and work
    the pathway out again on the facts as they now stand.

    `facts` maps a fact's path to its new value (None or [] for not known); facts left out, and
    facts given their current value, are not changed. `opened_version` is the number of the
    pathway run the page showed: if another run was made since (another lead's correction, an
    adult's decision), the save is refused with StaleFacts and nothing is written. The same
    `form_token` saved twice (a double click) raises AlreadyCorrected with the first addendum.
    """
    if not can_reassess(by, concern):
        raise PermissionDenied
    # Two saves on one concern take turns: the second sees the first one's run.
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if form_token is not None:
        earlier = Addendum.objects.filter(form_token=form_token).first()
        if earlier is not None:
            if earlier.concern_id != concern.pk or earlier.added_by_id != by.pk:
                raise PermissionDenied
            raise AlreadyCorrected(earlier)
    if Closure.objects.filter(concern=concern).exists():
        raise Conflict(_("This concern is closed: its facts stay as they stood when it closed."))
    latest = current_run(concern)
    if latest.number != opened_version:
        since = list(concern.runs.filter(number__gt=opened_version).order_by("number"))
        raise StaleFacts(latest, since)
    unknown = set(facts) - set(BY_PATH)
    if unknown:
        raise ValueError(f"not facts a lead corrects: {sorted(unknown)}")
    reason = _check_reason(reason)
    changes = changes_between(latest.case, facts)
    if not changes:
        message = _("Nothing was changed. Change at least one fact, or go back to the concern.")
        raise RuleBroken(message)
    run = rerun_pathway(
        by,
        concern,
        changes={change["fact"]: change["after"] for change in changes},
        reason=reason,
        trigger=PathwayRun.Trigger.CORRECTION,
    )
    if run is None:  # the changes above always change the case
        raise RuntimeError("a correction that changes a fact always makes a run")
    try:
        with transaction.atomic():
            addendum = Addendum.objects.create(
                concern=concern,
                added_by=by,
                reason=reason,
                changes=changes,
                run=run,
                form_token=form_token,
            )
    except IntegrityError as error:
        # The same form saved at the same moment by a second request: the first one stands,
        # and this transaction, with its run, is undone by the caller's rollback.
        first = Addendum.objects.filter(form_token=form_token).first()
        if first is None:
            raise
        raise AlreadyCorrected(first) from error
    record(
        AuditAction.CREATE,
        actor=by,
        target=addendum,
        detail={
            "event": "facts_corrected",
            "concern": str(concern.pk),
            "facts": [change["fact"] for change in changes],
            "pathway_run": run.number,
            **run.summary,
        },
    )
    return addendum


def rebased(concern: Concern, opened_version: int, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """After a stale save: the facts as they now stand, with the changes this person made to
    the version they opened laid over them, for the page to offer again."""
    opened = concern.runs.filter(number=opened_version).first()
    latest = current_run(concern)
    if opened is None:
        return dict(latest.case)
    mine = changes_between(opened.case, wanted)
    return apply_changes(latest.case, {change["fact"]: change["after"] for change in mine})


# Showing what changed ------------------------------------------------------------------------


def _choice_labels(path: str) -> dict[str, str]:
    if path == "elements.action":
        return {code: str(label) for code, label in ACTION_QUESTIONS}
    if path == "elements.means":
        return {code: str(label) for code, label in MEANS_QUESTIONS}
    if path == "elements.purpose":
        return dict(purpose_choices())
    if path == "indicators":
        welsh = reading_welsh()
        return {i.id: (i.text_cy if welsh else i.text_en) for i in load_catalogue().indicators}
    return {}


def shown(path: str, value: Any) -> str:
    """A fact's value in the reader's language."""
    if value is None or value == []:
        return _("Not known")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        labels = _choice_labels(path)
        return "; ".join(labels.get(str(code), str(code)) for code in value)
    return str(value)


@dataclass(frozen=True)
class ShownChange:
    label: str
    before: str
    after: str


def _label_of(path: str) -> str:
    fact = BY_PATH.get(path)
    return str(fact.label if fact else _OTHER_LABELS.get(path, path))


def shown_changes(changes: Sequence[Mapping[str, Any]]) -> list[ShownChange]:
    return [
        ShownChange(
            label=_label_of(c["fact"]),
            before=shown(c["fact"], c["before"]),
            after=shown(c["fact"], c["after"]),
        )
        for c in changes
    ]


@dataclass(frozen=True)
class FactRow:
    """One fact beside the concern's recording: as recorded, and as it stands now."""

    label: str
    recorded: str
    now: str
    changed: bool


def fact_rows(concern: Concern, now: Mapping[str, Any]) -> list[FactRow]:
    rows = []
    for fact in FACTS:
        before = value_in(concern.pathway_case, fact.path)
        after = value_in(now, fact.path)
        rows.append(
            FactRow(
                label=str(fact.label),
                recorded=shown(fact.path, before),
                now=shown(fact.path, after),
                changed=not _same(before, after),
            )
        )
    return rows


@dataclass(frozen=True)
class RunChanges:
    """What one run of the pathway did to the actions, by their names in the reader's language."""

    added: list[str]
    retracted: list[str]
    restated: list[str]
    unchanged: list[str]


def run_changes(run: PathwayRun) -> RunChanges:
    summary = run.summary or {}
    added = list(summary.get("added", []))
    retracted = list(summary.get("retracted", []))
    restated = list(summary.get("superseded", []))
    moved = set(added) | set(restated)
    listed = [entry["code"] for entry in run.result.get("actions", [])]
    return RunChanges(
        added=[action_label(code) for code in added],
        retracted=[action_label(code) for code in retracted],
        restated=[action_label(code) for code in restated],
        unchanged=[action_label(code) for code in listed if code not in moved],
    )


@dataclass(frozen=True)
class SinceOpened:
    """A run made after a page was opened: who, when, why, and the facts it changed."""

    run: PathwayRun
    why: str
    changes: list[ShownChange]


def since_opened(runs: Sequence[PathwayRun]) -> list[SinceOpened]:
    entries = []
    for run in runs:
        before = run.concern.runs.filter(number=run.number - 1).first()
        changes = [
            {
                "fact": path,
                "before": value_in(before.case, path) if before else None,
                "after": value_in(run.case, path),
            }
            for path in run.changed
        ]
        entries.append(SinceOpened(run=run, why=_(run.reason), changes=shown_changes(changes)))
    return entries
