"""Pages for keeping a person safe. Views translate between HTTP and services/selectors;
the rules live in permissions.py and services.py."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from noddfa.accounts.models import User
from noddfa.core.forms_flow import posted
from noddfa.core.forms_flow import submit as submit_form
from noddfa.core.http import signed_in_user
from noddfa.directory.selectors import active_services
from noddfa.people.models import Person
from noddfa.people.permissions import is_local_authority_team

from . import services
from .forms import (
    AftercareForm,
    AftercareOutcomeForm,
    CloseForm,
    FinishTaskForm,
    ImmediateActionForm,
    MissingForm,
    PlanForm,
    ReopenForm,
    ReturnForm,
    TaskForm,
    TransitionForm,
)
from .models import ImmediateAction, ImmediateStep, MissingRisk, SafetyPlanVersion, TransitionPlan
from .patterns import may_record_school_registrations
from .permissions import (
    can_finish_task,
    can_have_tasks,
    can_manage_casework,
    can_respond_to_missing,
)
from .plan_templates import PLAN_FIELDS, TEMPLATES, plan_text_in
from .selectors import (
    aftercare_for,
    casefile_of,
    casework_for_viewing,
    episode_for_viewing,
    my_tasks,
    person_for_casework,
    plan_changes,
    plan_for_viewing,
    school_registrations_for,
    task_for,
    team_open_tasks,
    unread_notices,
    versions_since,
    with_status,
)


def _person_page(person: Person) -> str:
    return reverse("casework:person", args=[person.pk])


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    person: Person,
    submit: str,
    intro: str = "",
    back: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "person": person,
        "submit": submit,
        "intro": intro,
        "back": back or _person_page(person),
    }
    return render(request, "casework/form.html", context, status=status)


def _managed_person(request: HttpRequest, person_id: uuid.UUID) -> tuple[User, Person]:
    user = signed_in_user(request)
    # Each of these pages names the person: opening one is an audited read of their record.
    person = person_for_casework(user, person_id, page=_page_name(request))
    if not can_manage_casework(user, person):
        raise PermissionDenied
    return user, person


def _page_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return (match.url_name if match else None) or "casework"


# The person's casework -----------------------------------------------------------------------


@login_required
def person(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    casework = casework_for_viewing(user, person_id)
    own = casework.own_casefile
    context = {
        "casework": casework,
        "person": casework.person,
        "now": timezone.now(),
        "may_manage": can_manage_casework(user, casework.person),
        "may_respond": can_respond_to_missing(user, casework.person),
        "own_closed": own is not None and own.is_closed,
        "own_status": own.latest_status if own is not None else None,
        "registrations": school_registrations_for(user, casework.person),
        "may_register": may_record_school_registrations(user),
    }
    return render(request, "casework/person.html", context)


# Safety plans --------------------------------------------------------------------------------


def _template_key(request: HttpRequest, person: Person) -> str:
    asked = request.GET.get("template", "")
    if asked in TEMPLATES:
        return asked
    age = person.age_on(timezone.localdate())
    return "child" if age is None or age < 18 or person.age_disputed else "adult"


def _current_version(user: User, person: Person) -> SafetyPlanVersion | None:
    casefile = casefile_of(person, user.organisation_id)
    plan = getattr(casefile, "safety_plan", None) if casefile else None
    return plan.current if plan is not None else None


def _plan_initial(
    request: HttpRequest, person: Person, current: SafetyPlanVersion | None
) -> dict[str, Any]:
    if current is not None:
        # A new version starts from the last one; only the reason is new.
        return {
            **{
                name: getattr(current, name)
                for name in PlanForm.base_fields
                if name not in ("change_reason", "based_on")
            },
            "based_on": current.number,
        }
    template = TEMPLATES[_template_key(request, person)]
    return {
        "template": template.key,
        "risks": template.risks,
        "phone_and_internet": template.phone_and_internet,
        "supervision": template.supervision,
        "if_missing": template.if_missing,
        "who_to_call": template.who_to_call,
        "review_on": timezone.localdate() + timedelta(weeks=6),
        "based_on": 0,
    }


@login_required
def plan_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user, person = _managed_person(request, person_id)
    current = _current_version(user, person)
    form = PlanForm(posted(request), initial=_plan_initial(request, person, current))
    saved: list[SafetyPlanVersion] = []
    submission = submit_form(
        request,
        form,
        lambda: saved.append(services.save_plan_version(user, person, **form.cleaned_data)),
    )
    if submission.done:
        messages.success(request, _("The safety plan is saved as a new version."))
        return redirect("casework:plan", plan_id=saved[0].plan_id)
    if isinstance(submission.conflict, services.StalePlan):
        return _stale_plan(request, user, person, submission.conflict)
    context = {
        "form": form,
        "person": person,
        "current": current,
        "template": TEMPLATES.get(str(form["template"].value()), None),
        "templates": list(TEMPLATES.values()),
    }
    return render(request, "casework/plan_form.html", context)


def _stale_plan(
    request: HttpRequest, user: User, person: Person, stale: services.StalePlan
) -> HttpResponse:
    """Nothing is overwritten: the page shows what changed since the person opened the plan,
    beside their own answers, which they can save again, knowingly, over the newer version."""
    current = _current_version(user, person)
    assert current is not None
    opened = current.plan.versions.filter(number=stale.opened).first()
    again = request.POST.copy()
    again["based_on"] = str(current.number)
    form = PlanForm(again)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Someone else saved a new version of this safety plan after you opened it, so "
            "yours was not saved. Check what changed, then save your answers again if they "
            "should replace it."
        ),
    )
    context = {
        "form": form,
        "person": person,
        "current": current,
        "stale": True,
        "opened_number": stale.opened,
        "changes": [
            {"label": PlanForm.base_fields[change.part].label, "change": change}
            for change in plan_changes(opened, current)
        ],
        "newer": versions_since(current, stale.opened),
        "template": TEMPLATES.get(str(form["template"].value()), None),
        "templates": list(TEMPLATES.values()),
    }
    return render(request, "casework/plan_form.html", context, status=409)


def _version(plan: Any, request: HttpRequest) -> Any:
    number = request.GET.get("version", "")
    if number.isdigit():
        version = plan.versions.filter(number=int(number)).first()
        if version is None:
            raise Http404
        return version
    return plan.current


@login_required
def plan(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    safety_plan = plan_for_viewing(user, plan_id)
    person = safety_plan.casefile.person
    context = {
        "plan": safety_plan,
        "person": person,
        "version": _version(safety_plan, request),
        "versions": safety_plan.versions.select_related("created_by"),
        "may_edit": can_manage_casework(user, person)
        and safety_plan.casefile.organisation_id == user.organisation_id,
    }
    return render(request, "casework/plan.html", context)


@login_required
def plan_for_carers(request: HttpRequest, plan_id: uuid.UUID, language: str) -> HttpResponse:
    """The plan in plain words for carers to print, in English or Welsh whatever the reader's
    own language is, so a Welsh-speaking foster carer gets a Welsh copy."""
    if language not in ("en", "cy"):
        raise Http404
    user = signed_in_user(request)
    safety_plan = plan_for_viewing(user, plan_id)
    version = _version(safety_plan, request)
    if version is None:
        raise Http404
    text = plan_text_in(
        language, version.template, {name: getattr(version, name) for name in PLAN_FIELDS}
    )
    context = {
        "plan": safety_plan,
        "version": version,
        "text": text,
        "person": safety_plan.casefile.person,
    }
    with translation.override(language):
        response = render(request, "casework/plan_for_carers.html", context)
    return response


# Missing episodes ----------------------------------------------------------------------------


@login_required
def report_missing(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_casework(user, person_id, page="missing_form")
    if not can_respond_to_missing(user, person):
        raise PermissionDenied
    form = MissingForm(posted(request))
    made: list[Any] = []
    if submit_form(
        request,
        form,
        lambda: made.append(services.report_missing(user, person, **form.cleaned_data)),
    ).done:
        messages.success(request, _("The missing episode is recorded. Do the steps below now."))
        return redirect("casework:episode", episode_id=made[0].pk)
    return render(request, "casework/missing_form.html", {"form": form, "person": person})


@login_required
def episode(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    missing = episode_for_viewing(user, episode_id)
    may_respond = can_respond_to_missing(user, missing.person)
    # The local authority team is social services: it reads that step as its own to act on,
    # never as an instruction to contact itself (issue 18, item 6).
    social_services = user.organisation is not None and is_local_authority_team(user.organisation)
    actions = [
        (
            action,
            ImmediateActionForm(
                initial={
                    "done_at": timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
                },
                auto_id=f"step-{action.pk}-%s",
            ),
            _("Social services: your team acts on this now")
            if social_services and action.step == ImmediateStep.INFORM_SOCIAL_SERVICES
            else action.get_step_display(),
        )
        for action in missing.actions.select_related("done_by")
    ]
    context = {
        "episode": missing,
        "person": missing.person,
        "actions": actions,
        "returned": getattr(missing, "return_record", None),
        "may_respond": may_respond,
        "high_risk": missing.risk == MissingRisk.HIGH,
    }
    return render(request, "casework/episode.html", context)


@login_required
@require_POST
def immediate_action(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = ImmediateAction.objects.filter(pk=action_id).select_related("episode").first()
    if action is None:
        raise Http404
    missing = episode_for_viewing(user, action.episode_id)
    if not can_respond_to_missing(user, missing.person):
        raise PermissionDenied
    form = ImmediateActionForm(request.POST)
    submission = submit_form(
        request, form, lambda: services.record_immediate_action(user, action, **form.cleaned_data)
    )
    if submission.done or submission.conflict:
        # A second click on the same step: the first time stands, and the page says so.
        if submission.conflict:
            messages.info(request, str(submission.conflict))
        else:
            messages.success(request, _("The time is recorded."))
        return redirect("casework:episode", episode_id=missing.pk)
    return _form_page(
        request,
        form,
        title=action.get_step_display(),
        person=missing.person,
        submit=_("Record the time"),
        back=reverse("casework:episode", args=[missing.pk]),
    )


@login_required
def record_return(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    missing = episode_for_viewing(user, episode_id)
    if not can_respond_to_missing(user, missing.person):
        raise PermissionDenied
    if missing.has_returned:
        return redirect("casework:episode", episode_id=missing.pk)
    form = ReturnForm(posted(request))
    if submit_form(
        request, form, lambda: services.record_return(user, missing, **form.cleaned_data)
    ).done:
        messages.success(request, _("The return and the return interview are recorded."))
        return redirect("casework:episode", episode_id=missing.pk)
    return _form_page(
        request,
        form,
        title=_("Record the return"),
        person=missing.person,
        submit=_("Record the return"),
        intro=_("Offer a return interview with someone independent of the people caring for them."),
        back=reverse("casework:episode", args=[missing.pk]),
    )


# Tasks ---------------------------------------------------------------------------------------


# A page of the team's tasks.
TASKS_PER_PAGE = 50


def _tasks_page(request: HttpRequest, mine: bool) -> HttpResponse:
    user = signed_in_user(request)
    if not can_have_tasks(user):
        raise PermissionDenied
    page = None
    if mine:
        tasks = my_tasks(user, page="my_tasks")
    else:
        # A team's open tasks grow with the team: a page at a time, ordered in SQL.
        open_tasks = team_open_tasks(user, page="team_tasks")
        page = Paginator(open_tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
        tasks = with_status(page.object_list)
    notices = list(unread_notices(user)) if mine else []
    services.mark_notices_read(user, notices)
    context = {
        "tasks": tasks,
        "page": page,
        "mine": mine,
        "notices": notices,
        "now": timezone.now(),
    }
    return render(request, "casework/tasks.html", context)


@login_required
def my_task_list(request: HttpRequest) -> HttpResponse:
    return _tasks_page(request, mine=True)


@login_required
def team_task_list(request: HttpRequest) -> HttpResponse:
    return _tasks_page(request, mine=False)


def _members(user: User) -> Any:
    return User.objects.filter(organisation=user.organisation_id, is_active=True)


@login_required
def new_task(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user, person = _managed_person(request, person_id)
    # From a pattern alert's "Start a strategy discussion": the task is named for it.
    initial = (
        {"title": _("Strategy discussion about a pattern alert")}
        if request.GET.get("purpose") == "strategy"
        else {}
    )
    form = TaskForm(posted(request), members=_members(user), initial=initial)
    submission = submit_form(
        request,
        form,
        lambda: services.schedule_task(
            user,
            person,
            form.cleaned_data["title"],
            form.cleaned_data["due_at"],
            form.cleaned_data["owner"],
        ),
    )
    if submission.done:
        messages.success(request, _("The task is added."))
        return redirect("casework:person", person_id=person.pk)
    return _form_page(
        request,
        form,
        title=_("Add a task"),
        person=person,
        submit=_("Add the task"),
        status=submission.status,
    )


@login_required
def finish_task(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    task = task_for(user, task_id, page="finish_task")
    if not can_finish_task(user, task) or not task.is_open:
        raise PermissionDenied
    form = FinishTaskForm(posted(request))
    if submit_form(
        request, form, lambda: services.finish_task(user, task, **form.cleaned_data)
    ).done:
        messages.success(request, _("The task is finished."))
        return redirect("casework:my_tasks")
    context = {"form": form, "task": task}
    return render(request, "casework/finish_task.html", context)


# Aftercare, transition and closure -------------------------------------------------------------


@login_required
def aftercare(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user, person = _managed_person(request, person_id)
    form = AftercareForm(
        posted(request),
        services=active_services().order_by("name_en"),
        initial={"referred_on": timezone.localdate()},
    )
    if submit_form(
        request, form, lambda: services.refer_for_aftercare(user, person, **form.cleaned_data)
    ).done:
        messages.success(request, _("The referral is recorded."))
        return redirect("casework:person", person_id=person.pk)
    return _form_page(
        request, form, title=_("Refer for support"), person=person, submit=_("Record the referral")
    )


@login_required
def aftercare_outcome(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    referral = aftercare_for(user, referral_id, page="aftercare_outcome")
    person = referral.casefile.person
    if (
        not can_manage_casework(user, person)
        or referral.casefile.organisation_id != user.organisation_id
    ):
        raise PermissionDenied
    form = AftercareOutcomeForm(posted(request))
    if submit_form(
        request,
        form,
        lambda: services.record_aftercare_outcome(user, referral, **form.cleaned_data),
    ).done:
        messages.success(request, _("The outcome is recorded."))
        return redirect("casework:person", person_id=person.pk)
    return _form_page(
        request,
        form,
        title=_("Outcome of the referral to %(service)s") % {"service": referral.display_service},
        person=person,
        submit=_("Record the outcome"),
    )


@login_required
def transition(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user, person = _managed_person(request, person_id)
    casefile = casefile_of(person, user.organisation_id)
    existing = TransitionPlan.objects.filter(casefile=casefile).first() if casefile else None
    initial = {}
    if existing is not None:
        initial = {name: getattr(existing, name) for name in TransitionForm.base_fields}
    form = TransitionForm(posted(request), initial=initial)
    if submit_form(
        request, form, lambda: services.save_transition_plan(user, person, **form.cleaned_data)
    ).done:
        messages.success(request, _("The transition plan is saved."))
        return redirect("casework:person", person_id=person.pk)
    return _form_page(
        request,
        form,
        title=_("Transition plan for the 18th birthday"),
        person=person,
        submit=_("Save the transition plan"),
        intro=_("Plan well before the 18th birthday so support does not stop on the day."),
    )


@login_required
def close(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user, person = _managed_person(request, person_id)
    form = CloseForm(posted(request))
    if submit_form(
        request, form, lambda: services.close_case(user, person, **form.cleaned_data)
    ).done:
        messages.success(request, _("The case is closed. It stays readable."))
        return redirect("casework:person", person_id=person.pk)
    return _form_page(
        request, form, title=_("Close the case"), person=person, submit=_("Close the case")
    )


@login_required
def reopen(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user, person = _managed_person(request, person_id)
    form = ReopenForm(posted(request))
    submission = submit_form(
        request, form, lambda: services.reopen_case(user, person, **form.cleaned_data)
    )
    if submission.conflict:
        # Two people reopening at once: the first reopening stands.
        messages.info(request, str(submission.conflict))
        return redirect("casework:person", person_id=person.pk)
    if submission.done:
        messages.success(request, _("The case is reopened."))
        return redirect("casework:person", person_id=person.pk)
    return _form_page(
        request, form, title=_("Reopen the case"), person=person, submit=_("Reopen the case")
    )
