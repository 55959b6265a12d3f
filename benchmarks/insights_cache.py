"""Insights from the shared cache (issue 22, ADR 27): the first and the warm view, in process.

On a database built by `benchmarks/region_data.py` (its `--accounts` file names the analyst):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/noddfa_region10k \\
      nice -n 10 .venv/bin/python benchmarks/insights_cache.py --accounts /tmp/accounts.json

Times, for the analyst's region and this year's concerns page:
- counting afresh, as every first view did before the cache (each measure, the disclosure
  control's own cache emptied first);
- the first view with nothing counted (the page waits for the count, up to its bound);
- the warm view (read from the cache), p50 and p95 of 20, and its queries;
- `noddfa insights --warm` from an empty cache, and again with everything counted;
- the first view after a change to the region's concerns (the versions replaced and the
  disclosure control's cache emptied, as a new concern would), and how long until the
  newer figures are there.
Runs with the development settings by default (the cache is the database's, as deployed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noddfa.config.settings.dev")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from noddfa.accounts.models import User
    from noddfa.insights import counted, versions
    from noddfa.insights.models import CacheEntry
    from noddfa.insights.permissions import areas_visible_to, regions_read
    from noddfa.insights.selectors import years_available
    from noddfa.insights.statistics import MEASURES, statistics_for

    spec = json.loads(args.accounts.read_text())
    analyst = User.objects.get(email=spec["accounts"]["analyst"]["email"])
    client = Client(HTTP_HOST="localhost")
    client.force_login(analyst)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.filter(user=analyst).first().persistent_id
    session.save()
    areas = areas_visible_to(analyst)
    year = timezone.localdate().year
    page = "/insights/concerns/"
    query: dict[str, str | int] = {"year": year, "area": ""}
    out: dict[str, object] = {"areas": areas, "year": year}

    def empty_cache() -> None:
        CacheEntry.objects.all().delete()

    def timed_view() -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page, query)
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed, len(queries), response.status_code

    afresh = {}
    for measure in MEASURES:
        empty_cache()
        started = time.perf_counter()
        statistics_for(measure, year, areas)
        afresh[measure] = round((time.perf_counter() - started) * 1000)
    out["counted afresh ms (before: every first view)"] = afresh

    empty_cache()
    ms, queries, status = timed_view()
    out["first view, nothing counted"] = {"ms": round(ms), "queries": queries, "status": status}

    warm = [timed_view() for _ in range(20)]
    times = sorted(ms for ms, _q, _s in warm)
    out["warm view"] = {
        "p50 ms": round(statistics.median(times)),
        "p95 ms": round(times[18]),
        "queries": warm[-1][1],
        "status": warm[-1][2],
    }

    empty_cache()
    started = time.perf_counter()
    done, kept = counted.warm(regions_read(), years_available())
    out["warm-up from empty"] = {
        "s": round(time.perf_counter() - started, 1),
        "counted": done,
        "regions": len(regions_read()),
    }
    started = time.perf_counter()
    done, kept = counted.warm(regions_read(), years_available())
    out["warm-up, all counted"] = {
        "s": round(time.perf_counter() - started, 2),
        "counted": done,
        "kept": kept,
    }

    # A change to this year's concerns in the region: new versions, and the disclosure
    # control's solves gone, so the count costs what a new concern's would.
    versions.replace([(versions.CONCERNS, area, year) for area in areas])
    CacheEntry.objects.filter(cache_key__contains="protect").delete()
    changed = time.perf_counter()
    ms, queries, status = timed_view()
    response = client.get(page, query)
    out["first view after a change"] = {
        "ms": round(ms),
        "status": status,
        "showed the last counted": "newer records are being counted" in response.text,
    }
    while "newer records are being counted" in client.get(page, query).text:
        time.sleep(0.2)
    out["newer figures shown after s"] = round(time.perf_counter() - changed, 1)
    print(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
