from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from noddfa.core.forms import GovukForm


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
