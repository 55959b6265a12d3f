"""Load test: the production server on PostgreSQL under practitioners, leads and an API client.

Issue 16, item 14. One bounded run on 127.0.0.1:

1. drops and creates a PostgreSQL database of its own (`noddfa_load` by default), runs
   `collectstatic` and `migrate` with the production settings, loads `noddfa demo-data` and
   then synthetic load-test accounts and people (every one marked synthetic, every
   organisation's name says "(synthetic load test)");
2. starts gunicorn exactly as docs/operations.md gives it
   (`gunicorn --config deploy/gunicorn.conf.py noddfa.config.wsgi`, the production settings,
   the configuration's own number of workers: 2 x `nproc` + 1) on a free loopback port;
3. signs every account in with its password and a real one-time code, then for `--minutes`
   runs, each in a thread of its own (a closed loop with think time):
   - practitioners recording concerns through the real form: open "Record a concern" (about a
     person on their records, or a new person), GET the form, POST it with the CSRF token and
     the form's submission token, follow the redirect to the concern;
   - leads opening the review queue and then concerns from it;
   - one API client with a token: GET the people, tasks, referrals and directory lists and
     POST /api/v1/pathway;
4. reports requests a second, p50/p95/p99 per page and the errors, then counts the concerns in
   the database against the submissions the server confirmed (a redirect to the concern): every
   account typed carries a unique reference, so a confirmed one missing is lost and a
   reference found twice is duplicated.

Nothing here tunes the server: it runs with the settings and worker count an operator gets.
The load generator runs on the same machine as gunicorn and PostgreSQL (see the README for
what that means for the figures).

    .venv/bin/python benchmarks/load_test.py                # 3 minutes
    .venv/bin/python benchmarks/load_test.py --minutes 10   # the full run

PostgreSQL: the server of DATABASE_URL when it names one, else
postgres://postgres@127.0.0.1:5432 (as CI uses). Exit status 1 when any request failed or any
concern was lost or duplicated; the p95 target is reported, not enforced.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from http.client import HTTPResponse
from pathlib import Path
from typing import Any

import psycopg
from django_otp.oath import totp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from ops_support import free_port, noddfa  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
PASSWORD = "synthetic load test password 2026"  # noqa: S105  (synthetic accounts, thrown away)
MARK = "synthetic load test ref"
TARGET_SAVE_P95_MS = 300.0

# Synthetic accounts and people for the run. Run inside `noddfa shell` with the production
# settings; prints one JSON line: each account's email, role, TOTP key and people to choose.
SEED = """
import json, random, secrets
from datetime import date
from django_otp.plugins.otp_totp.models import TOTPDevice
from noddfa.accounts.models import Role
from noddfa.accounts.services import register_organisation, register_user
from noddfa.people.models import Person

spec = json.loads({spec!r})
rng = random.Random(16)
GIVEN = ["Anwen", "Bryn", "Cai", "Deio", "Elis", "Ffion", "Gwen", "Huw", "Iolo", "Lowri",
         "Minh", "Linh", "Arben", "Drita", "Yonas", "Selam", "Oksana", "Ionut", "Wei", "Chidi"]
FAMILY = ["Synthetig", "Prawf", "Llwyth", "Ffug", "Enghraifft"]
out = []
for o in range(spec["organisations"]):
    organisation, _ = register_organisation(
        name=f"Ysgol Llwyth {{o + 1}} (synthetic load test)", organisation_type="school",
        local_authority_area="cardiff", is_synthetic=True)
    members = []
    for role, count in ((Role.SAFEGUARDING_LEAD, spec["leads_per"]),
                        (Role.PRACTITIONER, spec["practitioners_per"])):
        for n in range(count):
            email = f"load-{{role}}-{{o + 1}}-{{n + 1}}@load.noddfa.example"
            user, _ = register_user(email=email, full_name=f"Load {{role}} {{o + 1}}.{{n + 1}}",
                role=role, organisation=organisation, password=spec["password"],
                is_synthetic=True)
            key = secrets.token_hex(20)
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name="app", confirmed=True, key=key)
            members.append({{"email": email, "role": str(role), "key": key, "user": user}})
    recorder = next(m["user"] for m in members if m["role"] == Role.PRACTITIONER)
    people = Person.objects.bulk_create([
        Person(organisation=organisation, created_by=recorder, is_synthetic=True,
               given_name=rng.choice(GIVEN), family_name=rng.choice(FAMILY) + str(i),
               date_of_birth=date(2010 + rng.randrange(5), rng.randrange(1, 13),
                                  rng.randrange(1, 29)),
               sex=rng.choice(["male", "female"]))
        for i in range(spec["people_per"])
    ])
    ids = [str(p.pk) for p in people]
    for m in members:
        m.pop("user")
        out.append({{**m, "people": ids}})
print(json.dumps(out))
"""


# --- a small browser -------------------------------------------------------------------


class _Page(HTMLParser):
    """The hidden fields a browser would send from the page's form, and the concern links."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields[str(a["name"])] = a.get("value") or ""
        href = a.get("href") or ""
        if tag == "a" and re.fullmatch(r"/concerns/[0-9a-f-]{36}/", href):
            self.links.append(href)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Sample:
    page: str
    ms: float
    ok: bool
    at: float


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    confirmed: set[str] = field(default_factory=set)  # references the server confirmed
    concern_ids: list[str] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample, failure: str | None = None) -> None:
        with self.lock:
            self.samples.append(sample)
            if failure:
                self.failures[f"{sample.page}: {failure}"] += 1


class Browser:
    """Cookies by hand, as in tests/core/test_production_server.py: the production cookies
    are Secure and __Host- prefixed; the proxy's HTTPS is simulated with X-Forwarded-Proto."""

    def __init__(self, base: str, results: Results, token: str | None = None) -> None:
        self.base = base
        self.results = results
        self.token = token
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(
        self,
        page: str,
        path: str,
        data: list[tuple[str, str]] | None = None,
        *,
        json_body: Any = None,
        expect: int = 200,
        record: bool = True,
    ) -> tuple[int, dict[str, str], str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": "https://" + self.base.removeprefix("http://"),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        started = time.perf_counter()
        status, answer, text, failure = 0, {}, "", None
        try:
            try:
                response: HTTPResponse = self.opener.open(request, timeout=60)
            except urllib.error.HTTPError as error:
                response = error  # type: ignore[assignment]
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            text = response.read().decode("utf-8", "replace")
            status, answer = response.status, dict(response.headers.items())
            if status != expect:
                failure = f"HTTP {status}"
        except OSError as error:  # refused, reset, timed out
            failure = type(error).__name__
        ms = (time.perf_counter() - started) * 1000
        if record:
            self.results.add(Sample(page, ms, failure is None, time.monotonic()), failure)
        return status, answer, text

    def sign_in(self, email: str, key: str) -> None:
        _, _, page = self.request("sign in", "/accounts/sign-in/", record=False)
        form = _parsed(page)
        fields = [*form.fields.items(), ("username", email), ("password", PASSWORD)]
        status, _, _ = self.request(
            "sign in", "/accounts/sign-in/", fields, expect=302, record=False
        )
        assert status == 302, "password refused"
        _, _, page = self.request("sign in", "/accounts/two-factor/", record=False)
        code = f"{totp(bytes.fromhex(key)):06d}"
        fields = [*_parsed(page).fields.items(), ("code", code)]
        status, _, _ = self.request(
            "sign in", "/accounts/two-factor/", fields, expect=302, record=False
        )
        assert status == 302, "one-time code refused"


def _parsed(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    return parsed


# --- the users ---------------------------------------------------------------------------


def _think(mean: float, rng: random.Random) -> None:
    if mean > 0:
        time.sleep(rng.uniform(0.5 * mean, 1.5 * mean))


def _answers(
    form: _Page, reference: str, new_person: bool, rng: random.Random
) -> list[tuple[str, str]]:
    observed = datetime.now(UTC) - timedelta(days=rng.randrange(1, 20), minutes=rng.randrange(600))
    answers: list[tuple[str, str]] = [
        *form.fields.items(),
        ("immediate_danger", "no"),
        ("observed_at", observed.strftime("%Y-%m-%dT%H:%M")),
        ("observed_where", rng.choice(["School gate", "Bus station", "Corridor", "Car park"])),
        (
            "account",
            "Synthetic load-test account: collected by a different adult each day, new phone, "
            f"seems tired. [{MARK} {reference}]",
        ),
        ("action", "recruitment"),
        ("purpose", "criminal"),
        ("indicators", "CTL-01"),
        ("at_risk_of_going_missing", "not_known"),
        ("missing_now", "no"),
        ("submit", ""),
    ]
    if new_person:
        answers += [("person-given_name", "Synthetig"), ("person-sex", "male")]
    return answers


def practitioner(browser: Browser, account: dict[str, Any], until: float, think: float) -> None:
    rng = random.Random(account["email"])
    results = browser.results
    while time.monotonic() < until:
        new_person = rng.random() < 0.25
        start = (
            "/concerns/new/"
            if new_person
            else f"/concerns/new/?person={rng.choice(account['people'])}"
        )
        status, headers, _ = browser.request("concern: open new", start, expect=302)
        if status != 302:
            _think(think, rng)
            continue
        draft = headers["Location"]
        status, _, page = browser.request("concern: form (GET)", draft)
        if status != 200:
            _think(think, rng)
            continue
        _think(think, rng)  # filling the form in
        reference = uuid.uuid4().hex
        answers = _answers(_parsed(page), reference, new_person, rng)
        status, headers, page = browser.request("concern: save (POST)", draft, answers, expect=302)
        location = headers.get("Location", "")
        if status == 302 and re.fullmatch(r"/concerns/[0-9a-f-]{36}/", location):
            with results.lock:
                results.confirmed.add(reference)
                results.concern_ids.append(location.split("/")[2])
            browser.request("concern: detail (after save)", location)
        elif status == 302:
            with results.lock:
                results.failures["concern: save (POST): redirected, not to a concern"] += 1
        _think(think, rng)


def lead(browser: Browser, account: dict[str, Any], until: float, think: float) -> None:
    rng = random.Random(account["email"])
    while time.monotonic() < until:
        status, _, page = browser.request("lead: review queue", "/concerns/review/")
        links = _parsed(page).links if status == 200 else []
        _think(think, rng)
        for link in rng.sample(links, min(2, len(links))):
            if time.monotonic() >= until:
                break
            browser.request("lead: concern", link)
            _think(think, rng)


def api_client(browser: Browser, until: float, think: float) -> None:
    rng = random.Random(14)
    case = {
        "jurisdiction": "wales",
        "person": {"age": 15},
        "elements": {"action": ["recruitment"], "purpose": ["criminal"]},
    }
    lists = ["people/", "tasks/", "referrals/", "directory/"]
    while time.monotonic() < until:
        for name in lists:
            browser.request(f"api: GET {name}", f"/api/v1/{name}")
            _think(think / 2, rng)
        browser.request("api: POST pathway", "/api/v1/pathway", json_body=case)
        _think(think / 2, rng)


# --- set-up, run, report ---------------------------------------------------------------


def _server_url() -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        return configured.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


def _fresh_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _drop_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _step(env: dict[str, str], *args: str) -> str:
    started = time.monotonic()
    done = noddfa(env, *args, timeout=900)
    if done.returncode != 0:
        sys.exit(f"load test: noddfa {args[0]} failed:\n{done.stderr[-3000:]}")
    print(f"  noddfa {args[0]}: {time.monotonic() - started:.1f} s", flush=True)
    return str(done.stdout)


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("load test: gunicorn stopped during start-up")
        try:
            request = urllib.request.Request(  # noqa: S310
                base + "/healthz", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("load test: gunicorn did not answer /healthz within 60 seconds")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _report(results: Results, seconds: float) -> dict[str, Any]:
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for s in results.samples:
        by_page[s.page].append(s)
    rows = {}
    for page in sorted(by_page):
        samples = by_page[page]
        ms = [s.ms for s in samples]
        rows[page] = {
            "requests": len(samples),
            "errors": sum(not s.ok for s in samples),
            "per_second": len(samples) / seconds,
            "p50_ms": _percentile(ms, 50),
            "p95_ms": _percentile(ms, 95),
            "p99_ms": _percentile(ms, 99),
            "max_ms": max(ms),
        }
    total = len(results.samples)
    every = [s.ms for s in results.samples]
    rows["all requests"] = {
        "requests": total,
        "errors": sum(not s.ok for s in results.samples),
        "per_second": total / seconds,
        "p50_ms": _percentile(every, 50),
        "p95_ms": _percentile(every, 95),
        "p99_ms": _percentile(every, 99),
        "max_ms": max(every) if every else float("nan"),
    }
    print("\n| page | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for page, r in rows.items():
        print(
            f"| {page} | {r['requests']} | {r['errors']} | {r['per_second']:.2f} | "
            f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['max_ms']:.0f} |"
        )
    for failure, count in sorted(results.failures.items()):
        print(f"  error: {failure} x {count}")
    return rows


COUNT = f"""
import json, re
from noddfa.concerns.models import Concern
accounts = Concern.objects.filter(account__contains={MARK!r}).values_list("account", flat=True)
refs = [re.search(r"\\[{MARK} ([0-9a-f]{{32}})\\]", a) for a in accounts]
print(json.dumps({{"total": Concern.objects.count(), "refs": [m.group(1) for m in refs if m]}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the run (3)")
    parser.add_argument("--practitioners", type=int, default=20)
    parser.add_argument("--leads", type=int, default=5, help="also the organisations (5)")
    parser.add_argument("--people", type=int, default=400, help="people per organisation")
    parser.add_argument(
        "--think", type=float, default=2.0, help="mean seconds between a user's steps (2.0)"
    )
    parser.add_argument("--database", default="noddfa_load")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and gunicorn log afterwards"
    )
    parser.add_argument("--json", type=Path, default=REPO / "var" / "load-test.json")
    args = parser.parse_args()
    if args.practitioners % args.leads:
        parser.error("--practitioners must be a multiple of --leads (one lead per organisation)")

    server_url = _server_url()
    print(f"load test: fresh database {args.database}", flush=True)
    _fresh_database(server_url, args.database)
    var_dir = Path(tempfile.mkdtemp(prefix="noddfa-load-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NODDFA_DEMO_MODE"}}
    env |= {
        "DATABASE_URL": f"{server_url}/{args.database}",
        "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.production",
        "NODDFA_SECRET_KEY": secrets.token_urlsafe(64),
        "NODDFA_AUDIT_KEY": secrets.token_urlsafe(48),
        "NODDFA_ALLOWED_HOSTS": "127.0.0.1",
        "NODDFA_BIND": f"127.0.0.1:{port}",
        "NODDFA_VAR_DIR": str(var_dir),
    }
    env.pop("NODDFA_WORKERS", None)  # the configuration's own count: 2 x nproc + 1
    _step(env, "collectstatic", "--no-input")
    _step(env, "migrate", "--no-input")
    _step(env, "demo-data")
    spec = {
        "organisations": args.leads,
        "leads_per": 1,
        "practitioners_per": args.practitioners // args.leads,
        "people_per": args.people,
        "password": PASSWORD,
    }
    seeded = _step(env, "shell", "--no-imports", "-c", SEED.format(spec=json.dumps(spec)))
    accounts: list[dict[str, Any]] = json.loads(seeded.strip().splitlines()[-1])
    api_user = next(a for a in accounts if a["role"] == "safeguarding_lead")["email"]
    token = _step(env, "api_token", api_user).strip()
    before = json.loads(_step(env, "shell", "--no-imports", "-c", COUNT).strip().splitlines()[-1])

    log_path = var_dir / "gunicorn.log"
    with log_path.open("wb") as log:
        gunicorn = subprocess.Popen(  # noqa: S603  (our own gunicorn, fixed arguments)
            [str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "noddfa.config.wsgi"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    results = Results()
    try:
        _wait_until_up(base, gunicorn)
        print(f"load test: gunicorn up on {base}; signing {len(accounts)} accounts in", flush=True)
        browsers = [(Browser(base, results), a) for a in accounts]
        for browser, account in browsers:
            browser.sign_in(account["email"], account["key"])
        load_before = os.getloadavg()
        print(
            f"load test: {args.practitioners} practitioners, {args.leads} leads, 1 API client "
            f"for {args.minutes:g} min; load average {load_before[0]:.2f}",
            flush=True,
        )
        started = time.monotonic()
        until = started + args.minutes * 60
        threads = [
            threading.Thread(
                target=practitioner if a["role"] == "practitioner" else lead,
                args=(b, a, until, args.think),
            )
            for b, a in browsers
        ]
        threads.append(
            threading.Thread(target=api_client, args=(Browser(base, results, token), until, 2.0))
        )
        for thread in threads:
            thread.start()
        load_during = []
        while any(t.is_alive() for t in threads):
            time.sleep(5)
            load_during.append(os.getloadavg()[0])
        seconds = time.monotonic() - started
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)

    print(
        f"\nload test: {seconds:.0f} s measured; load average (1 min) during the run "
        f"{min(load_during):.2f} to {max(load_during):.2f}"
    )
    rows = _report(results, seconds)
    after = json.loads(_step(env, "shell", "--no-imports", "-c", COUNT).strip().splitlines()[-1])
    refs: list[str] = after["refs"]
    counts: dict[str, int] = defaultdict(int)
    for ref in refs:
        counts[ref] += 1
    lost = sorted(results.confirmed - set(counts))
    duplicated = sorted(r for r, n in counts.items() if n > 1)
    unconfirmed = sorted(set(counts) - results.confirmed)
    saved = len(results.confirmed)
    print(
        f"\nconcerns: {saved} submissions confirmed by a redirect, {len(refs)} load-test "
        f"concerns in the database ({after['total'] - before['total']} new in all); "
        f"lost {len(lost)}, duplicated {len(duplicated)}, recorded but not confirmed "
        f"{len(unconfirmed)}; distinct concern ids confirmed {len(set(results.concern_ids))}"
    )
    server_errors = len(re.findall(rb'" 5\d\d ', log_path.read_bytes()))
    print(f"gunicorn access log: {server_errors} responses with a 5xx status")
    save = rows.get("concern: save (POST)", {})
    errors = rows["all requests"]["errors"]
    met = save.get("p95_ms", float("inf")) < TARGET_SAVE_P95_MS and errors == 0
    met = met and not lost and not duplicated
    slowest = max((p for p in rows if p != "all requests"), key=lambda p: rows[p]["p95_ms"])
    print(
        f"target (save p95 < {TARGET_SAVE_P95_MS:.0f} ms, zero errors, nothing lost or "
        f"duplicated): {'met' if met else 'MISSED'}; slowest page by p95: {slowest} "
        f"({rows[slowest]['p95_ms']:.0f} ms)"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "minutes": args.minutes,
                "seconds": seconds,
                "nproc": os.cpu_count(),
                "load_average_before": load_before,
                "load_average_during": [min(load_during), max(load_during)],
                "pages": rows,
                "confirmed": saved,
                "in_database": len(refs),
                "lost": len(lost),
                "duplicated": len(duplicated),
                "unconfirmed": len(unconfirmed),
                "server_errors": server_errors,
                "target_met": met,
            },
            indent=2,
        )
    )
    if not args.keep:
        _drop_database(server_url, args.database)
        shutil.rmtree(var_dir, ignore_errors=True)
    return 1 if errors or lost or duplicated or server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
