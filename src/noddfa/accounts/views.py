from __future__ import annotations

import base64
from collections.abc import Callable

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from noddfa.core.forms_flow import posted, submit
from noddfa.core.http import signed_in_user

from .forms import (
    InviteForm,
    LocalAuthorityContactsForm,
    OneTimeCodeForm,
    PasswordChangeForm,
    RecoveryCodeForm,
    SignInForm,
    WelcomeForm,
)
from .models import AccountLinkPurpose, LocalAuthorityContacts, Organisation, User
from .permissions import can_manage_local_authority_contacts, can_manage_members
from .selectors import local_authority_contacts_of, member_for_admin, members_of_my_organisation
from .services import (
    Enrolled,
    LinkUnusable,
    StaleContacts,
    accept_link,
    change_password,
    confirm_enrolment,
    confirmed_device,
    deactivate_member,
    invite_again,
    invite_member,
    open_link,
    pass_with_recovery_code,
    pending_device,
    reset_second_factor,
    roles_for,
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
    with_recovery_code = request.method == "POST" and "recovery_code" in request.POST
    form = OneTimeCodeForm(None if with_recovery_code else posted(request))
    recovery_form = RecoveryCodeForm(posted(request) if with_recovery_code else None)
    if with_recovery_code and recovery_form.is_valid():
        left = pass_with_recovery_code(request, user, recovery_form.cleaned_data["recovery_code"])
        if left is not None:
            _tell_codes_left(request, left)
            return redirect(settings.LOGIN_REDIRECT_URL)
        recovery_form.add_error(
            "recovery_code", _("That recovery code is not right, or it was used already.")
        )
    elif not with_recovery_code and request.method == "POST" and form.is_valid():
        if verify_second_factor(request, user, form.cleaned_data["code"]):
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _("The code is not right. Check your app and try the newest code."))
    context = {
        "form": form,
        "recovery_form": recovery_form,
        "with_recovery_code": with_recovery_code,
    }
    return render(request, "accounts/two_factor.html", context)


def _tell_codes_left(request: HttpRequest, left: int) -> None:
    if left == 0:
        messages.warning(
            request,
            _(
                "You have used your last recovery code. Ask your organisation admin to reset "
                "your two-factor authentication so you get new ones."
            ),
        )
        return
    messages.warning(
        request,
        ngettext(
            "You have %(count)d recovery code left. Each code works once.",
            "You have %(count)d recovery codes left. Each code works once.",
            left,
        )
        % {"count": left},
    )


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if confirmed_device(user) is not None:
        return redirect("accounts:two_factor")
    if not settings.DEMO_MODE:
        # Outside demo mode a second factor is set up only through an invitation or a reset
        # link: a session that has only passed the password never sees a setup key.
        return render(request, "accounts/ask_for_a_link.html")
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


@never_cache
@login_required
def members(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.organisation is None or not can_manage_members(user, user.organisation):
        raise PermissionDenied
    members = members_of_my_organisation(user, page="members")
    return render(request, "accounts/members.html", {"members": members})


def _origin(request: HttpRequest) -> str:
    """The site's own address (scheme and host, the host checked by ALLOWED_HOSTS)."""
    return f"{request.scheme}://{request.get_host()}"


def _admin_organisation(user: User) -> Organisation:
    if user.organisation is None or not can_manage_members(user, user.organisation):
        raise PermissionDenied
    return user.organisation


@never_cache
@login_required
def invite(request: HttpRequest) -> HttpResponse:
    """An organisation admin invites a new member by email."""
    user = signed_in_user(request)
    organisation = _admin_organisation(user)
    form = InviteForm(posted(request), roles=roles_for(organisation))
    submission = submit(
        request,
        form,
        lambda: invite_member(user, organisation, form.invitation(), origin=_origin(request)),
    )
    if submission.done:
        messages.success(
            request,
            _("The invitation is sent. The link in it works once, for 72 hours."),
        )
        return redirect("accounts:members")
    return render(request, "accounts/invite.html", {"form": form}, status=submission.status)


def _member_action(
    request: HttpRequest,
    member_id: int,
    action: str,
    act: Callable[[User, User], object],
    done: str,
) -> HttpResponse:
    """An admin's action on one member of their organisation: GET asks to confirm, POST does
    it. A member of another organisation is not found, as if there were none."""
    user = signed_in_user(request)
    _admin_organisation(user)
    member = member_for_admin(user, member_id)
    if member is None:
        raise Http404
    if request.method == "POST":
        act(user, member)
        messages.success(request, done)
        return redirect("accounts:members")
    return render(request, "accounts/member_action.html", {"member": member, "action": action})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_invite_again(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_action(
        request,
        member_id,
        "invite_again",
        lambda by, member: invite_again(by, member, origin=_origin(request)),
        _("The invitation is sent. The link in it works once, for 72 hours."),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_reset_two_factor(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_action(
        request,
        member_id,
        "reset_two_factor",
        lambda by, member: reset_second_factor(by, member, origin=_origin(request)),
        _("Two-factor authentication is reset, and a link to set it up again is sent."),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_deactivate(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_action(
        request,
        member_id,
        "deactivate",
        deactivate_member,
        _("The account is deactivated and every session of it has ended."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    """The page an invitation or reset link opens: choose a password and set up the
    authenticator app together. Open to anyone holding a live link, signed in or not."""
    token = (
        request.POST.get("token", "") if request.method == "POST" else request.GET.get("token", "")
    )
    try:
        link = open_link(token)
    except LinkUnusable:
        return render(request, "accounts/link_unusable.html", status=404)
    form = WelcomeForm(posted(request), user=link.user)
    enrolled: list[Enrolled] = []
    submission = submit(
        request,
        form,
        lambda: enrolled.append(
            accept_link(
                token,
                password=form.cleaned_data["new_password1"],
                code=form.cleaned_data["code"],
            )
        ),
    )
    if submission.done:
        return _signed_in_with_codes(request, enrolled[0])
    secret = base64.b32encode(link.device.bin_key).decode("ascii")
    context = {
        "form": form,
        "token": token,
        "invitation": link.purpose == AccountLinkPurpose.INVITATION,
        "qr_svg": _qr_svg(link.device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/welcome.html", context, status=submission.status)


def _signed_in_with_codes(request: HttpRequest, enrolled: Enrolled) -> HttpResponse:
    # Signing in gives the session a new id (Django's login), after the enrolment: both factors
    # are passed in this request. The recovery codes are shown in this answer only, never kept
    # in clear anywhere (not in the session either), so a reload cannot show them again.
    login(request, enrolled.user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, enrolled.device)
    context = {"codes": enrolled.recovery_codes}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = PasswordChangeForm(posted(request), user=user)
    submission = submit(
        request,
        form,
        lambda: change_password(request, user, form.cleaned_data["new_password1"]),
    )
    if submission.done:
        messages.success(
            request, _("Your password is changed. Any other session of yours was signed out.")
        )
        return redirect("accounts:password_change")
    return render(
        request, "accounts/password_change.html", {"form": form}, status=submission.status
    )


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
