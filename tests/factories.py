"""Factories for the records tests need; every one is synthetic by construction."""

from __future__ import annotations

import factory

from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.concerns.models import Concern
from noddfa.people.models import Person, Sex

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test organisation {n}")
    organisation_type = OrganisationType.SCHOOL
    local_authority_area = "cardiff"
    first_responder = False
    s52_public_authority = False
    is_synthetic = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.noddfa.example")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PRACTITIONER
    is_synthetic = True

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Sequence(lambda n: f"Givenname{n}")
    family_name = factory.Sequence(lambda n: f"Familyname{n}")
    sex = Sex.NOT_KNOWN
    nationality = "Albanian"
    is_synthetic = True
    created_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation")
    )

    @factory.post_generation
    def match_keys(self, create: bool, extracted: object, **kwargs: object) -> None:
        # The app stores matching keys whenever it records a person; so does the factory.
        if create:
            from noddfa.people.match_keys import refresh_match_keys

            refresh_match_keys(self)


def make_concern(
    by: User, subject: Person | None = None, *, danger: str = "no", **facts: object
) -> Concern:
    """Record a concern through the real service, as a practitioner would."""
    from django.utils import timezone

    from noddfa.concerns.pathway_case import RecordedFacts
    from noddfa.concerns.services import ConcernReport, record_concern

    subject = subject or PersonFactory(organisation=by.organisation, created_by=by)
    report = ConcernReport(
        subject=subject,
        observed_at=timezone.now(),
        observed_where=str(facts.pop("observed_where", "School gate")),
        immediate_danger=danger,
        account=str(facts.pop("account", "Collected each day by a different adult in a car.")),
        facts=RecordedFacts(**facts),  # type: ignore[arg-type]
    )
    return record_concern(by, report)


def adult_labour_concern(by: User, subject: Person | None = None, **facts: object) -> Concern:
    """An adult (born 1980) recruited by deception for labour: whether an NRM referral or a Duty
    to Notify follows turns on their consent. Recorded through the real service."""
    from datetime import date

    subject = subject or PersonFactory(
        organisation=by.organisation, created_by=by, date_of_birth=date(1980, 1, 1)
    )
    elements: dict[str, object] = {
        "action": ["recruitment"],
        "means": ["deception"],
        "purpose": ["labour"],
    }
    return make_concern(by, subject, **{**elements, **facts})
