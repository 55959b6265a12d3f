"""Issue 19: the concern form shows what applies by the answers already given, on the server (so
it works with JavaScript off), in the order of the conversation a practitioner has. A clear "no"
hides the question that follows from it; no answer or "not known" keeps it open (unknown is never
no); a follow-up already answered stays in view; a hidden question stays in the form, so its
answer is still saved and recorded."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from tests.concerns.test_recording_a_concern import _TYPICAL

from factories import PersonFactory, UserFactory
from noddfa.accounts.models import User
from noddfa.concerns.form_sections import (
    FOLLOW_UPS,
    hidden_follow_ups,
    someone_typed,
)
from noddfa.concerns.forms import ConcernForm, InvolvedPersonForm, NewPersonForm
from noddfa.concerns.models import Concern, ConcernDraft
from noddfa.pathway import evaluate

pytestmark = pytest.mark.django_db

ENDED = "relationship_ended_on_arrival"
UNABLE = "unable_to_protect_self"
CHILD = {"person-given_name": "Elira", "person-approximate_age": "15", "person-sex": "female"}
ADULT = {"person-given_name": "Ana", "person-approximate_age": "30", "person-sex": "female"}


def _start(client: Client) -> str:
    response = client.get("/concerns/new/")
    assert response.status_code == 302
    return str(response["Location"])


def _tag(page: str, element_id: str) -> str:
    found = re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', page)
    assert found, f"#{element_id} is always in the form"
    return found.group(0)


def _hidden(page: str, element_id: str) -> bool:
    return " hidden" in _tag(page, element_id)


def _follow_up_hidden(page: str, name: str) -> bool:
    return _hidden(page, f"follow-up-{name}")


def _update(client: Client, draft: str, answers: dict[str, object]) -> str:
    """Press "Show the questions that apply", as a person without JavaScript does."""
    response = client.post(draft, {**answers, "update_form": "1"})
    assert response.status_code == 200
    return response.content.decode()


def test_only_a_clear_no_hides_the_question_that_follows_from_it() -> None:
    assert hidden_follow_ups({"facilitated_border_crossing": ["no"]}) == {ENDED}
    assert hidden_follow_ups({"care_and_support_needs": ["no"]}) == {UNABLE}
    for unclear in ([], [""], ["not_known"], ["yes"]):
        assert not hidden_follow_ups(
            {"facilitated_border_crossing": unclear, "care_and_support_needs": unclear}
        ), unclear


def test_a_follow_up_already_answered_stays_in_view_after_a_no() -> None:
    for given in ("yes", "no"):
        assert not hidden_follow_ups({"facilitated_border_crossing": ["no"], ENDED: [given]})
    assert hidden_follow_ups({"facilitated_border_crossing": ["no"], ENDED: ["not_known"]})


def test_every_follow_up_and_what_it_follows_are_questions_on_the_form() -> None:
    # A renamed field would otherwise leave a follow-up that never hides, or never shows.
    for follow_up, leads_from in FOLLOW_UPS.items():
        assert {follow_up, leads_from} <= set(ConcernForm.base_fields)


def test_the_second_person_appears_on_what_was_written_about_the_first() -> None:
    assert not someone_typed({"other1-role": [""], "other1-name": ["  "]}, "other1")
    assert someone_typed({"other1-vehicles": ["AB12 CDE"]}, "other1")


def test_no_border_crossing_hides_whether_the_arrangement_ended_and_not_known_shows_it(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    assert not _follow_up_hidden(client.get(draft).content.decode(), ENDED), "nothing answered"
    page = _update(client, draft, {**CHILD, "facilitated_border_crossing": "no"})
    assert _follow_up_hidden(page, ENDED)
    page = _update(client, draft, {**CHILD, "facilitated_border_crossing": "not_known"})
    assert not _follow_up_hidden(page, ENDED)
    page = _update(client, draft, {**CHILD, "facilitated_border_crossing": "yes"})
    assert not _follow_up_hidden(page, ENDED)


def test_no_needs_for_care_and_support_hides_whether_they_can_protect_themselves(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    page = _update(client, draft, {**ADULT, "care_and_support_needs": "no"})
    assert not _hidden(page, "adult-questions")
    assert _follow_up_hidden(page, UNABLE)
    page = _update(client, draft, {**ADULT, "care_and_support_needs": "not_known"})
    assert not _follow_up_hidden(page, UNABLE)


def test_showing_the_questions_that_apply_records_nothing_and_keeps_every_answer(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    page = _update(client, draft, {**_TYPICAL, **CHILD, "facilitated_border_crossing": "no"})
    assert not Concern.objects.exists()
    assert _TYPICAL["account"] in page
    kept = ConcernDraft.objects.get(author=practitioner).data
    assert kept["facilitated_border_crossing"] == ["no"]
    assert kept["account"] == [_TYPICAL["account"]]


def test_a_hidden_follow_up_stays_in_the_form_with_its_answer(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    page = _update(
        client, _start(client), {**CHILD, "facilitated_border_crossing": "no", ENDED: "not_known"}
    )
    assert _follow_up_hidden(page, ENDED)
    # Hidden, not removed: autosave posts the whole form, this answer with it.
    section = page[page.index('id="follow-up-relationship_ended_on_arrival"') :]
    chosen = re.search(rf'<input [^>]*name="{ENDED}"[^>]*value="not_known"[^>]*>', section)
    assert chosen and " checked" in chosen.group(0)


def test_an_answer_given_before_a_no_stays_in_view_and_is_recorded(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    answers = {**_TYPICAL, **ADULT, "facilitated_border_crossing": "no", ENDED: "yes"}
    assert not _follow_up_hidden(_update(client, draft, answers), ENDED)
    response = client.post(draft, {**answers, "submit": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    smuggling = Concern.objects.get().pathway_case["smuggling"]
    assert smuggling == {"facilitated_border_crossing": False, ENDED: True}


def test_a_concern_is_recorded_with_follow_ups_hidden_and_their_not_known_kept_unknown(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            **ADULT,
            "facilitated_border_crossing": "no",
            ENDED: "not_known",
            "care_and_support_needs": "no",
            UNABLE: "not_known",
            "submit": "",
        },
    )
    assert response.status_code == 302
    case = Concern.objects.get().pathway_case
    assert case["smuggling"].get(ENDED) is None
    assert case["adult"]["care_and_support_needs"] is False
    assert case["adult"].get(UNABLE) is None


def test_the_second_person_appears_once_the_first_is_written_or_asked_for(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    page = client.get(draft).content.decode()
    assert _hidden(page, "another-person")
    assert 'name="other2-name"' in page, "hidden, not removed"
    assert "Add another person" in page
    page = _update(client, draft, {**CHILD, "other1-role": "suspected_exploiter"})
    assert not _hidden(page, "another-person")
    assert "Add another person" not in page
    page = client.post(draft, {**CHILD, "update_form": "another_person"}).content.decode()
    tag = _tag(page, "another-person")
    assert " hidden" not in tag and " open" in tag, "asked for: shown, open to type in"


def test_the_form_follows_the_conversation_with_call_999_first(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    page = client.get(_start(client)).content.decode()
    order = [
        "Is anyone in immediate danger?",
        "Call 999 now",
        "Who is this about?",
        "Are they safe now?",
        "Are they missing now?",
        "What did you see and hear?",
        "Signs you noticed",
        "Injuries",
        "Has someone done any of these to the person?",
        "What they say and want",
        "What did the person say, in their exact words?",
        "do they agree to a referral to the National Referral Mechanism?",
        "Anyone else involved",
        "Record the concern",
    ]
    places = [page.index(text) for text in order]
    assert places == sorted(places)


def test_every_field_keeps_its_name(sign_in: Callable[[User], Client], practitioner: User) -> None:
    client = sign_in(practitioner)
    page = client.get(_start(client)).content.decode()
    names = set(re.findall(r'name="([^"]+)"', page))
    expected = {name for name in ConcernForm.base_fields if name != "body_map"}
    expected |= {f"person-{name}" for name in NewPersonForm.base_fields}
    expected |= {
        f"{p}-{name}" for p in ("other1", "other2") for name in InvolvedPersonForm.base_fields
    }
    expected |= {"immediate_danger", "body_map_region", "body_map_note_face", "form_token"}
    assert expected <= names, expected - names


def test_the_error_summary_lists_problems_in_the_order_of_the_page(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    page = client.post(
        _start(client),
        {**CHILD, "immediate_danger": "no", "missing_now": "perhaps", "submit": ""},
    ).content.decode()
    start = page.index("govuk-error-summary")
    summary = page[start : page.index("</ul>", start)]
    ids = re.findall(r'href="#([^"]+)"', summary)
    assert ids.index("id_missing_now_0") < ids.index("id_observed_at") < ids.index("id_account")


def test_another_organisations_practitioner_cannot_update_someone_elses_draft(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    draft = _start(sign_in(practitioner))
    stranger = sign_in(UserFactory())
    response = stranger.post(draft, {**CHILD, "update_form": "1"})
    assert response.status_code == 404
    assert ConcernDraft.objects.get(author=practitioner).data == {}


def test_a_known_adult_with_no_needs_is_not_asked_whether_they_can_protect_themselves(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    adult = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(1990, 2, 3))
    client = sign_in(practitioner)
    draft = str(client.get("/concerns/new/", {"person": str(adult.pk)})["Location"])
    page = _update(client, draft, {"care_and_support_needs": "no"})
    assert _follow_up_hidden(page, UNABLE) and not _hidden(page, "adult-questions")
    assert str(adult.pk) in ConcernDraft.objects.get(author=practitioner).data["subject"]


def _cases() -> list[dict[str, Any]]:
    """Cases a concern can make: children, adults and unknown ages; a victim by the definition,
    by a sign, or not yet; in danger or not; access refused or not; in both jurisdictions."""
    people = [{"age": 15}, {"age": 30}, {"age": 30, "age_disputed": True}, {}]
    elements = [
        {},
        {"action": ["recruitment"], "means": ["threat"], "purpose": ["labour"]},
        {"purpose": ["criminal"]},
    ]
    extras: list[dict[str, object]] = [
        {},
        {"indicators": ["CTL-01"], "situation": {"immediate_danger": True}},
        {"adult": {"access_refused": True, "consents_to_nrm": False}},
    ]
    return [
        {"jurisdiction": jurisdiction, "person": person, "elements": element, **extra}
        for jurisdiction in ("wales", "england")
        for person in people
        for element in elements
        for extra in extras
    ]


@pytest.mark.parametrize(("follow_up", "leads_from"), list(FOLLOW_UPS.items()))
def test_a_follow_up_hidden_after_a_no_can_never_change_what_must_happen(
    follow_up: str, leads_from: str
) -> None:
    """The rule "never hide a question the pathway needs", checked against the pathway itself:
    once the earlier answer is no, the follow-up's answer (yes, no or not known) changes neither
    the assessment nor a single action, in any case the form can make."""
    section = {ENDED: "smuggling", UNABLE: "adult"}[follow_up]
    for case in _cases():
        results = []
        for value in (True, False, None):
            facts = {**dict(case.get(section) or {}), leads_from: False, follow_up: value}
            results.append(evaluate({**case, section: facts}))
        assert results[0] == results[1] == results[2], case
    # And the earlier answer not being a no does let it matter somewhere: it is a real question.
    changed = False
    for case in _cases():
        known = {**dict(case.get(section) or {}), leads_from: True}
        yes = evaluate({**case, section: {**known, follow_up: True}})
        no = evaluate({**case, section: {**known, follow_up: False}})
        changed |= yes != no
    assert changed, f"{follow_up} never matters: it should not be asked at all"


def test_the_body_map_is_folded_until_an_injury_is_marked_and_then_opens_by_itself(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)

    folded = _tag(_update(client, draft, CHILD), "injuries")
    marked = _tag(_update(client, draft, {**CHILD, "body_map_region": "left_arm"}), "injuries")
    noted = _tag(_update(client, draft, {**CHILD, "body_map_note_left_arm": "Bruises"}), "injuries")

    assert folded.startswith("<details") and " open" not in folded
    assert " open" in marked
    assert " open" in noted
