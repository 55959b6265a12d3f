from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .areas import LOCAL_AUTHORITY_AREAS
from .duties import contradictions
from .sign_in_names import is_typed_plainly, sign_in_name


class OrganisationType(models.TextChoices):
    SCHOOL = "school", _("School")
    FURTHER_EDUCATION = "further_education", _("Further education")
    HEALTH_BOARD = "health_board", _("GP or health board")
    HOSPITAL = "hospital", _("Hospital")
    POLICE = "police", _("Police")
    BRITISH_TRANSPORT_POLICE = "british_transport_police", _("British Transport Police")
    NATIONAL_CRIME_AGENCY = "national_crime_agency", _("National Crime Agency")
    GLAA = "glaa", _("Gangmasters and Labour Abuse Authority (GLAA)")
    HOME_OFFICE = "home_office", _("Home Office (Border Force or Immigration Enforcement)")
    FAIR_WORK_AGENCY = "fair_work_agency", _("Fair Work Agency")
    LA_CHILDRENS_SERVICES = "la_childrens_services", _("Local authority children's services")
    LA_ADULT_SERVICES = "la_adult_services", _("Local authority adult services")
    YOUTH_JUSTICE = "youth_justice", _("Youth justice")
    HOUSING = "housing", _("Housing")
    FIRST_RESPONDER_CHARITY = (
        "first_responder_charity",
        _("Charity that is a first responder organisation"),
    )
    THIRD_SECTOR = "third_sector", _("Third sector")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    organisation_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    local_authority_area = models.CharField(
        _("local authority area"), max_length=32, choices=LOCAL_AUTHORITY_AREAS
    )
    first_responder = models.BooleanField(
        _("first responder organisation"),
        default=False,
        help_text=_("May make referrals to the National Referral Mechanism."),
    )
    s52_public_authority = models.BooleanField(
        _("section 52 public authority"),
        default=False,
        help_text=_("Has the duty to notify under section 52 of the Modern Slavery Act 2015."),
    )
    is_synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Any form built on the model (an admin form included) refuses a flag that says the
        # opposite of the law for the organisation's type, naming the field.
        super().clean()
        problems = contradictions(
            self.organisation_type,
            first_responder=self.first_responder,
            s52_public_authority=self.s52_public_authority,
        )
        if problems:
            raise ValidationError(problems)


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead")
    LA_SAFEGUARDING_TEAM = "la_safeguarding_team", _("Local authority safeguarding team")
    PARTNERSHIP_ANALYST = "partnership_analyst", _("Partnership analyst")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")
    SYSTEM_ADMIN = "system_admin", _("System admin")


class UserAccounts(BaseUserManager["User"]):
    """Creates accounts with the email address as the sign-in name (`sign_in_names`)."""

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return sign_in_name(email or "")

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email or not sign_in_name(email):
            raise ValueError("An email address is required.")
        user = self.model(email=sign_in_name(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # Spaces and case aside, the address must be typed as it is: a look-alike spelling
        # (a fullwidth letter, the Kelvin sign) finds no account, and so signs nobody in.
        if not is_typed_plainly(username or ""):
            raise self.model.DoesNotExist("No account has that address.")
        return self.get(email=sign_in_name(username or ""))

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("role", Role.SYSTEM_ADMIN)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    is_synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    # Raised to end every session of the account at once (deactivation, a reset second factor,
    # a password change): it is part of the hash each session carries (ADR 17).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserAccounts()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="system_admin") | models.Q(organisation__isnull=False),
                name="user_belongs_to_an_organisation_unless_system_admin",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # One address, one account, however it was typed.
        self.email = sign_in_name(self.email)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.full_name or self.email

    # Django keeps this hash in each session and signs the session out when it no longer
    # matches. Mixing in `session_generation` means one UPDATE ends every session of the account,
    # whatever the session engine; at generation 0 the hash is Django's own, so sessions made
    # before the field existed stay valid.
    _SESSION_SALT = "noddfa.accounts.User.session_generation"

    def _generation_hash(self, secret: str | bytes | None) -> str:
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(self._SESSION_SALT, value, secret=secret, algorithm="sha256").hexdigest()

    def get_session_auth_hash(self) -> str:
        if not self.session_generation:
            return super().get_session_auth_hash()
        return self._generation_hash(None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        if not self.session_generation:
            yield from super().get_session_auth_fallback_hash()
            return
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._generation_hash(fallback_secret)


uk_telephone = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,23}$",
    _("Enter a telephone number, like 029 2018 0123"),
)


class LocalAuthorityContacts(models.Model):
    """How an organisation reaches the local authority that receives its reports of a child or
    an adult at risk: children's and adult services, and the out-of-hours emergency duty team.

    Entered by the organisation's admin. `revision` counts saves, so a save made from an older
    page is refused rather than overwriting someone else's change.
    """

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="local_authority_contacts",
        verbose_name=_("organisation"),
    )
    local_authority_name = models.CharField(_("local authority"), max_length=200)
    childrens_services_phone = models.CharField(
        _("children's services telephone"), max_length=30, validators=[uk_telephone]
    )
    childrens_services_email = models.EmailField(_("children's services email"), blank=True)
    adult_services_phone = models.CharField(
        _("adult services telephone"), max_length=30, validators=[uk_telephone]
    )
    adult_services_email = models.EmailField(_("adult services email"), blank=True)
    out_of_hours_phone = models.CharField(
        _("out-of-hours emergency duty team telephone"),
        max_length=30,
        validators=[uk_telephone],
    )
    is_synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("local authority contacts")
        verbose_name_plural = _("local authority contacts")

    def __str__(self) -> str:
        return self.local_authority_name


class AccountLinkPurpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    RESET = "reset", _("Second factor reset")


class AccountLink(models.Model):
    """A single-use, expiring link through which a person sets their password and enrols their
    second factor: an invitation, or the reset of a lost second factor (ADR 17).

    Only the SHA-256 of the token is kept; the token itself is in the link and nowhere else.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_links"
    )
    purpose = models.CharField(max_length=16, choices=AccountLinkPurpose.choices)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account link")

    def __str__(self) -> str:
        return f"account link {self.pk}"

    def is_live(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class RecoveryCode(models.Model):
    """One single-use recovery code, kept as the SHA-256 of the code (80 random bits)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_once_per_user")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk}"
