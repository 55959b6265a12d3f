"""Two of the region's pages timed in one process, for a before-and-after at the same load
(issue 22): the suggested duplicates (council team) and the people list (lead), through
Django's test client on the database of DATABASE_URL, 10 requests each after a warm-up.

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
import time

from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

import noddfa
from noddfa.accounts.models import User

spec = json.load(open(os.environ["REGION_ACCOUNTS"]))  # noqa: SIM115
rounds = int(os.environ.get("REGION_ROUNDS", "10"))
print("code from", os.path.dirname(noddfa.__file__))
for label, account, path in [
    ("suggested duplicates (council team)", "council", "/people/duplicates/"),
    ("people list, no search (lead)", "lead", "/people/"),
    ("people list, page 20 (lead)", "lead", "/people/?page=20"),
]:
    user = User.objects.get(email=spec["accounts"][account]["email"])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.filter(user=user).first().persistent_id
    session.save()
    client.get(path, secure=True)  # warm-up
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
    print(
        f"{label}: status {response.status_code}, {len(seen)} queries, "
        f"p50 {statistics.median(times):.0f} ms, max {max(times):.0f} ms, "
        f"{len(response.content) // 1024} KB"
    )
print(f"load average {os.getloadavg()[0]:.1f}")
