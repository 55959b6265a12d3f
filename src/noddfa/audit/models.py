from __future__ import annotations

from dataclasses import fields
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .chain import EventContent


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Signed out")
    MFA_ENROLLED = "mfa_enrolled", _("Set up two-factor authentication")
    MFA_VERIFIED = "mfa_verified", _("Passed two-factor check")
    MFA_FAILED = "mfa_failed", _("Failed two-factor check")
    MFA_RECOVERY_CODE = "mfa_recovery_code", _("Passed two-factor check with a recovery code")
    MFA_RESET = "mfa_reset", _("Reset two-factor authentication")
    INVITED = "invited", _("Invited to Noddfa")
    ACCOUNT_LINK_USED = "account_link_used", _("Set a password and two-factor authentication")
    DEACTIVATED = "deactivated", _("Deactivated an account")
    PASSWORD_CHANGED = "password_changed", _("Changed password")
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    EXPORT = "export", _("Exported")
    SHARE = "share", _("Shared with another organisation")
    REFUSED = "refused", _("Refused a record asked for by id")


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a recorded audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("what"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=64, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)
    # How `hash` was made: "hmac-sha256" (keyed, since issue 17) or empty for the plain SHA-256
    # links written before. Nullable with no default on purpose: adding it is then a plain
    # ALTER TABLE ADD COLUMN that leaves the old rows and SQLite's append-only triggers alone
    # (a default would make Django rebuild the table, dropping the triggers).
    algorithm = models.CharField(max_length=16, null=True, editable=False)  # noqa: DJ001

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        indexes = [
            models.Index(fields=["organisation", "occurred_at"]),
            # Who read one record (a person, a concern): the holder's view of outside reads.
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def content(self) -> EventContent:
        return EventContent(**{f.name: getattr(self, f.name) for f in fields(EventContent)})
