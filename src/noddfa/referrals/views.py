"""Referral pages: they translate requests into service calls and nothing more."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from noddfa.accounts.models import User
from noddfa.concerns.selectors import action_for, concern_for_viewing
from noddfa.concerns.services import current_run
from noddfa.core.errors import StaleSave
from noddfa.core.forms_flow import submit
from noddfa.core.http import signed_in_user

from . import services
from .channels import official_channel
from .deadlines import CONFIRM_IN_WRITING, deadlines_of, recovery_period_end
from .documents import (
    about_a_child,
    answered_sections,
    as_json,
    child_helplines,
    earlier_answers,
    person_copy_pdf,
    referral_pdf,
)
from .forms import (
    AcknowledgementForm,
    ConfirmForm,
    ConsentForm,
    CopySafetyForm,
    DecisionForm,
    HandOverForm,
    InboxDecisionForm,
    PolicyForm,
    ResponseForm,
    SubmissionForm,
    WrittenConfirmationForm,
    draft_form,
)
from .models import (
    DECISIONS_FOR,
    DELIVERED_KINDS,
    HANDOVER_KINDS,
    DecisionKind,
    Kind,
    ReferralDraft,
    ReferralPolicy,
    Status,
)
from .permissions import (
    can_answer_for_receiver,
    can_edit,
    can_list_referrals,
    can_record_consent,
    can_record_decision,
    can_record_reply,
    can_set_policy,
    can_submit,
    can_take_up,
    may_offer,
    needs_hand_over,
    receivers_for,
)
from .selectors import (
    Delivery,
    as_deadlines,
    consent_blocker,
    delivery,
    delivery_of,
    duty_to_notify_of,
    first_deadlines,
    inbox,
    inbox_item_for,
    my_referrals,
    open_deadlines,
    referral_for_viewing,
)


def _receivers(draft: ReferralDraft) -> Any:
    # The organisations in Noddfa of the right kind: the local authority or the police for a
    # report, a first responder for a hand-over (issue 18).
    return receivers_for(draft.kind, draft.organisation_id)


# A page of the referrals list, and of the deadlines list.
REFERRALS_PER_PAGE = 50
DEADLINES_PER_PAGE = 50


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_list_referrals(user):
        raise PermissionDenied
    # Newest first, a page at a time: the page costs the same whatever the history.
    referrals = my_referrals(user, page="referrals").order_by("-created_at", "-pk")
    page = Paginator(referrals, REFERRALS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "referrals": page.object_list,
        "page": page,
        **first_deadlines(user),
    }
    return render(request, "referrals/list.html", context)


@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    """Every open date on the organisation's referrals, overdue first, a page at a time."""
    user = signed_in_user(request)
    if not can_list_referrals(user):
        raise PermissionDenied
    rows = open_deadlines(user, page="referral_deadlines")
    page = Paginator(rows, DEADLINES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "deadlines": as_deadlines(page.object_list),
        "deadlines_total": page.paginator.count,
        "page": page,
    }
    return render(request, "referrals/deadlines.html", context)


@login_required
@require_POST
def start(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = action_for(user, action_id)
    if action.code not in services.ACTION_KINDS:
        raise PermissionDenied
    assert user.organisation is not None
    if needs_hand_over(services.kind_for(action), user.organisation):
        # Offered before any form is filled: a first responder makes this one (issue 18).
        return redirect("referrals:hand_over", action_id=action.pk)
    draft = services.start_referral(user, action)
    return redirect("referrals:edit", draft_id=draft.pk)


@login_required
def hand_over(request: HttpRequest, action_id: int) -> HttpResponse:
    """The offer to an organisation that may not make an NRM referral (or a Duty to Notify):
    hand what it knows to a first responder in Noddfa, which makes the referral itself."""
    user = signed_in_user(request)
    action = action_for(user, action_id)
    if action.code not in services.ACTION_KINDS or user.organisation is None:
        raise PermissionDenied
    target = services.kind_for(action)
    if not needs_hand_over(target, user.organisation):
        raise PermissionDenied
    kind = services.hand_over_kind(target)
    form = HandOverForm(
        request.POST if request.method == "POST" else None,
        receivers=receivers_for(kind, user.organisation_id),
    )
    started: list[ReferralDraft] = []
    submission = submit(
        request,
        form,
        lambda: started.append(
            services.start_hand_over(user, action, form.cleaned_data["receiver"])
        ),
    )
    if submission.done:
        return redirect("referrals:edit", draft_id=started[0].pk)
    context = {
        "form": form,
        "action": action,
        "target_label": Kind(target).label,
        "is_notice": target == Kind.DUTY_TO_NOTIFY,
    }
    return render(request, "referrals/hand_over.html", context, status=submission.status)


def _submission_form(draft: ReferralDraft, data: Any = None) -> SubmissionForm:
    channels = services.SUBMISSION_CHANNELS.get(draft.kind, ())
    return SubmissionForm(
        data,
        channels=channels,
        reference_optional=draft.receiving_body_id is not None,
        auto_id="submit-%s",
    )


def _sendable(draft: ReferralDraft) -> bool:
    return draft.receiving_body_id is not None and draft.kind in DELIVERED_KINDS


def _step_forms(
    user: User, draft: ReferralDraft, deadline_keys: set[str], blocked: bool, delivered: bool
) -> dict[str, Any]:
    status = draft.status
    forms: dict[str, Any] = {}
    if status == Status.READY and can_submit(user, draft) and not blocked:
        forms["may_send"] = _sendable(draft)
        if draft.kind not in HANDOVER_KINDS or draft.receiving_body_id is None:
            # A hand-over to a first responder outside Noddfa is printed and given to it;
            # the referrer records when, with the reference it was given.
            forms["submission_form"] = _submission_form(draft)
    if CONFIRM_IN_WRITING in deadline_keys and can_submit(user, draft):
        forms["confirmation_form"] = WrittenConfirmationForm(auto_id="confirm-%s")
    if delivered:
        # The receiver answers in Noddfa, from its inbox: nobody records it for them.
        return forms
    if status == Status.SUBMITTED and can_record_reply(user, draft):
        forms["acknowledgement_form"] = AcknowledgementForm(auto_id="ack-%s")
    if status in (Status.SUBMITTED, Status.ACKNOWLEDGED) and can_record_reply(user, draft):
        forms["response_form"] = ResponseForm(auto_id="response-%s")
    submitted = draft.status_changes.filter(status=Status.SUBMITTED).exists()
    if submitted and can_record_decision(user, draft):
        forms["decision_form"] = DecisionForm(auto_id="decision-%s")
    return forms


@login_required
def detail(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    draft = referral_for_viewing(user, draft_id)
    decisions = list(draft.decisions.select_related("recorded_by"))
    grounds = next((d for d in decisions if d.decision == DecisionKind.REASONABLE_GROUNDS), None)
    deadlines = deadlines_of(draft)
    # An adult NRM referral with no current consent: say why, and what to do instead.
    blocking = _consent_context(draft) if draft.status in (Status.DRAFT, Status.READY) else {}
    arrived = delivery_of(draft)
    context = {
        "delivery": arrived,
        "taken_up_from": _taken_up_from(draft),
        "draft": draft,
        "kind_label": Kind(draft.kind).label,
        "status": draft.status,
        "status_label": Status(draft.status).label,
        "sections": answered_sections(draft),
        "history": draft.history().select_related("by"),
        "decisions": decisions,
        "recovery_ends": recovery_period_end(grounds.decided_on)
        if grounds is not None and grounds.outcome == "positive"
        else None,
        "deadlines": deadlines,
        "earlier_answers": earlier_answers(draft),
        "confirmations": draft.written_confirmations.select_related("by"),
        "may_edit": can_edit(user, draft),
        "channel": official_channel(draft),
        "child": about_a_child(draft),
        "submit_blocked": draft.status == Status.READY and not can_submit(user, draft),
        **blocking,
        **_step_forms(user, draft, {d.key for d in deadlines}, bool(blocking), arrived is not None),
    }
    return render(request, "referrals/detail.html", context)


def _taken_up_from(draft: ReferralDraft) -> Delivery | None:
    """The hand-over a first responder's own referral was made from, if any."""
    item = getattr(draft, "taken_up_from", None) if draft.kind not in HANDOVER_KINDS else None
    return delivery(item) if item is not None else None


def _consent_context(draft: ReferralDraft) -> dict[str, Any]:
    """Why an adult NRM referral cannot go ahead now, and what to do instead; empty when it
    can (or for any other kind)."""
    blocked = consent_blocker(draft)
    if not blocked:
        return {}
    return {
        "consent_blocked": blocked,
        "may_notify": may_offer(Kind.DUTY_TO_NOTIFY, draft.organisation),
        "duty_to_notify": duty_to_notify_of(draft.concern),
    }


@login_required
def edit(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    draft = referral_for_viewing(user, draft_id)
    if not can_edit(user, draft):
        if draft.status in (Status.DRAFT, Status.READY):
            raise PermissionDenied
        # Sent answers are what the receiver has: say why they stay, and what to do instead.
        context = {"draft": draft, "status_label": Status(draft.status).label}
        return render(request, "referrals/not_editable.html", context, status=403)
    answers = draft.data
    if request.method == "POST" and "named" in request.POST:
        # Whether the person agreed to be named decides which questions a notice has.
        answers = {**answers, "named": request.POST["named"]}
    form_class = draft_form(draft.kind, answers)
    version = services.draft_version(draft)
    if request.method != "POST":
        form = form_class(
            initial={**draft.data, "receiving_body": draft.receiving_body_id},
            receivers=_receivers(draft),
        )
        context = {"draft": draft, "form": form, "version": version, **_consent_context(draft)}
        return render(request, "referrals/edit.html", context)
    form = form_class(request.POST, receivers=_receivers(draft))
    ready = "mark_ready" in request.POST

    def save() -> None:
        services.update_draft(
            user,
            draft,
            form.answers(),
            form.cleaned_data["receiving_body"],
            opened_version=request.POST.get("version") or None,
        )
        if ready:
            services.mark_ready(user, draft)

    submission = submit(request, form, save)
    if submission.done:
        if ready:
            messages.success(request, _("The referral is marked ready to submit."))
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect("referrals:detail", draft_id=draft.pk)
    if isinstance(submission.conflict, StaleSave):
        # Their answers stay on the page; the saved ones are on the referral's page. A
        # second save, with the version now shown, is made knowingly.
        version = submission.conflict.current_version
    context = {
        "draft": draft,
        "form": form,
        "version": version,
        "stale": isinstance(submission.conflict, StaleSave),
        **_consent_context(draft),
    }
    return render(request, "referrals/edit.html", context, status=submission.status)


def _step(
    request: HttpRequest,
    draft_id: uuid.UUID,
    form_class: type[Any] | Callable[[ReferralDraft, Any], Any],
    act: Callable[[User, ReferralDraft, dict[str, Any]], Any],
    title: str,
    done: str,
) -> HttpResponse:
    """One POSTed step on a referral: check, validate, call the service, report back.
    `form_class` is a form class, or a function of the draft and the posted data."""
    user = signed_in_user(request)
    draft = referral_for_viewing(user, draft_id, audit=False)
    if isinstance(form_class, type):
        form = form_class(request.POST)
    else:
        form = form_class(draft, request.POST)
    submission = submit(request, form, lambda: act(user, draft, form.cleaned_data))
    if submission.done:
        messages.success(request, done)
        return redirect("referrals:detail", draft_id=draft.pk)
    if isinstance(submission.conflict, services.AlreadySubmitted):
        # A second click on submit: the first submission stands, and the page says so.
        messages.info(request, str(submission.conflict))
        return redirect("referrals:detail", draft_id=draft.pk)
    # Without the person's current consent the page says what to do instead.
    refused = isinstance(submission.conflict, services.NoCurrentConsent)
    blocking: dict[str, Any] = _consent_context(draft) if refused else {}
    context = {
        "form": form,
        "draft": draft,
        "title": title,
        "action": request.path,
        **blocking,
    }
    return render(request, "referrals/step.html", context, status=submission.status)


@login_required
@require_POST
def submitted(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        draft_id,
        _submission_form,
        lambda user, draft, data: services.record_submission(user, draft, **data),
        _("Record the submission"),
        _("The submission is recorded."),
    )


@login_required
@require_POST
def send(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    """Send a referral marked ready to the receiving organisation in Noddfa it names."""
    user = signed_in_user(request)
    draft = referral_for_viewing(user, draft_id, audit=False)
    submission = submit(
        request, ConfirmForm(request.POST), lambda: services.send_through_noddfa(user, draft)
    )
    if submission.conflict is not None:
        # A second click: the first sending stands, and the page says so.
        messages.info(request, str(submission.conflict))
    elif submission.done and draft.receiving_body is not None:
        messages.success(
            request,
            _("Sent. It is in the inbox of %(receiver)s.")
            % {"receiver": draft.receiving_body.name},
        )
    return redirect("referrals:detail", draft_id=draft.pk)


@login_required
@require_POST
def confirmed(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        draft_id,
        WrittenConfirmationForm,
        lambda user, draft, data: services.record_written_confirmation(user, draft, **data),
        _("Record the written confirmation"),
        _("The written confirmation is recorded."),
    )


@login_required
@require_POST
def acknowledged(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        draft_id,
        AcknowledgementForm,
        lambda user, draft, data: services.record_acknowledgement(user, draft, **data),
        _("Record the acknowledgement"),
        _("The acknowledgement is recorded."),
    )


@login_required
@require_POST
def response(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        draft_id,
        ResponseForm,
        lambda user, draft, data: services.record_response(
            user,
            draft,
            accepted=data["accepted"] == "yes",
            reason=data["reason"],
            responded_at=data["responded_at"],
        ),
        _("Record the receiving body’s decision"),
        _("The decision is recorded."),
    )


@login_required
@require_POST
def decision(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    return _step(
        request,
        draft_id,
        DecisionForm,
        lambda user, draft, data: services.record_nrm_decision(user, draft, **data),
        _("Record an NRM decision"),
        _("The NRM decision is recorded."),
    )


def _download(request: HttpRequest, draft_id: uuid.UUID, what: str) -> tuple[User, ReferralDraft]:
    user = signed_in_user(request)
    return user, referral_for_viewing(user, draft_id, export=what)


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def pdf(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    _, draft = _download(request, draft_id, "pdf")
    content = referral_pdf(draft, language=get_language() or "en")
    return _pdf_response(content, f"referral-{draft.reference}.pdf")


@login_required
def copy_for_person(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    """A copy for the person, made only once the practitioner has said it is safe for them
    to hold: found by the wrong person, it can endanger them (issue 19)."""
    user = signed_in_user(request)
    draft = referral_for_viewing(user, draft_id, audit=request.method != "POST")
    form = CopySafetyForm(request.POST if request.method == "POST" else None, auto_id="copy-%s")
    if request.method == "POST" and form.is_valid() and form.cleaned_data["safe"] == "yes":
        _, draft = _download(request, draft_id, "person_copy")
        content = person_copy_pdf(draft, language=get_language() or "en")
        return _pdf_response(content, f"copy-{draft.reference}.pdf")
    context = {
        "draft": draft,
        "form": form,
        "child": about_a_child(draft),
        "not_safe": form.is_bound and form.is_valid(),
        "child_helplines": child_helplines(),
    }
    return render(request, "referrals/copy_check.html", context, status=400 if form.errors else 200)


@login_required
def json_download(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    _, draft = _download(request, draft_id, "json")
    response = HttpResponse(
        json.dumps(as_json(draft), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="referral-{draft.reference}.json"'
    return response


@login_required
def consent(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    concern = concern_for_viewing(user, concern_id)
    if not can_record_consent(user, concern):
        raise PermissionDenied
    if current_run(concern).result.get("assessment", {}).get("treated_as_child", True):
        raise PermissionDenied
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_consent(user, concern, **form.cleaned_data)
        messages.success(
            request, _("Their decision is recorded and the pathway is brought up to date.")
        )
        return redirect("concerns:detail", concern_id=concern.pk)
    context = {
        "concern": concern,
        "form": form,
        "consents": concern.consents.select_related("recorded_by"),
    }
    return render(request, "referrals/consent.html", context)


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_set_policy(user):
        raise PermissionDenied
    current = ReferralPolicy.objects.filter(organisation=user.organisation_id).first()
    initial = {
        "nrm_submission_requires_training": bool(
            current and current.nrm_submission_requires_training
        )
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_policy(user, **form.cleaned_data)
        messages.success(request, _("The referral policy is saved."))
        return redirect("referrals:policy")
    return render(request, "referrals/policy.html", {"form": form})


# The inbox (issue 18).


@login_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_list_referrals(user):
        raise PermissionDenied
    return render(request, "referrals/inbox.html", {"items": inbox(user, page="referral_inbox")})


def _inbox_page(
    request: HttpRequest,
    user: User,
    arrived: Delivery,
    *,
    decision_form: InboxDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    item = arrived.item
    draft = item.draft
    open_ = draft.status in (Status.SUBMITTED, Status.ACKNOWLEDGED)
    may_answer = can_answer_for_receiver(user, item) and open_
    if decision_form is None and may_answer and DECISIONS_FOR.get(draft.kind):
        decision_form = InboxDecisionForm(kind=draft.kind, auto_id="decide-%s")
    context = {
        "arrived": arrived,
        "item": item,
        "draft": draft,
        "sections": answered_sections(draft),
        "deadlines": deadlines_of(draft),
        "may_acknowledge": may_answer and draft.status == Status.SUBMITTED,
        "decision_form": decision_form if may_answer else None,
        "may_take_up": can_take_up(user, item) and (open_ or item.taken_up_as_id is not None),
    }
    return render(request, "referrals/inbox_item.html", context, status=status)


@login_required
def inbox_item(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    item = inbox_item_for(user, item_id)
    return _inbox_page(request, user, delivery(item))


def _back_to(item_id: uuid.UUID) -> str:
    return reverse("referrals:inbox_item", args=[item_id])


@login_required
@require_POST
def inbox_acknowledge(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    item = inbox_item_for(user, item_id, audit=False)
    submission = submit(
        request, ConfirmForm(request.POST), lambda: services.acknowledge_received(user, item)
    )
    if submission.conflict is not None:
        # A second click, or a colleague was first: what stands is on the page.
        messages.info(request, str(submission.conflict))
    elif submission.done:
        messages.success(request, _("Acknowledged. The referrer can see it."))
    return redirect(_back_to(item_id))


@login_required
@require_POST
def inbox_decide(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    item = inbox_item_for(user, item_id, audit=False)
    if not can_answer_for_receiver(user, item):
        raise PermissionDenied
    form = InboxDecisionForm(request.POST, kind=item.draft.kind, auto_id="decide-%s")
    submission = submit(
        request,
        form,
        lambda: services.decide_received(
            user, item, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]
        ),
    )
    if submission.done:
        messages.success(request, _("The decision is recorded. The referrer can see it."))
        return redirect(_back_to(item_id))
    return _inbox_page(request, user, delivery(item), decision_form=form, status=submission.status)


@login_required
@require_POST
def inbox_take_up(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    item = inbox_item_for(user, item_id, audit=False)
    draft = services.take_up_hand_over(user, item)
    return redirect("referrals:edit", draft_id=draft.pk)
