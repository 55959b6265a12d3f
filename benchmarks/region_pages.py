"""The pages a region opens every morning, timed at a region's size (issue 22).

1. Builds the data with `benchmarks/region_data.py --people N` on a fresh PostgreSQL database
   of its own (`noddfa_region` by default), migrated with the production settings; or, with
   `--reuse`, uses a database that generator already filled (its `--accounts` file and the
   audit key it was made with).
2. Starts gunicorn as docs/operations.md gives it (`gunicorn --config deploy/gunicorn.conf.py
   noddfa.config.wsgi`, the production settings) with 2 workers, as the issue measured.
3. Signs the generator's accounts in (password and a real one-time code) and opens each page
   of the issue's table: after one warm-up request, `--rounds` times by one user, then the same
   by 8 users at once (each in a thread with a session of its own, no think time).
4. Counts each page's database queries once, in process (Django's test client, the same code
   and database), and checks the audit chain afterwards (`noddfa audit verify`).

    .venv/bin/python benchmarks/region_pages.py --people 10000
    .venv/bin/python benchmarks/region_pages.py --reuse --database noddfa_h5_region10k \\
        --accounts /tmp/accounts.json --audit-key KEY

Prints a table (p50/p95 for 1 and 8 users, queries, size) and writes it as JSON. The load
generator shares the machine with gunicorn and PostgreSQL; figures are indicative.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from django_otp.oath import totp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))

from load_test import (  # noqa: E402
    GUNICORN,
    Browser,
    Results,
    _drop_database,
    _fresh_database,
    _parsed,
    _percentile,
    _server_url,
    _wait_until_up,
)

from ops_support import free_port, noddfa  # noqa: E402

SYNTHETIC_AUDIT_KEY = "synthetic region benchmark audit key, never for real records"


def pages(targets: dict[str, str]) -> list[tuple[str, str, str]]:
    """(page, account, path) for each row of the issue's table."""
    person, concern = targets["person"], targets["concern"]
    return [
        ("referral deadlines list (lead)", "lead", "/referrals/deadlines/"),
        ("people list, no search (lead)", "lead", "/people/"),
        ("review queue (lead)", "lead", "/concerns/review/"),
        ("home (lead)", "lead", "/"),
        ("insights, concerns (analyst)", "analyst", "/insights/concerns/"),
        ("concern page (lead)", "lead", f"/concerns/{concern}/"),
        ("chronology (lead)", "lead", f"/concerns/people/{person}/chronology/"),
        ("chronology PDF (lead)", "lead", f"/concerns/people/{person}/chronology.pdf"),
        ("suggested duplicates (council team)", "council", "/people/duplicates/"),
        ("home (practitioner)", "practitioner", "/"),
        ("my tasks (lead)", "lead", "/casework/tasks/"),
        ("pattern alerts (council team)", "council", "/casework/patterns/"),
        ("person page (lead)", "lead", f"/people/{person}/"),
        ("people search (lead)", "lead", f"/people/?q={targets['search']}"),
        ("API people list (lead)", "api", "/api/v1/people/"),
        ("API referrals list (lead)", "api", "/api/v1/referrals/"),
        ("API tasks list (lead)", "api", "/api/v1/tasks/"),
    ]


# Counts each page's queries in process: run by `noddfa shell` with the same database.
COUNT_QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice
from noddfa.accounts.models import User

spec = json.loads({spec!r})
clients = {{}}
for name, email in spec["accounts"].items():
    user = User.objects.get(email=email)
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.filter(user=user).first().persistent_id
    session.save()
    clients[name] = client
clients["api"] = Client(HTTP_X_FORWARDED_PROTO="https",
                        HTTP_AUTHORIZATION=f"Token {{spec['token']}}")
out = {{}}
for page, account, path in spec["pages"]:
    with CaptureQueriesContext(connection) as queries:
        response = clients[account].get(path, secure=True)
    out[page] = {{"queries": len(queries), "status": response.status_code}}
print(json.dumps(out))
"""


def _step(env: dict[str, str], *args: str, timeout: int = 7200) -> str:
    started = time.monotonic()
    done = noddfa(env, *args, timeout=timeout)
    if done.returncode != 0:
        sys.exit(f"region pages: noddfa {args[0]} failed:\n{done.stderr[-3000:]}")
    print(f"  noddfa {args[0]}: {time.monotonic() - started:.1f} s", flush=True)
    return str(done.stdout)


def _sign_in(browser: Browser, email: str, key: str, password: str) -> None:
    _, _, page = browser.request("sign in", "/accounts/sign-in/", record=False)
    fields = [*_parsed(page).fields.items(), ("username", email), ("password", password)]
    status, _, _ = browser.request(
        "sign in", "/accounts/sign-in/", fields, expect=302, record=False
    )
    assert status == 302, f"password refused for {email}"
    _, _, page = browser.request("sign in", "/accounts/two-factor/", record=False)
    fields = [*_parsed(page).fields.items(), ("code", f"{totp(bytes.fromhex(key)):06d}")]
    status, _, _ = browser.request(
        "sign in", "/accounts/two-factor/", fields, expect=302, record=False
    )
    assert status == 302, f"one-time code refused for {email}"


def _sessions(base: str, spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each account signed in once: a one-time code is accepted once, so every simulated user
    of an account shares its session (the pages read, they do not change the session)."""
    cookies = {}
    for name, account in spec["accounts"].items():
        browser = Browser(base, Results())
        _sign_in(browser, account["email"], account["key"], spec["password"])
        cookies[name] = dict(browser.cookies)
    return cookies


def _browsers(
    base: str, results: Results, cookies: dict[str, dict[str, str]], token: str
) -> dict[str, Browser]:
    browsers = {"api": Browser(base, results, token)}
    for name, jar in cookies.items():
        browser = Browser(base, results)
        browser.cookies = dict(jar)
        browsers[name] = browser
    return browsers


def _walk(browsers: dict[str, Browser], rows: list[tuple[str, str, str]], rounds: int) -> None:
    for _ in range(rounds):
        for page, account, path in rows:
            browsers[account].request(page, path)


def _measure(
    base: str, spec: dict[str, Any], token: str, rows: list[tuple[str, str, str]], args: Any
) -> dict[str, dict[str, Any]]:
    # One warm-up pass (each worker's first request loads the code and the caches).
    cookies = _sessions(base, spec)
    warm = Results()
    _walk(_browsers(base, warm, cookies, token), rows, 1)
    sizes = {}
    one = Results()
    single = _browsers(base, one, cookies, token)
    for page, account, path in rows:
        _, _, body = single[account].request(page, path, record=False)
        sizes[page] = len(body.encode())
    _walk(single, rows, args.rounds)
    many = Results()
    users = [_browsers(base, many, cookies, token) for _ in range(args.users)]
    threads = [
        threading.Thread(target=_walk, args=(browsers, rows, args.rounds)) for browsers in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    table: dict[str, dict[str, Any]] = {}
    for label, results in (("1", one), (str(args.users), many)):
        by_page: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        for sample in results.samples:
            by_page[sample.page].append(sample.ms)
            errors[sample.page] += not sample.ok
        for page, _account, _path in rows:
            row = table.setdefault(page, {"bytes": sizes[page]})
            row[f"p50_{label}"] = _percentile(by_page[page], 50)
            row[f"p95_{label}"] = _percentile(by_page[page], 95)
            row[f"errors_{label}"] = errors[page]
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database", default="noddfa_region")
    parser.add_argument("--reuse", action="store_true", help="use --database as it is")
    parser.add_argument("--accounts", type=Path, help="the generator's accounts file")
    parser.add_argument("--audit-key", default=SYNTHETIC_AUDIT_KEY)
    parser.add_argument("--rounds", type=int, default=10, help="requests per page per user")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="only the pages whose name contains TEXT (repeatable), e.g. --only duplicates",
    )
    parser.add_argument("--json", type=Path, default=REPO / "var" / "region-pages.json")
    args = parser.parse_args()

    server_url = _server_url()
    var_dir = Path(tempfile.mkdtemp(prefix="noddfa-region-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NODDFA_DEMO_MODE"}}
    env |= {
        "DATABASE_URL": f"{server_url}/{args.database}",
        "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.production",
        "NODDFA_SECRET_KEY": secrets.token_urlsafe(64),
        "NODDFA_AUDIT_KEY": args.audit_key,
        "NODDFA_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "NODDFA_BIND": f"127.0.0.1:{port}",
        "NODDFA_VAR_DIR": str(var_dir),
        "NODDFA_WORKERS": "2",
    }
    accounts_file = args.accounts or var_dir / "accounts.json"
    if not args.reuse:
        print(f"region pages: fresh database {args.database}", flush=True)
        _fresh_database(server_url, args.database)
    _step(env, "migrate", "--no-input")  # a reused database may lack a newer migration
    if not args.reuse:
        started = time.monotonic()
        subprocess.run(  # noqa: S603  (our own generator, fixed arguments)
            [
                sys.executable,
                str(REPO / "benchmarks" / "region_data.py"),
                "--people",
                str(args.people),
                "--accounts",
                str(accounts_file),
            ],
            env=env,
            check=True,
        )
        print(f"  region_data: {time.monotonic() - started:.0f} s", flush=True)
    _step(env, "collectstatic", "--no-input")
    spec = json.loads(accounts_file.read_text())
    token = _step(env, "api_token", "--rotate", spec["accounts"]["lead"]["email"]).strip()
    rows = [row for row in pages(spec) if not args.only or any(t in row[0] for t in args.only)]
    count_spec = {
        "accounts": {name: a["email"] for name, a in spec["accounts"].items()},
        "pages": rows,
        "token": token,
    }
    counted = json.loads(
        _step(env, "shell", "--no-imports", "-c", COUNT_QUERIES.format(spec=json.dumps(count_spec)))
        .strip()
        .splitlines()[-1]
    )

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
    try:
        _wait_until_up(base, gunicorn)
        load_before = os.getloadavg()[0]
        table = _measure(base, spec, token, rows, args)
        load_after = os.getloadavg()[0]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)
    verified = noddfa(env, "audit", "verify", timeout=3600)
    n = str(args.users)
    print(f"\nregion pages: load average {load_before:.1f} before, {load_after:.1f} after")
    print(f"\n| page | 1 user p50 ms | p95 | {n} users p50 | p95 | queries | KB | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for page, row in table.items():
        row |= counted.get(page, {})
        print(
            f"| {page} | {row['p50_1']:.0f} | {row['p95_1']:.0f} | {row[f'p50_{n}']:.0f} | "
            f"{row[f'p95_{n}']:.0f} | {row.get('queries', '?')} | {row['bytes'] / 1024:.0f} | "
            f"{row['errors_1'] + row[f'errors_{n}']} |"
        )
        if row.get("status") != 200:
            print(f"  ({page}: the in-process request answered {row.get('status')})")
    print(f"\nnoddfa audit verify: {verified.stdout.strip() or verified.stderr.strip()}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "people": args.people,
                "nproc": os.cpu_count(),
                "load_average": [load_before, load_after],
                "pages": table,
                "audit_verify": verified.returncode,
            },
            indent=2,
        )
    )
    if not args.keep and not args.reuse:
        _drop_database(server_url, args.database)
    shutil.rmtree(var_dir, ignore_errors=True)
    errors = sum(row["errors_1"] + row[f"errors_{n}"] for row in table.values())
    return 1 if errors or verified.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
