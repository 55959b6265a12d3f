"""Courses, the training records staff hold, and the expiry reminders already sent."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation

from .catalogue import NATIONAL_COURSES
from .expiry import add_months


class Level(models.TextChoices):
    AWARENESS = "awareness", _("Anti-slavery awareness")
    FIRST_RESPONDER = "first_responder", _("First responder")
    ORGANISED_CRIME = "organised_crime", _("Modern slavery and organised crime")
    OTHER = "other", _("Other")


class Course(models.Model):
    """A course staff can complete.

    National courses (no organisation) are the three the Wales guidance describes and come
    from a data migration that keeps their source; an organisation adds its own beside them.
    """

    key = models.SlugField(_("key"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices)
    duration = models.CharField(_("length of course"), max_length=64, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the course does not need refreshing."),
    )
    source = models.TextField(_("source"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_courses",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["level", "title"]
        verbose_name = _("course")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"],
                condition=Q(organisation__isnull=False),
                name="training_course_key_unique_in_organisation",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organisation__isnull=True),
                name="training_national_course_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_title)

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def display_title(self) -> str:
        # National titles are translatable message ids; an organisation's own course is shown
        # as its author typed it.
        national = NATIONAL_COURSES.get(self.key) if self.is_national else None
        return str(national.title) if national is not None else self.title

    @property
    def display_description(self) -> str:
        national = NATIONAL_COURSES.get(self.key) if self.is_national else None
        return str(national.description) if national is not None else self.description

    def expiry_for(self, completed_on: date) -> date | None:
        if self.validity_months is None:
            return None
        return add_months(completed_on, self.validity_months)


class TrainingRecord(models.Model):
    """One completion of a course by one member of staff: evidence, never edited.

    The expiry is fixed when the record is made, because a certificate's expiry does not move
    when the course's validity later changes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_records",
        verbose_name=_("member of staff"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="records", verbose_name=_("course")
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("training record")
        indexes = [models.Index(fields=["user", "course", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.course} ({self.completed_on.isoformat()})"


class ReminderKind(models.TextChoices):
    DAYS_60 = "60_days", _("60 days before expiry")
    DAYS_30 = "30_days", _("30 days before expiry")
    EXPIRED = "expired", _("Expired")


class ExpiryReminder(models.Model):
    """A reminder already sent; the unique pair makes sending idempotent."""

    record = models.ForeignKey(TrainingRecord, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expiry reminder")
        constraints = [
            models.UniqueConstraint(fields=["record", "kind"], name="one_reminder_of_each_kind")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.kind}"
