"""The figures kept in the shared cache are the figures counted afresh, and a new record
counts again only the figures that read it (issue 22, ADR 27)."""

from __future__ import annotations

import base64
import os
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.concerns.models import Concern
from noddfa.insights import counted, exports, versions
from noddfa.insights.disclosure import Hidden
from noddfa.insights.models import CacheEntry
from noddfa.insights.regions import areas_of
from noddfa.insights.statistics import MEASURES, statistics_for
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db

CWM_TAF = ("bridgend", "merthyr-tydfil", "rhondda-cynon-taf")
CARDIFF_AND_VALE = areas_of("cardiff-and-vale")
MakeConcern = Callable[..., Concern]
SignIn = Callable[[User], Client]


def _year() -> int:
    return timezone.localdate().year


_QUERY = {"year": str(_year()), "area": ""}


def _a_region_with_small_counts(concern_in: MakeConcern) -> None:
    # Enough to publish some counts and hide others, in both regions.
    for _ in range(7):
        concern_in("bridgend", sex="female", month=2)
    for _ in range(6):
        concern_in("merthyr-tydfil", sex="male", month=3)
    concern_in("rhondda-cynon-taf", sex="female", month=4, types=("sexual",))
    concern_in("rhondda-cynon-taf", sex="male", month=4, nationality="Albanian")
    for _ in range(5):
        concern_in("cardiff", sex="male", month=5)


@contextmanager
def _writes_committed(capture: Any) -> Iterator[None]:
    """Run the after-commit callbacks (the version changes) as a real commit would."""
    with capture(execute=True):
        yield


def test_cached_figures_are_the_figures_counted_afresh(concern_in: MakeConcern) -> None:
    _a_region_with_small_counts(concern_in)
    for measure in MEASURES:
        fresh = statistics_for(measure, _year(), CWM_TAF)
        first = counted.statistics(measure, _year(), CWM_TAF)  # counted, then kept
        again = counted.statistics(measure, _year(), CWM_TAF)  # read back from the cache
        for key in fresh.ledger.values:
            assert first.figure(key) == fresh.figure(key) == again.figure(key), key
        for area in (None, *CWM_TAF):
            assert exports.as_csv(again, area) == exports.as_csv(fresh, area)
    hidden = statistics_for("concerns", _year(), CWM_TAF).hidden
    assert Hidden.SMALL in hidden.values()  # the comparison covered hidden counts too


def test_the_cached_page_is_the_page_counted_afresh(
    sign_in: SignIn, analyst: User, concern_in: MakeConcern
) -> None:
    _a_region_with_small_counts(concern_in)
    client = sign_in(analyst)
    first = client.get("/insights/concerns/", _QUERY)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/insights/concerns/", _QUERY)
    assert first.status_code == again.status_code == 200
    # The page's figures, the same; only what each response makes anew (its nonce) differs.
    assert _main(first.content) == _main(again.content)
    # Read from the cache: nothing of the concerns themselves is read again.
    assert not [q for q in queries if "concerns_concern" in q["sql"]]
    assert "Counted at" in again.content.decode()


def _main(page: bytes) -> bytes:
    return page[page.index(b"<main") : page.index(b"</main>")]


def test_a_new_concern_counts_again_only_the_figures_that_read_it(
    concern_in: MakeConcern, django_capture_on_commit_callbacks: Any
) -> None:
    _a_region_with_small_counts(concern_in)
    year = _year()
    before = {
        "cwm taf concerns": counted.statistics("concerns", year, CWM_TAF),
        "cardiff concerns": counted.statistics("concerns", year, CARDIFF_AND_VALE),
        "cwm taf referrals": counted.statistics("referrals", year, CWM_TAF),
        "cwm taf last year": counted.statistics("concerns", year - 1, CWM_TAF),
    }
    versions_before = {
        "cwm taf": versions.version(("concerns",), CWM_TAF, year),
        "cardiff": versions.version(("concerns",), CARDIFF_AND_VALE, year),
    }

    with _writes_committed(django_capture_on_commit_callbacks):
        concern_in("bridgend", sex="female", month=6)

    assert versions.version(("concerns",), CWM_TAF, year) != versions_before["cwm taf"]
    assert versions.version(("concerns",), CARDIFF_AND_VALE, year) == versions_before["cardiff"]
    after = counted.statistics("concerns", year, CWM_TAF)
    # Counted again, with the new concern (whatever the disclosure control then hides).
    fresh = statistics_for("concerns", year, CWM_TAF)
    assert fresh.ledger.values[("area", "bridgend")] == 8
    assert all(after.figure(key) == fresh.figure(key) for key in fresh.ledger.values)
    assert after.as_of > before["cwm taf concerns"].as_of
    # Every figure that does not read it is the one kept, counted when it was.
    for name, area_year in (
        ("cardiff concerns", ("concerns", year, CARDIFF_AND_VALE)),
        ("cwm taf referrals", ("referrals", year, CWM_TAF)),
        ("cwm taf last year", ("concerns", year - 1, CWM_TAF)),
    ):
        kept = counted.statistics(*area_year)
        assert kept.as_of == before[name].as_of, name
        assert kept.fresh


def _as_counted_afresh(measure: str, year: int, areas: tuple[str, ...]) -> dict[Any, int]:
    """The cached figures, checked against counting afresh; the raw counts behind them."""
    cached = counted.statistics(measure, year, areas)
    fresh = statistics_for(measure, year, areas)
    assert all(cached.figure(key) == fresh.figure(key) for key in fresh.ledger.values)
    return fresh.ledger.values


def test_correcting_a_persons_sex_counts_their_concerns_again(
    concern_in: MakeConcern, django_capture_on_commit_callbacks: Any
) -> None:
    concerns = [concern_in("bridgend", sex="female") for _ in range(6)]
    assert _as_counted_afresh("concerns", _year(), CWM_TAF)[("sex", "bridgend", "female")] == 6

    person = Person.objects.get(pk=concerns[0].subject_id)
    person.sex = "male"
    with _writes_committed(django_capture_on_commit_callbacks):
        person.save(update_fields=["sex"])

    counts = _as_counted_afresh("concerns", _year(), CWM_TAF)
    assert counts[("sex", "bridgend", "female")] == 5
    assert counts[("sex", "bridgend", "male")] == 1


def test_saving_what_no_figure_reads_counts_nothing_again(
    concern_in: MakeConcern, django_capture_on_commit_callbacks: Any
) -> None:
    concern = concern_in("bridgend")
    version = versions.version(("concerns",), CWM_TAF, _year())
    person = Person.objects.get(pk=concern.subject_id)
    person.description = "Tall, dark coat."
    with _writes_committed(django_capture_on_commit_callbacks):
        person.save(update_fields=["description"])
    assert versions.version(("concerns",), CWM_TAF, _year()) == version


def _cached_values() -> list[Any]:
    # Read every row as the database cache stores it (base64 of a pickle), not through the
    # cache, so that nothing is missed by a key we did not think of.
    return [pickle.loads(base64.b64decode(row.value)) for row in CacheEntry.objects.all()]  # noqa: S301


def test_the_cache_holds_no_identifying_data_and_no_hidden_count(
    analyst: User, concern_in: MakeConcern, organisations: dict[str, Organisation]
) -> None:
    _a_region_with_small_counts(concern_in)
    recorder = UserFactory(organisation=organisations["rhondda-cynon-taf"])
    born = date(_year() - 16, 2, 29 if _year() % 4 == 0 else 28)
    person = Person.objects.create(
        organisation=organisations["rhondda-cynon-taf"],
        created_by=recorder,
        given_name="Gwenllian",
        family_name="Zakrzewska",
        date_of_birth=born,
        nationality="Ruritanian",
        sex="female",
        phone_numbers=["07700 900461"],
        postcode="CF37 1AA",
    )
    concern_in("rhondda-cynon-taf", person=person, month=7)
    call_command("insights", "--warm", stdout=open("/dev/null", "w"))  # noqa: SIM115

    values = _cached_values()
    assert values, "the warm-up kept nothing"
    text = repr(values) + repr(list(CacheEntry.objects.values_list("cache_key", flat=True)))
    for detail in (
        "Gwenllian",
        "Zakrzewska",
        "Ruritanian",
        "ruritanian",
        "07700",
        "CF37",
        str(person.pk),
        born.isoformat(),
        recorder.email,
    ):
        assert detail not in text, detail
    figures = [v["data"] for v in values if isinstance(v, dict) and "figures" in str(v)]
    statistics = [d for d in figures if isinstance(d, dict) and "figures" in d]
    assert statistics
    for data in statistics:
        for key, value, hidden in data["figures"]:
            if hidden is not None:
                assert value is None, key  # a hidden count is kept as why, never as a number


def test_warming_counts_each_figure_once_until_its_records_change(
    analyst: User, concern_in: MakeConcern, django_capture_on_commit_callbacks: Any
) -> None:
    concern_in("bridgend")
    out = _Out()
    call_command("insights", "--warm", stdout=out)
    # 5 measures + the time to decision for the region and its 3 areas, for 5 years.
    assert out.text.startswith("45 figures counted, 0 already counted, 1 regions")
    call_command("insights", "--warm", stdout=out.clear())
    assert out.text.startswith("0 figures counted, 45 already counted")

    with _writes_committed(django_capture_on_commit_callbacks):
        concern_in("merthyr-tydfil")
    call_command("insights", "--warm", stdout=out.clear())
    # This year's concerns and potential victims of the region, nothing else.
    assert out.text.startswith("2 figures counted, 43 already counted")

    call_command("insights", "--forget", "--warm", stdout=out.clear())
    assert "45 figures counted, 0 already counted" in out.text


def test_the_warm_up_counts_only_regions_an_analyst_reads(concern_in: MakeConcern) -> None:
    concern_in("bridgend")
    out = _Out()
    call_command("insights", "--warm", stdout=out)
    assert out.text.startswith("0 figures counted, 0 already counted, 0 regions")
    UserFactory(
        organisation=Organisation.objects.get(local_authority_area="bridgend"),
        role=Role.PARTNERSHIP_ANALYST,
        is_active=False,
    )
    call_command("insights", "--warm", stdout=out.clear())
    assert "0 regions" in out.text


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass

    def clear(self) -> _Out:
        self.text = ""
        return self


# The page's time bound. These need committed data: the counting thread has its own
# database connection, which sees only what was committed.


def _slow_counting(monkeypatch: pytest.MonkeyPatch, seconds: float) -> threading.Event:
    started = threading.Event()
    count = statistics_for

    def slow(*args: Any) -> Any:
        started.set()
        time.sleep(seconds)
        return count(*args)

    monkeypatch.setattr(counted, "statistics_for", slow)
    return started


def _until(check: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_shows_the_last_counted_figures_rather_than_wait_for_new_ones(
    concern_in: MakeConcern, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NODDFA_INSIGHTS_WAIT_SECONDS = 0.3
    for _ in range(6):
        concern_in("bridgend")
    first = counted.statistics("concerns", _year(), CWM_TAF)
    assert first.fresh

    concern_in("bridgend")  # committed: the versions change at once
    _slow_counting(monkeypatch, 2.0)
    started = time.monotonic()
    shown = counted.statistics("concerns", _year(), CWM_TAF)
    assert time.monotonic() - started < 1.5
    assert not shown.fresh
    assert shown.figures == first.figures and shown.as_of == first.as_of

    def newer() -> bool:
        return counted.statistics("concerns", _year(), CWM_TAF).fresh

    assert _until(newer)
    assert _as_counted_afresh("concerns", _year(), CWM_TAF)[("area", "bridgend")] == 7


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_figures_never_counted_are_not_waited_for_past_the_bound(
    concern_in: MakeConcern, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NODDFA_INSIGHTS_FIRST_WAIT_SECONDS = 0.3
    for _ in range(6):
        concern_in("bridgend")
    _slow_counting(monkeypatch, 2.0)
    started = time.monotonic()
    with pytest.raises(counted.NotReady):
        counted.statistics("concerns", _year(), CWM_TAF)
    assert time.monotonic() - started < 1.5

    def shown() -> bool:
        try:
            return counted.statistics("concerns", _year(), CWM_TAF).fresh
        except counted.NotReady:
            return False

    assert _until(shown)


def test_a_page_whose_figures_are_not_ready_says_so_and_when_to_come_back(
    sign_in: SignIn, analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_ready(*args: Any, **kwargs: Any) -> Any:
        raise counted.NotReady

    monkeypatch.setattr(counted, "statistics", not_ready)
    client = sign_in(analyst)
    for path in ("/insights/concerns/", "/insights/concerns/export.csv"):
        response = client.get(path, _QUERY)
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "being counted for the first time" in response.content.decode()


# Redis as the shared cache, where one answers (NODDFA_TEST_REDIS_URL, or the local default).


def _redis() -> Any:
    import redis

    url = os.environ.get("NODDFA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis answers at {url}")
    return client, url


def test_with_redis_as_the_shared_cache_the_figures_are_the_same_and_kept_there(
    concern_in: MakeConcern, settings: Any
) -> None:
    client, url = _redis()
    prefix = f"noddfa-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "insights": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    try:
        _a_region_with_small_counts(concern_in)
        fresh = statistics_for("concerns", _year(), CWM_TAF)
        counted.statistics("concerns", _year(), CWM_TAF)
        with CaptureQueriesContext(connection) as queries:
            again = counted.statistics("concerns", _year(), CWM_TAF)
        assert all(again.figure(key) == fresh.figure(key) for key in fresh.ledger.values)
        assert not [q for q in queries if "concerns_concern" in q["sql"]]
        kept = list(client.scan_iter(f"{prefix}:*"))
        assert kept  # in Redis, not in the database's table
        assert not CacheEntry.objects.exists()
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
