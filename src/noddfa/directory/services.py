"""Changing the directory: permission, change and audit event in one transaction.

An administrator's add, edit or retirement makes the entry theirs (``from_data_file`` off), so a
later load of the data file never undoes it. Retiring keeps the row, so old
audit events and links still resolve to what was there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .models import PhoneNumber, Service
from .permissions import can_manage_directory
from .phones import e164_for


@dataclass(frozen=True)
class PhoneDetails:
    label: str
    display: str
    note: str = ""
    note_cy: str = ""


@dataclass(frozen=True)
class ServiceDetails:
    """Everything an administrator sets about a service (the key is set once, on adding)."""

    name_en: str
    country: str
    audiences: list[str]
    needs: list[str]
    description_en: str
    source: str
    status: str
    last_checked: datetime.date
    name_cy: str = ""
    source_cy: str = ""
    nation: str = ""
    email: str = ""
    website: str = ""
    hours_en: str = ""
    hours_cy: str = ""
    languages: list[str] = field(default_factory=list)
    description_cy: str = ""
    for_actions: list[str] = field(default_factory=list)
    phones: list[PhoneDetails] = field(default_factory=list)

    def service_fields(self) -> dict[str, object]:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        del values["phones"]
        # Only GB services have a nation; a stale one would put a French line in Wales.
        if values["country"] != "GB":
            values["nation"] = ""
        return values


def _set_phones(service: Service, phones: list[PhoneDetails]) -> None:
    service.phones.all().delete()
    PhoneNumber.objects.bulk_create(
        PhoneNumber(
            service=service,
            position=index,
            label=phone.label,
            display=phone.display.strip(),
            e164=e164_for(phone.display, service.country),
            note=phone.note,
            note_cy=phone.note_cy,
        )
        for index, phone in enumerate(phones)
    )


def _phone_rows(service: Service) -> list[tuple[str, str, str, str]]:
    return [
        (p.label, p.display, p.note, p.note_cy) for p in service.phones.order_by("position", "pk")
    ]


@transaction.atomic
def add_service(by: User, key: str, details: ServiceDetails) -> Service:
    if not can_manage_directory(by):
        raise PermissionDenied
    service = Service.objects.create(key=key, from_data_file=False, **details.service_fields())
    _set_phones(service, details.phones)
    record(AuditAction.CREATE, actor=by, target=service, detail={"key": key})
    return service


@transaction.atomic
def change_service(by: User, service: Service, details: ServiceDetails) -> Service:
    if not can_manage_directory(by):
        raise PermissionDenied
    values = details.service_fields()
    changed = sorted(name for name, value in values.items() if getattr(service, name) != value)
    new_phones = [(p.label, p.display.strip(), p.note, p.note_cy) for p in details.phones]
    if _phone_rows(service) != new_phones:
        changed.append("phones")
        _set_phones(service, details.phones)
    for name, value in values.items():
        setattr(service, name, value)
    service.from_data_file = False
    service.save()
    record(
        AuditAction.CHANGE,
        actor=by,
        target=service,
        detail={"key": service.key, "changed": changed},
    )
    return service


@transaction.atomic
def retire_service(by: User, service: Service, reason: str) -> Service:
    """Hide a service from every list; the row, its history and its address stay."""
    if not can_manage_directory(by):
        raise PermissionDenied
    service.retired_at = timezone.now()
    service.retired_reason = reason
    service.from_data_file = False
    service.save(update_fields=["retired_at", "retired_reason", "from_data_file"])
    record(
        AuditAction.CHANGE,
        actor=by,
        target=service,
        detail={"key": service.key, "retired": True},
    )
    return service
