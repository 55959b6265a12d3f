"""School registrations and the pattern alerts raised for the local authority team."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation
from noddfa.people.models import Person


class SchoolRegistration(models.Model):
    """A child's time on a school's roll. Repeated short stays are a known warning sign."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="school_registrations"
    )
    school = models.CharField(_("school"), max_length=200)
    registered_on = models.DateField(_("registered on"))
    deregistered_on = models.DateField(_("taken off the roll on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["registered_on"]
        verbose_name = _("school registration")

    def __str__(self) -> str:
        return str(self.id)


class PatternKind(models.TextChoices):
    SCHOOL_CHURN = "school_churn", _("School registration churn")
    REPEATED_MISSING = "repeated_missing", _("Repeated missing episodes")
    CHILDREN_AT_ADDRESS = "children_at_address", _("Unrelated children at one address")
    SHARED_PHONE = "shared_phone", _("One phone number behind several people")
    ADULT_AROUND_CHILDREN = "adult_around_children", _("One adult linked to several people")


class PatternAlert(models.Model):
    """A pattern found in one local authority team's records, until someone dismisses it.

    `fingerprint` names the pattern and what it is about (kind plus ids or a hashed
    identifier), so running the detector again finds the same alert instead of adding one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("pattern"), max_length=32, choices=PatternKind.choices)
    fingerprint = models.CharField(max_length=200)
    people = models.ManyToManyField(Person, related_name="pattern_alerts")
    count = models.PositiveIntegerField()
    raised_at = models.DateTimeField(auto_now_add=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.TextField(_("why it needs no action"), blank=True)
    # Someone on the team said they are looking at it, so two people do not start the same
    # enquiry and nobody takes an open alert for an unread one.
    looked_at_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("being looked at by"),
    )
    looked_at_since = models.DateTimeField(_("being looked at since"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("pattern alert")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"], name="one_alert_per_pattern"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
