from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from noddfa.core.forms import GovukForm

from .models import User, uk_telephone
from .services import Invitation, LocalAuthorityDetails

if TYPE_CHECKING:  # Django's lazy text as its stubs type it: a str or a lazy str
    from django_stubs_ext import StrOrPromise


class SignInForm(AuthenticationForm, GovukForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )
    error_messages = {
        "invalid_login": _("Enter a correct email address and password"),
        "inactive": _("This account is not active"),
    }


class OneTimeCodeForm(GovukForm):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6-digit code changes every 30 seconds."),
        regex=r"^\s*\d{6}\s*$",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app"),
            "invalid": _("The code must be 6 digits"),
        },
    )


_PHONE_ATTRS = {
    "class": "govuk-input govuk-input--width-20",
    "autocomplete": "off",
    "type": "tel",
    "spellcheck": "false",
}
_EMAIL_ATTRS = {"class": "govuk-input govuk-!-width-two-thirds", "spellcheck": "false"}
_PHONE_ERROR = _("Enter a telephone number, like 029 2018 0123")
_EMAIL_ERROR = _("Enter an email address in the correct format, like name@example.org")


def _phone(label: StrOrPromise, required_message: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        validators=[uk_telephone],
        widget=forms.TextInput(attrs=_PHONE_ATTRS),
        error_messages={"required": required_message, "max_length": _PHONE_ERROR},
    )


def _email(label: StrOrPromise) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        help_text=_("Optional. A shared team inbox, not a person’s own address."),
        widget=forms.EmailInput(attrs=_EMAIL_ATTRS),
        error_messages={"invalid": _EMAIL_ERROR},
    )


class LocalAuthorityContactsForm(GovukForm):
    """How to reach the local authority that receives the organisation's reports."""

    local_authority_name = forms.CharField(
        label=_("Local authority"),
        help_text=_("The council for the area your organisation works in, like Cardiff Council."),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
        error_messages={"required": _("Enter the name of the local authority")},
    )
    childrens_services_phone = _phone(
        _("Children’s services telephone"),
        _("Enter the telephone number for children’s services"),
    )
    childrens_services_email = _email(_("Children’s services email"))
    adult_services_phone = _phone(
        _("Adult services telephone"),
        _("Enter the telephone number for adult services"),
    )
    adult_services_email = _email(_("Adult services email"))
    out_of_hours_phone = _phone(
        _("Out-of-hours emergency duty team telephone"),
        _("Enter the telephone number for the out-of-hours emergency duty team"),
    )
    # The revision the page was opened at; a save from an older page is refused as stale.
    revision = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def details(self) -> LocalAuthorityDetails:
        data = self.cleaned_data
        return LocalAuthorityDetails(
            **{name: data[name] for name in LocalAuthorityDetails.__dataclass_fields__}
        )

    def edited_revision(self) -> int:
        return self.cleaned_data.get("revision") or 0


# --- The account lifecycle (ADR 17) ---------------------------------------------------------


def _new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    first = forms.CharField(
        label=_("New password"),
        help_text=_("At least 12 characters. A few unrelated words make a good password."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter a new password")},
    )
    again = forms.CharField(
        label=_("Type the new password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the new password again")},
    )
    return first, again


class _NewPasswordForm(GovukForm):
    """A new password typed twice, checked by Django's password validators."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1")
        again: str = self.cleaned_data["new_password2"]
        if first and first != again:
            raise forms.ValidationError(_("The two passwords are not the same"))
        return again

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("new_password2")
        if password:
            try:
                validate_password(password, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


class WelcomeForm(_NewPasswordForm):
    """The invitation (or reset) page: a password and the first code of the new app."""

    new_password1, new_password2 = _new_password_fields()
    code = OneTimeCodeForm.base_fields["code"]


class InviteForm(GovukForm):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Their work email address. The invitation link is sent there."),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"class": "govuk-input govuk-!-width-two-thirds", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _EMAIL_ERROR,
        },
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
        error_messages={"required": _("Enter their full name")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role"), "invalid_choice": _("Choose a role")},
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["role"]).choices = roles

    def invitation(self) -> Invitation:
        data = self.cleaned_data
        return Invitation(email=data["email"], full_name=data["full_name"], role=data["role"])


class RecoveryCodeForm(GovukForm):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        help_text=_(
            "One of the recovery codes you saved when you set up two-factor authentication."
        ),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "class": "govuk-input govuk-input--width-20",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter a recovery code")},
    )


class PasswordChangeForm(_NewPasswordForm):
    old_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your current password")},
    )
    new_password1, new_password2 = _new_password_fields()

    def clean_old_password(self) -> str:
        old: str = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("Your current password is not right"))
        return old
