"""The recipients' pages (issue 21): the speak-up inbox, one report, answering the reporter,
recording a concern from a report, and the channels an organisation admin manages.

Views translate: who may do what and every change is in `recipients` and `services`. A report
that is not the user's to read is a 404, whether it exists or not."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from noddfa.accounts.models import Organisation, User
from noddfa.core.forms import GovukForm
from noddfa.core.http import signed_in_user

from . import recipients, services
from .content import SIGNS
from .models import ChannelKind, ReportStatus, SpeakUpChannel
from .recipients import ChannelText

View = Callable[..., HttpResponse]


def _report_page(view: View) -> View:
    """A page about one report: signed in, and a 404 for anyone but its recipients."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, report_id: uuid.UUID, **kwargs: Any) -> HttpResponse:
        user = signed_in_user(request)
        try:
            return view(request, user, report_id, **kwargs)
        except PermissionError:
            raise Http404 from None

    return wrapped


class MessageForm(GovukForm):
    text = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=services.MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Write your message")},
    )


class FeedbackForm(GovukForm):
    text = forms.CharField(
        label=gettext_lazy("What you can tell them"),
        help_text=gettext_lazy(
            "In general terms only: that action is being taken, not what or about whom."
        ),
        max_length=services.MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write what you can tell them")},
    )


class ConcernStartForm(GovukForm):
    include_contact = forms.BooleanField(
        label=gettext_lazy("Add the reporter's contact details to the concern"),
        required=False,
    )


# --- The inbox -------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not recipients.may_use_inbox(user):
        raise PermissionDenied
    return render(request, "speakup/inbox.html", {"entries": recipients.inbox_for(user)})


def _report_context(user: User, report_id: uuid.UUID, **forms_: Any) -> dict[str, Any]:
    opened = services.read_report_for_recipient(user, report_id, page="speakup_inbox_report")
    report = opened.report
    signs = dict(SIGNS)
    is_open = report.status != ReportStatus.CLOSED
    return {
        "opened": opened,
        "report": report,
        "content": opened.content,
        "signs": [signs.get(code, code) for code in opened.content.signs],
        "clocks": recipients.clocks_of(report),
        "is_open": is_open,
        "may_acknowledge": is_open and report.acknowledged_at is None,
        "may_record_concern": is_open
        and report.concern_id is None
        and recipients.may_record_concern_from(user, report),
        "message_form": forms_.get("message_form") or MessageForm(auto_id="message-%s"),
        "feedback_form": forms_.get("feedback_form") or FeedbackForm(auto_id="feedback-%s"),
    }


@_report_page
def report(request: HttpRequest, user: User, report_id: uuid.UUID) -> HttpResponse:
    return render(request, "speakup/report_for_recipient.html", _report_context(user, report_id))


def _back(report_id: uuid.UUID) -> HttpResponse:
    return redirect(reverse("speakup_inbox:report", args=[report_id]))


def _closed(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    messages.info(request, _("This report is closed: it takes no more messages or changes."))
    return _back(report_id)


@require_POST
@_report_page
def acknowledge(request: HttpRequest, user: User, report_id: uuid.UUID) -> HttpResponse:
    report = recipients.report_to_act_on(user, report_id)
    try:
        recipients.acknowledge(user, report)
    except recipients.ReportClosed:
        return _closed(request, report_id)
    messages.success(request, _("Acknowledged. The reporter sees this when they follow it up."))
    return _back(report_id)


def _post_text(
    request: HttpRequest,
    user: User,
    report_id: uuid.UUID,
    form_class: type[GovukForm],
    field: str,
    act: Callable[[Any, str], None],
    done: str,
) -> HttpResponse:
    report = recipients.report_to_act_on(user, report_id)
    form = form_class(request.POST, auto_id=f"{field}-%s")
    if form.is_valid():
        try:
            act(report, form.cleaned_data["text"])
        except recipients.ReportClosed:
            return _closed(request, report_id)
        messages.success(request, done)
        return _back(report_id)
    context = _report_context(user, report_id, **{f"{field}_form": form})
    return render(request, "speakup/report_for_recipient.html", context, status=400)


@require_POST
@_report_page
def message(request: HttpRequest, user: User, report_id: uuid.UUID) -> HttpResponse:
    return _post_text(
        request,
        user,
        report_id,
        MessageForm,
        "message",
        lambda report, text: recipients.ask_reporter(user, report, text),
        _("Sent. The reporter reads it when they follow up their report with the receipt."),
    )


@require_POST
@_report_page
def feedback(request: HttpRequest, user: User, report_id: uuid.UUID) -> HttpResponse:
    return _post_text(
        request,
        user,
        report_id,
        FeedbackForm,
        "feedback",
        lambda report, text: recipients.give_feedback(user, report, text),
        _("Feedback given: the reporter is told that action is being taken."),
    )


@require_POST
@_report_page
def close(request: HttpRequest, user: User, report_id: uuid.UUID) -> HttpResponse:
    report = recipients.report_to_act_on(user, report_id)
    recipients.close(user, report)
    messages.success(
        request,
        _("Closed. It will be deleted after %(days)s days, with a warning 30 days before.")
        % {"days": report.channel.retention_days},
    )
    return _back(report_id)


@require_POST
@_report_page
def reopen(request: HttpRequest, user: User, report_id: uuid.UUID) -> HttpResponse:
    report = recipients.report_to_act_on(user, report_id)
    recipients.reopen(user, report)
    messages.success(request, _("Reopened: action is being taken, and it will not be deleted."))
    return _back(report_id)


@_report_page
def photo(
    request: HttpRequest, user: User, report_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    opened = recipients.photo_for_recipient(user, report_id, attachment_id)
    if opened is None:
        raise Http404
    response = HttpResponse(opened.data, content_type=opened.content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@_report_page
def concern(request: HttpRequest, user: User, report_id: uuid.UUID) -> HttpResponse:
    """Record a concern from the report: what will be carried over, and the choice (off by
    default) of adding the reporter's contact details; then the concern form, filled in."""
    report = recipients.report_to_act_on(user, report_id)
    if not recipients.may_record_concern_from(user, report):
        raise PermissionDenied
    if report.concern_id is not None:
        messages.info(request, _("A concern is already recorded from this report."))
        return redirect("concerns:detail", concern_id=report.concern_id)
    if request.method == "POST":
        form = ConcernStartForm(request.POST)
        if form.is_valid():
            draft = recipients.start_concern(
                user, report_id, include_contact=form.cleaned_data["include_contact"]
            )
            return redirect("concerns:draft", draft_id=draft.pk)
    opened = services.read_report_for_recipient(user, report_id, page="speakup_concern_preview")
    carried = recipients.concern_form_data(report, opened.content)
    return render(
        request,
        "speakup/report_for_recipient_concern.html",
        {
            "report": report,
            "account": carried["account"][0],
            "where": (carried.get("observed_where") or [""])[0],
            "indicators": carried["indicators"],
            "has_contact": bool(opened.content.contact.strip()),
            "contact": opened.content.contact.strip(),
            "form": ConcernStartForm(),
        },
    )


# --- Channels (organisation admin) -----------------------------------------------------


class _People(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # generic in the stubs only
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class ChannelForm(GovukForm):
    slug = forms.SlugField(
        label=gettext_lazy("Address"),
        help_text=gettext_lazy(
            "Lower-case letters, numbers and dashes: the channel is at /speak-up/<address>/."
        ),
        max_length=60,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Who is it for?"),
        choices=ChannelKind.choices,
        widget=forms.RadioSelect,
        initial=ChannelKind.ORGANISATION,
    )
    name_en = forms.CharField(label=gettext_lazy("Name in English"), max_length=200)
    name_cy = forms.CharField(label=gettext_lazy("Name in Welsh"), max_length=200, required=False)
    intro_en = forms.CharField(
        label=gettext_lazy("A short introduction in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intro_cy = forms.CharField(
        label=gettext_lazy("A short introduction in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    retention_days = forms.IntegerField(
        label=gettext_lazy("How many days is a closed report kept?"),
        help_text=gettext_lazy(
            "Your organisation decides. Between 30 and 3650 days; the recipients are warned 30 "
            "days before a report is deleted. A report is never deleted while it is open, and a "
            "change applies to reports closed from now on."
        ),
        min_value=recipients.SHORTEST_RETENTION_DAYS,
        max_value=recipients.LONGEST_RETENTION_DAYS,
        initial=365,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Enter a whole number of days"),
            "min_value": gettext_lazy("Keep a closed report for at least 30 days"),
            "max_value": gettext_lazy("Keep a closed report for at most 3650 days"),
        },
    )
    recipients = _People(
        label=gettext_lazy("Who receives its reports?"),
        help_text=gettext_lazy(
            "Choose none and every safeguarding lead receives them (at a local authority, its "
            "safeguarding team)."
        ),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, organisation: Organisation, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = recipients.possible_recipients(organisation)
        if editing:
            del self.fields["slug"]
            del self.fields["kind"]
        elif not recipients.may_open_community_channel(organisation):
            del self.fields["kind"]

    def clean_recipients(self) -> list[User]:
        chosen = list(self.cleaned_data["recipients"])
        if not chosen and not recipients.has_default_recipients(self.organisation):
            raise forms.ValidationError(
                _(
                    "Choose who receives its reports: your organisation has no safeguarding "
                    "lead or safeguarding team"
                )
            )
        return chosen

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).strip().lower()
        if slug in {"en", "cy", "proof-key"} or SpeakUpChannel.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This address is taken: choose another"))
        return slug

    def text(self) -> ChannelText:
        data = self.cleaned_data
        return ChannelText(
            name_en=data["name_en"].strip(),
            name_cy=data["name_cy"].strip(),
            intro_en=data["intro_en"].strip(),
            intro_cy=data["intro_cy"].strip(),
            retention_days=data["retention_days"] or 365,
        )


def _admin(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not recipients.can_manage_channels(user):
        raise PermissionDenied
    return user


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    return render(
        request,
        "speakup/channel_admin.html",
        {"channels": recipients.channels_managed_by(user).prefetch_related("recipients")},
    )


@login_required
def channel_new(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    assert user.organisation is not None
    form = ChannelForm(request.POST or None, organisation=user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            recipients.open_channel(
                user,
                slug=form.cleaned_data["slug"],
                kind=form.cleaned_data.get("kind", ChannelKind.ORGANISATION),
                text=form.text(),
                recipients=list(form.cleaned_data["recipients"]),
            )
        except IntegrityError:
            form.add_error("slug", _("This address is taken: choose another"))
        else:
            messages.success(request, _("The channel is open."))
            return redirect("speakup_inbox:channels")
    return render(request, "speakup/channel_admin_form.html", {"form": form, "channel": None})


def _managed(user: User, channel_id: int) -> SpeakUpChannel:
    try:
        return recipients.channel_managed_by(user, channel_id)
    except PermissionError:
        raise Http404 from None


@login_required
def channel_edit(request: HttpRequest, channel_id: int) -> HttpResponse:
    user = _admin(request)
    channel = _managed(user, channel_id)
    initial = {
        "name_en": channel.name_en,
        "name_cy": channel.name_cy,
        "intro_en": channel.intro_en,
        "intro_cy": channel.intro_cy,
        "retention_days": channel.retention_days,
        "recipients": list(channel.recipients.all()),
    }
    form = ChannelForm(
        request.POST or None, initial=initial, organisation=channel.organisation, editing=True
    )
    if request.method == "POST" and form.is_valid():
        recipients.change_channel(
            user, channel, text=form.text(), recipients=list(form.cleaned_data["recipients"])
        )
        messages.success(request, _("The channel is changed."))
        return redirect("speakup_inbox:channels")
    return render(request, "speakup/channel_admin_form.html", {"form": form, "channel": channel})


@login_required
@require_POST
def channel_open(request: HttpRequest, channel_id: int) -> HttpResponse:
    user = _admin(request)
    channel = _managed(user, channel_id)
    is_open = request.POST.get("open") == "1"
    recipients.set_channel_open(user, channel, is_open)
    if is_open:
        messages.success(request, _("The channel takes reports again."))
    else:
        messages.success(
            request,
            _(
                "The channel is closed to new reports. Its reports stay, and reporters can "
                "still follow them up."
            ),
        )
    return redirect("speakup_inbox:channels")
