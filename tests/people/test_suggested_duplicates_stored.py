# ruff: noqa: F811 (the shared fixtures are imported by name)
"""Suggested duplicates are worked out by a scheduled job and stored; the team's page reads a
page of stored pairs, each side checked against what the team may see (issue 22)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import list_world
from factories import OrganisationFactory, UserFactory
from list_world import queries
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.people.duplicate_suggestions import FULL_RUN_EVERY, suggest_duplicates
from noddfa.people.links import DUPLICATES_PER_PAGE, link_people, review_pair, unlink_people
from noddfa.people.match_keys import keys_of, refresh_match_keys
from noddfa.people.models import (
    Person,
    PersonMatchKey,
    Sex,
    SuggestedDuplicate,
    SuggestionRun,
    SuggestionState,
)

from .test_person_matching import child, la_team, police, school, share  # noqa: F401

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
PAGE = "/people/duplicates/"
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def _pair(school: User, police: User, la_team: User, *, shared: bool = True) -> tuple[Person, ...]:
    """One child known to the school and to the police, shared with the team (or not)."""
    at_school = child(school, "An", "Nguyen Van", school_or_workplace="Ysgol Prawf")
    with_police = child(police, "Nguyễn", "An")
    if shared:
        share(school, at_school, la_team)
        share(police, with_police, la_team)
    return tuple(sorted([at_school, with_police], key=lambda p: str(p.pk)))


def _open_pairs() -> set[tuple[str, str]]:
    return {
        (str(a), str(b))
        for a, b in SuggestedDuplicate.objects.filter(state=SuggestionState.OPEN).values_list(
            "person_a_id", "person_b_id"
        )
    }


def test_a_new_pair_appears_after_the_next_run_and_the_page_says_when_it_ran(
    sign_in: SignIn, school: User, police: User, la_team: User
) -> None:
    _pair(school, police, la_team)
    client = sign_in(la_team)
    before = client.get(PAGE).content.decode()
    assert "Nguyễn An" not in before
    assert "Suggestions have not been worked out yet" in before
    suggest_duplicates()
    after = client.get(PAGE).content.decode()
    assert "Nguyễn An" in after and "An Nguyen Van" in after
    assert "same date of birth" in after
    assert "Suggestions were last worked out on" in after
    assert "appear after the next run" in after


def test_an_incremental_run_compares_only_the_people_added_since_the_last_run(
    school: User, police: User, la_team: User
) -> None:
    left, right = _pair(school, police, la_team)
    first = suggest_duplicates()
    assert first.full  # nothing to go on: the first run compares everyone
    assert _open_pairs() == {(str(left.pk), str(right.pk))}
    # Keys written more than the overlap before the last run are not looked at again.
    PersonMatchKey.objects.update(written_at=LONG_AGO)
    suggest_duplicates()
    PersonMatchKey.objects.update(written_at=LONG_AGO)
    third = child(police, "An", "Nguyen")
    summary = suggest_duplicates()
    assert not summary.full
    assert summary.people_checked == 1
    pairs = _open_pairs()
    assert (str(left.pk), str(right.pk)) in pairs  # kept: neither record changed
    assert any(str(third.pk) in pair for pair in pairs)
    # Pairs are only ever between two organisations: the police's two records are not one.
    theirs = left if left.organisation_id == police.organisation_id else right
    assert tuple(sorted((str(third.pk), str(theirs.pk)))) not in pairs


def test_a_day_after_the_last_full_run_the_next_run_compares_everyone_again(
    school: User, police: User, la_team: User
) -> None:
    _pair(school, police, la_team)
    assert suggest_duplicates().full
    PersonMatchKey.objects.update(written_at=LONG_AGO)
    assert not suggest_duplicates().full
    SuggestionRun.objects.filter(full=True).update(
        started_at=timezone.now() - FULL_RUN_EVERY - timedelta(minutes=1)
    )
    again = suggest_duplicates()
    assert again.full and again.people_checked == 2
    assert not suggest_duplicates().full


def test_a_record_that_changes_has_its_pairs_worked_out_again(
    school: User, police: User, la_team: User
) -> None:
    _left, right = _pair(school, police, la_team)
    suggest_duplicates()
    assert _open_pairs()
    changed = Person.objects.get(pk=right.pk)
    changed.given_name, changed.family_name = "Oksana", "Kovalenko"
    changed.date_of_birth = date(1990, 7, 2)
    changed.save()
    refresh_match_keys(changed)
    summary = suggest_duplicates()
    assert not summary.full and summary.removed == 1
    assert _open_pairs() == set()


@pytest.mark.parametrize("decision", ["rejected", "confirmed"])
def test_an_answered_pair_is_never_suggested_again_by_either_run(
    sign_in: SignIn, school: User, police: User, la_team: User, decision: str
) -> None:
    left, right = _pair(school, police, la_team)
    suggest_duplicates()
    review_pair(la_team, left, right, decision=decision, reason="Checked with both")
    stored = SuggestedDuplicate.objects.get()
    assert stored.state == decision  # off the page at once, not at the next run
    assert "Nguyễn An" not in sign_in(la_team).get(PAGE).content.decode()
    refresh_match_keys(left)  # the record "changes": the incremental run looks at it
    suggest_duplicates()
    suggest_duplicates(full=True)
    assert _open_pairs() == set()
    assert SuggestedDuplicate.objects.get().state == decision


def test_a_link_undone_as_wrong_is_not_suggested_again(
    school: User, police: User, la_team: User
) -> None:
    left, right = _pair(school, police, la_team)
    suggest_duplicates()
    link = link_people(la_team, left, right, reason="Same school and birthday")
    assert SuggestedDuplicate.objects.get().state == SuggestionState.CONFIRMED
    unlink_people(la_team, link, reason="Different mothers")
    assert SuggestedDuplicate.objects.get().state == SuggestionState.REJECTED
    suggest_duplicates(full=True)
    assert _open_pairs() == set()


def test_an_answer_given_while_the_job_ran_is_kept(
    school: User, police: User, la_team: User
) -> None:
    """A pair decided between the run's reading the answers and its writing stays decided."""
    left, right = _pair(school, police, la_team)
    suggest_duplicates()
    SuggestedDuplicate.objects.update(state=SuggestionState.OPEN)
    from noddfa.people.models import MatchReview

    MatchReview.objects.create(
        person_a=left, person_b=right, decision="rejected", reason="x", decided_by=la_team
    )
    SuggestedDuplicate.objects.update(state=SuggestionState.OPEN)  # as a racing write left it
    suggest_duplicates(full=True)
    assert SuggestedDuplicate.objects.get().state == SuggestionState.REJECTED


def test_another_organisations_team_sees_none_of_the_pairs(
    sign_in: SignIn, school: User, police: User, la_team: User
) -> None:
    _pair(school, police, la_team)
    suggest_duplicates()
    elsewhere = UserFactory(
        organisation=OrganisationFactory(
            name="Tîm Arall", organisation_type=OrganisationType.LA_CHILDRENS_SERVICES
        ),
        role=Role.LA_SAFEGUARDING_TEAM,
    )
    page = sign_in(elsewhere).get(PAGE).content.decode()
    assert "Nguyen" not in page and "Nguyễn" not in page
    assert "There are no suggested duplicates to check." in page


def test_a_pair_with_one_record_the_team_cannot_see_is_not_shown(
    sign_in: SignIn, school: User, police: User, la_team: User
) -> None:
    left, right = _pair(school, police, la_team, shared=False)
    at_school = left if left.organisation_id == school.organisation_id else right
    share(school, at_school, la_team)  # the police never shared theirs
    suggest_duplicates()
    assert len(_open_pairs()) == 1  # stored: it says nothing about any viewer
    page = sign_in(la_team).get(PAGE).content.decode()
    assert "Nguyễn" not in page and "Nguyen Van" not in page
    assert "There are no suggested duplicates to check." in page


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD])
def test_only_the_la_team_opens_the_stored_pairs(
    sign_in: SignIn, school: User, police: User, la_team: User, role: str
) -> None:
    _pair(school, police, la_team)
    suggest_duplicates()
    user = UserFactory(organisation=la_team.organisation, role=role)
    assert sign_in(user).get(PAGE).status_code == 403


def test_a_look_at_the_page_is_audited_with_counts_never_names(
    sign_in: SignIn, school: User, police: User, la_team: User
) -> None:
    _pair(school, police, la_team)
    suggest_duplicates()
    sign_in(la_team).get(PAGE)
    event = AuditEvent.objects.filter(
        action=AuditAction.VIEW, detail__page="suggested_duplicates"
    ).get()
    assert event.detail["count"] == 1 and event.detail["total"] == 1
    assert "Nguy" not in str(event.detail)


def test_the_command_says_what_it_did_in_counts_only(
    school: User, police: User, la_team: User
) -> None:
    _pair(school, police, la_team)
    from io import StringIO

    out = StringIO()
    call_command("suggest_duplicates", "--full", stdout=out)
    said = out.getvalue()
    assert said.startswith("full run: 2 people compared")
    assert "1 open pairs stored" in said
    assert "Nguy" not in said


# The page and the job at 10 and at 100 pairs (issue 22: cost that does not grow with rows).


_GIVEN = [
    "Anwen", "Bryn", "Cai", "Deio", "Elis", "Ffion", "Gwen", "Huw", "Iolo", "Lowri", "Mali",
    "Nia", "Osian", "Rhys", "Siwan",
]  # fmt: skip
_FAMILY = ["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes"]


def _born(n: int) -> date:
    """A different day for every child: only each child's own two records are alike."""
    return date(2000 + n // 28, 1 + n % 12, 1 + n % 28)


def _twins(count: int, team: Organisation) -> None:
    """`count` children each known to two organisations, both records visible to the team
    (one held by it, one shared with it through a case), written in bulk with their keys."""
    other = Organisation.objects.get(name="Heddlu Rhestrau")
    creator = UserFactory(organisation=team, role=Role.LA_SAFEGUARDING_TEAM)
    start = Person.objects.filter(organisation=team).count()
    made = Person.objects.bulk_create(
        Person(
            organisation=holder,
            given_name=_GIVEN[(start + i) % len(_GIVEN)],
            family_name=_FAMILY[(start + i) // len(_GIVEN)],
            date_of_birth=date(
                2000 + (start + i) // 28, 1 + (start + i) % 12, 1 + (start + i) % 28
            ),
            sex=Sex.FEMALE,
            is_synthetic=True,
            created_by=creator,
        )
        for i in range(count)
        for holder in (team, other)
    )
    PersonMatchKey.objects.bulk_create(
        PersonMatchKey(person=person, key=key) for person in made for key in keys_of(person)
    )
    list_world.share([p for p in made if p.organisation_id == other.pk], team)


def test_the_page_and_the_job_cost_the_same_queries_with_10_or_100_pairs(
    sign_in: SignIn, la_team: User
) -> None:
    assert la_team.organisation is not None
    OrganisationFactory(name="Heddlu Rhestrau", organisation_type=OrganisationType.POLICE)
    suggest_duplicates()  # an empty first run, so the next ones are incremental
    client = sign_in(la_team)

    def page(url: str = PAGE) -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    def job() -> None:
        assert not suggest_duplicates().full

    _twins(5, la_team.organisation)
    with CaptureQueriesContext(connection) as few_job:
        job()
    few = queries(page)
    PersonMatchKey.objects.update(written_at=LONG_AGO)  # the first ten are done with
    _twins(45, la_team.organisation)  # 90 people new since: still one batch
    with CaptureQueriesContext(connection) as many_job:
        job()
    many = queries(page)
    assert SuggestedDuplicate.objects.filter(state=SuggestionState.OPEN).count() == 50
    assert len(few_job) == len(many_job)
    assert few == many
    _twins(30, la_team.organisation)
    suggest_duplicates(full=True)
    assert queries(page) == few
    first = page()
    body = first[first.index("<tbody") : first.index("</tbody>")]
    assert body.count("<tr") == DUPLICATES_PER_PAGE
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in page(PAGE + "?page=2")
    # Best first, in the database's order, across pages.
    scores = list(SuggestedDuplicate.objects.order_by("-score").values_list("score", flat=True)[:1])
    assert f"{round(scores[0] * 100)}%" in body


def test_the_job_is_scheduled_by_the_timers_and_by_cron() -> None:
    root = Path(__file__).resolve().parents[2]
    cron = (root / "deploy" / "cron" / "noddfa").read_text()
    assert "noddfa-manage suggest_duplicates" in cron
    timer = (root / "deploy" / "systemd" / "noddfa-suggest_duplicates.timer").read_text()
    assert "noddfa-job@suggest_duplicates.service" in timer


def test_a_pair_of_the_teams_own_record_and_one_shared_with_it_is_shown_and_not_otherwise(
    sign_in: SignIn, police: User, la_team: User
) -> None:
    own = child(la_team, "An", "Nguyen Van", school_or_workplace="Ysgol Prawf")
    with_police = child(police, "Nguyễn", "An")
    suggest_duplicates()
    pair = SuggestedDuplicate.objects.get()
    holders = {pair.person_a_id: pair.organisation_a_id, pair.person_b_id: pair.organisation_b_id}
    assert holders == {own.pk: own.organisation_id, with_police.pk: with_police.organisation_id}
    client = sign_in(la_team)
    # The team holds one record; the police's is not shared with it.
    assert "There are no suggested duplicates to check." in client.get(PAGE).content.decode()
    share(police, with_police, la_team)
    page = client.get(PAGE).content.decode()
    assert "Nguyễn An" in page and "An Nguyen Van" in page
