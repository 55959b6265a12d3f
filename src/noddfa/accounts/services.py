"""Writing accounts and organisations: the second factor, registration, and the contacts of
the local authority that receives an organisation's reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .duties import law_for, settled_flags
from .models import LocalAuthorityContacts, Organisation, User
from .permissions import can_manage_local_authority_contacts
from .sign_in_names import sign_in_name

_DEVICE_NAME = "authenticator app"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up, created once so the QR code stays the same."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": _DEVICE_NAME}
    )
    return device


def _verify(request: HttpRequest, user: User, device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(code.strip()):
        record(AuditAction.MFA_FAILED, actor=user)
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def confirm_enrolment(request: HttpRequest, user: User, code: str) -> bool:
    device = pending_device(user)
    if not _verify(request, user, device, code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    record(AuditAction.MFA_ENROLLED, actor=user)
    return True


@transaction.atomic
def verify_second_factor(request: HttpRequest, user: User, code: str) -> bool:
    device = confirmed_device(user)
    if device is None or not _verify(request, user, device, code):
        return False
    record(AuditAction.MFA_VERIFIED, actor=user)
    return True


@transaction.atomic
def register_organisation(
    *,
    name: str,
    organisation_type: str,
    local_authority_area: str,
    first_responder: bool | None = None,
    s52_public_authority: bool | None = None,
    is_synthetic: bool = False,
) -> tuple[Organisation, bool]:
    """Create the organisation unless one of that name exists; returns (it, created).

    A flag left out takes the law's answer for the type (or no, where the law leaves it
    open); a flag that contradicts the law is refused with a ValidationError naming it.
    """
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    first_responder, s52_public_authority = settled_flags(
        organisation_type,
        first_responder=first_responder,
        s52_public_authority=s52_public_authority,
    )
    organisation = Organisation(
        name=name,
        organisation_type=organisation_type,
        local_authority_area=local_authority_area,
        first_responder=first_responder,
        s52_public_authority=s52_public_authority,
        is_synthetic=is_synthetic,
    )
    organisation.full_clean()
    organisation.save()
    record(AuditAction.CREATE, organisation=organisation, target=organisation)
    return organisation, True


@transaction.atomic
def change_organisation(
    organisation: Organisation,
    *,
    organisation_type: str | None = None,
    local_authority_area: str | None = None,
    first_responder: bool | None = None,
    s52_public_authority: bool | None = None,
) -> Organisation:
    """Change an organisation's type, area or flags, as an operator does from the command line.

    When the type changes, a flag not given follows the law for the new type where the law
    settles it and stays as it was where the law leaves it open. A flag that contradicts the
    law is refused with a ValidationError naming it, and nothing is changed.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {
        "organisation_type": organisation.organisation_type,
        "local_authority_area": organisation.local_authority_area,
        "first_responder": organisation.first_responder,
        "s52_public_authority": organisation.s52_public_authority,
    }
    if organisation_type is not None:
        organisation.organisation_type = organisation_type
    if local_authority_area is not None:
        organisation.local_authority_area = local_authority_area
    law = law_for(organisation.organisation_type)
    organisation.first_responder = _flag_after_change(
        first_responder, law.first_responder, organisation.first_responder
    )
    organisation.s52_public_authority = _flag_after_change(
        s52_public_authority, law.s52_public_authority, organisation.s52_public_authority
    )
    organisation.full_clean()
    changed = sorted(name for name, value in before.items() if getattr(organisation, name) != value)
    if changed:
        organisation.save(update_fields=changed)
        record(
            AuditAction.CHANGE,
            organisation=organisation,
            target=organisation,
            detail={"fields": changed},
        )
    return organisation


def _flag_after_change(given: bool | None, law: bool | None, current: bool) -> bool:
    if given is not None:
        return given
    return law if law is not None else current


@transaction.atomic
def register_user(
    *,
    email: str,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    password: str,
    is_synthetic: bool = False,
) -> tuple[User, bool]:
    """Create the account unless that email address exists; returns (it, created)."""
    existing = User.objects.filter(email=sign_in_name(email)).first()
    if existing is not None:
        return existing, False
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        role=role,
        organisation=organisation,
        is_synthetic=is_synthetic,
    )
    record(AuditAction.CREATE, organisation=organisation, target=user)
    return user, True


@transaction.atomic
def choose_language(user: User, language: str) -> None:
    """Remember the person's language so it follows them to their next sign-in."""
    if user.language == language:
        return
    user.language = language
    user.save(update_fields=["language"])
    record(AuditAction.CHANGE, actor=user, target=user, detail={"field": "language"})


@dataclass(frozen=True)
class LocalAuthorityDetails:
    """What an organisation admin enters about the local authority that receives its reports."""

    local_authority_name: str
    childrens_services_phone: str
    childrens_services_email: str
    adult_services_phone: str
    adult_services_email: str
    out_of_hours_phone: str


class StaleContacts(Exception):
    """The contacts changed after the page was opened; saving would overwrite that change."""


@transaction.atomic
def save_local_authority_contacts(
    by: User,
    organisation: Organisation,
    details: LocalAuthorityDetails,
    *,
    revision: int,
) -> LocalAuthorityContacts:
    """Save the organisation's local authority contacts, refusing a stale save.

    `revision` is the revision the person was editing (0 when none were saved yet); a save
    made from an older page raises StaleContacts and changes nothing.
    """
    if not can_manage_local_authority_contacts(by, organisation):
        raise PermissionDenied
    return _write_contacts(organisation, details, by=by, revision=revision, is_synthetic=False)


@transaction.atomic
def add_synthetic_local_authority_contacts(
    organisation: Organisation, details: LocalAuthorityDetails
) -> LocalAuthorityContacts | None:
    """Demo data: synthetic contacts for a synthetic organisation that has none yet."""
    if not organisation.is_synthetic:
        raise PermissionDenied
    if LocalAuthorityContacts.objects.filter(organisation=organisation).exists():
        return None
    return _write_contacts(organisation, details, by=None, revision=0, is_synthetic=True)


def _write_contacts(
    organisation: Organisation,
    details: LocalAuthorityDetails,
    *,
    by: User | None,
    revision: int,
    is_synthetic: bool,
) -> LocalAuthorityContacts:
    # Lock the organisation so two first saves cannot both find nothing and both create.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    contacts = LocalAuthorityContacts.objects.filter(organisation=organisation).first()
    current = contacts.revision if contacts is not None else 0
    if revision != current:
        raise StaleContacts
    created = contacts is None
    if contacts is None:
        contacts = LocalAuthorityContacts(organisation=organisation, revision=0)
    for name, value in asdict(details).items():
        setattr(contacts, name, value.strip())
    contacts.is_synthetic = is_synthetic
    contacts.revision = current + 1
    contacts.updated_by = by
    contacts.full_clean()
    contacts.save()
    record(
        AuditAction.CREATE if created else AuditAction.CHANGE,
        actor=by,
        organisation=organisation,
        target=contacts,
        detail={"event": "local_authority_contacts", "revision": contacts.revision},
    )
    return contacts
