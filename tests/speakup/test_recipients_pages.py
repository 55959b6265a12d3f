"""The recipients' pages: the inbox, a report, answering the reporter, a concern from a report,
and the channel admin. Each page is tried by a stranger too: another organisation's lead and a
practitioner of the same organisation who is not a recipient read nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.concerns.test_recording_a_concern import _TYPICAL, form_token

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.concerns.models import Concern
from noddfa.speakup import services
from noddfa.speakup.models import ReportStatus, SpeakUpChannel, SpeakUpReport

from .conftest import a_report

pytestmark = pytest.mark.django_db

SECRET = "Three men sleep in the back room of the car wash"


@pytest.fixture
def report(channel: SpeakUpChannel) -> SpeakUpReport:
    return services.submit_report(
        channel, a_report(contact="Ask for Siân at the café, mornings", signs=("debt",))
    ).report


@pytest.fixture
def practitioner_here(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, role=Role.PRACTITIONER)


def _pages(report: SpeakUpReport) -> list[tuple[str, str]]:
    base = f"/speak-up-inbox/{report.pk}/"
    return [
        ("get", base),
        ("get", base + "concern/"),
        ("post", base + "acknowledge/"),
        ("post", base + "message/"),
        ("post", base + "feedback/"),
        ("post", base + "close/"),
        ("post", base + "reopen/"),
        ("post", base + "concern/"),
    ]


@pytest.mark.parametrize("who", ["other_lead", "practitioner_here"])
def test_a_stranger_reads_and_changes_nothing(
    who: str,
    report: SpeakUpReport,
    sign_in: Callable[[User], Client],
    request: pytest.FixtureRequest,
) -> None:
    client = sign_in(request.getfixturevalue(who))
    assert client.get("/speak-up-inbox/").status_code == 403
    for method, url in _pages(report):
        answer = getattr(client, method)(url, {"text": "planted"})
        assert answer.status_code == 404, url
        assert SECRET not in answer.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW
    assert report.acknowledged_at is None
    assert not report.messages.exists()
    assert not AuditEvent.objects.filter(object_id=str(report.pk), action="view").exists()


def test_signed_out_the_inbox_asks_to_sign_in(report: SpeakUpReport, client: Client) -> None:
    for url in ("/speak-up-inbox/", f"/speak-up-inbox/{report.pk}/"):
        answer = client.get(url)
        assert answer.status_code == 302
        assert "/accounts/sign-in/" in answer["Location"]


def test_a_report_that_does_not_exist_looks_like_one_that_is_not_yours(
    lead: User, sign_in: Callable[[User], Client]
) -> None:
    answer = sign_in(lead).get("/speak-up-inbox/00000000-0000-4000-8000-000000000000/")
    assert answer.status_code == 404


def test_the_lead_sees_the_inbox_with_both_clocks_and_no_text(
    report: SpeakUpReport, lead: User, sign_in: Callable[[User], Client]
) -> None:
    page = sign_in(lead).get("/speak-up-inbox/").content.decode()
    assert "Acknowledge by" in page and "Feedback by" in page
    assert f"/speak-up-inbox/{report.pk}/" in page
    # The list opens nothing: no text, and no read recorded.
    assert SECRET not in page
    assert not AuditEvent.objects.filter(object_id=str(report.pk), action="view").exists()


def test_an_overdue_report_says_overdue_in_words(
    channel: SpeakUpChannel, lead: User, sign_in: Callable[[User], Client]
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    services.submit_report(channel, a_report(), now=timezone.now() - timedelta(days=9))
    page = sign_in(lead).get("/speak-up-inbox/").content.decode()
    assert "Overdue" in page


def test_reading_a_report_is_audited(
    report: SpeakUpReport, lead: User, sign_in: Callable[[User], Client]
) -> None:
    page = sign_in(lead).get(f"/speak-up-inbox/{report.pk}/").content.decode()
    assert SECRET in page
    assert AuditEvent.objects.filter(object_id=str(report.pk), action="view", actor=lead).exists()


def test_the_lead_acknowledges_asks_and_the_reporter_reads_it_with_the_receipt(
    channel: SpeakUpChannel, lead: User, sign_in: Callable[[User], Client]
) -> None:
    made = services.submit_report(channel, a_report())
    client = sign_in(lead)
    base = f"/speak-up-inbox/{made.report.pk}/"
    assert client.post(base + "acknowledge/").status_code == 302
    assert client.post(base + "acknowledge/").status_code == 302  # a second click: no harm
    assert client.post(base + "message/", {"text": "Is this every night?"}).status_code == 302
    made.report.refresh_from_db()
    assert made.report.status == ReportStatus.ACKNOWLEDGED
    assert [m.text for m in services.messages_for(made.report)] == ["Is this every night?"]
    reporter = Client()
    reporter.post("/speak-up/glan-mor/follow-up/", {"receipt": made.receipt})
    assert (
        "Is this every night?"
        in reporter.get("/speak-up/glan-mor/follow-up/report/").content.decode()
    )


def test_an_empty_message_is_refused_with_the_reason(
    report: SpeakUpReport, lead: User, sign_in: Callable[[User], Client]
) -> None:
    answer = sign_in(lead).post(f"/speak-up-inbox/{report.pk}/message/", {"text": "  "})
    assert answer.status_code == 400
    assert "Write your message" in answer.content.decode()
    assert not report.messages.exists()


def test_feedback_then_close(
    report: SpeakUpReport, lead: User, sign_in: Callable[[User], Client]
) -> None:
    client = sign_in(lead)
    base = f"/speak-up-inbox/{report.pk}/"
    client.post(base + "feedback/", {"text": "Action is being taken."})
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_ACTION and report.feedback_given_at
    client.post(base + "close/")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.delete_after is not None
    client.post(base + "message/", {"text": "After closing"})
    assert not report.messages.filter(author="recipient", sent_at__gt=report.closed_at).exists()
    page = client.get(base).content.decode()
    assert "It will be deleted on" in page
    client.post(base + "reopen/")
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_ACTION and report.delete_after is None


def test_a_concern_recorded_from_a_report_runs_the_pathway_and_is_linked(
    report: SpeakUpReport, lead: User, sign_in: Callable[[User], Client]
) -> None:
    client = sign_in(lead)
    preview = client.get(f"/speak-up-inbox/{report.pk}/concern/").content.decode()
    # The contact is offered, not carried.
    assert "Ask for Siân" in preview and "include_contact" in preview
    started = client.post(f"/speak-up-inbox/{report.pk}/concern/", {})
    assert started.status_code == 302
    form_page = client.get(started["Location"]).content.decode()
    assert SECRET in form_page
    assert "Ask for Siân" not in form_page
    answers = {
        **_TYPICAL,
        "account": "",
        "observed_where": "",
        "indicators": ["CSB-10"],
        "person-given_name": "Unknown young man",
        "person-sex": "male",
        "form_token": form_token(form_page),
        "submit": "",
    }
    # What the form was given is what is sent back: the carried account and place.
    answers["account"] = _textarea(form_page, "account")
    answers["observed_where"] = "Car wash on Heol y Bont"
    recorded = client.post(started["Location"], answers)
    assert recorded.status_code == 302, recorded.content.decode()[:2000]
    concern = Concern.objects.get()
    report.refresh_from_db()
    assert report.concern_id == concern.pk
    assert report.status == ReportStatus.UNDER_ACTION
    # The report stays as it was: the same sealed text.
    assert services.open_content(report).what.startswith(SECRET)
    detail = client.get(recorded["Location"]).content.decode()
    assert "What happens next" in detail
    # A second start goes to the concern already recorded.
    again = client.get(f"/speak-up-inbox/{report.pk}/concern/")
    assert again["Location"] == f"/concerns/{concern.pk}/"


def _textarea(page: str, name: str) -> str:
    import html
    import re

    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, name
    return html.unescape(found.group(1)).lstrip("\n")


# --- Channels --------------------------------------------------------------------------


@pytest.fixture
def admin(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, role=Role.ORGANISATION_ADMIN)


def test_the_admin_opens_a_channel_and_closes_it(
    admin: User, lead: User, sign_in: Callable[[User], Client]
) -> None:
    client = sign_in(admin)
    form = client.get("/speak-up-inbox/channels/new/").content.decode()
    assert lead.email in form or lead.full_name in form
    # A school opens a channel for its own workers: no community choice.
    assert 'name="kind"' not in form
    answer = client.post(
        "/speak-up-inbox/channels/new/",
        {
            "slug": "Ein-Hysgol",
            "name_en": "Our school",
            "name_cy": "Ein hysgol",
            "recipients": [lead.pk],
        },
    )
    assert answer.status_code == 302
    channel = SpeakUpChannel.objects.get(slug="ein-hysgol")
    assert list(channel.recipients.all()) == [lead]
    taken = client.post("/speak-up-inbox/channels/new/", {"slug": "ein-hysgol", "name_en": "x"})
    assert "This address is taken" in taken.content.decode()
    client.post(f"/speak-up-inbox/channels/{channel.pk}/open/", {"open": "0"})
    channel.refresh_from_db()
    assert not channel.is_open
    assert "Closed to new reports" in client.get("/speak-up-inbox/channels/").content.decode()


def test_a_councils_community_channel_naming_no_one_goes_to_its_safeguarding_team(
    sign_in: Callable[[User], Client],
) -> None:
    council = OrganisationFactory(organisation_type=OrganisationType.LA_ADULT_SERVICES)
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    client = sign_in(UserFactory(organisation=council, role=Role.ORGANISATION_ADMIN))
    form = client.get("/speak-up-inbox/channels/new/").content.decode()
    assert 'name="kind"' in form and team.full_name in form
    client.post(
        "/speak-up-inbox/channels/new/", {"slug": "tref", "name_en": "Town", "kind": "community"}
    )
    channel = SpeakUpChannel.objects.get(slug="tref")
    assert channel.kind == "community"
    assert list(services.recipients_of(channel)) == [team]


def test_an_organisation_with_no_one_to_receive_must_name_who_receives(
    sign_in: Callable[[User], Client],
) -> None:
    council = OrganisationFactory(organisation_type=OrganisationType.LA_ADULT_SERVICES)
    client = sign_in(UserFactory(organisation=council, role=Role.ORGANISATION_ADMIN))
    data = {"slug": "tref", "name_en": "Town", "kind": "community"}
    refused = client.post("/speak-up-inbox/channels/new/", data)
    assert "no safeguarding lead or safeguarding team" in refused.content.decode()
    assert not SpeakUpChannel.objects.exists()


def test_the_organisation_decides_how_long_a_closed_report_is_kept(
    admin: User, lead: User, sign_in: Callable[[User], Client]
) -> None:
    client = sign_in(admin)
    base = {"slug": "cadw", "name_en": "Keep", "recipients": [lead.pk]}
    too_short = client.post("/speak-up-inbox/channels/new/", {**base, "retention_days": "7"})
    assert "Keep a closed report for at least 30 days" in too_short.content.decode()
    assert not SpeakUpChannel.objects.filter(slug="cadw").exists()

    client.post("/speak-up-inbox/channels/new/", {**base, "retention_days": "90"})
    channel = SpeakUpChannel.objects.get(slug="cadw")
    assert channel.retention_days == 90
    report = services.submit_report(channel, a_report()).report
    services.close_report(lead, report)
    report.refresh_from_db()
    assert report.delete_after is not None and report.closed_at is not None
    assert (report.delete_after - report.closed_at).days == 90

    edit = f"/speak-up-inbox/channels/{channel.pk}/"
    assert 'value="90"' in client.get(edit).content.decode()
    client.post(edit, {"name_en": "Keep", "recipients": [lead.pk], "retention_days": "400"})
    channel.refresh_from_db()
    assert channel.retention_days == 400


def test_only_the_admin_of_its_organisation_manages_a_channel(
    channel: SpeakUpChannel, lead: User, sign_in: Callable[[User], Client]
) -> None:
    other_admin = UserFactory(role=Role.ORGANISATION_ADMIN)
    client = sign_in(other_admin)
    assert client.get(f"/speak-up-inbox/channels/{channel.pk}/").status_code == 404
    assert (
        client.post(f"/speak-up-inbox/channels/{channel.pk}/open/", {"open": "0"}).status_code
        == 404
    )
    lead_client = sign_in(lead)
    assert lead_client.get("/speak-up-inbox/channels/").status_code == 403
    assert (
        lead_client.post(f"/speak-up-inbox/channels/{channel.pk}/open/", {"open": "0"}).status_code
        == 403
    )
    channel.refresh_from_db()
    assert channel.is_open


# --- Where the pages are found ---------------------------------------------------------


def test_the_menu_offers_the_inbox_to_recipients_and_the_channels_to_the_admin(
    channel: SpeakUpChannel,
    lead: User,
    admin: User,
    practitioner_here: User,
    sign_in: Callable[[User], Client],
) -> None:
    assert 'href="/speak-up-inbox/"' in sign_in(lead).get("/").content.decode()
    assert 'href="/speak-up-inbox/channels/"' in sign_in(admin).get("/").content.decode()
    home = sign_in(practitioner_here).get("/").content.decode()
    assert "/speak-up-inbox/" not in home


def test_the_help_pages_link_to_open_channels_only(
    channel: SpeakUpChannel, organisation: Organisation, client: Client
) -> None:
    english = client.get("/help/en/report/").content.decode()
    assert 'href="/speak-up/glan-mor/"' in english and "Glan Môr speak-up line" in english
    welsh = client.get("/help/cy/report/").content.decode()
    assert 'href="/speak-up/cy/glan-mor/"' in welsh and "Llinell codi llais Glan Môr" in welsh
    channel.is_open = False
    channel.save()
    assert "/speak-up/glan-mor/" not in client.get("/help/en/report/").content.decode()


def test_the_recipients_pages_read_in_welsh(
    channel: SpeakUpChannel, lead: User, admin: User, sign_in: Callable[[User], Client]
) -> None:
    from tests.site.test_pages_read_in_welsh import _english_in, _Text, _translated_english

    report = services.submit_report(
        channel,
        a_report(
            what="Mae tri dyn yn cysgu yng nghefn y golchfa geir a dydyn nhw byth yn gadael.",
            where="Golchfa geir ar Heol y Bont",
            when="Bron bob nos yr wythnos diwethaf",
            people="Dynion ifanc, tua ugain oed",
            vehicles="Fan wen",
            contact="Gofynnwch am Siân yn y caffi",
        ),
    ).report
    services.post_message(report, "Ydy hyn yn digwydd bob nos?", by=lead)
    base = f"/speak-up-inbox/{report.pk}/"
    catalogue = _translated_english()
    for person, urls in (
        (lead, ["/speak-up-inbox/", base, base + "concern/"]),
        (admin, ["/speak-up-inbox/channels/", "/speak-up-inbox/channels/new/"]),
    ):
        client = sign_in(person)
        client.cookies["django_language"] = "cy"
        for url in urls:
            html = client.get(url).content.decode()
            assert 'lang="cy"' in html[:400], url
            text = _Text()
            text.feed(html)
            assert not _english_in(text.read_pieces(), catalogue), url
        # The check finds English where there is some: the same page in English, read as if
        # it claimed to be Welsh.
        client.cookies["django_language"] = "en"
        text = _Text()
        text.feed(client.get(urls[0]).content.decode().replace('lang="en"', 'lang="cy"', 1))
        assert _english_in(text.read_pieces(), catalogue)


def test_a_photo_opens_for_the_recipients_only_and_its_reading_is_audited(
    channel: SpeakUpChannel,
    lead: User,
    other_lead: User,
    practitioner_here: User,
    sign_in: Callable[[User], Client],
) -> None:
    import io

    from PIL import Image

    from noddfa.speakup.photos import cleaned

    raw = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(raw, "JPEG")
    report = services.submit_report(channel, a_report(), photos=[cleaned(raw.getvalue())]).report
    photo_id = report.attachments.get().pk
    url = f"/speak-up-inbox/{report.pk}/photos/{photo_id}/"
    for stranger in (other_lead, practitioner_here):
        assert sign_in(stranger).get(url).status_code == 404
    answer = sign_in(lead).get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert answer["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(
        object_id=str(report.pk), actor=lead, detail__page="speakup_inbox_photo"
    ).exists()
    # Another report's photo is not reached through this one's address.
    other = services.submit_report(channel, a_report()).report
    assert sign_in(lead).get(f"/speak-up-inbox/{other.pk}/photos/{photo_id}/").status_code == 404


def test_a_long_conversation_costs_the_report_page_no_more_queries_than_a_short_one(
    report: SpeakUpReport, lead: User, sign_in: Callable[[User], Client]
) -> None:
    # Each answer names the recipient who sent it: read with the messages, not one by one.
    client = sign_in(lead)
    url = f"/speak-up-inbox/{report.pk}/"

    def queries_with(answers: int) -> int:
        for n in range(answers):
            services.post_message(report, f"Question {n}?", by=lead)
        with CaptureQueriesContext(connection) as read:
            assert client.get(url).status_code == 200
        return len(read.captured_queries)

    assert queries_with(2) == queries_with(8)
