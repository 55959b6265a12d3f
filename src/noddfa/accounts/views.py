from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from noddfa.core.http import signed_in_user

from .forms import LocalAuthorityContactsForm, OneTimeCodeForm, SignInForm
from .models import LocalAuthorityContacts, Organisation
from .permissions import can_manage_local_authority_contacts, can_manage_members
from .selectors import local_authority_contacts_of, members_of_my_organisation
from .services import (
    StaleContacts,
    confirm_enrolment,
    confirmed_device,
    pending_device,
    save_local_authority_contacts,
    verify_second_factor,
)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.GET.get("timeout"):
            messages.info(
                request, _("You were signed out because you had not done anything for 30 minutes.")
            )
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # The language a person chose last time follows them to any device they sign in on.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # str in settings
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
        return response


class SignOutView(auth_views.LogoutView):
    pass


def _qr_svg(config_url: str) -> str:
    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if confirmed_device(user) is None:
        return redirect("accounts:two_factor_setup")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_second_factor(request, user, form.cleaned_data["code"]):
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _("The code is not right. Check your app and try the newest code."))
    return render(request, "accounts/two_factor.html", {"form": form})


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if confirmed_device(user) is not None:
        return redirect("accounts:two_factor")
    device = pending_device(user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if confirm_enrolment(request, user, form.cleaned_data["code"]):
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _("The code is not right. Check your app and try the newest code."))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def members(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.organisation is None or not can_manage_members(user, user.organisation):
        raise PermissionDenied
    members = members_of_my_organisation(user, page="members")
    return render(request, "accounts/members.html", {"members": members})


def _contacts_initial(saved: LocalAuthorityContacts | None) -> dict[str, object]:
    if saved is None:
        return {"revision": 0, "local_authority_name": ""}
    return {
        "local_authority_name": saved.local_authority_name,
        "childrens_services_phone": saved.childrens_services_phone,
        "childrens_services_email": saved.childrens_services_email,
        "adult_services_phone": saved.adult_services_phone,
        "adult_services_email": saved.adult_services_email,
        "out_of_hours_phone": saved.out_of_hours_phone,
        "revision": saved.revision,
    }


@never_cache
@login_required
def local_authority_contacts(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The organisation admin's page for how to reach the local authority that receives the
    organisation's reports of a child or an adult at risk."""
    user = signed_in_user(request)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not can_manage_local_authority_contacts(user, organisation):
        raise PermissionDenied
    saved = local_authority_contacts_of(organisation)
    form = LocalAuthorityContactsForm(request.POST or None, initial=_contacts_initial(saved))
    if request.method == "POST" and form.is_valid():
        try:
            save_local_authority_contacts(
                user, organisation, form.details(), revision=form.edited_revision()
            )
        except StaleContacts:
            # Nothing is overwritten: the page shows what is saved now beside the admin's own
            # answers, which they can save again, knowingly, over the newer version.
            saved = local_authority_contacts_of(organisation)
            again = request.POST.copy()
            again["revision"] = str(saved.revision if saved is not None else 0)
            form = LocalAuthorityContactsForm(again)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else changed these contacts after you opened this page, so yours "
                    "were not saved. Check what is saved now, then save your answers again "
                    "if they should replace it."
                ),
            )
            context = {"form": form, "organisation": organisation, "saved": saved, "stale": True}
            return render(request, "accounts/local_authority_contacts.html", context, status=409)
        else:
            messages.success(request, _("The local authority contacts are saved."))
            return redirect("accounts:local_authority_contacts", organisation_id=organisation.pk)
    context = {"form": form, "organisation": organisation, "saved": saved}
    return render(request, "accounts/local_authority_contacts.html", context)
