"""A Welsh reader gets the directory in Welsh: a Welsh name where the service has one, a proper
name with no Welsh form marked as English, the sources and phone notes in Welsh (issue 19)."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
import yaml
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from noddfa.accounts.models import User
from noddfa.directory.datafile import DirectoryDataError, parse_directory, read_directory_file
from noddfa.directory.models import PhoneNumber, Service
from noddfa.directory.selectors import services_for_action

ONE_SERVICE: dict[str, Any] = {
    "key": "swansea_drop_in",
    "name": {"en": "Swansea drop-in", "cy": "Galw heibio Abertawe"},
    "country": "GB",
    "nation": "wales",
    "phones": [{"label": "main", "display": "01792 000000"}],
    "audiences": ["adults"],
    "needs": ["support"],
    "description": {"en": "A drop-in.", "cy": "Galw heibio."},
    "source": "Leaflet, 2026",
    "source_cy": "Taflen, 2026",
    "status": "verified",
    "last_checked": datetime.date(2026, 11, 25),
}


def _parse(**changes: Any) -> None:
    raw = copy.deepcopy(ONE_SERVICE)
    raw.update(changes)
    parse_directory({"services": [raw]})


def test_every_entry_of_the_data_file_gives_its_source_in_welsh() -> None:
    entries = read_directory_file()
    assert all(entry.source_cy for entry in entries)
    noted = [phone for entry in entries for phone in entry.phones if phone.note]
    assert noted and all(phone.note_cy for phone in noted)


def test_an_entry_without_its_source_in_welsh_does_not_load() -> None:
    _parse()
    raw = copy.deepcopy(ONE_SERVICE)
    del raw["source_cy"]
    with pytest.raises(DirectoryDataError, match="source_cy"):
        parse_directory({"services": [raw]})


def test_a_phone_note_without_its_welsh_does_not_load() -> None:
    _parse(phones=[{"display": "01792 000000", "note": "Reception", "note_cy": "Derbynfa"}])
    with pytest.raises(DirectoryDataError, match="note_cy"):
        _parse(phones=[{"display": "01792 000000", "note": "Reception"}])


def test_the_data_file_keeps_english_names_only_for_proper_names() -> None:
    # Descriptive words beside a name ("referral line", "national hotline") get Welsh; what
    # stays English word for word is a name, and the page marks it so.
    text = resources.files("noddfa.directory.data").joinpath("services.yaml").read_text("utf-8")
    names = {entry["key"]: entry["name"] for entry in yaml.safe_load(text)["services"]}
    same = {key for key, name in names.items() if name.get("cy", name["en"]) == name["en"]}
    assert "salvation_army_msvcc" not in same
    assert "ro_hotline" not in same
    assert {"glaa", "childline", "bawso"} <= same


@pytest.mark.django_db
def test_a_name_with_no_welsh_form_is_english_on_a_welsh_page() -> None:
    with translation.override("cy"):
        glaa = Service.objects.get(key="glaa")
        assert (glaa.name.text, glaa.name.lang) == (glaa.name_en, "en")
        army = Service.objects.get(key="salvation_army_msvcc")
        assert army.name.lang == "cy"
        assert army.name.text.startswith("Byddin yr Iachawdwriaeth")
    with translation.override("en"):
        assert Service.objects.get(key="salvation_army_msvcc").name.lang == "en"


@pytest.mark.django_db
def test_a_new_database_has_the_welsh_sources_and_notes() -> None:
    # The data migrations (0002 and 0004) put them there: no load of the file is needed.
    assert not Service.objects.filter(from_data_file=True, source_cy="").exists()
    note = PhoneNumber.objects.get(service__key="bawso", label="head_office")
    assert note.note_cy.startswith("prif swyddfa Caerdydd")
    with translation.override("cy"):
        bawso = Service.objects.get(key="bawso")
        assert bawso.cited_source.lang == "cy"
        assert bawso.phone_lines[-1].note.lang == "cy"
        assert Service.objects.get(key="fr_ac_se").description.lang == "cy"


@pytest.mark.django_db
def test_the_action_list_gives_each_name_its_own_language_and_no_verb() -> None:
    with translation.override("cy"):
        html = render_to_string(
            "directory/_for_action.html",
            {"services": services_for_action("SUPPORT_REFERRAL", "wales")},
        )
    assert '<span lang="en">Bawso</span>' in html
    assert '<span lang="cy">Byddin yr Iachawdwriaeth' in html
    assert "Ffoniwch" not in html and "Call" not in html


@pytest.mark.django_db
def test_a_system_admin_reading_welsh_gets_change_links_whose_names_say_their_language(
    system_admin: User, sign_in: Callable[[User], Client]
) -> None:
    client = sign_in(system_admin)
    client.cookies["django_language"] = "cy"
    page = client.get("/directory/").content.decode().replace("&#x27;", "'")
    # "Newid Police and emergency services" was English glued onto a Welsh verb.
    assert (
        'Newid<span class="govuk-visually-hidden" lang="cy"> Yr heddlu a’r gwasanaethau brys'
        in page
    )
    assert (
        'Newid<span class="govuk-visually-hidden" lang="en"> Gangmasters and Labour Abuse' in page
    )
    assert "Police and emergency services" not in page


@pytest.mark.django_db
def test_a_number_without_a_note_shows_no_empty_note() -> None:
    with translation.override("cy"):
        html = render_to_string(
            "directory/_service_card.html", {"service": Service.objects.get(key="childline")}
        )
    assert '<br><span class="govuk-body-s" lang="en"></span>' not in html
    assert '<br><span class="govuk-body-s" lang="cy"></span>' not in html
