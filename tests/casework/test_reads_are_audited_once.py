"""Each page that shows a person leaves exactly one read in the audit log, written by the
selector that read them (noddfa.audit.reads), whichever way the page was reached."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from casework_factories import make_episode
from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "noddfa"


def _reads_since(last: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(pk__gt=last, action__in=[AuditAction.VIEW, AuditAction.EXPORT])
    )


def _last() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_return_from_missing_form_is_one_read_of_the_episode(
    sign_in: Callable[[User], Client], teacher: User, child: Person
) -> None:
    episode = make_episode(teacher, child)
    client = sign_in(teacher)
    before = _last()
    response = client.get(reverse("casework:return", args=[episode.pk]))
    assert response.status_code == 200
    reads = _reads_since(before)
    # Before, the episode's selector and the form page both wrote one: two for one page.
    assert [(event.detail["page"], event.object_type) for event in reads] == [
        ("missing_episode", "casework.missingepisode")
    ]


def test_the_task_list_is_one_read(sign_in: Callable[[User], Client], teacher: User) -> None:
    client = sign_in(teacher)
    before = _last()
    assert client.get(reverse("casework:my_tasks")).status_code == 200
    assert [event.detail["page"] for event in _reads_since(before)] == ["my_tasks"]


def test_no_view_writes_a_read_itself() -> None:
    """Reads are recorded by selectors; a view that wrote one as well would record it twice."""
    writing = re.compile(r"AuditAction\.(VIEW|EXPORT)|reads\.(read|exported)\(")
    views = [*SRC.rglob("views.py"), *SRC.rglob("*_views.py")]
    assert views
    offenders = [str(path.relative_to(SRC)) for path in views if writing.search(path.read_text())]
    assert offenders == []


def test_the_review_queue_is_an_audited_read(sign_in: Callable[[User], Client], lead: User) -> None:
    client = sign_in(lead)
    before = _last()
    assert client.get(reverse("site:review_queue")).status_code == 200
    assert [event.detail["page"] for event in _reads_since(before)] == ["review_queue"]
