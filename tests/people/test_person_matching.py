from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.people.duplicate_suggestions import suggest_duplicates
from noddfa.people.links import link_people, suggested_duplicates, unlink_people
from noddfa.people.models import LawfulBasis, MatchReview, Person, PersonLink, PersonMatchKey
from noddfa.people.services import record_person, share_with_organisation

pytestmark = pytest.mark.django_db


def lead_of(**organisation: Any) -> User:
    return UserFactory(
        organisation=OrganisationFactory(**organisation), role=Role.SAFEGUARDING_LEAD
    )


def child(by: User, given: str, family: str, **more: Any) -> Person:
    return record_person(
        by, given_name=given, family_name=family, date_of_birth=date(2011, 3, 14), **more
    )


@pytest.fixture
def school() -> User:
    return lead_of(name="Ysgol Prawf")


@pytest.fixture
def police() -> User:
    return lead_of(name="Heddlu Prawf", organisation_type=OrganisationType.POLICE)


@pytest.fixture
def la_team() -> User:
    return UserFactory(
        organisation=OrganisationFactory(
            name="Tîm Diogelu", organisation_type=OrganisationType.LA_CHILDRENS_SERVICES
        ),
        role=Role.LA_SAFEGUARDING_TEAM,
    )


def share(by: User, person: Person, team: User) -> None:
    assert team.organisation is not None
    share_with_organisation(
        by,
        person,
        team.organisation,
        reason="Possible exploitation",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )


def find_matches(client: Client, draft_url: str, account: str = "", **person: str) -> str:
    data = {f"person-{key}": value for key, value in person.items()}
    response = client.post(draft_url, {**data, "account": account, "find_matches": "1"})
    assert response.status_code == 200
    return response.content.decode()


def test_recording_a_person_stores_their_blocking_keys(school: User) -> None:
    person = child(school, "An", "Nguyen", phone_numbers=["07700 900456"])
    keys = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    assert "p:+447700900456" in keys
    assert "b:2011-03-14" in keys


def test_while_recording_a_concern_an_existing_record_in_another_script_is_suggested_with_reasons(
    sign_in: Callable[[User], Client], school: User
) -> None:
    existing = child(school, "Иван", "Петров")
    client = sign_in(school)
    draft_url = client.get("/concerns/new/").url
    page = find_matches(
        client, draft_url, given_name="Ivan", family_name="Petrov", date_of_birth="2011-03-14"
    )
    assert "Иван Петров" in page
    assert "same date of birth" in page
    assert f"?person={existing.pk}" in page
    assert Person.objects.count() == 1, "checking for matches never creates a record"


def test_a_person_held_only_by_another_organisation_is_never_suggested_only_signalled(
    sign_in: Callable[[User], Client], school: User, police: User
) -> None:
    hidden = child(police, "Nguyễn", "An", phone_numbers=["07700 900456"])
    client = sign_in(school)
    draft_url = client.get("/concerns/new/").url
    page = find_matches(
        client,
        draft_url,
        given_name="An",
        family_name="Nguyen",
        date_of_birth="2011-03-14",
        account="An said an older man keeps his passport and he works every night for him.",
    )
    assert "Nguyễn" not in page
    assert str(hidden.pk) not in page
    assert "900456" not in page
    assert "Heddlu Prawf" not in page
    assert "known to other agencies" in page


def test_nothing_is_merged_or_linked_automatically(school: User) -> None:
    first = child(school, "An", "Nguyen")
    second = child(school, "Nguyễn Văn", "An")
    assert Person.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert not PersonLink.objects.exists()


def test_a_lead_links_two_records_and_unlinks_them_and_both_are_audited(
    sign_in: Callable[[User], Client], school: User
) -> None:
    first = child(school, "An", "Nguyen")
    second = child(school, "Nguyễn Văn", "An")
    client = sign_in(school)
    matches = client.get(f"/people/{first.pk}/matches/").content.decode()
    assert "Nguyễn Văn An" in matches
    assert f"/people/{first.pk}/link/{second.pk}/" in matches
    response = client.post(f"/people/{first.pk}/link/{second.pk}/", {"reason": "Same child"})
    assert response.status_code == 302
    link = PersonLink.objects.get()
    assert Person.objects.count() == 2, "linking keeps both records"
    event = AuditEvent.objects.filter(object_id=str(link.pk)).get()
    assert event.detail["event"] == "person_link_confirmed"
    assert "Nguyen" not in str(event.detail)
    response = client.post(f"/people/links/{link.pk}/unlink/", {"reason": "Twins, not one child"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.unlinked_at is not None and link.unlinked_by == school
    events = AuditEvent.objects.filter(object_id=str(link.pk)).order_by("id")
    assert [e.detail["event"] for e in events] == ["person_link_confirmed", "person_link_removed"]
    # Reversible: the same pair can be linked again after an unlink.
    link_people(school, first, second, reason="Confirmed after all")
    assert PersonLink.objects.filter(unlinked_at__isnull=True).count() == 1


def test_linking_needs_a_reason_and_the_error_names_the_field(
    sign_in: Callable[[User], Client], school: User
) -> None:
    first, second = child(school, "An", "Nguyen"), child(school, "Anh", "Nguyen")
    page = sign_in(school).post(f"/people/{first.pk}/link/{second.pk}/", {"reason": ""})
    assert page.status_code == 200
    assert "govuk-error-summary" in page.content.decode()
    assert "Say why these are the same person" in page.content.decode()


def test_a_practitioner_sees_matches_but_cannot_link(
    sign_in: Callable[[User], Client], school: User
) -> None:
    teacher = UserFactory(organisation=school.organisation, role=Role.PRACTITIONER)
    first, second = child(school, "An", "Nguyen"), child(school, "Anh", "Nguyen")
    client = sign_in(teacher)
    page = client.get(f"/people/{first.pk}/matches/")
    assert page.status_code == 200
    assert "Anh Nguyen" in page.content.decode()
    assert "/link/" not in page.content.decode()
    assert client.post(f"/people/{first.pk}/link/{second.pk}/", {"reason": "x"}).status_code == 403
    assert not PersonLink.objects.exists()


def test_another_organisations_record_cannot_be_linked_or_seen_through_matches(
    sign_in: Callable[[User], Client], school: User, police: User
) -> None:
    mine = child(school, "An", "Nguyen")
    theirs = child(police, "Nguyễn", "An")
    client = sign_in(school)
    assert client.get(f"/people/{theirs.pk}/matches/").status_code == 404
    response = client.post(f"/people/{mine.pk}/link/{theirs.pk}/", {"reason": "x"})
    assert response.status_code == 404
    assert "Nguyễn" not in client.get(f"/people/{mine.pk}/matches/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, school: User) -> None:
    person = child(school, "An", "Nguyen")
    for url in (f"/people/{person.pk}/matches/", "/people/duplicates/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response.url


def test_the_la_team_sees_cross_agency_duplicates_and_a_rejected_pair_is_not_suggested_again(
    sign_in: Callable[[User], Client], school: User, police: User, la_team: User
) -> None:
    at_school = child(school, "An", "Nguyen Van", school_or_workplace="Ysgol Prawf")
    with_police = child(police, "Nguyễn", "An")
    share(school, at_school, la_team)
    share(police, with_police, la_team)
    suggest_duplicates()  # the scheduled job
    client = sign_in(la_team)
    page = client.get("/people/duplicates/").content.decode()
    assert "Nguyễn An" in page and "same date of birth" in page
    left, right = sorted([at_school, with_police], key=lambda p: str(p.pk))
    review_url = f"/people/duplicates/{left.pk}/{right.pk}/"
    response = client.post(review_url, {"decision": "rejected", "reason": "Different parents"})
    assert response.status_code == 302
    assert MatchReview.objects.get().decision == "rejected"
    assert not PersonLink.objects.exists()
    assert not suggested_duplicates(la_team).exists()
    suggest_duplicates(full=True)
    assert not suggested_duplicates(la_team).exists()


def test_confirming_a_duplicate_links_the_records_without_merging(
    sign_in: Callable[[User], Client], school: User, police: User, la_team: User
) -> None:
    at_school = child(school, "An", "Nguyen Van")
    with_police = child(police, "Nguyễn", "An")
    share(school, at_school, la_team)
    share(police, with_police, la_team)
    left, right = sorted([at_school, with_police], key=lambda p: str(p.pk))
    client = sign_in(la_team)
    client.post(
        f"/people/duplicates/{left.pk}/{right.pk}/",
        {"decision": "confirmed", "reason": "Same school and birthday"},
    )
    assert PersonLink.objects.filter(unlinked_at__isnull=True).count() == 1
    assert Person.objects.count() == 2


def test_the_duplicate_list_ignores_records_the_team_was_not_given(
    school: User, police: User, la_team: User
) -> None:
    at_school = child(school, "An", "Nguyen Van")
    child(police, "Nguyễn", "An")  # never shared with the team
    share(school, at_school, la_team)
    suggest_duplicates()
    assert not suggested_duplicates(la_team).exists()


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.PARTNERSHIP_ANALYST]
)
def test_only_the_la_team_reviews_duplicates(sign_in: Callable[[User], Client], role: str) -> None:
    assert sign_in(UserFactory(role=role)).get("/people/duplicates/").status_code == 403


def test_unlinking_someone_elses_link_is_not_found(
    sign_in: Callable[[User], Client], school: User, police: User
) -> None:
    first, second = child(police, "An", "Nguyen"), child(police, "Anh", "Nguyen")
    link = link_people(police, first, second, reason="Same")
    response = sign_in(school).post(f"/people/links/{link.pk}/unlink/", {"reason": "x"})
    assert response.status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - the service refuses too
        unlink_people(school, link, reason="x")
