"""Referrals and their status, tasks, the directory; token scopes and rate limits."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from noddfa.accounts.models import User
from noddfa.api.models import ApiToken, Scope
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns.models import Concern
from noddfa.referrals.models import Kind, Status
from noddfa.referrals.services import mark_ready
from referral_factories import complete, county_lines_story

pytestmark = pytest.mark.django_db
ApiAs = Callable[[User], APIClient]


def test_a_referral_shows_its_status_history_and_is_audited(api_as: ApiAs) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    # Named to children's services, with what no record holds typed in (issue 14).
    complete(story.practitioner, draft, story.children_services)
    mark_ready(story.practitioner, draft)
    client = api_as(story.practitioner)

    status = client.get(f"/api/v1/referrals/{draft.pk}/status/").json()
    assert status["status"] == Status.READY
    assert [change["status"] for change in status["history"]] == [Status.DRAFT, Status.READY]
    detail = client.get(f"/api/v1/referrals/{draft.pk}/").json()
    assert detail["kind"] == Kind.CHILD_AT_RISK
    assert detail["receiving_body"] == story.children_services.name
    assert "data" not in detail  # the referral's answers stay on its page
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.VIEW, actor=story.practitioner, object_id=str(draft.pk)
        ).count()
        == 2
    )


def test_referrals_can_be_filtered_by_kind_and_an_unknown_kind_is_ignored(api_as: ApiAs) -> None:
    story = county_lines_story()
    child_report = story.start("REPORT_CHILD_AT_RISK")
    nrm = story.start("NRM_REFERRAL")
    client = api_as(story.practitioner)
    every = {item["id"] for item in client.get("/api/v1/referrals/").json()["results"]}
    assert every == {str(child_report.pk), str(nrm.pk)}
    only = client.get("/api/v1/referrals/", {"kind": Kind.NRM_CHILD}).json()["results"]
    assert [item["id"] for item in only] == [str(nrm.pk)]
    assert client.get("/api/v1/referrals/", {"kind": "Evans"}).json()["count"] == 2


def test_tasks_can_be_filtered_to_the_open_ones(api_as: ApiAs) -> None:
    story = county_lines_story()
    client = api_as(story.lead)
    open_tasks = client.get("/api/v1/tasks/", {"state": "open"}).json()
    assert open_tasks["count"] >= 1
    assert all(task["finished_at"] is None for task in open_tasks["results"])
    # The only finished one: "record the concern", done by recording it.
    finished = client.get("/api/v1/tasks/", {"state": "finished"}).json()["results"]
    assert [task["title"] for task in finished] == ["RECORD_CONCERN"]


def test_the_task_list_is_the_open_tasks_unless_asked_for_finished_or_all(api_as: ApiAs) -> None:
    story = county_lines_story()
    client = api_as(story.lead)
    unasked = client.get("/api/v1/tasks/").json()
    open_tasks = client.get("/api/v1/tasks/", {"state": "open"}).json()
    assert unasked == open_tasks
    assert "RECORD_CONCERN" not in {task["title"] for task in unasked["results"]}
    every = client.get("/api/v1/tasks/", {"state": "all"}).json()
    assert every["count"] == open_tasks["count"] + 1
    # An unknown state is ignored, not echoed: the open tasks.
    assert client.get("/api/v1/tasks/", {"state": "<b>x</b>"}).json() == open_tasks


def test_the_directory_is_filtered_by_audience_and_country(api_as: ApiAs) -> None:
    story = county_lines_story()
    client = api_as(story.practitioner)
    welsh = client.get("/api/v1/directory/", {"country": "GB-WLS", "audience": "children"})
    assert welsh.status_code == 200
    keys = [service["key"] for service in welsh.json()["results"]]
    assert keys, "Wales has services for children"
    assert client.get("/api/v1/directory/no_such_service/").status_code == 404
    # Each entry's source, and each phone note, come in Welsh too (issue 19).
    bawso = client.get("/api/v1/directory/bawso/").json()
    assert bawso["source_cy"].startswith("adroddiad blynyddol Bawso")
    assert [phone["note_cy"] for phone in bawso["phones"] if phone["note"]] == [
        "prif swyddfa Caerdydd, o adroddiad blynyddol 2011/12"
    ]


def test_a_read_only_token_reads_but_cannot_record_a_concern(api_as: ApiAs) -> None:
    story = county_lines_story()
    TOTPDevice.objects.create(user=story.practitioner, name="app", confirmed=True)
    out = StringIO()
    call_command(
        "api_token", story.practitioner.email, "--scope", "read", stdout=out, stderr=StringIO()
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert client.get(f"/api/v1/people/{story.child.pk}/").status_code == 200
    before = Concern.objects.count()
    response = client.post(
        "/api/v1/concerns/",
        {
            "subject": str(story.child.pk),
            "observed_at": timezone.now().isoformat(),
            "observed_where": "Clinic",
            "immediate_danger": "no",
            "account": "Seen again.",
        },
        format="json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert Concern.objects.count() == before
    # Searching is a POST that only reads, so a read-only token may search.
    search = client.post("/api/v1/people/search/", {"text": "Evans"}, format="json")
    assert search.status_code == 200


def test_changing_a_tokens_scope_is_audited_and_rotation_keeps_it() -> None:
    story = county_lines_story()
    TOTPDevice.objects.create(user=story.lead, name="app", confirmed=True)
    call_command("api_token", story.lead.email, stdout=StringIO(), stderr=StringIO())
    token = ApiToken.objects.get(user=story.lead)
    assert token.scope == Scope.READ
    out = StringIO()
    call_command(
        "api_token", story.lead.email, "--scope", "read_write", stdout=out, stderr=StringIO()
    )
    assert out.getvalue() == ""  # the token is unchanged, and cannot be shown again
    token.refresh_from_db()
    assert token.scope == Scope.READ_WRITE
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, detail__scope="read_write").exists()
    call_command("api_token", story.lead.email, "--rotate", stdout=StringIO(), stderr=StringIO())
    assert ApiToken.objects.get(user=story.lead).scope == Scope.READ_WRITE
    assert not ApiToken.objects.filter(pk=token.pk).exists()


@override_settings(NODDFA_API_RATES={"user": "3/minute", "anon": "2/minute"})
def test_too_many_requests_are_slowed_with_a_429_in_problem_details(api_as: ApiAs) -> None:
    story = county_lines_story()
    client = api_as(story.practitioner)
    answers = [client.get("/api/v1/tasks/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/people/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429
    assert int(refused["Retry-After"]) > 0
    # Another user's allowance is their own.
    assert api_as(story.lead).get("/api/v1/tasks/").status_code == 200
