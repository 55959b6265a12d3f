"""Online matching latency: one new record against 1,000,000 people in PostgreSQL.

    .venv/bin/python benchmarks/online_bench.py [PEOPLE] [--url postgres://...]

Loads the seeded multilingual population into its own database (once; later runs reuse
it), with blocking keys in the indexed `people_personmatchkey` table, then times
`noddfa.people.match_keys.likely_matches` (key lookup, candidate load, scoring) for new
records drawn from a population with a different seed.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_people import population

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/noddfa_matching_bench"


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def load(size: int) -> None:
    from bench_owner import synthetic_owner
    from django.db import connection

    from noddfa.matching import PersonRecord, blocking_keys, parse_partial_date, prepare

    organisation_id, user_id = synthetic_owner()
    people = io.StringIO()
    keys = io.StringIO()
    started = time.perf_counter()
    for row in population(size):
        pid = uuid.uuid4()
        phones = f'["{row.phone}"]' if row.phone else "[]"
        born = row.date_of_birth if row.date_of_birth.count("-") == 2 else ""
        fields = [
            str(pid),
            str(organisation_id),
            row.given_name,
            row.family_name,
            "[]",
            born or "\\N",
            "f",
            row.sex,
            row.nationality,
            "[]",
            "f",
            row.address,
            row.postcode,
            "",
            phones,
            "",
            "[]",
            "t",
            str(user_id),
            "2026-11-25 12:00:00+00",
        ]
        people.write("\t".join(f.replace("\t", " ") for f in fields) + "\n")
        record = PersonRecord(
            id=str(pid),
            given_name=row.given_name,
            family_name=row.family_name,
            date_of_birth=parse_partial_date(born),
            sex=row.sex,
            address=row.address,
            postcode=row.postcode,
            phone=row.phone,
        )
        for key in blocking_keys(prepare(record)):
            keys.write(f"{pid}\t{key}\n")
    print(
        f"generated {size:,} people and their keys in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    columns = (
        "id, organisation_id, given_name, family_name, aliases, date_of_birth, "
        "age_disputed, sex, nationality, languages, interpreter_needed, address, "
        "postcode, school_or_workplace, phone_numbers, description, "
        "vehicle_registrations, is_synthetic, created_by_id, created_at"
    )
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(f"COPY people_person ({columns}) FROM STDIN") as copy:
            copy.write(people.getvalue())
        with raw.cursor().copy("COPY people_personmatchkey (person_id, key) FROM STDIN") as copy:
            copy.write(keys.getvalue())
        cursor.execute("ANALYZE people_person")
        cursor.execute("ANALYZE people_personmatchkey")
    print(f"loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("people", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--queries", type=int, default=500)
    options = parser.parse_args()
    ensure_database(options.url)
    os.environ["DATABASE_URL"] = options.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noddfa.config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    from noddfa.matching import PersonRecord, parse_partial_date
    from noddfa.people.match_keys import likely_matches
    from noddfa.people.models import Person, PersonMatchKey

    call_command("migrate", verbosity=0)
    if Person.objects.count() < options.people:
        load(options.people - Person.objects.count())
    stored = Person.objects.count()
    key_rows = PersonMatchKey.objects.count()
    # Half the new records describe people already stored (so candidates and real
    # matches are found), half come from another seed (mostly nobody to find).
    drawn = [
        row
        for pair in zip(
            population(options.queries // 2 + 25),
            population(options.queries // 2 + 25, seed=7),
            strict=True,
        )
        for row in pair
    ]
    new = [
        PersonRecord(
            id=f"new{r.id}",
            given_name=r.given_name,
            family_name=r.family_name,
            date_of_birth=parse_partial_date(r.date_of_birth),
            sex=r.sex,
            address=r.address,
            postcode=r.postcode,
            phone=r.phone,
        )
        for r in drawn
    ]
    for record in new[:50]:  # warm the connection and the caches
        likely_matches(record, None)
    timings = []
    found = 0
    for record in new[50:]:
        started = time.perf_counter()
        found += len(likely_matches(record, None))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print("| People stored | Key rows | Queries | p50 | p95 | max | Suggestions returned |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {stored:,} | {key_rows:,} | {len(timings)} | {statistics.median(timings):.1f} ms "
        f"| {p95:.1f} ms | {timings[-1]:.1f} ms | {found:,} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
