"""Bringing the database in line with the directory data file, by key.

The loader owns only the entries it created (``from_data_file``). An entry an administrator
added, or has since edited or retired, is theirs: the loader leaves it alone and says so.
Every change is audited with no actor and ``{"source": "directory data file"}``. A new
database's first entries come from the data migration directory 0002, which loads its own
frozen copy of the file and does not use this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .datafile import DirectoryDataError, ServiceEntry, read_directory_file
from .models import PhoneNumber, Service

AUDIT_SOURCE = "directory data file"
RETIRED_REASON = "No longer in the directory data file."


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    left_to_administrators: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def load_directory(
    entries: list[ServiceEntry] | None = None, *, allow_retire_all: bool = False
) -> LoadReport:
    """Add, update and retire data-file entries so the database matches the file.

    A file with no services would retire every helpline, 999 included: that is refused
    unless `allow_retire_all` says it is meant."""
    entries = read_directory_file() if entries is None else entries
    if not entries and not allow_retire_all:
        live = Service.objects.filter(from_data_file=True, retired_at__isnull=True)
        if live.exists():
            raise DirectoryDataError(
                f"The data file lists no services: loading it would retire all {live.count()}. "
                "Nothing was changed (--allow-retire-all does it anyway)."
            )
    loader = _Loader()
    with transaction.atomic():
        for entry in entries:
            loader.apply(entry)
        loader.retire_missing({entry.key for entry in entries})
    return loader.report


class _Loader:
    def __init__(self) -> None:
        self.services = Service
        self.phones = PhoneNumber
        self.report = LoadReport()

    def apply(self, entry: ServiceEntry) -> None:
        values = entry.service_fields()
        existing = self.services.objects.filter(key=entry.key).first()
        if existing is None:
            service = self.services.objects.create(from_data_file=True, **values)
            self._replace_phones(service, entry)
            self.report.created.append(entry.key)
            self._audit(AuditAction.CREATE, service, {})
            return
        if not existing.from_data_file:
            self.report.left_to_administrators.append(entry.key)
            return
        changed = sorted(name for name, value in values.items() if getattr(existing, name) != value)
        if existing.retired_at is not None:
            changed.append("retired_at")
            existing.retired_at = None
            existing.retired_reason = ""
        if self._phone_rows(existing) != [_phone_row(phone) for phone in entry.phones]:
            changed.append("phones")
            self._replace_phones(existing, entry)
        if not changed:
            return
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        self.report.updated.append(entry.key)
        self._audit(AuditAction.CHANGE, existing, {"changed": changed})

    def retire_missing(self, keys_in_file: set[str]) -> None:
        gone = self.services.objects.filter(from_data_file=True, retired_at__isnull=True).exclude(
            key__in=keys_in_file
        )
        for service in gone:
            service.retired_at = timezone.now()
            service.retired_reason = RETIRED_REASON
            service.save(update_fields=["retired_at", "retired_reason"])
            self.report.retired.append(service.key)
            self._audit(AuditAction.CHANGE, service, {"retired": True})

    def _phone_rows(self, service: Any) -> list[tuple[str, str, str, str, str]]:
        return [
            (phone.label, phone.display, phone.e164, phone.note, phone.note_cy)
            for phone in self.phones.objects.filter(service=service).order_by("position", "pk")
        ]

    def _replace_phones(self, service: Any, entry: ServiceEntry) -> None:
        self.phones.objects.filter(service=service).delete()
        self.phones.objects.bulk_create(
            self.phones(service=service, position=index, **phone.__dict__)
            for index, phone in enumerate(entry.phones)
        )

    def _audit(self, action: str, service: Any, detail: dict[str, Any]) -> None:
        detail = {"source": AUDIT_SOURCE, "key": service.key, **detail}
        record(action, target=service, detail=detail)


def _phone_row(phone: Any) -> tuple[str, str, str, str, str]:
    return (phone.label, phone.display, phone.e164, phone.note, phone.note_cy)
