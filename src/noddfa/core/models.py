"""The kernel's models: the `Immutable` base for rows written once, and the outbox.

The outbox holds mail written in the same transaction as the event it tells of.

A request or a scheduled job never talks to a mail server. It adds rows here, inside its own
transaction, so the mail exists if and only if the event does; `noddfa send_mail` delivers
them later, with a timeout, retries and backoff, and never inside a transaction.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMail(models.Model):
    """One email waiting to go, or gone. It carries no more than the email itself: mail
    from Noddfa says only that there is something to read and where to sign in."""

    recipient = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Set while one sender holds the row; a sender that died leaves it in the past.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    # A reminder must never go twice: if a sender died mid-send, it is not tried again.
    at_most_once = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("outgoing email")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True, gave_up_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"outbox {self.pk}"


class Immutable(models.Model):
    """A row that is written once: the ORM refuses to change or delete it."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(f"{self._meta.verbose_name} cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(f"{self._meta.verbose_name} cannot be deleted.")
