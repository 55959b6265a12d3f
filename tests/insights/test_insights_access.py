from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns.models import Concern

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]
PAGES = [
    "/insights/",
    "/insights/concerns/",
    "/insights/victims/",
    "/insights/referrals/",
    "/insights/decisions/",
    "/insights/missing/",
    "/insights/concerns/export.csv",
    "/insights/concerns/export.xlsx",
]


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    "role",
    [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM, Role.ORGANISATION_ADMIN],
)
def test_casework_roles_may_not_read_partnership_statistics(
    sign_in: SignIn, path: str, role: str
) -> None:
    assert sign_in(UserFactory(role=role)).get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_an_analyst_reads_every_page_of_their_region(
    sign_in: SignIn, analyst: User, path: str
) -> None:
    assert sign_in(analyst).get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES[1:])
def test_an_area_in_another_region_is_not_found(sign_in: SignIn, analyst: User, path: str) -> None:
    assert sign_in(analyst).get(path, {"area": "cardiff"}).status_code == 404


def test_an_analyst_in_cardiff_sees_cardiff_and_vale_not_cwm_taf(
    sign_in: SignIn, concern_in: Callable[..., Concern]
) -> None:
    for _ in range(6):
        concern_in("bridgend")
    board = OrganisationFactory(local_authority_area="cardiff")
    cardiff_analyst = UserFactory(organisation=board, role=Role.PARTNERSHIP_ANALYST)
    response = sign_in(cardiff_analyst).get("/insights/concerns/export.csv")
    assert "bridgend" not in response.content.decode()
    assert "cardiff" in response.content.decode()


def test_an_unknown_year_is_an_error_that_names_the_field(sign_in: SignIn, analyst: User) -> None:
    response = sign_in(analyst).get("/insights/concerns/", {"year": "1999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_year"' in html


def test_views_and_exports_are_audited_without_any_person(
    sign_in: SignIn, analyst: User, concern_in: Callable[..., Concern]
) -> None:
    concern = concern_in("bridgend")
    client = sign_in(analyst)
    client.get("/insights/concerns/", {"area": "bridgend"})
    client.get("/insights/concerns/export.xlsx")
    view = AuditEvent.objects.get(
        actor=analyst, action=AuditAction.VIEW, detail__insights="concerns"
    )
    assert view.detail["area"] == "bridgend"
    export = AuditEvent.objects.get(actor=analyst, action=AuditAction.EXPORT)
    assert export.detail["format"] == "xlsx"
    assert str(concern.subject_id) not in str(export.detail)


def test_exports_show_hidden_counts_as_words_and_never_as_numbers(
    sign_in: SignIn, analyst: User, concern_in: Callable[..., Concern]
) -> None:
    for _ in range(3):
        concern_in("bridgend", sex="male")
    for _ in range(6):
        concern_in("bridgend", sex="female")
    client = sign_in(analyst)
    csv_text = client.get("/insights/concerns/export.csv", {"area": "bridgend"}).content.decode()
    male = next(line for line in csv_text.splitlines() if ",sex,male," in line)
    assert male.endswith(",,fewer than 5")
    book = load_workbook(
        __import__("io").BytesIO(client.get("/insights/concerns/export.xlsx").content)
    )
    values = [row for row in book.active.iter_rows(values_only=True)]
    counts = [row[5] for row in values[1:]]
    assert all(count is None or count >= 5 for count in counts)
    assert ("concerns", values[1][1], "region", "sex", "male", None, "fewer than 5") in values


def test_the_page_shows_a_chart_with_a_title_and_the_same_numbers_in_a_table(
    sign_in: SignIn, analyst: User, concern_in: Callable[..., Concern]
) -> None:
    for _ in range(7):
        concern_in("bridgend")
    html = sign_in(analyst).get("/insights/concerns/", {"area": "bridgend"}).content.decode()
    assert 'role="img"' in html and "<title id=" in html
    assert "fewer than 5" in html
    assert "<script>" not in html
