"""Issue 20, item 1: dirty values never stop a matching run. What is still known is kept,
placeholders are not known, and every value not used as given is counted on standard error
and, with --report, written out a row each (as inert spreadsheet text)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import example, given
from hypothesis import strategies as st

from factories import UserFactory
from noddfa.accounts.models import Role
from noddfa.matching import PersonRecord, compare, prepare
from noddfa.matching.csv_input import read_people, summary
from noddfa.matching.identifiers import PartialDate
from noddfa.matching.repairs import Repair, read_date_of_birth, read_phone, read_postcode
from noddfa.people.services import record_person

NODDFA = str(Path(sys.executable).with_name("noddfa"))
HEADER = "id,given_name,family_name,date_of_birth,sex,address,postcode,phone,nationality\n"
TODAY = date(2026, 12, 5)

# Each pair is one person written twice, once cleanly and once with a dirty value; the
# placeholders are shared by people who are not the same, and must not bring them together.
DIRTY = (
    HEADER
    # An impossible day: the year and month still agree with the clean record.
    + "a1,Siân,Pritchard,1945-04-93,F,12 Heol y Bont,CF10 1AA,07700 900123,Welsh\n"
    + "a2,Sian,Pritchard,1945-04-13,female,12 Heol y Bont,CF10 1AA,,\n"
    # 31 February, in UK order, beside the same child in Cyrillic.
    + "b1,Олена,Шевченко,31/02/2009,benyw,,CF24 3AA,,Ukrainian\n"
    + "b2,Olena,Shevchenko,2009-02-11,F,,CF24 3AA,,\n"
    # An impossible month keeps the year; a formula where the date should be.
    + "c1,Dafydd,Llywelyn,1945-13-45,M,,LL55 1AB,,\n"
    + "c2,Dafydd,Llywelyn,\"=cmd|' /C calc'!A0\",M,,LL55 1AB,,\n"
    # A two-figure year: 11 is 2011 in 2026.
    + "d1,Zoë,Nguyễn,03/04/11,,,,,\n"
    + "d2,Zoe,Nguyen,2011-04-03,,,,,\n"
    # Placeholders everywhere, shared by two different people.
    + "p1,Unknown,Jones,00/00/0000,unknown,no fixed abode,ZZ99 3VZ,00000 000000,n/k\n"
    + "p2,Ann,Jones,1900-01-01,U,NFA,ZZ99 3VZ,00000 000000,not known\n"
    + "p3,Baby,Evans,01/01/1900,not known,unknown,n/k,n/k,unknown\n"
    + "p4,Baby,Evans,unknown,,unknown,n/k,n/k,\n"
    + "p5,Rhys,Morgan,n/k,,,,,\n"
    + "p6,Owain,Bevan,not known,,,,,\n"
    # Rows that cannot be one person's record.
    + ",No,Id,2001,,,,,\n"
    + "a1,Same,Id,2001,,,,,\n"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [NODDFA, *args], capture_output=True, text=True, timeout=120, check=False, env=env, cwd=cwd
    )


def report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.slow
def test_dedupe_of_a_file_full_of_dirty_values_completes_finds_the_pairs_and_counts_them(
    tmp_path: Path,
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(DIRTY, encoding="utf-8")
    result = run(
        "dedupe", "people.csv", "--out", "pairs.csv", "--report", "report.csv", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    pairs = {(r["id_l"], r["id_r"]) for r in report_rows(tmp_path / "pairs.csv")}
    assert pairs == {("a1", "a2"), ("b1", "b2"), ("c1", "c2"), ("d1", "d2")}
    rows = report_rows(tmp_path / "report.csv")
    assert list(rows[0]) == ["line", "column", "value", "kept", "why"]
    by_place = {(r["line"], r["column"]): r for r in rows}
    assert by_place["2", "date_of_birth"]["kept"] == "1945-04"
    assert by_place["4", "date_of_birth"]["kept"] == "2009-02"
    assert by_place["6", "date_of_birth"]["kept"] == "1945"
    assert by_place["8", "date_of_birth"]["kept"] == "2011-04-03"
    # The formula reaches the report as text a spreadsheet will not run.
    assert by_place["7", "date_of_birth"]["value"] == "'=cmd|' /C calc'!A0"
    assert by_place["16", "id"]["why"] == "no id: record left out"
    assert by_place["17", "id"]["value"] == "a1"
    dates = [r for r in rows if r["column"] == "date_of_birth"]
    assert sum(1 for r in dates if r["kept"]) == 4  # repaired
    assert sum(1 for r in dates if not r["kept"]) == 7  # dropped
    for column, dropped in (("postcode", 4), ("phone", 4), ("address", 4), ("sex", 3)):
        assert sum(1 for r in rows if r["column"] == column and not r["kept"]) == dropped, column
    said = result.stderr.strip().splitlines()[-1]
    assert said == (
        "noddfa dedupe: 14 records read; values not used as given: id 2 dropped; "
        "given_name 3 dropped; date_of_birth 4 repaired, 7 dropped; sex 3 dropped; "
        "address 4 dropped; postcode 4 dropped; phone 4 dropped; nationality 3 dropped"
    )
    # Counts only: nothing from the file on standard error.
    assert "Pritchard" not in result.stderr and "1945" not in result.stderr


@pytest.mark.slow
def test_dedupe_says_every_value_was_used_as_given_when_none_was_repaired(
    tmp_path: Path,
) -> None:
    (tmp_path / "people.csv").write_text(HEADER + "a,An,Nguyen,2011-03-14,,,,,\n")
    result = run("dedupe", "people.csv", "--quiet", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == "noddfa dedupe: 1 record read, every value as given\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        ("name,born\nAn,2011\n", "line 1, column id: missing column 'id'"),
        ("id,born\na,2011\n", "line 1: needs a 'given_name' or 'family_name' column"),
        ("", "line 1: the file is empty; expected a header row"),
    ],
)
def test_a_file_lacking_a_required_column_exits_2_with_one_line(
    tmp_path: Path, contents: str, expected: str
) -> None:
    (tmp_path / "people.csv").write_text(contents, encoding="utf-8")
    result = run("dedupe", "people.csv", "--out", "pairs.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"noddfa dedupe: people.csv: {expected}\n"
    assert not (tmp_path / "pairs.csv").exists()


@pytest.mark.slow
def test_a_spreadsheet_that_is_not_csv_exits_2_with_one_line(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "people.xlsx", "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    result = run("dedupe", "people.xlsx", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("noddfa dedupe: people.xlsx: line ")
    assert "not CSV text" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_a_line_that_is_not_utf8_is_read_as_windows_1252_and_reported(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(
        HEADER.encode()
        + "a,Zoë,Smith,2001-02-03,,,,,\n".encode("cp1252")
        + "b,Zoë,Smith,2001-02-03,,,,,\n".encode()
    )
    result = run("dedupe", "people.csv", "--report", "r.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("a,b,")
    assert report_rows(tmp_path / "r.csv")[0]["why"] == "not UTF-8: read as Windows-1252"


@pytest.mark.django_db
def test_noddfa_match_keeps_going_past_dirty_values_and_reports_them(tmp_path: Path) -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    stored = record_person(
        lead, given_name="Yonas", family_name="Tesfaye", date_of_birth=date(2009, 2, 1)
    )
    new = tmp_path / "new.csv"
    new.write_text(
        HEADER + "n1,ዮናስ,ተስፋዬ,2009-02-31,,,n/k,,\nn2,Unknown,Tesfaye,00/00/0000,,,,,\n",
        encoding="utf-8",
    )
    out, report = tmp_path / "pairs.csv", tmp_path / "report.csv"
    err = StringIO()
    call_command("match", str(new), "--out", str(out), "--report", str(report), stderr=err)
    assert [(r["id_l"], r["id_r"]) for r in report_rows(out)] == [("n1", str(stored.pk))]
    assert [(r["line"], r["column"], r["kept"]) for r in report_rows(report)] == [
        ("2", "postcode", ""),
        ("2", "date_of_birth", "2009-02"),
        ("3", "given_name", ""),
        ("3", "date_of_birth", ""),
    ]
    assert "date_of_birth 1 repaired, 1 dropped" in err.getvalue()


@pytest.mark.django_db
def test_noddfa_match_refuses_a_file_without_an_id_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("given_name,family_name\nAn,Nguyen\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1, column id: missing column 'id'") as raised:
        call_command("match", str(bad))
    assert raised.value.returncode == 2


# Reading one date of birth ------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("2009-04-17", "2009-04-17"),
        ("2009-04", "2009-04"),
        ("2009", "2009"),
        ("17/04/2009", "2009-04-17"),
        ("17.4.2009", "2009-04-17"),
        ("2009-04-17 00:00:00", "2009-04-17"),
        ("2009-04-17T00:00:00Z", "2009-04-17"),
        ("20090417", "2009-04-17"),
        ("17042009", "2009-04-17"),
        ("17 Apr 2009", "2009-04-17"),
        ("17th April 2009", "2009-04-17"),
        ("17 Ebrill 2009", "2009-04-17"),
        ("April 17, 2009", "2009-04-17"),
        ("04/2009", "2009-04"),
        ("Ebrill 2009", "2009-04"),
        ("29/02/2008", "2008-02-29"),
    ],
)
def test_a_date_written_in_a_usual_way_is_read_without_a_report(given: str, kept: str) -> None:
    born, why = read_date_of_birth(given, TODAY)
    assert born is not None and born.iso() == kept
    assert why is None


@pytest.mark.parametrize(
    ("given", "kept", "why"),
    [
        ("1945-04-93", "1945-04", "April 1945 has no day 93: kept the year and month"),
        ("19450493", "1945-04", "April 1945 has no day 93: kept the year and month"),
        ("31/02/2009", "2009-02", "February 2009 has no day 31: kept the year and month"),
        ("29/02/2009", "2009-02", "February 2009 has no day 29: kept the year and month"),
        ("1945-13-45", "1945", "there is no month 13: kept the year"),
        ("00/00/1987", "1987", "day and month written as 00: kept the year"),
        ("03/04/11", "2011-04-03", "two-figure year read as 2011"),
        ("12/05/27", "1927-05-12", "two-figure year read as 1927"),
        ("06/12/26", "1926-12-06", "two-figure year read as 1926"),  # 2026 is later than today
        ("05/12/26", "2026-12-05", "two-figure year read as 2026"),  # born today
    ],
)
def test_a_damaged_date_keeps_what_is_still_known(given: str, kept: str, why: str) -> None:
    born, said = read_date_of_birth(given, TODAY)
    assert born is not None and born.iso() == kept
    assert said == why


@pytest.mark.parametrize(
    "given",
    [
        "00/00/0000",
        "0000-00-00",
        "1900-01-01",
        "01/01/1900",
        "unknown",
        "Unknown",
        "n/k",
        "N/K",
        "not known",
        "NK",
        "n/a",
        "?",
        "-",
        "anhysbys",
    ],
)
def test_a_placeholder_date_is_not_known(given: str) -> None:
    assert read_date_of_birth(given, TODAY) == (None, "a placeholder for not known")


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("2030-01-01", "a date of birth after today"),
        ("0001-01-01", "year 1 is not a living person's"),
        ("1899-12-30", "year 1899 is not a living person's"),
        ("born in spring", "not a date"),
        ("=cmd", "not a date"),
    ],
)
def test_a_date_that_cannot_be_a_living_persons_birth_is_dropped(given: str, why: str) -> None:
    assert read_date_of_birth(given, TODAY) == (None, why)


def test_an_empty_date_is_not_known_and_not_reported() -> None:
    assert read_date_of_birth("  ", TODAY) == (None, None)


def test_a_phone_field_keeps_the_real_number_beside_a_placeholder() -> None:
    reading = read_phone("00000 000000; 07700 900123")
    assert reading.kept == "07700 900123"
    assert reading.why == "one figure repeated: a placeholder"
    assert read_phone("07700 900123").why is None


def test_the_nhs_placeholder_postcodes_are_not_known_but_real_ones_stay() -> None:
    assert read_postcode("ZZ99 3WZ").kept == ""
    assert read_postcode("zz993vz").kept == ""
    assert read_postcode("CF10 1AA").why is None


def test_a_short_row_reads_its_missing_fields_as_not_known() -> None:
    repairs: list[Repair] = []
    records = list(read_people([HEADER, "a,An,Nguyen\n"], repairs, TODAY))
    assert records == [PersonRecord(id="a", given_name="An", family_name="Nguyen")]
    assert repairs == []


def test_a_row_with_more_fields_than_the_header_is_left_out_and_reported() -> None:
    repairs: list[Repair] = []
    lines = [
        HEADER,
        "a,An,Nguyen,,,12 High St, Cardiff,CF10 1AA,07700 900123,British\n",
        "b,Bo,Li,,,,,,\n",
    ]
    assert [r.id for r in read_people(lines, repairs, TODAY)] == ["b"]
    assert [(r.line, r.column, r.kept) for r in repairs] == [(2, "(row)", "")]
    assert "10 fields where the header has 9" in repairs[0].why
    assert summary(1, repairs) == ("1 record read; values not used as given: rows 1 dropped")


# Unknown is never no: partial dates compare at their precision ------------------------


def _person(pid: str, born: PartialDate | None) -> PersonRecord:
    return PersonRecord(id=pid, given_name="Gwen", family_name="Pritchard", date_of_birth=born)


def _date_reasons(a: PartialDate | None, b: PartialDate | None) -> tuple[float, tuple[str, ...]]:
    match = compare(prepare(_person("a", a)), prepare(_person("b", b)))
    return match.score, tuple(r for r in match.reasons if "dob" in r or "birth" in r)


def test_a_year_of_birth_agrees_with_a_full_date_in_that_year() -> None:
    score, reasons = _date_reasons(PartialDate(1945), PartialDate(1945, 4, 13))
    assert reasons == ("same_birth_year",)
    assert score > _date_reasons(None, PartialDate(1945, 4, 13))[0]


def test_a_year_and_month_agreeing_with_a_full_date_say_more_than_the_year_alone() -> None:
    month, reasons = _date_reasons(PartialDate(1945, 4), PartialDate(1945, 4, 13))
    assert reasons == ("same_birth_month",)
    year, _ = _date_reasons(PartialDate(1945), PartialDate(1945, 4, 13))
    full, _ = _date_reasons(PartialDate(1945, 4, 13), PartialDate(1945, 4, 13))
    assert year < month < full


def test_a_partial_date_is_never_a_disagreement_with_what_it_does_not_say() -> None:
    unknown, _ = _date_reasons(None, PartialDate(1945, 4, 13))
    for partial in (PartialDate(1945), PartialDate(1945, 4)):
        score, reasons = _date_reasons(partial, PartialDate(1945, 4, 13))
        assert "different_dob" not in reasons
        assert score >= unknown
    # A month that is known on both sides and differs is not counted for the pair either.
    assert _date_reasons(PartialDate(1945, 5), PartialDate(1945, 4, 13))[1] == ()


def test_a_partial_date_in_a_distant_year_still_disagrees_on_the_year() -> None:
    assert _date_reasons(PartialDate(1950, 4), PartialDate(1945, 4, 13))[1] == ("different_dob",)


# Nothing a file holds stops the reading ------------------------------------------------

_DATE_LIKE = st.from_regex(r"\A[0-9]{0,4}[-/. ]?[0-9]{0,4}[-/. ]?[0-9]{0,4}\Z") | st.text()


@given(_DATE_LIKE)
@example(".")  # emptied by the full-stop rule: once read as blank with no reason given
def test_any_text_reads_as_a_possible_date_of_birth_or_as_not_known(text: str) -> None:
    born, why = read_date_of_birth(text, TODAY)
    if born is None:
        assert why is not None or not text.strip()
    else:
        assert 1900 <= born.year <= TODAY.year
        if born.is_full:
            assert born.month is not None and born.day is not None
            assert date(born.year, born.month, born.day) <= TODAY
        elif born.month is not None:
            assert 1 <= born.month <= 12


@given(st.lists(st.lists(st.text(), max_size=12), max_size=6))
def test_any_rows_under_a_good_header_are_read_without_an_error(rows: list[list[str]]) -> None:
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.strip().split(","))
    writer.writerows(rows)
    repairs: list[Repair] = []
    lines = buffer.getvalue().replace("\0", "").splitlines(keepends=True)
    records = list(read_people(lines, repairs, TODAY))
    assert len({r.id for r in records}) == len(records)
    assert all(r.id for r in records)
