"""A Welsh reader reads each action's legal basis in Welsh on the concern page, the documents
by their own titles (marked English) and their parts in Welsh (issue 19)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, User
from noddfa.concerns.models import PathwayRun

pytestmark = pytest.mark.django_db


def _child_concern() -> tuple[User, str]:
    school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    teacher = UserFactory(organisation=school)
    child = PersonFactory(
        organisation=school,
        created_by=teacher,
        date_of_birth=date(timezone.localdate().year - 15, 1, 1),
    )
    concern = make_concern(teacher, child, action=["recruitment"], purpose=["criminal"])
    return teacher, f"/concerns/{concern.pk}/"


def _page(client: Client, url: str) -> str:
    client.cookies["django_language"] = "cy"
    return client.get(url).content.decode().replace("&#x27;", "'")


def test_the_legal_basis_is_welsh_on_a_welsh_concern_page(
    sign_in: Callable[[User], Client],
) -> None:
    teacher, url = _child_concern()
    page = _page(sign_in(teacher), url)
    assert 'lang="cy">Deddf Gwasanaethau Cymdeithasol a Llesiant (Cymru) 2014 adran 130' in page
    assert "SSWB(W)A 2014 s130" not in page
    assert (
        '<cite lang="en">Wales Safeguarding Procedures practice guide "Safeguarding children who '
        'may be trafficked", safeguarding.wales (2021)</cite>: ymatebwyr cyntaf i blant'
    ) in page.replace("&quot;", '"')


def test_an_answer_worked_out_before_the_welsh_was_kept_shows_its_english_marked_so(
    sign_in: Callable[[User], Client],
) -> None:
    teacher, url = _child_concern()
    run = PathwayRun.objects.get(concern__pk=url.split("/")[2])
    for action in run.result["actions"]:
        for key in ("legal_basis_cy", "source_cy", "references"):
            action.pop(key)
    # As a run stored before this release: runs are never changed through the model.
    PathwayRun.objects.filter(pk=run.pk).update(result=run.result)
    page = _page(sign_in(teacher), url)
    assert 'lang="en">SSWB(W)A 2014 s130' in page
