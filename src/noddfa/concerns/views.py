from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from noddfa.accounts.models import User
from noddfa.core.forms_flow import submit
from noddfa.core.http import signed_in_user
from noddfa.pathway import load_catalogue
from noddfa.people.match_keys import person_record
from noddfa.people.match_reasons import explain
from noddfa.people.match_suggestions import (
    HeldElsewhere,
    Refusal,
    check_held_elsewhere,
    record_typed,
    suggestions_for_new_person,
)
from noddfa.people.models import Person
from noddfa.people.permissions import people_visible_to
from noddfa.people.selectors import known_to_other_agencies
from noddfa.people.services import record_person

from . import action_who, addenda, form_sections, services
from .action_status import grace_statement, status_of
from .attachment_views import attachments_context
from .body_map import body_map_display
from .drafts import data_from, initial_for, without_nul
from .forms import (
    REASSESS_FIELDS,
    AddendumForm,
    AssignForm,
    CloseForm,
    ConcernForm,
    DangerForm,
    InvolvedPersonForm,
    NewPersonForm,
    OutcomeForm,
    ReassessForm,
    ReviewForm,
    action_label,
    answer,
    reading_welsh,
)
from .models import ConcernDraft
from .pathway_case import RecordedFacts
from .permissions import (
    can_add_addendum,
    can_assign,
    can_close,
    can_reassess,
    can_record_concern,
    can_record_outcome,
    can_review,
    records_outcomes_for,
)
from .selectors import (
    ConcernPathway,
    action_for,
    concern_for_viewing,
    latest_outcomes,
    pathway_of,
    recorded_message,
)

_OTHERS = ("other1", "other2")
ANOTHER_PERSON = "another_person"


def _form_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None


def _subject_of(user: User, data: dict[str, list[str]]) -> Person | None:
    chosen = (data.get("subject") or [""])[0]
    try:
        return people_visible_to(user).filter(pk=uuid.UUID(chosen)).first() if chosen else None
    except ValueError:
        return None


def _audience(subject: Person | None) -> str | None:
    if subject is None:
        return None
    age = subject.age_on(timezone.localdate())
    # Unknown or disputed ages get the child list: a child until an age assessment.
    return "child" if age is None or subject.age_disputed or age < 18 else "adult"


def _forms(data: Any, draft_data: dict[str, list[str]], subject: Person | None) -> dict[str, Any]:
    audience = _audience(subject)
    if data is not None:
        built = {
            "danger": DangerForm(data),
            "concern": ConcernForm(data, audience=audience),
            "others": [InvolvedPersonForm(data, prefix=p) for p in _OTHERS],
        }
        if subject is None:
            built["person"] = NewPersonForm(data, prefix="person")
        return built
    built = {
        "danger": DangerForm(initial=initial_for(DangerForm, draft_data)),
        "concern": ConcernForm(initial=initial_for(ConcernForm, draft_data), audience=audience),
        "others": [
            InvolvedPersonForm(initial=initial_for(InvolvedPersonForm, draft_data, p), prefix=p)
            for p in _OTHERS
        ],
    }
    if subject is None:
        built["person"] = NewPersonForm(
            initial=initial_for(NewPersonForm, draft_data, "person"), prefix="person"
        )
    return built


def _all_valid(built: dict[str, Any]) -> bool:
    forms = [built["danger"], built["concern"], *built["others"]]
    if "person" in built:
        forms.append(built["person"])
    return all([form.is_valid() for form in forms])


def _error_list(built: dict[str, Any]) -> list[tuple[str, str]]:
    forms = [built["danger"], built.get("person"), built["concern"], *built["others"]]
    # A group of radios or boxes has no one label: its summary link goes to the first option.
    return [
        (field.id_for_label or f"{field.auto_id}_0", error)
        for form in forms
        if form is not None and form.is_bound
        for field in form.visible_fields()
        for error in field.errors
    ]


def _facts(form: ConcernForm, danger: str) -> RecordedFacts:
    data = form.cleaned_data
    return RecordedFacts(
        immediate_danger=answer(danger),
        at_risk_of_going_missing=answer(data["at_risk_of_going_missing"]),
        missing_now=answer(data["missing_now"]),
        action=data["action"],
        means=data["means"],
        purpose=data["purpose"],
        indicators=data["indicators"],
        facilitated_border_crossing=answer(data["facilitated_border_crossing"]),
        relationship_ended_on_arrival=answer(data["relationship_ended_on_arrival"]),
        consents_to_nrm=answer(data["consents_to_nrm"]),
        care_and_support_needs=answer(data["care_and_support_needs"]),
        unable_to_protect_self=answer(data["unable_to_protect_self"]),
        access_refused=answer(data["access_refused"]),
    )


@transaction.atomic
def _submit(user: User, built: dict[str, Any], subject: Person | None, draft: ConcernDraft) -> Any:
    if subject is None:
        subject = record_person(user, **built["person"].person_details())
    involved = [
        (record_person(user, **form.person_details()), form.cleaned_data["role"])
        for form in built["others"]
        if not form.is_empty()
    ]
    concern_form: ConcernForm = built["concern"]
    data = concern_form.cleaned_data
    danger = built["danger"].cleaned_data["immediate_danger"]
    report = services.ConcernReport(
        subject=subject,
        observed_at=data["observed_at"],
        observed_where=data["observed_where"],
        immediate_danger=danger,
        account=data["account"],
        quotes=[line.strip() for line in data["quotes"].splitlines() if line.strip()],
        body_map=data["body_map"],
        facts=_facts(concern_form, danger),
        involved=involved,
    )
    return services.record_concern(user, report, draft)


@login_required
def record(request: HttpRequest, draft_id: uuid.UUID | None = None) -> HttpResponse:
    user = signed_in_user(request)
    if not can_record_concern(user):
        raise PermissionDenied
    if draft_id is None:
        start: dict[str, list[str]] = {}
        subject = _subject_of(user, {"subject": [request.GET.get("person", "")]})
        if subject is not None:
            start["subject"] = [str(subject.pk)]
        # Opening the form again reuses an untouched draft rather than piling up empty ones;
        # each tab still writes to a draft of its own (see draft_for_form).
        unclaimed = ConcernDraft.objects.filter(
            author=user, form_token__isnull=True, concern__isnull=True
        )
        draft = next((d for d in unclaimed if d.data == start), None) or services.save_draft(
            user, start
        )
        return redirect("concerns:draft", draft_id=draft.pk)
    if request.method == "POST":
        return _record_posted(request, user, draft_id)
    draft = get_object_or_404(ConcernDraft, pk=draft_id, author=user)
    if draft.concern_id is not None:
        messages.info(request, _("This concern is recorded already: here it is."))
        return redirect("concerns:detail", concern_id=draft.concern_id)
    subject = _subject_of(user, draft.data)
    # Every render is a new form instance with a token of its own.
    return _render_record(
        request, user, draft, subject, _forms(None, draft.data, subject), uuid.uuid4()
    )


def _record_posted(request: HttpRequest, user: User, draft_id: uuid.UUID) -> HttpResponse:
    """A submission: what was posted is the truth, the draft only its safety copy."""
    if ConcernDraft.objects.filter(pk=draft_id).exclude(author=user).exists():
        raise Http404
    token = _form_token(request) or uuid.uuid4()
    post = without_nul(request.POST)
    try:
        with transaction.atomic():
            draft = services.draft_for_form(user, draft_id, token)
            subject = _subject_of(user, draft.data) or _subject_of(
                user, {"subject": post.getlist("subject")}
            )
            posted = data_from(post)
            if subject is not None:
                posted["subject"] = [str(subject.pk)]
            services.save_draft(user, posted, draft)
            built = None
            # "Check for existing records" and "Show the questions that apply" only show the
            # form again with what was typed; nothing is submitted.
            if not {"save_draft", "find_matches", "update_form"} & set(post):
                built = _forms(post, posted, subject)
                concern = _submit(user, built, subject, draft) if _all_valid(built) else None
                if concern is not None:
                    messages.success(request, recorded_message(concern))
                    return redirect("concerns:detail", concern_id=concern.pk)
    except services.AlreadyRecorded as recorded:
        # A second click, or a second request of the same form: show the first result.
        messages.info(request, _("This concern is recorded already: here it is."))
        return redirect("concerns:detail", concern_id=recorded.concern_id)
    if "save_draft" in post:
        messages.success(
            request, _("Your draft is saved. You can come back to it from the home page.")
        )
        return redirect("concerns:draft", draft_id=draft.pk)
    if built is None:
        # Checking for existing records only shows them; nothing is submitted.
        built = _forms(None, draft.data, subject)
    return _render_record(request, user, draft, subject, built, token, post)


def _render_record(
    request: HttpRequest,
    user: User,
    draft: ConcernDraft,
    subject: Person | None,
    built: dict[str, Any],
    form_token: uuid.UUID,
    post: QueryDict | None = None,
) -> HttpResponse:
    suggestions = None
    held: HeldElsewhere | None = None
    if post is not None and "find_matches" in post:
        # Other agencies are asked only about the person of this concern, once it is written.
        account = (draft.data.get("account") or [""])[0]
        if subject is None:
            suggestions = suggestions_for_new_person(user, post)
            held = check_held_elsewhere(user, record_typed(post), account=account)
        else:
            held = check_held_elsewhere(
                user, person_record(subject), account=account, subject=subject
            )
    context = {
        "suggestions": suggestions,
        "suggestion_rows": [
            {"person": s.person, "reasons": explain(s.match.reasons)}
            for s in (suggestions.visible if suggestions else [])
        ],
        "draft": draft,
        "form_token": form_token,
        "subject": subject,
        "known_elsewhere": (held is not None and held.known_elsewhere)
        or (subject is not None and known_to_other_agencies(user, subject)),
        "held_elsewhere_refused": _held_elsewhere_refusal(held),
        "checked_existing": post is not None and "find_matches" in post,
        **_shown(subject, draft.data, built),
        "error_list": _error_list(built),
        **built,
    }
    return render(request, "concerns/record.html", context)


def _sections(subject: Person | None, data: dict[str, list[str]]) -> form_sections.Sections:
    """What the form shows for the age known so far (form_sections): the record's, or what was
    typed about someone new, as last saved."""
    today = timezone.localdate()
    answered = form_sections.adult_answered(data)
    if subject is not None:
        return form_sections.sections_for(subject.age_on(today), subject.age_disputed, answered)

    def typed(name: str) -> str:
        return (data.get(f"person-{name}") or [""])[0]

    age = form_sections.age_from_typed(typed("date_of_birth"), typed("approximate_age"), today)
    return form_sections.sections_for(age, bool(typed("age_disputed")), answered)


def _shown(
    subject: Person | None, data: dict[str, list[str]], built: dict[str, Any]
) -> dict[str, Any]:
    sections = _sections(subject, data)
    typed = {prefix for prefix in _OTHERS if form_sections.someone_typed(data, prefix)}
    asked_for_another = (data.get("update_form") or [""])[0] == ANOTHER_PERSON
    signs, groups = form_sections.hidden_signs(
        built["concern"].groups, sections, set(data.get("indicators") or [])
    )
    return {
        "sections": sections,
        "hidden_signs": signs,
        "hidden_sign_groups": groups,
        # What applies by the answers so far (a clear "no" hides its follow-up), and the
        # second person once there is a first, or when asked for ("Add another person").
        "hidden_follow_ups": form_sections.hidden_follow_ups(data),
        "second_person_shown": bool(typed) or asked_for_another,
        "people_opened": typed | ({_OTHERS[1]} if asked_for_another else set()),
        "injuries_open": form_sections.injuries_marked(data),
    }


def _held_elsewhere_refusal(held: HeldElsewhere | None) -> str:
    if held is None:
        return ""
    if held.refused == Refusal.NO_CONCERN:
        return _(
            "Other agencies are asked about a person only for a concern you are recording. "
            "Write what happened first, then check again."
        )
    if held.refused in (Refusal.HOURLY_LIMIT, Refusal.DAILY_LIMIT):
        return _(
            "You have made too many checks for existing records for now. Try again later, or "
            "ask your safeguarding lead or the local authority safeguarding team."
        )
    return ""


@login_required
@require_POST
def autosave(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    token = _form_token(request)
    if ConcernDraft.objects.filter(pk=draft_id).exclude(author=user).exists():
        raise Http404
    if token is None:
        return JsonResponse({"saved": False}, status=400)
    try:
        draft = services.autosave_draft(user, draft_id, token, data_from(request.POST))
    except services.AlreadyRecorded as recorded:
        # The form was submitted: a late autosave never brings its draft back.
        url = reverse("concerns:detail", args=[recorded.concern_id])
        return JsonResponse({"saved": False, "recorded": url}, status=409)
    return JsonResponse(
        {
            "saved": True,
            "at": draft.updated_at.isoformat(),
            # A second tab gets a draft of its own: the page follows it from now on.
            "draft_url": reverse("concerns:draft", args=[draft.pk]),
            "autosave_url": reverse("concerns:autosave", args=[draft.pk]),
        }
    )


def _members_of(concern: Any) -> Any:
    return User.objects.filter(organisation_id=concern.organisation_id, is_active=True)


def _legal_basis(detail: dict[str, Any], *, welsh: bool) -> dict[str, Any]:
    """An action's legal basis and references as the reader reads them: the Welsh where the
    answer has it (answers worked out before it was kept have English only, marked so); each
    document by its own title, its part in the reader's language."""
    welsh_basis = str(detail.get("legal_basis_cy") or "") if welsh else ""
    return {
        "legal_basis": {
            "text": welsh_basis or str(detail.get("legal_basis", "")),
            "lang": "cy" if welsh_basis else "en",
        },
        "references": [
            {
                "document": reference.get("document", ""),
                "part": reference.get("part_cy" if welsh else "part", ""),
            }
            for reference in detail.get("references") or []
        ],
        "source": detail.get("source", ""),
    }


def _advice(action: Any, detail: dict[str, Any], whose: Callable[[str], str]) -> dict[str, Any]:
    welsh = reading_welsh()
    return {
        "action": action,
        "label": action_label(action.code),
        "who": whose(action.who),
        "due": detail.get("due_cy" if welsh else "due", action.due),
        "why": detail.get("why_cy" if welsh else "why", ""),
        **_legal_basis(detail, welsh=welsh),
    }


# Where an action's id goes in the ids of a blank form rendered once for every action.
_ACTION_SLOT = "action-slot"


def _per_action(html: str, pk: int) -> SafeString:
    # `html` is a form this view has just rendered; only its element ids change.
    return mark_safe(html.replace(_ACTION_SLOT, str(pk)))  # noqa: S308


def _action_rows(
    user: User,
    concern: Any,
    pathway: ConcernPathway,
    now: datetime,
    whose: Callable[[str], str],
    may_assign: bool,
) -> list[dict[str, Any]]:
    """Each current action with its status and, for whoever may act on it, its forms.

    The forms on this page are always blank (a refused one is shown on a page of its own), so
    each is rendered once and given each action's ids: a dozen copies of the same form, and of
    a staff picker of every member, made the concern page the slowest under load (issue 16)."""
    outcomes = latest_outcomes(concern)
    outcome_form = ""
    assign_forms: dict[int | None, str] = {}
    members = _members_of(concern)
    rows = []
    for action in pathway.current:
        may_record = records_outcomes_for(user, action)
        if may_record and not outcome_form:
            outcome_form = str(OutcomeForm(auto_id=f"{_ACTION_SLOT}-%s"))
        if may_assign and action.assigned_to_id not in assign_forms:
            assign_forms[action.assigned_to_id] = str(
                AssignForm(
                    members=members,
                    initial={"assignee": action.assigned_to_id},
                    auto_id=f"assign-{_ACTION_SLOT}-%s",
                )
            )
        rows.append(
            {
                **_advice(action, pathway.details[action.pk], whose),
                "kept": action.pk in pathway.kept,
                "outcome": outcomes.get(action.pk),
                "status": status_of(action, outcomes.get(action.pk), now),
                # concern_for_viewing already proved the concern is visible.
                "may_record": may_record,
                "form": _per_action(outcome_form, action.pk) if may_record else "",
                "assign_form": (
                    _per_action(assign_forms[action.assigned_to_id], action.pk)
                    if may_assign
                    else ""
                ),
            }
        )
    return rows


@login_required
def detail(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    concern = concern_for_viewing(user, concern_id)
    catalogue = load_catalogue()
    welsh = reading_welsh()
    indicators = [
        (i.text_cy if welsh else i.text_en)
        for code in concern.indicators
        if (i := catalogue.by_id.get(code)) is not None
    ]
    pathway = pathway_of(concern)
    now = timezone.now()
    reader = action_who.Reader.of(user)
    recorded = action_who.recorded(concern)

    def whose(code: str) -> str:
        return action_who.who_for(code, reader, recorded)

    may_assign = can_assign(user, concern)
    context = {
        "concern": concern,
        "subject": concern.subject,
        "pathway": pathway,
        "assessment": pathway.assessment,
        "ruleset": pathway.ruleset,
        "jurisdiction": pathway.run.case["jurisdiction"],
        "indicators": indicators,
        "rows": _action_rows(user, concern, pathway, now, whose, may_assign),
        "grace": grace_statement(),
        "earlier": [
            {**_advice(item.action, item.detail, whose), "item": item} for item in pathway.earlier
        ],
        "addenda": [
            {"item": item, "changes": addenda.shown_changes(item.changes)}
            for item in concern.addenda.select_related("added_by", "run")
        ],
        "facts": addenda.fact_rows(concern, pathway.run.case),
        "what_changed": addenda.run_changes(pathway.run) if pathway.rerun else None,
        "in_danger": addenda.value_in(pathway.run.case, "situation.immediate_danger") is True,
        "may_reassess": can_reassess(user, concern) and not hasattr(concern, "closure"),
        "may_record_another": can_record_concern(user),
        "reviews": concern.reviews.select_related("reviewed_by"),
        "involvements": concern.involvements.select_related("person"),
        "closure": getattr(concern, "closure", None),
        "known_elsewhere": known_to_other_agencies(user, concern.subject),
        "may_review": can_review(user),
        "may_close": can_close(user, concern) and not hasattr(concern, "closure"),
        "may_assign": may_assign,
        "addendum_form": AddendumForm(auto_id="addendum-%s"),
        "review_form": ReviewForm(auto_id="review-%s"),
        "close_form": CloseForm(auto_id="close-%s"),
        "now": now,
        "body_map": body_map_display(concern.body_map),
        "attachments_template": "concerns/_attachments.html",
        **attachments_context(user, concern),
    }
    return render(request, "concerns/detail.html", context)


def _concern_step(
    request: HttpRequest,
    concern_id: uuid.UUID,
    step: str,
    form_class: type[Any],
    may: Callable[[User, Any], bool],
    act: Callable[..., Any],
    title: str,
    done: str,
    anchor: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """One POSTed step on a concern: check, validate, call the service, report back. With
    `anchor`, the page opens at what the step made (its id, focusable), not at the top."""
    user = signed_in_user(request)
    concern = concern_for_viewing(user, concern_id)
    if not may(user, concern):
        raise PermissionDenied
    form = form_class(without_nul(request.POST))
    made: list[Any] = []
    submission = submit(request, form, lambda: made.append(act(user, concern, **form.cleaned_data)))
    if submission.conflict:
        # Two people closing the same concern at once: the first one's closure stands, and
        # the page says what happened (already closed, retracted) in its own words.
        messages.info(request, str(submission.conflict))
        return redirect("concerns:detail", concern_id=concern.pk)
    if not submission.done:
        context = {"form": form, "concern": concern, "title": title, "action": step}
        return render(request, "concerns/step.html", context)
    messages.success(request, done, extra_tags="in-place" if anchor is not None else "")
    if anchor is not None and made:
        return redirect(_detail_at(concern.pk, anchor(made[0])))
    return redirect("concerns:detail", concern_id=concern.pk)


def _detail_at(concern_id: uuid.UUID, anchor: str) -> str:
    return f"{reverse('concerns:detail', args=[concern_id])}#{anchor}"


@login_required
@require_POST
def addendum(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    return _concern_step(
        request,
        concern_id,
        "concerns:addendum",
        AddendumForm,
        can_add_addendum,
        services.add_addendum,
        _("Add an addendum"),
        _("The addendum is added. The original record is unchanged."),
    )


@login_required
@require_POST
def review(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    return _concern_step(
        request,
        concern_id,
        "concerns:review",
        ReviewForm,
        lambda user, _concern: can_review(user),
        services.review_concern,
        _("Review this concern"),
        _("Your review is recorded."),
        anchor=lambda review: f"review-{review.pk}",
    )


@login_required
@require_POST
def close(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    return _concern_step(
        request,
        concern_id,
        "concerns:close",
        CloseForm,
        can_close,
        services.close_concern,
        _("Close this concern"),
        _("The concern is closed."),
    )


@login_required
@require_POST
def action_outcome(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = action_for(user, action_id)
    concern = action.concern
    if "assignee" in request.POST:
        assign = AssignForm(request.POST, members=_members_of(concern))
        if not assign.is_valid():
            raise Http404
        services.assign_action(user, action, assign.cleaned_data["assignee"])
        messages.success(request, _("The action is assigned."), extra_tags="in-place")
        return redirect(_detail_at(concern.pk, f"action-{action.pk}"))
    if not can_record_outcome(user, action):
        raise PermissionDenied
    form = OutcomeForm(without_nul(request.POST))
    submission = submit(
        request, form, lambda: services.record_outcome(user, action, **form.cleaned_data)
    )
    if submission.conflict:
        messages.info(request, str(submission.conflict))
        return redirect("concerns:detail", concern_id=concern.pk)
    if not submission.done:
        context = {
            "form": form,
            "concern": concern,
            "title": action_label(action.code),
            "action_id": action.pk,
        }
        return render(request, "concerns/step.html", context)
    messages.success(request, _("The outcome is recorded."), extra_tags="in-place")
    return redirect(_detail_at(concern.pk, f"action-{action.pk}"))


@login_required
def reassess(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    """Correct or complete the facts the pathway uses (a lead; the local authority team on a
    shared case), as an addendum with a reason; the pathway is then worked out again."""
    user = signed_in_user(request)
    concern = concern_for_viewing(user, concern_id)
    if not can_reassess(user, concern):
        raise PermissionDenied
    latest = services.current_run(concern)
    if request.method != "POST":
        initial = {
            **ReassessForm.initial_from(latest.case),
            "version": latest.number,
            "form_token": uuid.uuid4(),
        }
        form = ReassessForm(initial=initial, recorded=_recorded_facts(concern))
        return _render_reassess(request, concern, form)
    recorded = _recorded_facts(concern)
    form = ReassessForm(without_nul(request.POST), recorded=recorded)
    try:
        submission = submit(
            request,
            form,
            lambda: addenda.reassess(
                user,
                concern,
                facts=form.facts(),
                reason=form.cleaned_data["reason"],
                opened_version=form.cleaned_data["version"],
                form_token=form.cleaned_data["form_token"],
            ),
        )
    except addenda.AlreadyCorrected:
        # A second click, or a second request of the same form: show the first result.
        messages.info(request, _("This correction was saved already: here it is."))
        return redirect("concerns:detail", concern_id=concern.pk)
    if submission.done:
        messages.success(
            request,
            _(
                "The facts are corrected and the pathway worked out again: what changed is "
                "shown below. The original record is unchanged."
            ),
        )
        return redirect(f"{reverse('concerns:detail', args=[concern.pk])}#what-changed")
    since: list[addenda.SinceOpened] = []
    if isinstance(submission.conflict, addenda.StaleFacts):
        # Their own changes stay on the page, laid over the facts as they now stand, so a
        # second save undoes nobody's work; what the others changed is shown above the form.
        stale = submission.conflict
        since = addenda.since_opened(stale.since)
        case = addenda.rebased(concern, form.cleaned_data["version"], form.facts())
        form = ReassessForm(
            initial={
                **ReassessForm.initial_from(case),
                "reason": form.cleaned_data["reason"],
                "version": stale.current_version,
                "form_token": form.cleaned_data["form_token"],
            },
            recorded=recorded,
        )
        stale_message = str(stale)
    else:
        stale_message = ""
    return _render_reassess(request, concern, form, since, stale_message, status=submission.status)


def _recorded_facts(concern: Any) -> dict[str, str]:
    """Each fact as the concern recorded it, in the reader's language, by form field."""
    return {
        name: addenda.shown(path, addenda.value_in(concern.pathway_case, path))
        for name, path in REASSESS_FIELDS.items()
    }


def _render_reassess(
    request: HttpRequest,
    concern: Any,
    form: ReassessForm,
    since: list[addenda.SinceOpened] | None = None,
    stale_message: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "concern": concern,
        "subject": concern.subject,
        "form": form,
        "error_list": [
            *((form["reason"].id_for_label, error) for error in form.non_field_errors()),
            *(
                (field.id_for_label, error)
                for field in form.visible_fields()
                for error in field.errors
            ),
        ],
        "since": since or [],
        "stale_message": stale_message,
    }
    return render(request, "concerns/reassess.html", context, status=status)
