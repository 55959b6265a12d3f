"""What the API itself has to remember: the idempotency keys of concerns already recorded,
and the API tokens, kept only as hashes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from noddfa.concerns.models import Concern


class IdempotencyKey(models.Model):
    """A client's key for one POST that recorded a concern.

    Another system that loses the answer to a POST (a timeout, a dropped connection) must be
    able to send it again without recording the same concern twice: a duplicate concern would
    look like a second, independent report about a possible victim.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # A hash of the request body, so a key reused for a different concern is refused
    # rather than silently answered with the wrong record.
    request_hash = models.CharField(max_length=64)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_concern_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"Idempotency key {self.pk}"


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    """A user's API token, of which only a hash is kept.

    The token is `noddfa_<prefix>_<secret>`: the prefix finds the row, and the SHA-256 of the
    whole token must match. The secret is 32 random bytes, so a plain hash is enough: nobody
    can guess their way back from it, and a database reader (or a backup) gains nothing to act
    with. The token is shown once, when it is made.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    # Read only unless an operator widens it: a reporting system that only reads gets a
    # token that cannot record anything, even though its user could.
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"API token {self.prefix}"
