from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    approximate_age = models.PositiveSmallIntegerField(_("approximate age"), null=True, blank=True)
    age_disputed = models.BooleanField(_("age disputed"), default=False)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.NOT_KNOWN)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    school_or_workplace = models.CharField(_("school or workplace"), max_length=200, blank=True)
    phone_numbers = models.JSONField(_("phone numbers"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    vehicle_registrations = models.JSONField(_("vehicle registrations"), default=list, blank=True)
    is_synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        # The people list reads an organisation's own records a page at a time in name order
        # (then adds those shared with it): this index gives them in that order (issue 22).
        indexes = [
            models.Index(
                fields=["organisation", "family_name", "given_name", "id"],
                name="person_by_holder_and_name",
            )
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part) or str(
            _("Name not known")
        )

    @property
    def age_given_on(self) -> date:
        """The day the approximate age was given: the day the record was made."""
        return timezone.localdate(self.created_at) if self.created_at else timezone.localdate()

    @property
    def approximate_birth_year(self) -> int | None:
        """The year of birth an approximate age points to, when there is no date of birth.

        An age alone goes stale: "about 15" a year later is about 16, and the 18th birthday
        (transition, the NRM's 100 days) could not be worked out. The age is kept with the day
        it was given, so the year is always known, and always shown as approximate.
        """
        if self.date_of_birth is not None or self.approximate_age is None:
            return None
        return self.age_given_on.year - self.approximate_age

    @property
    def approximate_eighteenth_year(self) -> int | None:
        year = self.approximate_birth_year
        return None if year is None else year + 18

    @property
    def roles_in_concerns(self) -> list[str]:
        """The parts this person plays in concerns about someone else ("Suspected exploiter"),
        from the involvements the concerns app records against a person, each named once.
        Read through the relation so this app imports nothing above it (ADR 16); prefetch
        "involvements" for a list."""
        labels: dict[str, str] = {}
        for involvement in self.involvements.all():
            labels.setdefault(involvement.role, str(involvement.get_role_display()))
        return [labels[role] for role in sorted(labels)]

    def age_on(self, day: date) -> int | None:
        """Age in whole years on a day, from the date of birth or else the approximate age,
        which grows by a year for every year since it was given (never less than given)."""
        if self.date_of_birth is not None:
            before_birthday = (day.month, day.day) < (
                self.date_of_birth.month,
                self.date_of_birth.day,
            )
            return day.year - self.date_of_birth.year - int(before_birthday)
        if self.approximate_age is None:
            return None
        given = self.age_given_on
        years = day.year - given.year - int((day.month, day.day) < (given.month, given.day))
        return self.approximate_age + max(years, 0)


class MultiAgencyCase(models.Model):
    """What several organisations know about one person, joined by explicit sharing decisions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    people = models.ManyToManyField(Person, related_name="cases", verbose_name=_("people"))

    class Meta:
        verbose_name = _("multi-agency case")

    def __str__(self) -> str:
        return str(self.id)


class LawfulBasis(models.TextChoices):
    SAFEGUARDING = (
        "safeguarding",
        _("Safeguarding of children and individuals at risk (DPA 2018 Sch. 1 para. 18)"),
    )


class CaseMembership(models.Model):
    """One organisation's place in a case, and the sharing decision that gave it."""

    case = models.ForeignKey(MultiAgencyCase, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("why this organisation needs to know"))
    lawful_basis = models.CharField(_("lawful basis"), max_length=32, choices=LawfulBasis.choices)

    class Meta:
        verbose_name = _("case membership")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"], name="one_membership_per_organisation"
            )
        ]
        # "Who may see" reads the memberships from the organisation's side too (the people
        # shared with one organisation): this index answers it without the table (issue 22).
        indexes = [models.Index(fields=["organisation", "case"], name="membership_by_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.case}"


class PersonMatchKey(models.Model):
    """A blocking key of a person (noddfa.matching.blocking_keys), kept so candidates for
    a new record are found by an indexed lookup, not by scanning everyone."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=80, db_index=True)
    # When the key was written: a person's keys are rewritten on every record or change, so
    # the suggested-duplicates job finds the people new or changed since its last run by
    # this column's index, without reading everyone (issue 22).
    written_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="one_row_per_person_key")
        ]

    def __str__(self) -> str:
        return self.key


class PersonLink(models.Model):
    """Two records a person judged to describe the same human being.

    A link never merges: both records stay as their organisations wrote them. Unlinking
    keeps the row, with who undid it and why, so the history can be read back.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Stored in a fixed order (lower id first) so each pair has one row at a time.
    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("why they are the same person"))
    score = models.FloatField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    unlinked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    unlinked_at = models.DateTimeField(null=True, blank=True)
    unlink_reason = models.TextField(_("why the link was wrong"), blank=True)

    class Meta:
        verbose_name = _("person link")
        constraints = [
            models.UniqueConstraint(
                fields=["person_a", "person_b"],
                condition=models.Q(unlinked_at__isnull=True),
                name="one_current_link_per_pair",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class PairDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("The same person")
    REJECTED = "rejected", _("Not the same person")


class MatchReview(models.Model):
    """The local authority team's answer to one suggested duplicate, remembered so a
    rejected pair is not suggested again."""

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=16, choices=PairDecision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("match review")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_review_per_pair")
        ]

    def __str__(self) -> str:
        return self.decision


class SuggestionState(models.TextChoices):
    OPEN = "open", _("To check")
    CONFIRMED = "confirmed", _("The same person")
    REJECTED = "rejected", _("Not the same person")


class SuggestedDuplicate(models.Model):
    """Two records held by different organisations that may describe one person, found by
    the batch job (`noddfa suggest_duplicates`) and stored, so the team's page reads a page of
    rows instead of comparing everyone it may see on each view (issue 22).

    A pair stays after a team answers it, with the answer as its state, and is never
    suggested again; an open pair is recomputed when either record changes."""

    # Stored in a fixed order (lower id first) so each pair has one row.
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # Who holds each record (a person's holder never changes), so the page checks "held by
    # the team" on the pair itself instead of looking up everyone the team holds (issue 22).
    organisation_a = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    organisation_b = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    # The matching engine's reason codes (people.match_reasons words them in either language).
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()
    state = models.CharField(
        max_length=16, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )

    class Meta:
        verbose_name = _("suggested duplicate")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_suggestion_per_pair")
        ]
        # The page reads the open pairs best first: this index gives them in that order.
        indexes = [
            models.Index(
                fields=["-score", "person_a", "person_b"],
                condition=models.Q(state="open"),
                name="open_suggestion_by_score",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} / {self.person_b_id}"


class SuggestionRun(models.Model):
    """One run of the suggested-duplicates job: the page says when suggestions were last
    computed, and the next incremental run looks at keys written since this one started."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    full = models.BooleanField(default=False)
    people_checked = models.PositiveIntegerField(default=0)
    open_pairs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("suggested-duplicates run")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class MatchKeyRebuild(models.Model):
    """The stored blocking keys rewritten for an edition of the matcher's keys
    (`noddfa.matching.keys.KEYS_VERSION`): done once, on the first migrate after the
    edition changes, so that people recorded before are found by the keys of the new."""

    keys_version = models.PositiveIntegerField(unique=True)
    finished_at = models.DateTimeField(default=timezone.now)
    people_checked = models.PositiveIntegerField(default=0)
    keys_rewritten = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rewrite of the matching keys")

    def __str__(self) -> str:
        return f"{self.keys_version}: {self.keys_rewritten} / {self.people_checked}"
