from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NODDFA = str(Path(sys.executable).with_name("noddfa"))
HEADER = "id,given_name,family_name,date_of_birth,sex,address,postcode,phone,nationality,notes\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [NODDFA, "dedupe", *args], capture_output=True, text=True, timeout=120, check=False, env=env
    )


def write(tmp_path: Path, body: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_dedupe_writes_the_contract_columns_best_first_each_pair_once(tmp_path: Path) -> None:
    people = write(
        tmp_path,
        "s1,Nguyễn Văn,An,2011-03-14,male,,CF10 1AA,,Vietnamese,school\n"
        "p7,An,Nguyen,2011-03-14,male,,,07700 900456,,police\n"
        # A year alone, with no other evidence, is not enough at the default threshold.
        "h3,Иван,Петров,2009,male,,,,,hospital\n"
        "c9,Ivan,Petrov,2009-05-05,male,,,07700 900111,,charity\n"
        "x1,Someone,Else,1970,female,,,,,\n",
    )
    out = tmp_path / "pairs.csv"
    result = run(str(people), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["id_l", "id_r", "score", "reasons"]
    assert {(r["id_l"], r["id_r"]) for r in rows} == {("s1", "p7")}
    assert "same date of birth" in rows[0]["reasons"]
    lower = run(str(people), "--threshold", "0.3")
    pairs = list(csv.DictReader(lower.stdout.splitlines()))
    assert {(r["id_l"], r["id_r"]) for r in pairs} == {("s1", "p7"), ("h3", "c9")}
    scores = [float(r["score"]) for r in pairs]
    assert scores == sorted(scores, reverse=True)


def test_rows_that_once_stopped_the_run_are_reported_and_the_rest_is_matched(
    tmp_path: Path,
) -> None:
    # An impossible month, a short row and an id used twice (issue 20: dirty input never
    # stops a run; tests/matching/test_dirty_input.py has the rest).
    body = (
        "a,An,Nguyen,2011-13-14,,,CF10 1AA,,,\n"
        "b,Nguyễn,An,2011-03-14,,,CF10 1AA\n"
        "a,Ann,Nguyen,,,,,,,\n"
        "c,Bo,Li,2001-02-03,,,,,,\n"
    )
    result = run(str(write(tmp_path, body)))
    assert result.returncode == 0, result.stderr
    assert {tuple(r.split(",")[:2]) for r in result.stdout.splitlines()[1:]} == {("a", "b")}
    assert result.stderr.splitlines()[-1] == (
        "noddfa dedupe: 3 records read; values not used as given: id 1 dropped; "
        "date_of_birth 1 repaired"
    )


def test_a_file_without_an_id_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name\nAn\n", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 2
    assert "line 1, column id" in result.stderr


def test_dedupe_runs_without_django(tmp_path: Path) -> None:
    people = write(tmp_path, "a,An,Nguyen,2011-03-14,,,,,,\nb,Nguyễn,An,2011-03-14,,,,,,\n")
    script = (
        "import sys; from noddfa.cli import main; "
        f"code = main(['dedupe', {str(people)!r}, '--out', {str(tmp_path / 'o.csv')!r}]); "
        "assert 'django' not in sys.modules, 'dedupe imported Django'; sys.exit(code)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "a,b," in (tmp_path / "o.csv").read_text(encoding="utf-8")


def test_a_long_run_shows_progress_on_stderr_and_keeps_stdout_for_pairs(tmp_path: Path) -> None:
    body = "".join(f"r{n},Given{n},Family{n},,,,,,,\n" for n in range(10_000))
    result = run(str(write(tmp_path, body)))
    assert result.returncode == 0, result.stderr
    assert "10,000 records read" in result.stderr
    assert result.stdout.splitlines()[0] == "id_l,id_r,score,reasons"


def test_a_file_whose_header_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("id,given_name,family_name,pr\xe9nom\na,Zo\xeb,Smith,\n".encode("latin-1"))
    result = run(str(path))
    assert result.returncode == 2
    assert result.stderr == f"noddfa dedupe: {path}: line 1: not UTF-8 text\n"


def test_a_utf16_file_is_refused_as_not_csv_text(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes((HEADER + "a,Zoë,Smith,,,,,,,\n").encode("utf-16"))
    result = run(str(path))
    assert result.returncode == 2
    assert "line 1: not CSV text (it holds NUL bytes" in result.stderr
    assert "Traceback" not in result.stderr
