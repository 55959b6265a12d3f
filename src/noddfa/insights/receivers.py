"""Marking the versions of the records a write changes (see versions.py).

Insights sits above the apps whose records it counts, so it listens to their saves rather
than asking them to call it. Each receiver names only the areas and years the record can be
counted in, so that a concern recorded in one area this year leaves the other areas' and
years' figures cached. A receiver reads ids and areas only, never a person's details.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from noddfa.accounts.models import Organisation
from noddfa.casework.models import Casefile, MissingEpisode
from noddfa.concerns.models import Concern
from noddfa.people.models import Person
from noddfa.referrals.models import NrmDecision, ReferralDraft, Status, StatusChange

from . import versions
from .versions import CONCERNS, EVERY_YEAR, MISSING, REFERRALS

# The person's fields a figure reads (age band, sex, nationality, and the area of the
# organisation holding the record, where potential victims are counted).
PERSON_FIELDS = {
    "organisation",
    "organisation_id",
    "date_of_birth",
    "approximate_age",
    "age_disputed",
    "sex",
    "nationality",
    "created_at",
}
DRAFT_FIELDS = {"kind", "organisation", "organisation_id"}


def _touches(fields: frozenset[str] | None, read: set[str]) -> bool:
    return fields is None or bool(set(fields) & read)


def _area_of(organisation_id: int) -> list[str]:
    return list(
        Organisation.objects.filter(pk=organisation_id).values_list(
            "local_authority_area", flat=True
        )
    )


@receiver(post_save, sender=Concern)
def concern_recorded(sender: type, instance: Concern, raw: bool, **kwargs: Any) -> None:
    if raw:
        versions.changed_everything()
        return
    # Counted in the recording organisation's area (concerns) and, for potential victims,
    # in the area of the organisation holding the person's record.
    holder = Person.objects.filter(pk=instance.subject_id).values_list("organisation_id")
    areas = Organisation.objects.filter(
        Q(pk=instance.organisation_id) | Q(pk__in=holder)
    ).values_list("local_authority_area", flat=True)
    versions.changed(CONCERNS, set(areas), versions.years_of(instance.recorded_at))


@receiver(post_save, sender=Person)
def person_saved(
    sender: type,
    instance: Person,
    created: bool,
    raw: bool,
    update_fields: frozenset[str] | None,
    **kwargs: Any,
) -> None:
    if raw:
        versions.changed_everything()
        return
    if created or not _touches(update_fields, PERSON_FIELDS):
        return  # a new record is in no figure until a concern or an episode is recorded
    concern_areas = set(
        Concern.objects.filter(subject_id=instance.pk)
        .values_list("organisation__local_authority_area", flat=True)
        .distinct()
    )
    if concern_areas:
        versions.changed(
            CONCERNS, concern_areas | set(_area_of(instance.organisation_id)), [EVERY_YEAR]
        )
    episode_areas = (
        MissingEpisode.objects.filter(person_id=instance.pk)
        .values_list("casefile__organisation__local_authority_area", flat=True)
        .distinct()
    )
    versions.changed(MISSING, set(episode_areas), [EVERY_YEAR])


@receiver(post_save, sender=MissingEpisode)
def missing_episode_saved(
    sender: type, instance: MissingEpisode, created: bool, raw: bool, **kwargs: Any
) -> None:
    if raw:
        versions.changed_everything()
        return
    areas = Casefile.objects.filter(pk=instance.casefile_id).values_list(
        "organisation__local_authority_area", flat=True
    )
    # An edited episode may have moved to another year.
    years = versions.years_of(instance.reported_at) if created else {EVERY_YEAR}
    versions.changed(MISSING, set(areas), years)


@receiver(post_save, sender=ReferralDraft)
def referral_saved(
    sender: type,
    instance: ReferralDraft,
    created: bool,
    raw: bool,
    update_fields: frozenset[str] | None,
    **kwargs: Any,
) -> None:
    if raw:
        versions.changed_everything()
        return
    # Only a submitted referral is in a figure, and only its kind and organisation are read.
    if created or not _touches(update_fields, DRAFT_FIELDS):
        return
    if instance.status_changes.filter(status=Status.SUBMITTED).exists():
        versions.changed(REFERRALS, _area_of(instance.organisation_id), [EVERY_YEAR])


def _draft_area(draft_id: UUID) -> list[str]:
    return list(
        ReferralDraft.objects.filter(pk=draft_id).values_list(
            "organisation__local_authority_area", flat=True
        )
    )


@receiver(post_save, sender=StatusChange)
def referral_submitted(sender: type, instance: StatusChange, raw: bool, **kwargs: Any) -> None:
    if raw:
        versions.changed_everything()
        return
    if instance.status != Status.SUBMITTED:
        return
    # A first submission dates the referral and starts the clock of every decision on it,
    # whichever year the decision is in.
    versions.changed(REFERRALS, _draft_area(instance.draft_id), [EVERY_YEAR])


@receiver(post_save, sender=NrmDecision)
def decision_recorded(sender: type, instance: NrmDecision, raw: bool, **kwargs: Any) -> None:
    if raw:
        versions.changed_everything()
        return
    versions.changed(
        REFERRALS, _draft_area(instance.draft_id), versions.years_of(instance.decided_on)
    )


@receiver(post_save, sender=Organisation)
def organisation_saved(
    sender: type, instance: Organisation, created: bool, raw: bool, **kwargs: Any
) -> None:
    # A changed type or area moves every record the organisation holds; rare enough to count
    # everything again. A new organisation holds nothing yet.
    if raw or not created:
        versions.changed_everything()


@receiver(post_delete, sender=Person)
@receiver(post_delete, sender=MissingEpisode)
@receiver(post_delete, sender=ReferralDraft)
@receiver(post_delete, sender=Organisation)
def record_deleted(sender: type, **kwargs: Any) -> None:
    versions.changed_everything()
