"""Keeping a person safe: case files, safety plans, missing episodes, tasks, aftercare and
the move to adulthood.

Records that are evidence (status changes, plan versions, returns from missing) are written
once and never changed; corrections are new rows. Working state that is meant to move (a
task being done, an immediate action's time) changes only through services.py, which audits
every change.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation
from noddfa.concerns.action_status import ActionStatus
from noddfa.core.models import Immutable
from noddfa.directory.models import Service
from noddfa.pathway import load_vocabulary
from noddfa.people.models import Person


class Casefile(models.Model):
    """One organisation's casework about one person. It opens on the first piece of casework
    and its status is the latest of its status changes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="casefiles")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("case file")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="one_casefile_per_person_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def latest_status(self) -> CaseStatusChange | None:
        return self.status_changes.order_by("-changed_at", "-id").first()

    @property
    def is_closed(self) -> bool:
        latest = self.latest_status
        return latest is not None and latest.status == CaseStatus.CLOSED


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class CaseOutcome(models.TextChoices):
    SAFE_AND_SUPPORTED = "safe_and_supported", _("Safe, with support in place")
    MOVED_TO_ADULT_SERVICES = "moved_to_adult_services", _("Moved to adult services")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    MOVED_AWAY = "moved_away", _("Moved away; information passed on")
    NO_FURTHER_ACTION = "no_further_action", _("No further action needed")


class CaseStatusChange(Immutable):
    casefile = models.ForeignKey(Casefile, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices)
    outcome = models.CharField(_("outcome"), max_length=32, choices=CaseOutcome.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("case status change")
        constraints = [
            # A closure without an outcome and a reason, or a reopening without a reason,
            # cannot be stored at all.
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & ~Q(reason="")),
                name="closure_has_outcome_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="reopened") | ~Q(reason=""),
                name="reopening_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class SafetyPlan(models.Model):
    """The plan an organisation keeps for a person; its content lives in its versions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casefile = models.OneToOneField(Casefile, on_delete=models.PROTECT, related_name="safety_plan")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("safety plan")

    def __str__(self) -> str:
        return str(self.id)

    @property
    def current(self) -> SafetyPlanVersion | None:
        return self.versions.order_by("-number").first()


class SafetyPlanVersion(Immutable):
    """One version of a safety plan, with who made it and why. Every change is a new one."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    template = models.CharField(_("template"), max_length=32)
    risks = models.TextField(_("risks"))
    contact_allowed = models.TextField(_("who may have contact"), blank=True)
    contact_not_allowed = models.TextField(_("who must not have contact"), blank=True)
    phone_and_internet = models.TextField(_("phone and internet"))
    supervision = models.TextField(_("supervision"))
    safe_places = models.TextField(_("safe places"), blank=True)
    if_missing = models.TextField(_("if they go missing"))
    who_to_call = models.TextField(_("who to call"))
    review_on = models.DateField(_("review date"))
    agreed_by = models.TextField(_("agreed by"))
    change_reason = models.TextField(_("why this version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("safety plan version")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"

    @property
    def agreed_by_names(self) -> list[str]:
        return [line.strip() for line in self.agreed_by.splitlines() if line.strip()]


class MissingRisk(models.TextChoices):
    HIGH = "high", _("High: in danger now, or may be with the people exploiting them")
    MEDIUM = "medium", _("Medium: at risk of harm, no sign of immediate danger")
    LOW = "low", _("Low: no apparent risk of harm")


class MissingEpisode(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casefile = models.ForeignKey(Casefile, on_delete=models.PROTECT, related_name="missing")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="missing_episodes")
    last_seen_at = models.DateTimeField(_("last seen"))
    last_seen_where = models.CharField(_("where last seen"), max_length=300)
    description = models.TextField(_("description and clothing"))
    may_be_with = models.TextField(_("who they may be with"), blank=True)
    phone_numbers = models.CharField(_("phone numbers"), max_length=300, blank=True)
    risk = models.CharField(_("risk"), max_length=16, choices=MissingRisk.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("missing episode")

    def __str__(self) -> str:
        return str(self.id)

    @property
    def has_returned(self) -> bool:
        return hasattr(self, "return_record")


class ImmediateStep(models.TextChoices):
    CALL_999 = "call_999", _("Call the police on 999")
    CALL_101 = "call_101", _("Report to the police on 101")
    INFORM_SOCIAL_SERVICES = "inform_social_services", _("Tell social services now")


class ImmediateAction(models.Model):
    """What must happen the moment someone goes missing, and when it was done."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="actions")
    step = models.CharField(max_length=32, choices=ImmediateStep.choices)
    order = models.PositiveSmallIntegerField()
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(_("reference number"), max_length=100, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("immediate action")
        constraints = [
            models.UniqueConstraint(fields=["episode", "step"], name="one_immediate_step_each")
        ]

    def __str__(self) -> str:
        return self.step


class MissingReturn(Immutable):
    """The person's return and the return interview."""

    episode = models.OneToOneField(
        MissingEpisode, on_delete=models.PROTECT, related_name="return_record"
    )
    returned_at = models.DateTimeField(_("returned"))
    found_where = models.CharField(_("where they were found"), max_length=300, blank=True)
    interview_offered = models.BooleanField(_("return interview offered"))
    interview_held = models.BooleanField(_("return interview held"))
    interviewed_by = models.CharField(_("interviewed by"), max_length=200, blank=True)
    learned = models.TextField(_("what was learned"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("return from missing")

    def __str__(self) -> str:
        return str(self.episode_id)


class TaskOutcome(models.TextChoices):
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class Task(models.Model):
    """Something a team must do by a time. A task can come from anywhere: `source_kind` and
    `source_id` name its source (a pathway action, a plan review, a referral step) so the
    same source never makes two tasks."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("owner"),
    )
    source_kind = models.CharField(max_length=32, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    pathway_action = models.ForeignKey(
        "concerns.PathwayAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=TaskOutcome.choices, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Not stored: the state at the moment a list of tasks was read, set by the selectors that
    # list them (`selectors.task_status`).
    status: ActionStatus | None = None

    class Meta:
        verbose_name = _("task")
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=~Q(source_kind=""),
                name="one_task_per_source",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "outcome", "due_at"]),
            # A team's open tasks, soonest first (the API's list and its count): read from
            # what is open, not from every task the team ever finished (issue 22).
            models.Index(
                fields=["organisation", "due_at"],
                condition=Q(finished_at__isnull=True),
                name="open_task_by_org_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.outcome == ""

    @property
    def display_title(self) -> str:
        """The title in the reader's language: a pathway action by its vocabulary label, a
        task the system made by its message id, anything typed as it was typed."""
        if self.pathway_action_id is not None:
            label = load_vocabulary().action_codes.get(self.title)
            if label is not None:
                return label.cy if get_language() == "cy" and label.cy else label.en
        return gettext(self.title)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due within a day")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """A reminder already sent; the unique pair makes the job idempotent."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task reminder")
        constraints = [
            models.UniqueConstraint(fields=["task", "kind"], name="one_task_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


class Notice(models.Model):
    """The in-app copy of a reminder, for each person it went to."""

    reminder = models.ForeignKey(Reminder, on_delete=models.PROTECT, related_name="notices")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="task_notices"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        constraints = [
            models.UniqueConstraint(fields=["reminder", "recipient"], name="one_notice_each")
        ]

    def __str__(self) -> str:
        return f"{self.reminder_id} {self.recipient_id}"


class AftercareOutcome(models.TextChoices):
    WAITING = "", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted; support started")
    DECLINED_BY_PERSON = "declined_by_person", _("The person declined")
    NOT_ACCEPTED = "not_accepted", _("The service could not help")
    ENDED = "ended", _("Support has ended")


class AftercareReferral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casefile = models.ForeignKey(Casefile, on_delete=models.PROTECT, related_name="aftercare")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service_name = models.CharField(_("service"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"))
    reason = models.TextField(_("what support is needed"))
    outcome = models.CharField(
        _("outcome"), max_length=32, choices=AftercareOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("note"), blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        verbose_name = _("aftercare referral")

    def __str__(self) -> str:
        return self.display_service

    @property
    def display_service(self) -> str:
        return str(self.service.name) if self.service is not None else self.service_name


class NrmStatus(models.TextChoices):
    NOT_REFERRED = "not_referred", _("Not referred")
    AWAITING_REASONABLE_GROUNDS = (
        "awaiting_rg",
        _("Referred; waiting for the reasonable grounds decision"),
    )
    POSITIVE_REASONABLE_GROUNDS = "positive_rg", _("Positive reasonable grounds decision")
    NEGATIVE_REASONABLE_GROUNDS = "negative_rg", _("Negative reasonable grounds decision")
    POSITIVE_CONCLUSIVE_GROUNDS = "positive_cg", _("Positive conclusive grounds decision")
    NEGATIVE_CONCLUSIVE_GROUNDS = "negative_cg", _("Negative conclusive grounds decision")
    NOT_KNOWN = "not_known", _("Not known")


class TransitionPlan(models.Model):
    """Planning for the 18th birthday: who supports the person as an adult, and where their
    NRM case stands, so neither is lost on the birthday."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casefile = models.OneToOneField(
        Casefile, on_delete=models.PROTECT, related_name="transition_plan"
    )
    adult_services = models.TextField(_("adult services taking over"))
    nrm_status = models.CharField(_("NRM status"), max_length=16, choices=NrmStatus.choices)
    nrm_reference = models.CharField(_("NRM reference"), max_length=100, blank=True)
    arrangements = models.TextField(_("housing, education, money and support after 18"))
    person_views = models.TextField(_("what the person wants"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("transition plan")

    def __str__(self) -> str:
        return str(self.id)


# The pattern models live in their own module; importing them here registers them.
from .pattern_models import PatternAlert, PatternKind, SchoolRegistration  # noqa: E402

__all__ = ["PatternAlert", "PatternKind", "SchoolRegistration"]
