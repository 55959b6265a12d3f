"""Issue 18, item 5: danger first. The review queue and the home page put a concern answered
"immediate danger: Yes", a child missing now and overdue actions first, and mark them with
words (a tag with text, not colour alone), in English and Welsh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework_factories import make_episode
from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Organisation, Role, User
from noddfa.casework.services import record_return
from noddfa.concerns.models import Concern
from noddfa.site.danger import review_rows

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def school(db: None) -> Organisation:
    return OrganisationFactory(name="Ysgol Danger")


@pytest.fixture
def lead(school: Organisation) -> User:
    return UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)


@pytest.fixture
def teacher(school: Organisation) -> User:
    return UserFactory(organisation=school, role=Role.PRACTITIONER)


def _concern(by: User, family_name: str, **kw: object) -> Concern:
    person = PersonFactory(organisation=by.organisation, created_by=by, family_name=family_name)
    return make_concern(by, person, **kw)  # type: ignore[arg-type]


def _row_of(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_concern_in_immediate_danger_is_first_in_the_review_queue_and_marked(
    sign_in: SignIn, lead: User, teacher: User
) -> None:
    calm = _concern(teacher, "Calmfamily")
    danger = _concern(teacher, "Dangerfamily", danger="yes", immediate_danger=True)
    rows = review_rows(lead)
    assert [row.concern.pk for row in rows][:1] == [danger.pk]
    assert rows[0].in_danger and not rows[-1].in_danger
    assert calm.pk in [row.concern.pk for row in rows]
    page = sign_in(lead).get(reverse("site:review_queue")).content.decode()
    assert page.index("Dangerfamily") < page.index("Calmfamily")
    assert "Immediate danger" in _row_of(page, "Dangerfamily")
    assert "Immediate danger" not in _row_of(page, "Calmfamily")


def test_a_child_missing_now_is_first_and_marked_until_they_return(
    sign_in: SignIn, lead: User, teacher: User
) -> None:
    _concern(teacher, "Calmfamily")
    missing = _concern(teacher, "Missingfamily")
    episode = make_episode(lead, missing.subject)
    rows = review_rows(lead)
    assert rows[0].concern.pk == missing.pk and rows[0].missing_now
    page = sign_in(lead).get(reverse("site:review_queue")).content.decode()
    assert page.index("Missingfamily") < page.index("Calmfamily")
    assert "Missing now" in _row_of(page, "Missingfamily")
    record_return(
        lead,
        episode,
        returned_at=timezone.now(),
        found_where="Home",
        interview_offered=True,
        interview_held=False,
        interviewed_by="",
        learned="",
    )
    assert not any(row.missing_now for row in review_rows(lead))


def test_a_concern_with_an_overdue_action_comes_before_one_without_and_is_marked(
    sign_in: SignIn, lead: User, teacher: User
) -> None:
    _concern(teacher, "Calmfamily")
    late = _concern(teacher, "Latefamily")
    late.actions.filter(code="INFORM_SAFEGUARDING_LEAD").update(
        due_at=timezone.now() - timedelta(hours=2)
    )
    rows = review_rows(lead)
    assert rows[0].concern.pk == late.pk and rows[0].overdue == 1
    page = sign_in(lead).get(reverse("site:review_queue")).content.decode()
    assert page.index("Latefamily") < page.index("Calmfamily")
    assert "1 overdue" in _row_of(page, "Latefamily")


def test_danger_comes_before_an_overdue_action(lead: User, teacher: User) -> None:
    late = _concern(teacher, "Latefamily")
    late.actions.filter(code="INFORM_SAFEGUARDING_LEAD").update(
        due_at=timezone.now() - timedelta(hours=2)
    )
    danger = _concern(teacher, "Dangerfamily", danger="yes", immediate_danger=True)
    assert [row.concern.pk for row in review_rows(lead)] == [danger.pk, late.pk]


def test_the_marks_are_in_welsh_too(sign_in: SignIn, lead: User, teacher: User) -> None:
    danger = _concern(teacher, "Dangerfamily", danger="yes", immediate_danger=True)
    make_episode(lead, danger.subject)
    client = sign_in(lead)
    client.get("/language/cy/")
    row = _row_of(client.get(reverse("site:review_queue")).content.decode(), "Dangerfamily")
    assert "Perygl uniongyrchol" in row
    assert "Ar goll nawr" in row


def test_home_puts_danger_first_for_a_lead_and_marks_it(
    sign_in: SignIn, lead: User, teacher: User
) -> None:
    _concern(teacher, "Calmfamily")
    _concern(teacher, "Dangerfamily", danger="yes", immediate_danger=True)
    page = sign_in(lead).get("/").content.decode()
    attention = page[page.index("Needs attention first") :]
    assert "Dangerfamily" in attention
    assert "Immediate danger" in attention
    # The new-concern alerts are in the same order: danger first.
    alerts = page[page.index("New concerns for you to review") :]
    assert alerts.index("Dangerfamily") < alerts.index("Calmfamily")
    assert "Calmfamily" not in attention[: attention.index("New concerns for you to review")]


def test_home_has_no_danger_list_when_nothing_is_urgent(
    sign_in: SignIn, lead: User, teacher: User
) -> None:
    _concern(teacher, "Calmfamily")
    page = sign_in(lead).get("/").content.decode()
    assert "Needs attention first" not in page


def test_another_organisation_sees_nothing_of_it(sign_in: SignIn, teacher: User) -> None:
    danger = _concern(teacher, "Dangerfamily", danger="yes", immediate_danger=True)
    make_episode(
        UserFactory(organisation=teacher.organisation, role=Role.SAFEGUARDING_LEAD), danger.subject
    )
    outsider = UserFactory(role=Role.SAFEGUARDING_LEAD)
    assert review_rows(outsider) == []
    client = sign_in(outsider)
    for url in ("/", reverse("site:review_queue")):
        page = client.get(url).content.decode()
        assert "Dangerfamily" not in page
        assert "Immediate danger" not in page
        assert "Needs attention first" not in page


def test_a_practitioner_is_not_shown_the_leads_danger_list(
    sign_in: SignIn, lead: User, teacher: User
) -> None:
    other = UserFactory(organisation=teacher.organisation, role=Role.PRACTITIONER)
    _concern(other, "Dangerfamily", danger="yes", immediate_danger=True)
    page = sign_in(teacher).get("/").content.decode()
    assert "Needs attention first" not in page
    assert sign_in(teacher).get(reverse("site:review_queue")).status_code == 403
