"""Batch de-duplication through Splink: DuckDB by default, Apache Spark for national scale.

Records are normalised by Noddfa first (transliteration, particles, nicknames, sound
skeletons, E.164 phones), so Splink compares Latin forms of names written in any script.
The comparisons use only SQL functions that both DuckDB and Spark have built in
(Levenshtein, exact match), so the same model runs on a laptop and on a cluster without
Splink's Scala user-defined functions. Splink's model is trained without labels: u from
random pairs, m by expectation maximisation on two blocking rules.

Spark use (documented in docs/adr/0010-matching.md), from the command line:

    noddfa dedupe PEOPLE.csv --engine splink --backend spark [--spark-master URL]

or from Python:

    spark = spark_session("local[2]")
    pairs = dedupe_with_splink(records, backend="spark", spark=spark)
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Sequence
from typing import Any

from .names import skeleton
from .records import PersonRecord, prepare
from .scoring import DEFAULT_THRESHOLD, Match

ROW_COLUMNS = (
    "unique_id",
    "given",
    "family",
    "given_sound",
    "family_sound",
    "dob",
    "birth_year",
    "postcode",
    "phone",
    "address",
)


def splink_rows(records: Sequence[PersonRecord]) -> list[dict[str, Any]]:
    """Normalised rows; missing values are None so Splink treats them as "not known"."""
    rows: list[dict[str, Any]] = []
    for record in records:
        person = prepare(record)
        given = " ".join(sorted(person.given)) or None
        family = " ".join(sorted(person.family)) or None
        dob = person.date_of_birth
        rows.append(
            {
                "unique_id": record.id,
                "given": given,
                "family": family,
                "given_sound": skeleton(given.replace(" ", "")) if given else None,
                "family_sound": skeleton(family.replace(" ", "")) if family else None,
                "dob": dob.iso() if dob is not None and dob.is_full else None,
                "birth_year": str(person.birth_year) if person.birth_year else None,
                "postcode": person.postcode or None,
                "phone": person.phones[0] if person.phones else None,
                "address": person.address or None,
            }
        )
    return rows


# Two worker threads on the machine running the command: the default of `--backend spark`.
SPARK_LOCAL = "local[2]"
# A local run's data fits in a few partitions; Spark's default of 200 costs seconds of
# scheduling on a small file. A cluster keeps its own setting.
_LOCAL_SHUFFLE_PARTITIONS = "8"


def spark_problem() -> str | None:
    """Why Spark cannot start from this machine, in one line, or None when it can."""
    if importlib.util.find_spec("pyspark") is None:
        return "the Spark backend needs PySpark (pip install pyspark==4.0.5)"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (
        java_home and os.path.exists(os.path.join(java_home, "bin", "java"))
    ):
        return (
            "the Spark backend needs a Java 17 or 21 runtime "
            "(on Debian: apt-get install default-jre-headless, or run make setup as root)"
        )
    return None


def spark_session(master: str = SPARK_LOCAL) -> Any:
    """A SparkSession on `master` (`local[N]`, `spark://host:7077`, `yarn`, `k8s://...`).

    The driver runs here and needs Java; a cluster's own settings (spark-defaults.conf,
    among them `spark.checkpoint.dir` on storage every executor reaches) apply as usual.
    """
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName("noddfa dedupe")
        # No web UI on the operator's machine: nothing listens on a port it did not ask for.
        .config("spark.ui.enabled", "false")
        # Nor progress bars drawn over the command's messages on standard error.
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        builder = builder.config("spark.sql.shuffle.partitions", _LOCAL_SHUFFLE_PARTITIONS)
    spark = builder.getOrCreate()
    # Spark's own warnings would bury the command's few lines on standard error.
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# The names-only prediction rule (both sound keys, nothing else) makes pairs by the square
# of the file: 364 million of them for 1,000,000 records of our first population, where the
# other rules make about 155 million together (benchmarks/README.md). Past this many
# records it is left out, and a record pair must also share a year of birth, a date, a
# phone or a postcode to be compared.
NAMES_ONLY_RULE_RECORDS = 200_000
# Training reads every pair its blocking rules make, as prediction does. Past this many
# records the model's m and u are learned from a seeded sample of this size (enough to
# learn from, and a few seconds' work); the chance that two records match depends on the
# file's size, so it is estimated on the whole file.
TRAINING_RECORDS = 100_000
TRAINING_SEED = 6122026


def splink_settings(records: int = 0) -> Any:
    """Splink's model for a file of `records` records (the prediction rules depend on it)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def name(column: str) -> Any:
        return cl.CustomComparison(
            output_column_name=column,
            comparison_levels=[
                {
                    "sql_condition": f"{column}_l IS NULL OR {column}_r IS NULL",
                    "is_null_level": True,
                },
                {"sql_condition": f"{column}_l = {column}_r", "label_for_charts": "exact"},
                {
                    "sql_condition": f"{column}_sound_l = {column}_sound_r",
                    "label_for_charts": "sounds alike",
                },
                {
                    "sql_condition": f"levenshtein({column}_l, {column}_r) <= 2",
                    "label_for_charts": "two edits",
                },
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ],
        )

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            name("given"),
            name("family"),
            cl.LevenshteinAtThresholds("dob", [1, 2]),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("phone"),
            cl.LevenshteinAtThresholds("address", [3, 8]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_sound", "birth_year"),
            block_on("family_sound", "birth_year"),
            *(
                [block_on("given_sound", "family_sound")]
                if records <= NAMES_ONLY_RULE_RECORDS
                else []
            ),
            block_on("dob"),
            block_on("phone"),
            block_on("postcode", "family_sound"),
        ],
        retain_intermediate_calculation_columns=True,
    )


# The share of the machine's memory DuckDB may hold before it writes to disk. Its own default
# (80%) with Splink's frames beside it took a 2-core, 23 GiB machine to its last gigabyte on
# 1,000,000 records (benchmarks/README.md); past this DuckDB spills to a temporary folder.
DUCKDB_MEMORY_SHARE = 0.4


def duckdb_memory_limit(share: float = DUCKDB_MEMORY_SHARE) -> str:
    """DuckDB's memory limit for this machine, in MiB as its setting is written ("9216MiB")."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(int(total * share) // 2**20, 256)}MiB"


# ... and the share of the spill folder's free disk it may write there: its own default (90%)
# would leave a database on the same disk nowhere to write. Past both, the run stops with
# DuckDB's out-of-memory error instead of taking the machine's memory or disk.
DUCKDB_SPILL_SHARE = 0.5


def duckdb_spill_limit(spill: str, share: float = DUCKDB_SPILL_SHARE) -> str:
    """How much DuckDB may write to the folder `spill`, in MiB as its setting is written."""
    free = shutil.disk_usage(spill).free
    return f"{max(int(free * share) // 2**20, 256)}MiB"


def duckdb_connection(spill: str) -> Any:
    """An in-memory DuckDB that writes to the folder `spill` past `duckdb_memory_limit`, up to
    `duckdb_spill_limit`, rather than taking the machine's memory or disk from everything
    else on it."""
    import duckdb

    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": duckdb_memory_limit(),
        "temp_directory": spill,
        "max_temp_directory_size": duckdb_spill_limit(spill),
    }
    return duckdb.connect(":memory:", config=config)


def dedupe_with_splink(
    records: Sequence[PersonRecord],
    threshold: float = DEFAULT_THRESHOLD,
    backend: str = "duckdb",
    spark: Any = None,
) -> list[Match]:
    """Pairs Splink's model scores at or above the threshold, best first.

    Splink explains a pair by its comparison levels; the reasons here name the fields
    that agreed exactly.
    """
    import tempfile

    # DuckDB's spill folder lasts as long as the run.
    with tempfile.TemporaryDirectory(prefix="noddfa-duckdb-") as spill:
        return _dedupe(records, threshold, backend, spark, spill)


def _dedupe(
    records: Sequence[PersonRecord], threshold: float, backend: str, spark: Any, spill: str
) -> list[Match]:
    import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs
    from splink import Linker

    frame = pd.DataFrame(splink_rows(records), columns=list(ROW_COLUMNS))
    if backend == "spark":
        from splink.backends.spark import SparkAPI

        if spark is None:
            raise ValueError("the Spark backend needs a SparkSession")
        if spark.sparkContext.getCheckpointDir() is None:
            # Splink checkpoints to cut long query plans; a session may not have a place set.
            import tempfile

            spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="noddfa-spark-"))
        api: Any = SparkAPI(  # type: ignore[no-untyped-call]  # splink is partly annotated
            spark_session=spark, register_udfs_automatically=False
        )
        from pyspark.sql.types import StringType, StructField, StructType

        # Every column is text; an explicit schema keeps all-empty columns typed.
        schema = StructType([StructField(c, StringType(), True) for c in ROW_COLUMNS])
        table: Any = spark.createDataFrame(
            [tuple(row[c] for c in ROW_COLUMNS) for row in splink_rows(records)], schema
        )
        share = min(1.0, TRAINING_RECORDS / max(1, len(records)))
        sample: Any = table.sample(withReplacement=False, fraction=share, seed=TRAINING_SEED)
        # Its own API: Splink keeps the tables it makes by name in the one it is given, and
        # prediction must not find the sample's there.
        training_api: Any = SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=spark, register_udfs_automatically=False
        )
        training_connection: Any = None
    elif backend == "duckdb":
        from splink import DuckDBAPI

        api = DuckDBAPI(connection=duckdb_connection(spill))
        table = frame
        sample = frame.sample(n=min(TRAINING_RECORDS, len(frame)), random_state=TRAINING_SEED)
        training_connection = duckdb_connection(spill)
        training_api = DuckDBAPI(connection=training_connection)
    else:
        raise ValueError(f"unknown backend {backend!r}: use duckdb or spark")
    settings = splink_settings(len(records))
    if len(records) > TRAINING_RECORDS:
        trainer = Linker(sample, settings, training_api)
        _train(trainer)
        settings = trainer.misc.save_model_to_json()
        del trainer, training_api
        if training_connection is not None:
            training_connection.close()
        linker = Linker(table, settings, api)
        _estimate_match_chance(linker)
    else:
        linker = Linker(table, settings, api)
        _train(linker)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    found = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]  # splink, unannotated
    order = {record.id: index for index, record in enumerate(records)}
    matches: list[Match] = []
    for row in found.itertuples(index=False):
        left, right = str(row.unique_id_l), str(row.unique_id_r)
        if order[left] > order[right]:
            left, right = right, left
        reasons = tuple(
            reason
            for column, reason in (
                ("gamma_dob", "same_dob"),
                ("gamma_phone", "shared_phone"),
                ("gamma_postcode", "same_postcode"),
            )
            if getattr(row, column, None) == _top_level(column)
        )
        matches.append(Match(left, right, round(float(row.match_probability), 4), reasons))
    return sorted(matches, key=lambda m: (-m.score, m.left, m.right))


def _estimate_match_chance(linker: Any) -> None:
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob")], recall=0.7
    )


def _train(linker: Any) -> None:
    from splink import block_on

    _estimate_match_chance(linker)
    # Seeded, so that one file gives one model and one set of pairs from run to run.
    linker.training.estimate_u_using_random_sampling(max_pairs=200_000, seed=TRAINING_SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_sound", "family_sound")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))


def _top_level(column: str) -> int:
    # Exact agreement is the highest comparison level: 2 for ExactMatch, 3 for the
    # Levenshtein comparisons with two thresholds.
    return 3 if column == "gamma_dob" else 1
