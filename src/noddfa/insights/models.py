"""What the insights cache keeps in the database: the version of the records each figure is
counted from, and (by default) the shared cache itself.

Neither holds a person's details: a version is a random token with the time it changed, and
the cache holds figures as the page publishes them, after disclosure control (ADR 27).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class SourceVersion(models.Model):
    """The version of one kind of record (a topic: concerns, referrals, missing episodes) in
    one local authority area and calendar year; year 0 stands for every year, and topic and
    area "*" for every topic and area.

    The token is replaced, after the commit, whenever such a record is written. A figure is
    cached under the tokens of the records it counts, so a change in one area's concerns of
    one year leaves every figure counted from other areas, years and topics where it was.
    """

    topic = models.CharField(max_length=16)
    area = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "area", "year"], name="source_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.area} {self.year}"


class CacheEntry(models.Model):
    """A row of Django's database cache (`noddfa_cache`), made by `migrate` like every other
    table rather than by a separate `createcachetable` step that a deployment could miss.
    The columns are the ones `createcachetable` makes; only the cache framework writes here."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "noddfa_cache"

    def __str__(self) -> str:
        return self.cache_key
