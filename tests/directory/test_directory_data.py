"""The directory holds every helpline of the seeds, each with its source, and its numbers hold."""

from __future__ import annotations

from pathlib import Path

import phonenumbers
import pytest
from django.utils import translation

from noddfa.directory.choices import COUNTRY_NAMES
from noddfa.directory.datafile import read_directory_file
from noddfa.directory.loader import load_directory
from noddfa.directory.models import PhoneNumber, Service
from noddfa.directory.phones import digits, e164_for, is_short_code

HERE = Path(__file__).resolve().parent
# The seed prints the UK helpline one digit short; the helpline's own number is this.
SEED_CORRECTIONS = {"United Kingdom: 08000 121 70": "08000 121 700"}


def _fixture_lines(name: str) -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture
def directory(db: None) -> None:
    # The data migration loads the directory; a transactional test elsewhere may have flushed it.
    load_directory()


def _code_for(country: str) -> str:
    with translation.override("en"):
        codes = [code for code, name in COUNTRY_NAMES.items() if str(name) == country]
    assert codes, f"no country code for the seed's {country!r}"
    return codes[0]


def test_the_directory_covers_every_country_of_the_seed(directory: None) -> None:
    seed_countries = {_code_for(name) for name in _fixture_lines("seed_countries.txt")}
    covered = set(Service.objects.filter(retired_at__isnull=True).values_list("country", flat=True))
    assert len(seed_countries) == 27
    assert seed_countries <= covered, sorted(seed_countries - covered)


def test_every_contact_of_the_seed_is_in_the_directory_with_the_seed_as_source(
    directory: None,
) -> None:
    for line in _fixture_lines("seed_numbers.txt"):
        country, printed = (part.strip() for part in line.split(":", 1))
        code = _code_for(country)
        services = Service.objects.filter(country=code, retired_at__isnull=True)
        if "@" in printed:
            service = services.get(email=printed)
        else:
            wanted = SEED_CORRECTIONS.get(line, printed).replace("(0)", "")
            e164 = e164_for(wanted, code)
            phone = next(
                (
                    phone
                    for phone in PhoneNumber.objects.filter(service__in=services)
                    if digits(phone.display) == digits(wanted) or (e164 and phone.e164 == e164)
                ),
                None,
            )
            assert phone is not None, f"{line} is not in the directory"
            service = phone.service
        assert "seed 003" in service.source, service.key


@pytest.mark.parametrize(
    ("key", "seed"),
    [
        ("police_emergency", "seed 000"),
        ("live_fear_free", "seed 000"),
        ("ictg_referral", "seed 002"),
        ("meic", "seed 002"),
        ("childline", "seed 002"),
        ("childrens_commissioner_wales", "seed 002"),
        ("bawso", "seeds 000 and 001"),
        ("modern_slavery_helpline", "seed 003"),
    ],
)
def test_the_services_named_in_the_welsh_seeds_are_there(
    directory: None, key: str, seed: str
) -> None:
    assert seed in Service.objects.get(key=key).source


def test_the_modern_slavery_helpline_has_its_full_number(directory: None) -> None:
    phone = Service.objects.get(key="modern_slavery_helpline").phones.get()
    assert (phone.display, phone.e164) == ("08000 121 700", "+448000121700")
    assert phone.href == "tel:+448000121700"


def test_every_entry_has_a_source_a_check_date_and_a_way_to_reach_it() -> None:
    entries = read_directory_file()
    assert len({entry.key for entry in entries}) == len(entries)
    for entry in entries:
        assert entry.source and entry.last_checked, entry.key
        assert entry.phones or entry.website or entry.email, entry.key
        assert entry.description_en and entry.name_en and entry.name_cy, entry.key


def test_every_international_form_is_a_valid_number_of_the_entry_country() -> None:
    for entry in read_directory_file():
        for phone in entry.phones:
            if not phone.e164:
                continue
            parsed = phonenumbers.parse(phone.e164, None)
            assert phonenumbers.is_valid_number(parsed), (entry.key, phone.display)
            assert phonenumbers.region_code_for_number(parsed) == entry.country, entry.key


def test_numbers_without_an_international_form_are_short_codes_or_unconfirmed() -> None:
    """Short codes are dialled as shown; a long number phonenumbers rejects must not pass as
    confirmed, so it can only sit in an entry marked as taken from the seeds or uncertain."""
    for entry in read_directory_file():
        for phone in entry.phones:
            if not phone.e164 and not is_short_code(phone.display):
                assert phone.label == "textphone" or entry.status in {"seed_only", "uncertain"}, (
                    entry.key,
                    phone.display,
                )


def test_short_codes_are_dialled_as_shown(directory: None) -> None:
    phone = Service.objects.get(key="police_emergency").phones.get()
    assert (phone.e164, phone.href) == ("", "tel:999")
    text = Service.objects.get(key="meic").phones.get(label="text")
    assert text.href == "sms:84001"
