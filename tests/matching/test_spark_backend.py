"""Splink on Apache Spark in local mode: the national-scale path, on a handful of rows."""

from __future__ import annotations

import shutil

import pytest

from noddfa.matching import PersonRecord, parse_partial_date

pytestmark = pytest.mark.slow


def population() -> list[PersonRecord]:
    names = [
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
    records = [
        PersonRecord(
            id=f"r{i}",
            given_name=g,
            family_name=f,
            date_of_birth=parse_partial_date(f"{2000 + i}-0{1 + i % 9}-1{i}"),
        )
        for i, (g, f) in enumerate(names)
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


def test_splink_on_duckdb_finds_the_same_child_written_in_two_scripts() -> None:
    from noddfa.matching.splink_engine import dedupe_with_splink

    found = dedupe_with_splink(population(), threshold=0.5)
    assert ("r0", "cyr") in {(m.left, m.right) for m in found}
    assert all(m.left != m.right for m in found)


@pytest.mark.spark
def test_splink_on_spark_finds_the_same_child_written_in_two_scripts() -> None:
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (CI installs default-jre-headless)")
    pyspark = pytest.importorskip("pyspark.sql")
    from noddfa.matching.splink_engine import dedupe_with_splink

    spark = (
        pyspark.SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        found = dedupe_with_splink(population(), threshold=0.5, backend="spark", spark=spark)
    finally:
        spark.stop()
    assert ("r0", "cyr") in {(m.left, m.right) for m in found}
