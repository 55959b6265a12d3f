from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    NOT_KNOWN = "not_known", _("Not known")


class Person(models.Model):
    """Someone an organisation holds a record about: a possible victim or anyone involved.

    The key is random so that a record's address reveals nothing, not even how many
    records an organisation holds.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    age_disputed = models.BooleanField(_("age disputed"), default=False)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.NOT_KNOWN)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    is_synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")

    def __str__(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part) or str(
            _("Name not known")
        )
