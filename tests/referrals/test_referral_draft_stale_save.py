"""Two people editing one referral: the second save never silently drops the first's answers
(issue 16, item 3: every editable record refuses a stale save and says what to do)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from noddfa.accounts.models import User
from noddfa.referrals.services import StaleDraft, draft_version, update_draft
from referral_factories import county_lines_story

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _version_on(page: str) -> str:
    start = page.index('name="version" value="') + len('name="version" value="')
    return page[start : page.index('"', start)]


def test_second_tab_saving_an_older_copy_of_a_referral_is_refused_and_keeps_its_answers(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    edit = reverse("referrals:edit", args=[draft.pk])
    first, second = sign_in(story.practitioner), sign_in(story.practitioner)
    first_page = first.get(edit).content.decode()
    second_page = second.get(edit).content.decode()
    answers = {k: v for k, v in draft.data.items() if isinstance(v, str) and v}

    saved = first.post(
        edit,
        {
            **answers,
            "family_and_carers": "Seen with an older man at the station",
            "save": "1",
            "version": _version_on(first_page),
        },
    )
    assert saved.status_code == 302
    stale = second.post(
        edit,
        {
            **answers,
            "family_and_carers": "Truanting on Mondays",
            "save": "1",
            "version": _version_on(second_page),
        },
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Your changes were not saved" in body
    assert "Truanting on Mondays" in body  # their answers stay on the page
    draft.refresh_from_db()
    assert draft.data["family_and_carers"] == "Seen with an older man at the station"

    # Saving again from the refused page is a knowing choice, and goes through.
    again = second.post(
        edit,
        {
            **answers,
            "family_and_carers": "Truanting on Mondays",
            "save": "1",
            "version": _version_on(body),
        },
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.data["family_and_carers"] == "Truanting on Mondays"


def test_the_service_refuses_a_save_over_answers_saved_since_the_page_was_opened() -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    opened = draft_version(draft)
    update_draft(
        story.practitioner,
        draft,
        {**draft.data, "family_and_carers": "First"},
        draft.receiving_body,
        opened_version=opened,
    )
    with pytest.raises(StaleDraft):
        update_draft(
            story.practitioner,
            draft,
            {**draft.data, "family_and_carers": "Second"},
            draft.receiving_body,
            opened_version=opened,
        )
