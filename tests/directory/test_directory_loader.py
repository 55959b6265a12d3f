"""Loading the data file: idempotent, audited, and never over an administrator's entry."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.management import call_command

from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.directory.datafile import read_directory_file
from noddfa.directory.loader import AUDIT_SOURCE, load_directory
from noddfa.directory.models import Service
from noddfa.directory.services import ServiceDetails, add_service, change_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def directory() -> None:
    load_directory()


def _directory_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="directory.service"))


def test_loading_twice_changes_nothing() -> None:
    before = _directory_events()
    report = load_directory()
    assert not report.changed_anything
    assert _directory_events() == before
    call_command("load_directory")
    assert _directory_events() == before


def test_a_changed_entry_is_updated_and_audited_without_an_actor() -> None:
    entries = read_directory_file()
    entries = [
        dataclasses.replace(entry, hours_en="9am to 5pm") if entry.key == "meic" else entry
        for entry in entries
    ]
    report = load_directory(entries)
    assert report.updated == ["meic"]
    assert Service.objects.get(key="meic").hours_en == "9am to 5pm"
    meic = Service.objects.get(key="meic")
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, object_id=str(meic.pk))
    assert event.actor is None
    assert event.detail["source"] == AUDIT_SOURCE
    assert event.detail["changed"] == ["hours_en"]


def test_an_entry_gone_from_the_file_is_retired_not_deleted() -> None:
    entries = [entry for entry in read_directory_file() if entry.key != "crimestoppers"]
    report = load_directory(entries)
    assert report.retired == ["crimestoppers"]
    service = Service.objects.get(key="crimestoppers")
    assert service.retired_at is not None
    load_directory()
    assert Service.objects.get(key="crimestoppers").retired_at is None


def test_the_loader_leaves_entries_an_administrator_added_or_edited(
    system_admin: object,
) -> None:
    mine = add_service(
        system_admin,  # type: ignore[arg-type]
        "cardiff_drop_in",
        ServiceDetails(
            name_en="Cardiff drop-in",
            country="GB",
            nation="wales",
            audiences=["adults"],
            needs=["support"],
            description_en="A drop-in.",
            source="Phone call with the service",
            status="verified",
            last_checked=datetime.date(2026, 11, 1),
            website="example.org",
        ),
    )
    meic = Service.objects.get(key="meic")
    change_service(
        system_admin,  # type: ignore[arg-type]
        meic,
        ServiceDetails(
            **{
                **{
                    name: getattr(meic, name)
                    for name in ServiceDetails.__dataclass_fields__
                    if name != "phones"
                },
                "hours_en": "Corrected by an administrator",
            }
        ),
    )
    entries = read_directory_file()
    report = load_directory(entries)
    assert "meic" in report.left_to_administrators
    assert Service.objects.get(key="meic").hours_en == "Corrected by an administrator"
    # An admin-added entry is not in the file, and is not retired for it.
    assert Service.objects.get(pk=mine.pk).retired_at is None
