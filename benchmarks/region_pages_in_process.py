"""The region's pages timed in one process, for a before-and-after or a size-against-size
comparison at the same load (issue 22), through Django's test client on the database of
DATABASE_URL, 10 requests each after a warm-up.

By default three pages (the suggested duplicates, the people list and its 20th page); with
REGION_PAGES=all every page of `region_pages.py`'s table (the API's as the lead, with a token
rotated for the run), and with REGION_REMINDERS=1 it then runs `noddfa reminders` once, timed
and its queries counted.

No gunicorn and no network, so the figures are each page's own cost, lower than
`region_pages.py`'s; compare them only with each other. To time older code, put its `src`
first on PYTHONPATH (e.g. `git archive <commit> src | tar -x -C /tmp/old`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/noddfa_region10k \\
    REGION_ACCOUNTS=/tmp/accounts.json nice .venv/bin/noddfa shell --no-imports \\
      -c "exec(open('benchmarks/region_pages_in_process.py').read())"
"""

import json
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

import noddfa
from noddfa.accounts.models import User

spec = json.load(open(os.environ["REGION_ACCOUNTS"]))  # noqa: SIM115
rounds = int(os.environ.get("REGION_ROUNDS", "10"))
print("code from", os.path.dirname(noddfa.__file__))
print(f"load average {os.getloadavg()[0]:.1f} at the start")
if os.environ.get("REGION_PAGES") == "all":
    sys.path.insert(0, str(Path("benchmarks").resolve()))
    sys.path.insert(0, str(Path("tests").resolve()))
    from region_pages import pages

    rows = pages(spec)
else:
    rows = [
        ("suggested duplicates (council team)", "council", "/people/duplicates/"),
        ("people list, no search (lead)", "lead", "/people/"),
        ("people list, page 20 (lead)", "lead", "/people/?page=20"),
    ]
clients: dict[str, Client] = {}
for name, account in spec["accounts"].items():
    user = User.objects.get(email=account["email"])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.filter(user=user).first().persistent_id
    session.save()
    clients[name] = client
if any(account == "api" for _label, account, _path in rows):
    out = StringIO()
    call_command("api_token", "--rotate", spec["accounts"]["lead"]["email"], stdout=out)
    clients["api"] = Client(
        HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}"
    )
for label, account, path in rows:
    client = clients[account]
    client.get(path, secure=True)  # warm-up
    # Counted by a wrapper: a request's start empties `connection.queries`.
    seen: list[str] = []

    def counted(execute, sql, params, many, context, seen=seen):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        response = client.get(path, secure=True)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path, secure=True)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"| {label} | {statistics.median(times):.0f} | {p95:.0f} | {len(seen)} | "
        f"{response.status_code} | {len(response.content) // 1024} KB |"
    )
if os.environ.get("REGION_REMINDERS") == "1":
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as jobs:
        call_command("reminders", stdout=StringIO())
    print(f"noddfa reminders: {time.perf_counter() - started:.2f} s, {len(jobs)} queries")
print(f"load average {os.getloadavg()[0]:.1f} at the end")
