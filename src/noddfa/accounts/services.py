"""Second-factor enrolment and verification for accounts."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .models import Organisation, User

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
    first_responder: bool,
    s52_public_authority: bool,
    is_synthetic: bool = False,
) -> tuple[Organisation, bool]:
    """Create the organisation unless one of that name exists; returns (it, created)."""
    organisation, created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "organisation_type": organisation_type,
            "local_authority_area": local_authority_area,
            "first_responder": first_responder,
            "s52_public_authority": s52_public_authority,
            "is_synthetic": is_synthetic,
        },
    )
    if created:
        record(AuditAction.CREATE, organisation=organisation, target=organisation)
    return organisation, created


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
    existing = User.objects.filter(email=email.lower()).first()
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
