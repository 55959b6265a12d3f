"""Concerns as evidence: recorded once, never edited in place, added to only by addenda.

Workflow state around a concern (lead reviews, action outcomes, closure) is kept as rows
that are appended, so the chronology can show every step in the order it happened.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation
from noddfa.core.models import Immutable
from noddfa.people.models import Person


class Danger(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


class Concern(Immutable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="concerns")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    observed_at = models.DateTimeField(_("when it was seen or heard"))
    observed_where = models.CharField(_("where it was seen or heard"), max_length=300)
    immediate_danger = models.CharField(
        _("anyone in immediate danger"), max_length=16, choices=Danger.choices
    )
    account = models.TextField(_("what was seen and heard"))
    quotes = models.JSONField(_("what the person said, in their words"), default=list)
    indicators = models.JSONField(_("indicators"), default=list)
    body_map = models.JSONField(_("injuries by body region"), default=list)
    # The pathway case exactly as the engine read it, and what the engine answered, so the
    # advice given can be shown later as it was, whatever the rule set says by then.
    pathway_case = models.JSONField()
    pathway_result = models.JSONField()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("concern")
        # The review queue and a lead's home: an organisation's concerns, oldest first.
        indexes = [
            models.Index(fields=["organisation", "recorded_at"], name="concern_by_org_recorded")
        ]

    def __str__(self) -> str:
        return f"{_('Concern')} {self.recorded_at:%Y-%m-%d %H:%M}"


class Involvement(Immutable):
    """Someone else in the concern: who brings them, a so-called relative, a suspected exploiter."""

    class Role(models.TextChoices):
        BRINGS_OR_COLLECTS = "brings_or_collects", _("Brings or collects them")
        SO_CALLED_RELATIVE = "so_called_relative", _("Says they are a relative")
        SUSPECTED_EXPLOITER = "suspected_exploiter", _("Suspected exploiter")
        OTHER_POSSIBLE_VICTIM = "other_possible_victim", _("Another possible victim")
        OTHER = "other", _("Other")

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="involvements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(_("role in this concern"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("person involved")

    def __str__(self) -> str:
        return self.get_role_display()


class Addendum(Immutable):
    """Something added to a concern after it was recorded: words (`text`), or a correction or
    completion of the facts the pathway uses (`changes`), always with a reason.

    A correction never touches the concern: it names each fact it changed with the value before
    and after (`[{"fact": "elements.purpose", "before": None, "after": ["sexual"]}]`, None for
    not known) and the pathway run it started (`run`). The facts as they stand are the recorded
    ones with the corrections applied in order, which is the case of the concern's latest run.
    """

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="addenda")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("why this is added"), max_length=300)
    text = models.TextField(_("addendum"), blank=True)
    changes = models.JSONField(_("facts corrected or completed"), default=list, blank=True)
    run = models.OneToOneField(
        "PathwayRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addendum",
        verbose_name=_("pathway run"),
    )
    # The form instance that submitted a correction: a second click finds the first one.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["added_at"]
        verbose_name = _("addendum")

    def __str__(self) -> str:
        return self.reason


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class LeadReview(Immutable):
    """A safeguarding lead's risk level, decision and reasoning at one moment."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)
    risk_reason = models.TextField(_("why this risk level"))
    decision = models.TextField(_("decision and reasoning"))

    class Meta:
        ordering = ["reviewed_at"]
        verbose_name = _("lead review")
        # A concern's latest review, read for each row of the review queue.
        indexes = [
            models.Index(fields=["concern", "-reviewed_at"], name="review_latest_by_concern")
        ]

    def __str__(self) -> str:
        return self.get_risk_level_display()


class PathwayRun(Immutable):
    """One evaluation of a concern's pathway: the case as the engine read it and its answer.

    Run 1 is the recording itself. A later fact (an adult's decision about an NRM referral, a
    lead's correction of what the pathway was told) appends a run; a concern's current pathway
    is its latest run, and every earlier one stays as it was advised.
    """

    class Trigger(models.TextChoices):
        RECORDED = "recorded", _("Concern recorded")
        CONSENT = "consent", _("Decision about an NRM referral recorded")
        CORRECTION = "correction", _("Facts corrected")

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="runs")
    number = models.PositiveIntegerField()
    ran_at = models.DateTimeField(_("when"))
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    trigger = models.CharField(_("why the pathway was run"), max_length=16, choices=Trigger.choices)
    # The English message id of a reason Noddfa gives, or the words a person typed.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The case fields changed from the run before, dotted ("adult.consents_to_nrm"): the new
    # values are in `case`.
    changed = models.JSONField(default=list)
    case = models.JSONField()
    result = models.JSONField()
    # What the run did to the actions, by code: added, retracted, superseded, kept.
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["concern", "number"]
        get_latest_by = "number"
        verbose_name = _("pathway run")
        constraints = [
            models.UniqueConstraint(fields=["concern", "number"], name="one_run_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} ({self.number})"


class CurrentActions(models.Manager["PathwayAction"]):
    """The actions a concern's pathway lists now: every reader that asks for a concern's actions
    gets these. Retracted and superseded ones are read through `PathwayAction.history`."""

    def get_queryset(self) -> models.QuerySet[PathwayAction]:
        return super().get_queryset().filter(retracted_at__isnull=True)


class EveryAction(models.Manager["PathwayAction"]):
    """Every action ever listed, current, retracted and superseded: the history."""


class PathwayAction(models.Model):
    """One action the pathway listed for a concern. Outcomes are appended, never overwritten.

    An action a later run no longer lists, or lists differently, is retracted, never deleted:
    it keeps its outcomes, and says when, by whom and why it stopped being the advice.
    """

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="actions")
    code = models.CharField(max_length=32)
    priority = models.PositiveSmallIntegerField()
    # Where the engine placed it in its list (already in order of priority, then urgency).
    position = models.PositiveSmallIntegerField(default=0)
    who = models.CharField(max_length=40)
    due = models.CharField(max_length=80)
    due_at = models.DateTimeField(null=True, blank=True)
    for_referrer = models.BooleanField(default=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_actions",
        verbose_name=_("assigned to"),
    )
    # The run that first listed it; empty only for an action added by a consent decision
    # before runs were kept.
    listed_by = models.ForeignKey(
        PathwayRun, on_delete=models.PROTECT, null=True, blank=True, related_name="listed"
    )
    retracted_at = models.DateTimeField(_("retracted"), null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The English message id of the run's reason, or the words a person typed.
    retracted_reason = models.CharField(_("why it was retracted"), max_length=300, blank=True)
    retracted_by_run = models.ForeignKey(
        PathwayRun, on_delete=models.PROTECT, null=True, blank=True, related_name="retracted"
    )
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    objects = CurrentActions()
    history = EveryAction()

    class Meta:
        ordering = ["priority", "position", "id"]
        verbose_name = _("pathway action")
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "code"],
                condition=models.Q(retracted_at__isnull=True),
                name="one_current_action_per_code",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        retracted_at__isnull=True,
                        retracted_by__isnull=True,
                        retracted_by_run__isnull=True,
                        superseded_by__isnull=True,
                    )
                    | (
                        models.Q(
                            retracted_at__isnull=False,
                            retracted_by__isnull=False,
                            retracted_by_run__isnull=False,
                        )
                        & ~models.Q(retracted_reason="")
                    )
                ),
                name="retraction_says_when_who_and_which_run",
            ),
        ]
        indexes = [
            # "Has an overdue action for the referrer", which the lead's home and review
            # queue sort by, asked of the open referrer actions alone: without it, a scan of
            # every action ever listed (135,000 at 20,000 concerns; issue 22).
            models.Index(
                fields=["due_at", "concern"],
                condition=models.Q(retracted_at__isnull=True, for_referrer=True),
                name="open_referrer_action_by_due",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_current(self) -> bool:
        return self.retracted_at is None


class Evidence(models.TextChoices):
    """How an outcome came to be recorded: by a person saying so, or from the act that is its
    evidence, recorded by Noddfa as that act was (issue 18, item 3)."""

    SAID_SO = "", _("Recorded by hand")
    CONCERN_RECORDED = "concern_recorded", _("The concern was recorded in Noddfa")
    RECORDED_BY_LEAD = "recorded_by_lead", _("Recorded by a safeguarding lead")
    LEAD_REVIEWED = "lead_reviewed", _("The safeguarding lead reviewed the concern")
    REFERRAL_SUBMITTED = "referral_submitted", _("The referral was recorded as submitted")


class ActionOutcome(Immutable):
    class Status(models.TextChoices):
        DONE = "done", _("Done")
        NOT_DONE = "not_done", _("Not done")

    action = models.ForeignKey(PathwayAction, on_delete=models.PROTECT, related_name="outcomes")
    status = models.CharField(_("outcome"), max_length=16, choices=Status.choices)
    happened_at = models.DateTimeField(_("when"))
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    reason = models.TextField(_("why it was not done"), blank=True)
    # Empty when a person recorded it; otherwise the act it was recorded from.
    evidence = models.CharField(
        _("how it is known"), max_length=32, choices=Evidence.choices, blank=True, default=""
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("action outcome")

    def __str__(self) -> str:
        return self.get_status_display()


class Closure(Immutable):
    class Outcome(models.TextChoices):
        REFERRED = "referred", _("Referred on; others are acting")
        NO_FURTHER_ACTION = "no_further_action", _("No further action needed")
        SUPPORT_IN_PLACE = "support_in_place", _("Support is in place")
        MOVED_AWAY = "moved_away", _("Person has moved away; information passed on")

    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="closure")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("closure")

    def __str__(self) -> str:
        return self.get_outcome_display()


class ConcernDraft(models.Model):
    """A concern being written. Saved as the person types, so a timeout loses nothing.

    A draft belongs to one form instance: the page carries a token from its first render, and
    the first autosave or submission with that token claims the draft (a second tab on the same
    draft gets a draft of its own). Submitting consumes the draft once: it keeps the concern it
    became and drops what was typed, so a second click finds the first result.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    # The form instance writing this draft; empty until its first autosave or submission.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The concern this draft became: set once, in the transaction that records it.
    concern = models.OneToOneField(
        Concern, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("draft concern")

    def __str__(self) -> str:
        return f"{_('Draft')} {self.updated_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """Tells a safeguarding lead at once that a concern was recorded."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="alerts")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alert")
        # A lead's waiting alerts, newest first: only the unread ones are ever listed.
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="alert_unread_by_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Alert')} {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(Immutable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    description = models.CharField(_("what it is"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # A random name under the attachment store, never under STATIC or MEDIA URLs.
    stored_as = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.description
