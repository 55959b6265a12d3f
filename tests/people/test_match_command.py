from __future__ import annotations

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from factories import UserFactory
from noddfa.accounts.models import Role
from noddfa.people.match_keys import keys_of
from noddfa.people.models import PersonMatchKey
from noddfa.people.services import record_person

pytestmark = pytest.mark.django_db

HEADER = "id,given_name,family_name,date_of_birth,sex,address,postcode,phone,nationality\n"


def test_noddfa_match_finds_a_stored_person_for_a_new_record_in_another_script(
    tmp_path: Path,
) -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    stored = record_person(
        lead, given_name="Yonas", family_name="Tesfaye", date_of_birth=date(2009, 2, 1)
    )
    record_person(lead, given_name="Someone", family_name="Else", date_of_birth=date(1980, 1, 1))
    new = tmp_path / "new.csv"
    new.write_text(HEADER + "n1,ዮናስ,ተስፋዬ,2009-02-01,,,,,\n", encoding="utf-8")
    out = tmp_path / "pairs.csv"
    call_command("match", str(new), "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["id_l"], r["id_r"]) for r in rows] == [("n1", str(stored.pk))]
    assert "same date of birth" in rows[0]["reasons"]


def test_noddfa_match_refuses_a_csv_without_names_with_status_2_naming_line_and_column(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,date_of_birth\nn1,14/03/2011\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match="line 1: needs a 'given_name' or 'family_name'"
    ) as raised:
        call_command("match", str(bad))
    assert raised.value.returncode == 2


def test_rebuilding_keys_covers_people_loaded_without_them() -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    person = record_person(lead, given_name="An", family_name="Nguyen")
    PersonMatchKey.objects.all().delete()
    call_command("match", "--rebuild-keys", stderr=StringIO())
    assert PersonMatchKey.objects.filter(person=person).exists()


def test_rebuilding_keys_rewrites_only_the_people_whose_keys_changed() -> None:
    # A person stored before the matcher read Tamil's carried vowels keeps keys of the old
    # reading ("murukn"); a new record would no longer find them until they are rewritten.
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    stale = record_person(lead, given_name="முருகன்", family_name="செல்வராஜா")
    current = record_person(lead, given_name="An", family_name="Nguyen")
    PersonMatchKey.objects.filter(person=stale).delete()
    PersonMatchKey.objects.create(person=stale, key="n:mrkn")
    untouched = set(PersonMatchKey.objects.filter(person=current).values_list("pk", "written_at"))
    said = StringIO()
    call_command("match", "--rebuild-keys", stderr=said)
    assert "checked for 2 people, rewritten for 1" in said.getvalue()
    assert not PersonMatchKey.objects.filter(person=stale, key="n:mrkn").exists()
    assert set(PersonMatchKey.objects.filter(person=stale).values_list("key", flat=True)) == set(
        keys_of(stale)
    )
    assert set(PersonMatchKey.objects.filter(person=current).values_list("pk", "written_at")) == (
        untouched
    )


def test_the_first_migrate_after_the_keys_change_rewrites_them_once() -> None:
    from noddfa.matching.keys import KEYS_VERSION
    from noddfa.people.apps import _rewrite_keys_once_per_edition
    from noddfa.people.models import MatchKeyRebuild

    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    stale = record_person(lead, given_name="முருகன்", family_name="செல்வராஜா")
    # Stored by the last edition, which read Tamil without its carried vowels.
    MatchKeyRebuild.objects.all().delete()
    PersonMatchKey.objects.filter(person=stale).delete()
    PersonMatchKey.objects.create(person=stale, key="n:mrkn")

    _rewrite_keys_once_per_edition(using="default")

    assert set(PersonMatchKey.objects.filter(person=stale).values_list("key", flat=True)) == set(
        keys_of(stale)
    )
    done = MatchKeyRebuild.objects.get()
    assert (done.keys_version, done.people_checked, done.keys_rewritten) == (KEYS_VERSION, 1, 1)
    # Once per edition: the next migrate leaves the keys as they are.
    PersonMatchKey.objects.create(person=stale, key="n:mrkn")
    _rewrite_keys_once_per_edition(using="default")
    assert PersonMatchKey.objects.filter(person=stale, key="n:mrkn").exists()
    assert MatchKeyRebuild.objects.count() == 1
