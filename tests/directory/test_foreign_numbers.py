"""Foreign helplines as a person in the UK can use them (issue 19).

A number the directory cannot confirm is never a tap-to-call link; a foreign number is shown
and dialled in international form (+40 ...), because that is what works from the UK; a
freephone or a short number that only works inside its country says so, in the page's
language.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from noddfa.directory.loader import load_directory
from noddfa.directory.models import Service
from noddfa.directory.phones import (
    AVAILABLE,
    FREEPHONE_IN_COUNTRY,
    IN_COUNTRY_ONLY,
    LOCAL_SHORT_CODE,
    UNCONFIRMED,
    dialling,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def directory() -> None:
    load_directory()


def _other_countries(client: Client, lang: str, country: str) -> str:
    response = client.get(f"/help/{lang}/other-countries/", {"country": country})
    assert response.status_code == 200
    return response.content.decode()


def test_a_uk_number_keeps_its_familiar_form_and_dials_its_international_one() -> None:
    way = dialling("0800 1111", "+448001111", "GB")
    assert (way.shown, way.href, way.availability) == ("0800 1111", "tel:+448001111", AVAILABLE)


def test_uk_short_codes_and_relay_numbers_are_dialled_as_shown() -> None:
    assert dialling("999", "", "GB").href == "tel:999"
    assert dialling("18001 101", "", "GB").href == "tel:18001101"
    assert dialling("84001", "", "GB", scheme="sms").href == "sms:84001"


def test_a_long_number_that_cannot_be_confirmed_is_never_a_link() -> None:
    way = dialling("0800 800 67", "", "RO")
    assert (way.href, way.availability) == ("", UNCONFIRMED)
    assert dialling("01234 5678 9", "", "GB").href == ""


def test_a_foreign_number_is_shown_and_dialled_in_international_form() -> None:
    way = dialling("+32 2 511 64 64", "+3225116464", "BE")
    assert (way.shown, way.href, way.availability) == (
        "+32 2 511 64 64",
        "tel:+3225116464",
        AVAILABLE,
    )


def test_a_foreign_freephone_says_it_may_only_work_inside_its_country() -> None:
    way = dialling("0800 186 76", "+35980018676", "BG")
    assert (way.shown, way.href, way.availability) == (
        "+359 800 18 676",
        "tel:+35980018676",
        FREEPHONE_IN_COUNTRY,
    )
    # The directory's "from outside the country" outranks the numbering plan.
    assert (
        dialling("0800 186 76", "+35980018676", "BG", for_calls_from_abroad=True).availability
        == AVAILABLE
    )


def test_a_foreign_number_the_plan_keeps_inside_the_country_says_so() -> None:
    assert dialling("+358 71 876 3170", "+358718763170", "FI").availability == IN_COUNTRY_ONLY


def test_a_foreign_short_code_is_never_a_link_from_the_uk() -> None:
    # 116 111 dialled on a UK phone reaches Childline, not the Bulgarian children's line.
    way = dialling("116 111", "", "BG")
    assert (way.href, way.availability) == ("", LOCAL_SHORT_CODE)


def test_every_foreign_number_in_the_directory_is_international_or_not_a_link() -> None:
    for service in Service.objects.exclude(country="GB").prefetch_related("phones"):
        for line in service.phone_lines:
            if line.href:
                assert re.fullmatch(r"tel:\+[0-9]{8,15}", line.href), (service.key, line.href)
                assert line.shown.startswith("+"), (service.key, line.shown)
            else:
                assert line.warning, (service.key, line.shown)


def test_romania_number_is_shown_as_printed_with_a_warning_and_no_link(client: Client) -> None:
    html = _other_countries(client, "en", "RO")
    assert "0800 800 67" in html
    assert "tel:080080067" not in html and 'href="tel:+40' not in html
    assert "Not confirmed: this number may be incomplete or out of date." in html


def test_the_warnings_are_in_welsh_on_the_welsh_page(client: Client) -> None:
    html = _other_countries(client, "cy", "RO")
    assert "Heb ei gadarnhau" in html
    assert "Not confirmed" not in html
    assert "Efallai fod y rhif yn anghyflawn yn y ffynhonnell" in html  # the entry's own warning
    bulgaria = _other_countries(client, "cy", "BG")
    assert 'href="tel:+35980018676"' in bulgaria and "+359 800 18 676" in bulgaria
    assert "Am ddim o ffôn yn y wlad ei hun" in bulgaria
    assert "Free to call" not in bulgaria


def test_greece_short_lines_are_not_links_and_the_line_for_calls_from_abroad_is(
    client: Client,
) -> None:
    html = _other_countries(client, "en", "GR")
    assert 'href="tel:1109"' not in html and 'href="tel:1107"' not in html
    assert "A short number: it only works from a phone in Greece." in html
    assert 'href="tel:+302310019880"' in html


def test_hungary_line_written_twice_in_the_source_is_listed_once_without_a_warning(
    client: Client,
) -> None:
    html = _other_countries(client, "en", "HU")
    assert html.count('href="tel:+3680205520"') == 1
    assert "may not work from the UK" not in html


def test_the_staff_directory_reads_each_service_once_for_its_numbers() -> None:
    service = Service.objects.prefetch_related("phones").get(key="ro_hotline")
    line = service.phone_lines[0]
    assert (line.shown, line.href) == ("0800 800 67", "")
    with CaptureQueriesContext(connection) as queries:
        lines = [s.phone_lines for s in Service.objects.prefetch_related("phones")]
    assert lines and len(queries) == 2  # services and their phones: the service is not re-read
