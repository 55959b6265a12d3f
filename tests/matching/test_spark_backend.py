"""Splink on DuckDB and on Apache Spark in local mode: the national-scale path, on a handful of
rows. Spark is reached the way an operator reaches it, through `noddfa dedupe --engine splink
--backend spark`; a JVM takes a minute to start here, so this is the only test that starts one.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from noddfa.matching import PersonRecord, parse_partial_date

pytestmark = pytest.mark.slow

NODDFA = str(Path(sys.executable).with_name("noddfa"))
NAMES = [
    ("Ivan", "Petrov"),
    ("Olena", "Shevchenko"),
    ("Liridon", "Krasniqi"),
    ("Yonas", "Tesfaye"),
    ("Minh", "Tran"),
    ("Amira", "Haddad"),
    ("Tomasz", "Nowak"),
    ("Gwen", "Jones"),
    ("Dara", "Kelly"),
    ("Sami", "Aziz"),
]


def _born(i: int) -> str:
    return f"{2000 + i}-0{1 + i % 9}-1{i}"


def population() -> list[PersonRecord]:
    records = [
        PersonRecord(
            id=f"r{i}", given_name=g, family_name=f, date_of_birth=parse_partial_date(_born(i))
        )
        for i, (g, f) in enumerate(NAMES)
    ]
    records.append(
        PersonRecord(
            id="cyr",
            given_name="Иван",
            family_name="Петров",
            date_of_birth=parse_partial_date("2000-01-10"),
        )
    )
    return records


def run(*args: str, cwd: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    if path is not None:
        env["PATH"] = path
        env.pop("JAVA_HOME", None)
    return subprocess.run(
        [NODDFA, "dedupe", *args], capture_output=True, text=True, timeout=600, env=env, cwd=cwd
    )


def test_splink_on_duckdb_finds_the_same_child_written_in_two_scripts() -> None:
    from noddfa.matching.splink_engine import dedupe_with_splink

    found = dedupe_with_splink(population(), threshold=0.5)
    assert ("r0", "cyr") in {(m.left, m.right) for m in found}
    assert all(m.left != m.right for m in found)


@pytest.mark.spark
def test_noddfa_dedupe_on_spark_in_local_mode_writes_the_contract_pairs(tmp_path: Path) -> None:
    rows = [f"r{i},{g},{f},{_born(i)}" for i, (g, f) in enumerate(NAMES)]
    # A dirty date on the way in: the Spark path reads the file as the default engine does.
    rows += ["cyr,Иван,Петров,2000-01-10", "x1,Unknown,Nowak,00/00/0000"]
    people = tmp_path / "people.csv"
    people.write_text("id,given_name,family_name,date_of_birth\n" + "\n".join(rows) + "\n")
    result = run(
        "people.csv",
        "--engine",
        "splink",
        "--backend",
        "spark",
        "--out",
        "pairs.csv",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Spark session on local[2] started" in result.stderr
    assert "given_name 1 dropped; date_of_birth 1 dropped" in result.stderr
    with (tmp_path / "pairs.csv").open(encoding="utf-8", newline="") as stream:
        pairs = list(csv.DictReader(stream))
    assert list(pairs[0]) == ["id_l", "id_r", "score", "reasons"]
    assert ("r0", "cyr") in {(p["id_l"], p["id_r"]) for p in pairs}
    scores = [float(p["score"]) for p in pairs]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores == sorted(scores, reverse=True)
    assert len({frozenset((p["id_l"], p["id_r"])) for p in pairs}) == len(pairs)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--backend", "spark"], "--backend spark runs Splink: add --engine splink"),
        (["--engine", "splink", "--spark-master", "local[1]"], "--spark-master needs --backend"),
    ],
)
def test_a_spark_option_without_what_it_needs_is_refused_in_one_line(
    tmp_path: Path, args: list[str], said: str
) -> None:
    (tmp_path / "people.csv").write_text("id,given_name\na,An\n", encoding="utf-8")
    result = run("people.csv", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"noddfa dedupe: {said}")
    assert len(result.stderr.splitlines()) == 1


def test_the_spark_backend_without_java_says_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("id,given_name\na,An\n", encoding="utf-8")
    # A PATH with the project's Python and its commands but no java.
    result = run(
        "people.csv",
        "--engine",
        "splink",
        "--backend",
        "spark",
        cwd=tmp_path,
        path=str(Path(sys.executable).parent),
    )
    assert result.returncode == 2
    assert result.stderr == (
        "noddfa dedupe: the Spark backend needs a Java 17 or 21 runtime (on Debian: apt-get "
        "install default-jre-headless, or run make setup as root)\n"
    )


def test_splink_on_duckdb_is_held_to_part_of_the_machines_memory_and_spills_to_disk() -> None:
    """At a million records DuckDB's own limit (80% of memory) with Splink's frames beside it
    took the machine to its last gigabyte; the run is held to a share of memory, and of the
    disk it spills to past that."""
    from noddfa.matching.splink_engine import (
        DUCKDB_MEMORY_SHARE,
        duckdb_connection,
        duckdb_memory_limit,
    )

    total_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    limit_mib = int(duckdb_memory_limit().removesuffix("MiB"))
    assert limit_mib == max(int(total_mib * DUCKDB_MEMORY_SHARE), 256)
    assert DUCKDB_MEMORY_SHARE <= 0.5
    with tempfile.TemporaryDirectory() as spill:
        connection = duckdb_connection(spill)
        settings = dict(
            connection.execute(
                "SELECT name, value FROM duckdb_settings() "
                "WHERE name IN ('memory_limit', 'temp_directory', 'max_temp_directory_size')"
            ).fetchall()
        )
        connection.close()
    assert settings["temp_directory"] == spill
    # DuckDB reports the limit in its own units ("8.7 GiB", "512.0 MiB").
    number, unit = settings["memory_limit"].split()
    reported_mib = float(number) * {"MiB": 1, "GiB": 1024, "TiB": 1024**2}[unit]
    assert abs(reported_mib - limit_mib) / limit_mib < 0.05
    # At most half the spill folder's free disk: a database on the same disk keeps room.
    number, unit = settings["max_temp_directory_size"].split()
    spill_mib = float(number) * {"MiB": 1, "GiB": 1024, "TiB": 1024**2}[unit]
    free_mib = shutil.disk_usage(tempfile.gettempdir()).free / 2**20
    assert 0 < spill_mib <= free_mib * 0.55


def _prediction_rules(records: int) -> list[str]:
    from noddfa.matching.splink_engine import splink_settings

    settings = splink_settings(records).create_settings_dict("duckdb")
    return [rule["blocking_rule"] for rule in settings["blocking_rules_to_generate_predictions"]]


def test_a_large_file_is_not_compared_on_names_alone() -> None:
    # The names-only rule makes 364 million pairs of a million records of our population
    # (benchmarks/README.md); past NAMES_ONLY_RULE_RECORDS a pair must share more.
    from noddfa.matching.splink_engine import NAMES_ONLY_RULE_RECORDS

    names_only = '(l."given_sound" = r."given_sound") AND (l."family_sound" = r."family_sound")'
    assert names_only in _prediction_rules(NAMES_ONLY_RULE_RECORDS)
    large = _prediction_rules(NAMES_ONLY_RULE_RECORDS + 1)
    assert names_only not in large
    assert 'l."dob" = r."dob"' in large


def test_a_file_larger_than_the_training_sample_is_trained_on_a_sample_and_still_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from noddfa.matching import splink_engine

    from .test_batch_vectorised import _generator, _records

    generator = _generator("synthetic_people")
    rows = list(generator.population(3_000))
    records, truth = _records(rows), generator.true_pairs(rows)
    monkeypatch.setattr(splink_engine, "TRAINING_RECORDS", 1_000)
    trained: list[object] = []
    train = splink_engine._train

    def counted(linker: object) -> None:
        trained.append(linker)
        train(linker)

    monkeypatch.setattr(splink_engine, "_train", counted)
    found = {frozenset((m.left, m.right)) for m in splink_engine.dedupe_with_splink(records)}
    assert len(trained) == 1  # the sample's model only; the whole file is not trained on
    right = len(found & truth)
    # Trained on the whole file: P 0.99, R 0.86; on a third of it, P 0.93, R 0.93.
    assert right / len(found) > 0.9
    assert right / len(truth) > 0.8
