"""Issue 17, item 5, for the matching output: `noddfa dedupe` and `noddfa match` write ids taken
from the user's file into a CSV, so an id typed as a formula must reach it as inert text."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from factories import UserFactory
from noddfa.accounts.models import Role
from noddfa.matching import Match
from noddfa.matching.cli import main, write_pairs
from noddfa.matching.scoring import REASON_TEXT
from noddfa.people.services import record_person

FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
    "  =1",  # OWASP: a spreadsheet may drop leading spaces before it reads a formula
    " \t@SUM(1)",
]
HEADER = "id,given_name,family_name,date_of_birth,sex,address,postcode,phone,nationality\n"


def _pairs(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def _inert(cell: str) -> bool:
    return not cell.lstrip().startswith(("=", "+", "-", "@")) and not cell.startswith(("\t", "\r"))


@pytest.mark.parametrize("typed", FORMULAS)
def test_an_id_typed_as_a_formula_is_written_as_inert_text(typed: str) -> None:
    out = io.StringIO()
    write_pairs([Match(typed, "b", 0.9, ("same_dob",)), Match("a", typed, 0.8, ())], out)
    rows = _pairs(out.getvalue())
    assert all(_inert(cell) for row in rows for cell in row), rows
    assert rows[1][0] == "'" + typed  # kept whole and readable, behind an apostrophe
    assert rows[2][1] == "'" + typed


def test_a_name_like_id_is_kept_readable_and_ordinary_cells_are_untouched() -> None:
    out = io.StringIO()
    write_pairs([Match("-Anna", "s1", 0.75, ("same_dob", "shared_phone"))], out)
    assert _pairs(out.getvalue())[1] == [
        "'-Anna",
        "s1",
        "0.7500",
        f"{REASON_TEXT['same_dob']}; {REASON_TEXT['shared_phone']}",
    ]


def test_a_score_our_code_writes_stays_a_number_even_when_negative() -> None:
    out = io.StringIO()
    write_pairs([Match("a", "b", -0.5, ())], out)
    assert _pairs(out.getvalue())[1][2] == "-0.5000"


def test_noddfa_dedupe_writes_ids_from_the_file_as_inert_text(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        HEADER
        + '"=HYPERLINK(""http://evil"",""x"")",An,Nguyen,2011-03-14,male,,CF10 1AA,,\n'
        + "@SUM(1),Nguyễn Văn,An,2011-03-14,male,,,07700 900456,\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.csv"
    assert main([str(people), "--out", str(out), "--quiet"]) == 0
    rows = _read(out)
    assert len(rows) == 2, rows
    assert {rows[1][0], rows[1][1]} == {'\'=HYPERLINK("http://evil","x")', "'@SUM(1)"}


@pytest.mark.django_db
def test_noddfa_match_writes_ids_from_the_file_as_inert_text(tmp_path: Path) -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    stored = record_person(
        lead, given_name="Yonas", family_name="Tesfaye", date_of_birth=date(2009, 2, 1)
    )
    new = tmp_path / "new.csv"
    new.write_text(HEADER + "-2+3,ዮናስ,ተስፋዬ,2009-02-01,,,,,\n", encoding="utf-8")
    out = tmp_path / "pairs.csv"
    call_command("match", str(new), "--out", str(out))
    rows = _read(out)
    assert [(r[0], r[1]) for r in rows[1:]] == [("'-2+3", str(stored.pk))]
