"""A Welsh region's worth of synthetic work, for the region-scale page benchmark (issue 22).

30 organisations in 5 local authority areas (in each: a police force, children's services,
adult services, a health board, a school and a charity), 2,000 staff, `--people` people with
their match keys, and, for every five people, one concern recorded over five years, most of
them reviewed by a lead, some shared with the area's children's services, some with their
referrals prepared, submitted and decided, some with a safety plan, a missing episode and
tasks. Everything is marked synthetic.

The first `--through-services` concerns (1,000) and their reviews, sharing, referrals and
casework go through the services, exactly as a person's clicks would; the rest are bulk
copies of those (benchmarks/region_bulk.py: the same rows the services wrote for a sample
concern of the same organisation and age band, with new keys, for a person with no concern
yet, and the sample's audit events appended to the chain for each copy in batches).
Organisations' staff and people go in in bulk (the services' bulk equivalent: the same rows,
the same match keys, one audit event each, appended to the chain in batches), so the audit
chain stays whole (`noddfa audit verify`). Afterwards the concerns and their reviews are
spread over the five years before today, and work on concerns older than two months is
finished, as it would have been.

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/region_data.py --people 10000

Runs with the settings of DJANGO_SETTINGS_MODULE (the development settings by default) on the
PostgreSQL database of DATABASE_URL, which should be a fresh, migrated one. `--accounts FILE`
writes the benchmark's sign-ins (password and one-time-code keys of a few synthetic accounts)
and the pages to open, for `benchmarks/region_pages.py`. A concern through the services costs
0.1 to 0.4 s on a 2-core machine (with the load), a copy about 10 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "synthetic region benchmark password 2026"  # noqa: S105  (synthetic accounts)
AREAS = ["cardiff", "swansea", "newport", "wrexham", "gwynedd"]
# (type, staff in each area, share of the area's people it holds)
KINDS = [
    ("police", 150, 0.26),
    ("la_childrens_services", 80, 0.20),
    ("la_adult_services", 50, 0.15),
    ("health_board", 60, 0.15),
    ("school", 30, 0.14),
    ("third_sector", 30, 0.10),
]
GIVEN = [
    "Anwen", "Bryn", "Cai", "Deio", "Elis", "Ffion", "Gwen", "Huw", "Iolo", "Lowri", "Minh",
    "Linh", "Arben", "Drita", "Yonas", "Selam", "Oksana", "Ionut", "Wei", "Chidi", "Amina",
    "Tomasz", "Ana", "Dawit", "Oleksandr", "Maria", "Tuan", "Hoa", "Bashir", "Nadia",
]  # fmt: skip
FAMILY = [
    "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Nguyen",
    "Tran", "Hoxha", "Berisha", "Tesfay", "Haile", "Kovalenko", "Popescu", "Nowak", "Zhang",
    "Okafor", "Ahmadi", "Morgan", "Griffiths", "Price", "Rees", "Pham", "Gashi", "Bondar",
]  # fmt: skip
NATIONALITIES = ["British", "Vietnamese", "Albanian", "Eritrean", "Romanian", "Ukrainian", ""]
FACTS = [
    {"action": ["recruitment"], "purpose": ["criminal"], "indicators": ["CTL-01"]},
    {"action": ["recruitment", "transportation"], "purpose": ["labour", "criminal"]},
    {"action": ["harbouring"], "purpose": ["sexual"], "means": ["deception"]},
    {"action": ["transportation"], "purpose": ["labour"], "means": ["threat"]},
    {"action": [], "purpose": ["domestic_servitude"]},
]


def _setup() -> None:
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noddfa.config.settings.dev")
    import django

    django.setup()


class Clock:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last = self.started

    def step(self, what: str) -> None:
        now = time.monotonic()
        print(f"  {what}: {now - self.last:.1f} s", flush=True)
        self.last = now


def _organisations() -> dict[str, list[Any]]:
    from noddfa.accounts.services import register_organisation

    by_area: dict[str, list[Any]] = {}
    for area in AREAS:
        made = []
        for kind, _staff, _share in KINDS:
            organisation, _ = register_organisation(
                name=f"{kind.replace('_', ' ').title()} {area.title()} (synthetic region)",
                organisation_type=kind,
                local_authority_area=area,
                is_synthetic=True,
            )
            made.append(organisation)
        by_area[area] = made
    return by_area


def _staff(by_area: dict[str, list[Any]]) -> dict[int, dict[str, list[Any]]]:
    """2,000 accounts, one password hash for all (hashing 2,000 passwords would take minutes
    and tests nothing); one audit event each."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from noddfa.accounts.models import Role, User
    from noddfa.audit.models import AuditAction
    from noddfa.audit.services import appended_together, record

    hashed = make_password(PASSWORD)
    staff: dict[int, dict[str, list[Any]]] = {}
    for area, organisations in by_area.items():
        for (kind, count, _share), organisation in zip(KINDS, organisations, strict=True):
            leads = max(2, count // 5)
            team_role = (
                Role.LA_SAFEGUARDING_TEAM if kind.startswith("la_") else Role.SAFEGUARDING_LEAD
            )
            users = [
                User(
                    email=f"{kind}-{area}-{n}@region.noddfa.example",
                    full_name=f"{GIVEN[n % len(GIVEN)]} {FAMILY[n % len(FAMILY)]} (synthetic)",
                    role=team_role if n < leads else Role.PRACTITIONER,
                    organisation=organisation,
                    password=hashed,
                    is_synthetic=True,
                )
                for n in range(count)
            ]
            if kind == "la_childrens_services":
                users.append(
                    User(
                        email=f"analyst-{area}@region.noddfa.example",
                        full_name=f"Analyst {area.title()} (synthetic)",
                        role=Role.PARTNERSHIP_ANALYST,
                        organisation=organisation,
                        password=hashed,
                        is_synthetic=True,
                    )
                )
            with transaction.atomic(), appended_together():
                User.objects.bulk_create(users)
                for user in users:
                    record(AuditAction.CREATE, target=user, detail={"event": "account_created"})
            roles: dict[str, list[Any]] = defaultdict(list)
            for user in users:
                roles[user.role].append(user)
            staff[organisation.pk] = roles
    return staff


def _people(
    by_area: dict[str, list[Any]],
    staff: dict[int, dict[str, list[Any]]],
    how_many: int,
    rng: random.Random,
) -> dict[int, list[Any]]:
    from django.db import transaction

    from noddfa.accounts.models import Role
    from noddfa.audit.models import AuditAction
    from noddfa.audit.services import appended_together, record
    from noddfa.people.match_keys import keys_of
    from noddfa.people.models import Person, PersonMatchKey, Sex

    people: dict[int, list[Any]] = defaultdict(list)
    today = date.today()
    plan: list[Any] = []
    for organisations in by_area.values():
        for (_kind, _staff, share), organisation in zip(KINDS, organisations, strict=True):
            plan += [organisation] * round(how_many * share / len(by_area))
    for start in range(0, len(plan), 2000):
        batch = []
        for organisation in plan[start : start + 2000]:
            recorder = rng.choice(staff[organisation.pk][Role.PRACTITIONER])
            age_days = rng.randrange(8 * 365, 60 * 365)
            batch.append(
                Person(
                    organisation=organisation,
                    created_by=recorder,
                    given_name=rng.choice(GIVEN),
                    family_name=rng.choice(FAMILY),
                    date_of_birth=today - timedelta(days=age_days) if rng.random() < 0.8 else None,
                    approximate_age=None,
                    sex=rng.choice([Sex.FEMALE, Sex.MALE, Sex.NOT_KNOWN]),
                    nationality=rng.choice(NATIONALITIES),
                    postcode=f"CF{rng.randrange(1, 99)} {rng.randrange(1, 9)}AB",
                    is_synthetic=True,
                )
            )
        with transaction.atomic(), appended_together():
            Person.objects.bulk_create(batch)
            PersonMatchKey.objects.bulk_create(
                PersonMatchKey(person=person, key=key)
                for person in batch
                for key in sorted(keys_of(person))
            )
            for person in batch:
                record(AuditAction.CREATE, actor=person.created_by, target=person)
        for person in batch:
            people[person.organisation_id].append(person)
    return people


def _concerns(
    by_area: dict[str, list[Any]],
    staff: dict[int, dict[str, list[Any]]],
    people: dict[int, list[Any]],
    how_many: int,
    rng: random.Random,
) -> list[Any]:
    from django.utils import timezone

    from noddfa.accounts.models import Role
    from noddfa.concerns.pathway_case import RecordedFacts
    from noddfa.concerns.services import ConcernReport, record_concern

    organisations = [o for area in by_area.values() for o in area]
    weights = [len(people[o.pk]) for o in organisations]
    made = []
    for n in range(how_many):
        organisation = rng.choices(organisations, weights)[0]
        subject = rng.choice(people[organisation.pk])
        recorder = rng.choice(staff[organisation.pk][Role.PRACTITIONER])
        facts = FACTS[n % len(FACTS)]
        made.append(
            record_concern(
                recorder,
                ConcernReport(
                    subject=subject,
                    observed_at=timezone.now() - timedelta(hours=rng.randrange(2, 48)),
                    observed_where=rng.choice(["School gate", "Car wash", "Bus station", "Farm"]),
                    immediate_danger="no",
                    account=(
                        "SYNTHETIC REGION BENCHMARK. Seen with a different adult each day; "
                        "new phone; says they owe money for the journey."
                    ),
                    facts=RecordedFacts(
                        action=facts.get("action", []),
                        purpose=facts.get("purpose", []),
                        means=facts.get("means", []),
                        indicators=facts.get("indicators", []),
                        missing_now=False,
                    ),
                ),
            )
        )
        if n and n % 500 == 0:
            print(f"    {n} concerns", flush=True)
    return made


def _team(staff: dict[int, dict[str, list[Any]]], organisation_id: int) -> list[Any]:
    from noddfa.accounts.models import Role

    roles = staff[organisation_id]
    return roles.get(Role.SAFEGUARDING_LEAD) or roles[Role.LA_SAFEGUARDING_TEAM]


def _follow_up(
    concerns: list[Any],
    by_area: dict[str, list[Any]],
    staff: dict[int, dict[str, list[Any]]],
    rng: random.Random,
    clock: Clock,
) -> None:
    """Reviews (3 in 4), sharing with the area's children's services (1 in 6), referrals
    (2 in 5) with a reply or a decision for half of those submitted, and casework (1 in 20)."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone

    from noddfa.casework.demo import add_demo_casework
    from noddfa.concerns.models import RiskLevel
    from noddfa.concerns.services import review_concern
    from noddfa.core.errors import Conflict
    from noddfa.people.models import LawfulBasis
    from noddfa.people.services import share_with_organisation
    from noddfa.referrals import services as referrals
    from noddfa.referrals.demo import add_demo_referrals
    from noddfa.referrals.models import Status

    area_of = {o.pk: area for area, organisations in by_area.items() for o in organisations}
    council = {area: organisations[1] for area, organisations in by_area.items()}
    police = {area: organisations[0] for area, organisations in by_area.items()}
    failures: dict[str, int] = defaultdict(int)
    refused = (PermissionDenied, ValidationError, Conflict, referrals.ReferralInvalid)
    for n, concern in enumerate(concerns):
        lead = rng.choice(_team(staff, concern.organisation_id))
        if rng.random() < 0.75:
            review_concern(
                lead,
                concern,
                risk_level=rng.choice(list(RiskLevel)),
                risk_reason="Synthetic review: indicators of exploitation",
                decision="Strategy discussion; referral where the pathway says (synthetic)",
            )
        if rng.random() < 1 / 6:
            area = area_of[concern.organisation_id]
            to = council[area]
            if to.pk == concern.organisation_id:
                to = police[area]
            try:
                share_with_organisation(
                    lead,
                    concern.subject,
                    to,
                    reason="Strategy discussion about possible exploitation (synthetic)",
                    lawful_basis=LawfulBasis.SAFEGUARDING,
                )
            except refused as error:
                failures[f"share: {type(error).__name__}"] += 1
        if rng.random() < 0.4:
            try:
                drafts = add_demo_referrals(concern, lead)
            except refused as error:
                failures[f"referral: {type(error).__name__}"] += 1
                drafts = []
            for draft in drafts[:1]:
                draft.refresh_from_db()
                if draft.status != Status.SUBMITTED or rng.random() < 0.5:
                    continue
                try:
                    if draft.kind in ("nrm_child", "nrm_adult"):
                        referrals.record_nrm_decision(
                            lead,
                            draft,
                            decision="reasonable_grounds",
                            outcome="positive",
                            decided_on=timezone.localdate(),
                        )
                    else:
                        referrals.record_response(
                            lead,
                            draft,
                            accepted=True,
                            reason="",
                            responded_at=timezone.now(),
                        )
                except refused as error:
                    failures[f"decision: {type(error).__name__}"] += 1
        if rng.random() < 0.05:
            try:
                add_demo_casework(concern.subject, lead)
            except refused as error:
                failures[f"casework: {type(error).__name__}"] += 1
        if n and n % 500 == 0:
            clock.step(f"    follow-up of {n} concerns")
    for failure, count in sorted(failures.items()):
        print(f"    refused by the services (kept as they decided): {failure} x {count}")


def _copies(
    concerns: list[Any],
    people: dict[int, list[Any]],
    how_many: int,
    rng: random.Random,
    clock: Clock,
) -> list[Any]:
    """The rest of the concerns, copied in bulk from those the services recorded (each copy
    the rows, keys and audit events of a sample concern of its organisation, for a person
    with no concern yet): see benchmarks/region_bulk.py."""
    from noddfa.concerns.models import Concern

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import region_bulk

    by_organisation = region_bulk.templates([concern.pk for concern in concerns])
    rows = sum(len(r) for ts in by_organisation.values() for t in ts for r in t.rows.values())
    clock.step(
        f"{sum(len(t) for t in by_organisation.values())} templates read ({rows} rows and "
        "their audit events)"
    )
    subjects = region_bulk.unused_people(
        people, Concern.objects.values_list("subject_id", flat=True)
    )

    def progress(done: int) -> None:
        if done % 2000 == 0:
            clock.step(f"    {done} copies")

    made = region_bulk.copy_concerns(how_many, by_organisation, subjects, rng, progress=progress)
    clock.step(f"{len(made)} concerns copied in bulk with their follow-up and audit events")
    return made


def _spread_over_five_years(concern_ids: list[Any], rng: random.Random) -> None:
    """Move each concern (and its review, alerts and pathway work) to a day in the five years
    before today; finish the work on concerns older than two months, as a team would have.
    A statement a thousand concerns (20,000 concerns: 40 statements, not 40,000)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from noddfa.casework.models import Task
    from noddfa.concerns.models import Alert, Concern, LeadReview

    now = timezone.now()
    concerns, reviews = Concern._meta.db_table, LeadReview._meta.db_table
    for start in range(0, len(concern_ids), 1000):
        chunk = concern_ids[start : start + 1000]
        with transaction.atomic(), connection.cursor() as cursor:
            old: list[Any] = []
            moves: list[tuple[Any, float]] = []
            for concern in chunk:
                back = timedelta(days=rng.randrange(0, 5 * 365), minutes=rng.randrange(1440))
                if back < timedelta(days=1):
                    continue
                moves.append((concern, back.total_seconds()))
                if back > timedelta(days=60):
                    old.append(concern)
            if moves:
                # A join on a list of (concern, seconds back), for concerns and their reviews.
                rows = ", ".join(["(%s, %s)"] * len(moves))
                values = [value for move in moves for value in (str(move[0]), move[1])]
                moved = f"(VALUES {rows}) AS moved(concern, back)"
                cursor.execute(
                    f"UPDATE {concerns} SET "  # noqa: S608  (table names from the models)
                    "recorded_at = recorded_at - make_interval(secs => moved.back::float), "
                    "observed_at = observed_at - make_interval(secs => moved.back::float) "
                    f"FROM {moved} WHERE {concerns}.id = moved.concern::uuid",
                    values,
                )
                cursor.execute(
                    f"UPDATE {reviews} SET reviewed_at = reviewed_at "  # noqa: S608
                    "- make_interval(secs => moved.back::float) + interval '2 days' "
                    f"FROM {moved} WHERE {reviews}.concern_id = moved.concern::uuid",
                    values,
                )
            Alert.objects.filter(concern__in=old, read_at__isnull=True).update(read_at=now)
            Task.objects.filter(pathway_action__concern__in=old, outcome="").update(
                outcome="done", finished_at=now
            )


def _batch_jobs() -> None:
    """The scheduled jobs on the new data, timed and their queries counted: `noddfa
    referral_deadlines` (the copies' open dates, after the spread moved them), `noddfa
    suggest_duplicates --full` (so the council team's page has its stored pairs) and `noddfa
    patterns` (so the pattern alerts page has alerts), then `noddfa reminders` twice (the
    first run reminds what the history left due; the second is what every later run costs)."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for command, *options in (
        ("referral_deadlines",),
        ("suggest_duplicates", "--full"),
        ("patterns",),
        ("reminders",),
        ("reminders",),
    ):
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            call_command(command, *options, stdout=StringIO())
        print(
            f"    noddfa {command}: {time.monotonic() - started:.2f} s, {len(queries)} queries",
            flush=True,
        )


def _bench_accounts(
    by_area: dict[str, list[Any]], staff: dict[int, dict[str, list[Any]]], path: Path
) -> None:
    """The accounts the page benchmark signs in as (with a one-time-code key each) and the
    pages it opens: the largest police force's lead and a practitioner, the children's
    services team and the analyst of the first area."""
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from noddfa.accounts.models import Role, User
    from noddfa.concerns.models import Concern
    from noddfa.people.models import Person

    area = AREAS[0]
    police, children = by_area[area][0], by_area[area][1]
    chosen = {
        "lead": staff[police.pk][Role.SAFEGUARDING_LEAD][0],
        "practitioner": staff[police.pk][Role.PRACTITIONER][0],
        "council": staff[children.pk][Role.LA_SAFEGUARDING_TEAM][0],
        "analyst": User.objects.get(email=f"analyst-{area}@region.noddfa.example"),
    }
    accounts = {}
    for name, user in chosen.items():
        key = secrets.token_hex(20)
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="app", confirmed=True, key=key)
        accounts[name] = {"email": user.email, "key": key}
    concern = (
        Concern.objects.filter(organisation=police)
        .annotate(n=Count("actions"))
        .order_by("-n", "pk")
        .first()
    )
    assert concern is not None
    person = (
        Person.objects.filter(organisation=police)
        .annotate(n=Count("concerns"))
        .order_by("-n", "pk")
        .first()
    )
    assert person is not None
    path.write_text(
        json.dumps(
            {
                "password": PASSWORD,
                "accounts": accounts,
                "concern": str(concern.pk),
                "person": str(person.pk),
                "search": person.family_name,
            },
            indent=2,
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000, help="people (10,000)")
    parser.add_argument(
        "--concerns", type=int, help="concerns (one for every five people unless given)"
    )
    parser.add_argument(
        "--through-services",
        type=int,
        default=1000,
        help="concerns recorded and followed up through the services (1,000); the rest are "
        "bulk copies of them (benchmarks/region_bulk.py)",
    )
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--accounts", type=Path, help="write the benchmark's sign-ins here")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from noddfa.audit.models import AuditEvent
    from noddfa.audit.services import verify_chain

    if connection.vendor == "postgresql":
        # Synthetic data a run can rebuild: no need to wait for each commit to reach the disk.
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    rng = random.Random(args.seed)
    clock = Clock()
    how_many = args.people // 5 if args.concerns is None else args.concerns
    print(f"region: {args.people} people, {how_many} concerns", flush=True)
    by_area = _organisations()
    clock.step("30 organisations")
    staff = _staff(by_area)
    clock.step(f"{sum(len(u) for r in staff.values() for u in r.values())} staff")
    people = _people(by_area, staff, args.people, rng)
    clock.step(f"{sum(len(p) for p in people.values())} people with their match keys")
    through_services = min(how_many, args.through_services)
    concerns = _concerns(by_area, staff, people, through_services, rng)
    clock.step(f"{len(concerns)} concerns through record_concern")
    _follow_up(concerns, by_area, staff, rng, clock)
    clock.step("reviews, sharing, referrals and decisions, casework")
    concern_ids = [concern.pk for concern in concerns]
    if how_many > through_services:
        concern_ids += _copies(concerns, people, how_many - through_services, rng, clock)
    _spread_over_five_years(concern_ids, rng)
    clock.step("concerns spread over five years")
    _batch_jobs()
    clock.step("batch jobs")
    if args.accounts:
        _bench_accounts(by_area, staff, args.accounts)
    report = verify_chain()
    clock.step(f"audit chain verified: {report.checked} events, intact {report.intact}")
    print(
        f"region: done in {time.monotonic() - clock.started:.0f} s; "
        f"{AuditEvent.objects.count()} audit events",
        flush=True,
    )
    return 0 if report.intact else 1


if __name__ == "__main__":
    sys.exit(main())
