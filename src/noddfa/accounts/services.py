"""Writing accounts and organisations: the second factor, registration, the account
lifecycle (invitation, recovery codes, second factor reset, deactivation, password change;
ADR 17), and the contacts of the local authority that receives an organisation's reports."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.core.errors import RuleBroken
from noddfa.core.outbox import enqueue

from .duties import law_for, settled_flags
from .models import (
    AccountLink,
    AccountLinkPurpose,
    LocalAuthorityContacts,
    Organisation,
    OrganisationType,
    RecoveryCode,
    Role,
    User,
)
from .permissions import can_manage_local_authority_contacts, can_manage_members
from .sign_in_names import sign_in_name
from .signals import api_access_revoked

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
    _pass_second_factor(request, device)
    return True


def _pass_second_factor(request: HttpRequest, device: TOTPDevice) -> None:
    # A change of privilege: the session gets a new id, so an id seen before this point (a
    # fixed or a stolen one) is worth nothing after it.
    otp_login(request, device)
    request.session.cycle_key()


@transaction.atomic
def confirm_enrolment(request: HttpRequest, user: User, code: str) -> bool:
    """Demo mode only: a signed-in person sets up their own authenticator app. Outside demo
    mode a second factor is enrolled only through an invitation or a reset link."""
    if not settings.DEMO_MODE:
        raise PermissionError("A second factor is set up only through an invitation link.")
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


# --- The account lifecycle (issue 17, item 3; ADR 17) -------------------------------------

LINK_LIFETIME = timedelta(hours=72)
RECOVERY_CODE_COUNT = 10
_RECOVERY_CODE_BYTES = 10  # 80 random bits: 16 base32 letters, shown in groups of four


class LinkUnusable(Exception):
    """The link is unknown, used, expired or revoked; which of these is never said."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def roles_for(organisation: Organisation) -> list[tuple[str, str]]:
    """The roles an organisation admin may give in their organisation: never system admin,
    and the local authority safeguarding team only in a local authority."""
    local_authority = organisation.organisation_type in (
        OrganisationType.LA_CHILDRENS_SERVICES,
        OrganisationType.LA_ADULT_SERVICES,
    )
    return [
        (value, str(label))
        for value, label in Role.choices
        if value != Role.SYSTEM_ADMIN and (local_authority or value != Role.LA_SAFEGUARDING_TEAM)
    ]


def welcome_path(token: str) -> str:
    """Where a link leads. The token is in the query string, which the access logs leave out
    (deploy/nginx/noddfa-log-format.conf, deploy/gunicorn.conf.py), so it is never logged."""
    return f"{reverse('accounts:welcome')}?token={token}"


def _issue_link(user: User, purpose: str, by: User | None) -> str:
    """A new single-use link for the user; any older live link of theirs stops working, and so
    does any setup key an older link showed."""
    now = timezone.now()
    AccountLink.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    token = secrets.token_urlsafe(32)
    AccountLink.objects.create(
        user=user,
        purpose=purpose,
        digest=_digest(token),
        created_by=by,
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    return token


def _mail_link(user: User, purpose: str, link: str) -> None:
    """The link by email, in English and Welsh (the person has not chosen a language yet).
    The organisation's name and the link only: nothing about who asked or why."""
    parts = []
    subject = ""
    for language in ("en", "cy"):
        with translation.override(language):
            if purpose == AccountLinkPurpose.INVITATION:
                subject = subject or _("Noddfa: your invitation")
                body = _(
                    "You are invited to use Noddfa for %(organisation)s. Open this link within "
                    "72 hours to choose your password and set up an authenticator app: %(link)s"
                )
            else:
                subject = subject or _("Noddfa: set up two-factor authentication again")
                body = _(
                    "Your organisation admin reset your two-factor authentication. Open this link "
                    "within 72 hours to choose a password and set up an authenticator app: "
                    "%(link)s"
                )
            footer = _(
                "The link works once. If you did not expect this email, ignore it and tell "
                "your organisation admin."
            )
            parts.append(
                body % {"organisation": user.organisation or "", "link": link} + "\n\n" + footer
            )
    enqueue(user.email, subject, "\n\n---\n\n".join(parts))


def _require_admin_of(by: User, member: User) -> Organisation:
    organisation = member.organisation
    if organisation is None or not can_manage_members(by, organisation):
        raise PermissionError("Only the member's organisation admin may do this.")
    return organisation


def _forget_second_factor(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()


def _delete_session_rows(user: User, *, keep: str | None = None) -> int:
    """Delete the stored sessions signed in as the user (all but `keep`). The sessions are
    already dead once `session_generation` moved on; this removes what they held."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    removed = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep and session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            removed += 1
    return removed


def end_sessions(user: User, *, keep: str | None = None) -> None:
    """End every session of the user at once (all but `keep`, which the caller re-hashes).

    Raising `session_generation` changes the hash every session carries, so Django signs each
    one out at its next request, whatever the session engine; the stored rows go too."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    _delete_session_rows(user, keep=keep)


@dataclass(frozen=True)
class Invitation:
    email: str
    full_name: str
    role: str


@transaction.atomic
def invite_member(
    by: User, organisation: Organisation, invitation: Invitation, *, origin: str
) -> User:
    """Invite a new member (or a deactivated one back) to the organisation by email.

    `origin` is the site's address (scheme and host) that the link in the email starts with.
    Inviting again revokes the older link."""
    if not can_manage_members(by, organisation):
        raise PermissionError("Only the organisation's admin may invite members.")
    if invitation.role not in dict(roles_for(organisation)):
        raise RuleBroken(
            _("Choose a role"), {"role": _("Choose a role this organisation can give")}
        )
    email = User.objects.normalize_email(invitation.email)
    user = User.objects.select_for_update().filter(email=email).first()
    again = user is not None
    if user is None:
        user = User(
            email=email,
            full_name=invitation.full_name.strip(),
            role=invitation.role,
            organisation=organisation,
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
    elif user.organisation_id != organisation.pk:
        raise RuleBroken(
            _("This email address cannot be invited"),
            {
                "email": _(
                    "This email address cannot be invited to your organisation. Ask the "
                    "Noddfa service administrator for help."
                )
            },
        )
    elif user.is_active:
        raise RuleBroken(
            _("This person already has an account"),
            {
                "email": _(
                    "This person already has an active account. If they lost their "
                    "authenticator app, reset their two-factor authentication instead."
                )
            },
        )
    else:
        user.full_name = invitation.full_name.strip()
        user.role = invitation.role
        user.save(update_fields=["full_name", "role"])
    token = _issue_link(user, AccountLinkPurpose.INVITATION, by)
    _mail_link(user, AccountLinkPurpose.INVITATION, origin + welcome_path(token))
    record(
        AuditAction.INVITED,
        actor=by,
        organisation=organisation,
        target=user,
        detail={"role": user.role, "again": again},
    )
    return user


@transaction.atomic
def invite_again(by: User, member: User, *, origin: str) -> None:
    """A deactivated (or not yet joined) member invited again, as they were."""
    organisation = _require_admin_of(by, member)
    invite_member(
        by,
        organisation,
        Invitation(email=member.email, full_name=member.full_name, role=member.role),
        origin=origin,
    )


@transaction.atomic
def operator_link(
    *,
    email: str,
    full_name: str = "",
    role: str = "",
    organisation: Organisation | None = None,
) -> tuple[User, str]:
    """The command line's link (an operator's, with no admin behind it): an invitation for a new
    account, or a reset link for an existing one (the first system admin made by
    `createsuperuser`, an admin who lost their phone). Returns the account and the path."""
    address = User.objects.normalize_email(email)
    user = User.objects.select_for_update().filter(email=address).first()
    if user is None:
        if not full_name or not role:
            raise RuleBroken("A new account needs --full-name and --role.")
        if role != Role.SYSTEM_ADMIN and organisation is None:
            raise RuleBroken("A member of an organisation needs --organisation.")
        user = User(
            email=address,
            full_name=full_name,
            role=role,
            organisation=organisation if role != Role.SYSTEM_ADMIN else None,
            is_active=False,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        purpose = AccountLinkPurpose.INVITATION
        record(
            AuditAction.INVITED,
            organisation=user.organisation,
            target=user,
            detail={"role": user.role, "again": False, "by": "operator"},
        )
    elif not user.is_active:
        purpose = AccountLinkPurpose.INVITATION
        record(
            AuditAction.INVITED,
            organisation=user.organisation,
            target=user,
            detail={"role": user.role, "again": True, "by": "operator"},
        )
    else:
        purpose = AccountLinkPurpose.RESET
        _forget_second_factor(user)
        end_sessions(user)
        api_access_revoked.send(sender=User, user=user)
        record(
            AuditAction.MFA_RESET,
            organisation=user.organisation,
            target=user,
            detail={"by": "operator"},
        )
    token = _issue_link(user, purpose, None)
    return user, welcome_path(token)


@transaction.atomic
def reset_second_factor(by: User, member: User, *, origin: str) -> None:
    """An admin resets a member's lost second factor: their authenticator and recovery codes
    are forgotten, their sessions and API tokens end, and a reset link goes to them."""
    organisation = _require_admin_of(by, member)
    if member.pk == by.pk:
        raise RuleBroken(
            _("You cannot reset your own two-factor authentication. Ask another admin.")
        )
    if not member.is_active:
        raise RuleBroken(_("This account is not active. Invite the person again instead."))
    _forget_second_factor(member)
    end_sessions(member)
    api_access_revoked.send(sender=User, user=member)
    token = _issue_link(member, AccountLinkPurpose.RESET, by)
    _mail_link(member, AccountLinkPurpose.RESET, origin + welcome_path(token))
    record(AuditAction.MFA_RESET, actor=by, organisation=organisation, target=member)


@transaction.atomic
def deactivate_member(by: User, member: User) -> None:
    """An admin deactivates a member: they cannot sign in, every session of theirs ends at
    once, their API tokens and any link they were sent stop working."""
    organisation = _require_admin_of(by, member)
    if member.pk == by.pk:
        raise RuleBroken(_("You cannot deactivate your own account. Ask another admin."))
    User.objects.filter(pk=member.pk).update(is_active=False)
    member.is_active = False
    AccountLink.objects.filter(user=member, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    end_sessions(member)
    api_access_revoked.send(sender=User, user=member)
    record(AuditAction.DEACTIVATED, actor=by, organisation=organisation, target=member)


@dataclass(frozen=True)
class OpenLink:
    """A live link as its page shows it: whose it is and the setup key to enrol."""

    user: User
    purpose: str
    device: TOTPDevice


def open_link(token: str) -> OpenLink:
    """The live link with this token, with the authenticator to set up (made once per link,
    so the QR code stays the same). Raises LinkUnusable otherwise."""
    link = AccountLink.objects.select_related("user").filter(digest=_digest(token)).first()
    if link is None or not link.is_live():
        raise LinkUnusable
    return OpenLink(user=link.user, purpose=link.purpose, device=_device_to_enrol(link.user))


def _device_to_enrol(user: User) -> TOTPDevice:
    """The authenticator being set up through the user's link: the oldest unconfirmed one (two
    pages opened at once may each have made one), so the key shown is the key checked."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=_DEVICE_NAME)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        base64.b32encode(secrets.token_bytes(_RECOVERY_CODE_BYTES)).decode("ascii").lower()
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return ["-".join(code[i : i + 4] for i in range(0, len(code), 4)) for code in codes]


@dataclass(frozen=True)
class Enrolled:
    user: User
    device: TOTPDevice
    recovery_codes: list[str]


def accept_link(token: str, *, password: str, code: str) -> Enrolled:
    """Set the password and enrol the second factor together; only then is the account active.

    Raises LinkUnusable for a link that cannot be used (used, expired, revoked, unknown), and
    RuleBroken on `code` for a wrong code (recorded, the link still usable)."""
    with transaction.atomic():
        link = (
            AccountLink.objects.select_for_update()
            .select_related("user")
            .filter(digest=_digest(token))
            .first()
        )
        if link is None or not link.is_live():
            raise LinkUnusable
        user = link.user
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"new_password1": error.messages}) from error
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        right = device is not None and device.verify_token(code.strip())
        if not right or device is None:
            record(AuditAction.MFA_FAILED, actor=user, detail={"link": link.purpose})
        else:
            enrolled = _enrol(link, user, device, password)
    if not right:
        wrong = _("The code is not right. Check your app and try the newest code.")
        raise RuleBroken(wrong, {"code": wrong})
    return enrolled


def _enrol(link: AccountLink, user: User, device: TOTPDevice, password: str) -> Enrolled:
    now = timezone.now()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    user.set_password(password)
    user.is_active = True
    user.session_generation += 1  # whatever was signed in before ends
    user.save(update_fields=["password", "is_active", "session_generation"])
    _delete_session_rows(user)
    link.used_at = now
    link.save(update_fields=["used_at"])
    record(AuditAction.ACCOUNT_LINK_USED, actor=user, target=user, detail={"link": link.purpose})
    record(AuditAction.MFA_ENROLLED, actor=user, detail={"link": link.purpose})
    return Enrolled(user=user, device=device, recovery_codes=codes)


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def pass_with_recovery_code(request: HttpRequest, user: User, code: str) -> int | None:
    """Pass the second factor with one unused recovery code, which is then spent. Returns how
    many are left, or None if the code is not one of the person's unused codes."""
    device = confirmed_device(user)
    typed = "".join(code.split()).replace("-", "").lower()
    spent = 0
    if device is not None and typed:
        spent = RecoveryCode.objects.filter(
            user=user, digest=_digest(typed), used_at__isnull=True
        ).update(used_at=timezone.now())
    if device is None or not spent:
        record(AuditAction.MFA_FAILED, actor=user, detail={"method": "recovery_code"})
        return None
    _pass_second_factor(request, device)
    left = recovery_codes_left(user)
    record(AuditAction.MFA_RECOVERY_CODE, actor=user, detail={"left": left})
    return left


@transaction.atomic
def change_password(request: HttpRequest, user: User, new_password: str) -> None:
    """The signed-in person's new password. This session goes on (with a new id); every other
    session of theirs ends."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.session_generation += 1
    user.save(update_fields=["password", "session_generation"])
    _delete_session_rows(user, keep=request.session.session_key)
    update_session_auth_hash(request, user)  # this session: the new hash, and a new id
    record(AuditAction.PASSWORD_CHANGED, actor=user, target=user)
    with translation.override(user.language):
        enqueue(
            user.email,
            _("Noddfa: your password was changed"),
            _(
                "The password of your Noddfa account was changed and your other sessions were "
                "signed out. If you did not do this, tell your organisation admin now."
            ),
        )
