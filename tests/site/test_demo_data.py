from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.services import verify_chain
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db


def test_demo_data_covers_the_organisations_and_roles_the_guidance_involves() -> None:
    call_command("demo_data", stdout=StringIO())
    organisations = Organisation.objects.all()
    assert organisations.count() >= 6
    assert {o.local_authority_area for o in organisations} == {"cardiff", "swansea"}
    kinds = {o.organisation_type for o in organisations}
    assert {
        OrganisationType.POLICE,
        OrganisationType.SCHOOL,
        OrganisationType.HEALTH_BOARD,
        OrganisationType.LA_CHILDRENS_SERVICES,
    } <= kinds
    assert organisations.filter(
        organisation_type=OrganisationType.THIRD_SECTOR, first_responder=True
    ).exists()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_every_demo_record_is_marked_synthetic_and_named_so() -> None:
    call_command("demo_data", stdout=StringIO())
    assert all(o.is_synthetic and "(demo)" in o.name for o in Organisation.objects.all())
    assert not User.objects.filter(is_synthetic=False).exists()
    assert not Person.objects.filter(is_synthetic=False).exists()
    nationalities = set(Person.objects.values_list("nationality", flat=True))
    assert {
        "British", "Albanian", "Vietnamese", "Eritrean",
        "Sudanese", "Romanian", "Polish", "Nigerian",
    } <= nationalities  # fmt: skip


def test_running_demo_data_twice_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo_data")
    counts = (Organisation.objects.count(), User.objects.count(), Person.objects.count())
    call_command("demo_data")
    assert counts == (Organisation.objects.count(), User.objects.count(), Person.objects.count())
    assert "Password for every demo account" in capsys.readouterr().out
    assert verify_chain().intact


def test_demo_data_refuses_a_database_that_holds_real_organisations() -> None:
    real = Organisation.objects.create(
        name="Ysgol Gyfun Real", organisation_type=OrganisationType.SCHOOL, is_synthetic=False
    )
    with pytest.raises(CommandError, match="not demo data"):
        call_command("demo_data", stdout=StringIO())
    assert list(Organisation.objects.all()) == [real]  # nothing demo was added beside it
    assert not User.objects.exists()
