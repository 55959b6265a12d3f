"""The speak-up service: sealed reports, the receipt, who may read, the clocks, retention."""

from __future__ import annotations

import math
import re
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import extract_parameters
from django.db import connection
from django.utils import timezone

from factories import UserFactory
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.speakup import crypto, receipt, selectors, services
from noddfa.speakup.models import (
    ACKNOWLEDGE_WITHIN,
    FEEDBACK_WITHIN,
    ReportStatus,
    SpeakUpChannel,
    SpeakUpReport,
)

from .conftest import a_report

pytestmark = pytest.mark.django_db


# --- The receipt -------------------------------------------------------------------------


def test_receipt_entropy_and_argon2_parameters_match_the_adr(settings: object) -> None:
    # ADR 26: 5 groups of 4 from 31 unambiguous characters, about 99 bits; Argon2id with
    # 64 MiB, 3 passes, 1 lane, a 16-byte salt and a 32-byte hash. The test settings hash
    # cheaply; without their setting, as in production, the ADR's cost applies.
    delattr(settings, "NODDFA_RECEIPT_ARGON2")
    assert set("0O1IL").isdisjoint(receipt.ALPHABET)
    assert len(set(receipt.ALPHABET)) == 31
    assert pytest.approx(20 * math.log2(31)) == receipt.BITS
    assert receipt.BITS >= 80
    written = receipt.new_receipt()
    assert re.fullmatch(r"([A-HJKMNP-Z2-9]{4}-){4}[A-HJKMNP-Z2-9]{4}", written)
    stored = receipt.hashed(written)
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 1)
    assert (params.hash_len, params.salt_len) == (32, 16)
    adr = (Path(__file__).parents[2] / "docs/adr/0026-speak-up-reports.md").read_text()
    assert "64 MiB" in adr and "3 passes" in adr and "99 bits" in adr


def test_only_the_test_settings_lower_the_receipt_hash_cost() -> None:
    settings_dir = Path(receipt.__file__).parents[1] / "config" / "settings"
    lowering = {
        path.name
        for path in settings_dir.glob("*.py")
        if "NODDFA_RECEIPT_ARGON2" in path.read_text()
    }
    assert lowering == {"test.py"}


def test_receipts_do_not_repeat() -> None:
    assert len({receipt.new_receipt() for _ in range(2000)}) == 2000


def test_receipt_is_stored_only_as_a_slow_hash(channel: SpeakUpChannel) -> None:
    made = services.submit_report(channel, a_report())
    row = SpeakUpReport.objects.get(pk=made.report.pk)
    raw = receipt.normalised(made.receipt)
    assert raw is not None
    for value in (row.receipt_hash, row.receipt_index, row.submission):
        assert raw not in value and made.receipt not in value
    assert row.receipt_hash.startswith("$argon2id$")


def test_receipt_brings_the_report_back_whatever_the_case_and_spacing(
    channel: SpeakUpChannel,
) -> None:
    made = services.submit_report(channel, a_report())
    typed = " " + made.receipt.lower().replace("-", " ") + " "
    assert services.find_report(channel, typed) == made.report


def test_a_wrong_receipt_finds_nothing_and_costs_the_same_check(
    channel: SpeakUpChannel, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = services.submit_report(channel, a_report())
    checks: list[str | None] = []
    real = receipt.matches

    def counted(stored: str | None, typed: str) -> bool:
        checks.append(stored)
        return real(stored, typed)

    monkeypatch.setattr(receipt, "matches", counted)
    other = receipt.new_receipt()
    nearly = made.receipt[:-1] + ("A" if made.receipt[-1] != "A" else "B")
    assert services.find_report(channel, other) is None
    assert services.find_report(channel, nearly) is None
    assert services.find_report(channel, "not a receipt at all") is None
    # Each wrong receipt still paid for one Argon2 check.
    assert len(checks) == 3


def test_a_receipt_opens_only_its_own_channel(
    channel: SpeakUpChannel, organisation: object
) -> None:
    made = services.submit_report(channel, a_report())
    elsewhere = services.open_channel(channel.organisation, slug="another", name_en="Another")
    assert services.find_report(elsewhere, made.receipt) is None


# --- Sealed at rest ----------------------------------------------------------------------


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  (table names are ours)
        rows = cursor.fetchall()
    return repr(rows)


def test_a_database_dump_alone_does_not_reveal_a_reports_text(
    channel: SpeakUpChannel, lead: User
) -> None:
    made = services.submit_report(channel, a_report(what="Ffermwr yn cadw pasbortau gweithwyr"))
    services.post_message(made.report, "Mae'r fan wen yn dod am 5 y bore", by=None)
    services.post_message(made.report, "Diolch, which farm is it?", by=lead)
    dump = "".join(
        _raw_rows(table)
        for table in (
            "speakup_speakupreport",
            "speakup_reportmessage",
            "speakup_reportattachment",
            "audit_auditevent",
        )
    )
    for secret in ("pasbortau", "Ffermwr", "fan wen", "which farm", "Heol y Bont", "CF12"):
        assert secret not in dump
        assert secret.encode("utf-8").hex() not in dump
    # And the report still opens with the key from the settings.
    assert services.open_content(made.report).what == "Ffermwr yn cadw pasbortau gweithwyr"


def test_a_sealed_report_does_not_open_without_the_key(
    channel: SpeakUpChannel, settings: object
) -> None:
    made = services.submit_report(channel, a_report())
    settings.NODDFA_AUDIT_KEY = "a different key"  # type: ignore[attr-defined]
    with pytest.raises(crypto.SealBroken):
        services.open_content(SpeakUpReport.objects.get(pk=made.report.pk))


def test_a_sealed_body_copied_onto_another_report_does_not_open(
    channel: SpeakUpChannel,
) -> None:
    first = services.submit_report(channel, a_report(what="first")).report
    second = services.submit_report(channel, a_report(what="second")).report
    SpeakUpReport.objects.filter(pk=second.pk).update(body_sealed=first.body_sealed)
    with pytest.raises(crypto.SealBroken):
        services.open_content(SpeakUpReport.objects.get(pk=second.pk))


def test_a_new_key_seals_new_reports_and_the_old_one_still_opens_old_ones(
    channel: SpeakUpChannel, settings: object
) -> None:
    old = services.submit_report(channel, a_report(what="before rotation")).report
    settings.NODDFA_SPEAKUP_KEYS = {"b2": "a second secret from the secrets store"}  # type: ignore[attr-defined]
    settings.NODDFA_SPEAKUP_KEY_ID = "b2"  # type: ignore[attr-defined]
    new = services.submit_report(channel, a_report(what="after rotation")).report
    assert (old.key_id, new.key_id) == ("a1", "b2")
    assert services.open_content(SpeakUpReport.objects.get(pk=old.pk)).what == "before rotation"
    assert services.open_content(SpeakUpReport.objects.get(pk=new.pk)).what == "after rotation"


def test_no_table_has_a_place_for_an_address_or_a_browser() -> None:
    from django.apps import apps

    for model in apps.get_app_config("speakup").get_models():
        for field in model._meta.get_fields():
            words = set(field.name.lower().split("_"))
            assert not words & {"ip", "agent", "ua", "referer", "referrer", "address", "remote"}, (
                f"{model.__name__}.{field.name}"
            )


# --- Who may read ------------------------------------------------------------------------


def test_the_channels_lead_reads_the_report_and_the_read_is_audited(
    channel: SpeakUpChannel, lead: User
) -> None:
    made = services.submit_report(channel, a_report())
    opened = services.read_report_for_recipient(lead, made.report.pk, page="speakup_report")
    assert opened.content.vehicles == "White van, partial plate CF12"
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.actor_id == lead.pk
    assert event.object_id == str(made.report.pk)
    assert event.detail["page"] == "speakup_report"


def test_another_organisations_lead_cannot_read_a_report(
    channel: SpeakUpChannel, other_lead: User
) -> None:
    made = services.submit_report(channel, a_report())
    with pytest.raises(PermissionError):
        services.read_report_for_recipient(other_lead, made.report.pk)
    with pytest.raises(PermissionError):
        services.messages_for(made.report, reader=other_lead)
    with pytest.raises(PermissionError):
        services.acknowledge_report(other_lead, made.report)
    with pytest.raises(PermissionError):
        services.post_message(made.report, "hello", by=other_lead)
    assert not selectors.reports_in_inbox(other_lead).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_a_practitioner_of_the_same_organisation_cannot_read_a_report(
    channel: SpeakUpChannel, organisation: object
) -> None:
    practitioner = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    made = services.submit_report(channel, a_report())
    with pytest.raises(PermissionError):
        services.read_report_for_recipient(practitioner, made.report.pk)
    assert not selectors.reports_in_inbox(practitioner).exists()


def test_a_deactivated_lead_cannot_read_a_report(channel: SpeakUpChannel, lead: User) -> None:
    made = services.submit_report(channel, a_report())
    lead.is_active = False
    lead.save()
    with pytest.raises(PermissionError):
        services.read_report_for_recipient(lead, made.report.pk)


def test_an_unknown_report_id_is_refused_like_another_organisations(lead: User) -> None:
    import uuid

    with pytest.raises(PermissionError):
        services.read_report_for_recipient(lead, uuid.uuid4())


def test_named_recipients_replace_the_leads(organisation: object, lead: User) -> None:
    chosen = UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)
    channel = services.open_channel(
        organisation,  # type: ignore[arg-type]
        slug="named",
        name_en="Named",
        recipients=[chosen],
    )
    made = services.submit_report(channel, a_report())
    assert services.read_report_for_recipient(chosen, made.report.pk).report == made.report
    with pytest.raises(PermissionError):
        services.read_report_for_recipient(lead, made.report.pk)
    assert list(selectors.reports_in_inbox(chosen)) == [made.report]
    assert not selectors.reports_in_inbox(lead).exists()


def test_a_named_recipient_who_moves_to_another_role_no_longer_receives(
    organisation: object, lead: User
) -> None:
    chosen = UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)
    channel = services.open_channel(
        organisation,  # type: ignore[arg-type]
        slug="moved",
        name_en="Moved",
        recipients=[chosen],
    )
    made = services.submit_report(channel, a_report())
    chosen.role = Role.PRACTITIONER
    chosen.save(update_fields=["role"])

    with pytest.raises(PermissionError):
        services.read_report_for_recipient(chosen, made.report.pk)
    assert not selectors.reports_in_inbox(chosen).exists()
    # With no one named left who answers for safeguarding, the leads receive again.
    assert list(selectors.reports_in_inbox(lead)) == [made.report]


def test_a_recipient_from_another_organisation_cannot_be_named(
    organisation: object, other_lead: User
) -> None:
    with pytest.raises(ValueError):
        services.open_channel(
            organisation,  # type: ignore[arg-type]
            slug="wrong",
            name_en="Wrong",
            recipients=[other_lead],
        )


def test_the_inbox_holds_the_channels_reports_oldest_first(
    channel: SpeakUpChannel, lead: User
) -> None:
    now = timezone.now()
    later = services.submit_report(channel, a_report(), now=now).report
    earlier = services.submit_report(channel, a_report(), now=now - timedelta(days=2)).report
    assert list(selectors.reports_in_inbox(lead)) == [earlier, later]


# --- The clocks and the conversation ------------------------------------------------------


def test_the_clocks_start_when_the_report_arrives(channel: SpeakUpChannel) -> None:
    now = timezone.now()
    report = services.submit_report(channel, a_report(), now=now).report
    assert report.status == ReportStatus.NEW
    assert report.received_at == now
    assert report.acknowledge_by == now + timedelta(days=7) == now + ACKNOWLEDGE_WITHIN
    assert report.feedback_by == now + FEEDBACK_WITHIN
    assert timedelta(days=90) <= FEEDBACK_WITHIN
    assert report.acknowledged_at is None and report.feedback_given_at is None


def test_acknowledging_stops_the_first_clock_once(channel: SpeakUpChannel, lead: User) -> None:
    report = services.submit_report(channel, a_report()).report
    services.acknowledge_report(lead, report)
    first = report.acknowledged_at
    assert first is not None and report.status == ReportStatus.ACKNOWLEDGED
    services.acknowledge_report(lead, report)
    assert SpeakUpReport.objects.get(pk=report.pk).acknowledged_at == first


def test_a_conversation_both_ways_and_feedback_stops_the_second_clock(
    channel: SpeakUpChannel, lead: User
) -> None:
    report = services.submit_report(channel, a_report()).report
    services.post_message(report, "Can you tell us which evenings?", by=lead)
    services.post_message(report, "Nos Lun a nos Fercher, ar ôl 10pm", by=None)
    services.post_message(report, "Thank you: we have told the police.", by=lead, feedback=True)
    report.refresh_from_db()
    assert report.acknowledged_at is not None
    assert report.feedback_given_at is not None
    reporter_sees = services.messages_for(report)
    assert [m.text for m in reporter_sees] == [
        "Can you tell us which evenings?",
        "Nos Lun a nos Fercher, ar ôl 10pm",
        "Thank you: we have told the police.",
    ]
    assert [m.message.author for m in reporter_sees] == ["recipient", "reporter", "recipient"]
    assert reporter_sees[1].message.sent_by is None


def test_an_empty_message_is_refused(channel: SpeakUpChannel) -> None:
    report = services.submit_report(channel, a_report()).report
    with pytest.raises(ValueError):
        services.post_message(report, "   ")


# --- Submitting ------------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_report(channel: SpeakUpChannel) -> None:
    first = services.submit_report(channel, a_report(), form_token="token-1")
    with pytest.raises(services.AlreadySubmitted) as raised:
        services.submit_report(channel, a_report(), form_token="token-1")
    assert raised.value.report_id == str(first.report.pk)
    assert SpeakUpReport.objects.count() == 1


def test_a_closed_channel_takes_no_report(channel: SpeakUpChannel) -> None:
    channel.is_open = False
    channel.save()
    with pytest.raises(services.ChannelClosed):
        services.submit_report(channel, a_report())


def test_a_channel_takes_only_so_many_reports_in_ten_minutes(channel: SpeakUpChannel) -> None:
    channel.reports_per_window = 3
    channel.save()
    now = timezone.now().replace(minute=1, second=0, microsecond=0)
    for _ in range(3):
        services.submit_report(channel, a_report(), now=now)
    with pytest.raises(services.ChannelBusy):
        services.submit_report(channel, a_report(), now=now + timedelta(minutes=5))
    # The next window is open again, and another channel was never affected.
    services.submit_report(channel, a_report(), now=now + timedelta(minutes=10))
    assert SpeakUpReport.objects.count() == 4


def test_any_language_and_script_is_kept_as_written(channel: SpeakUpChannel, lead: User) -> None:
    text = "Gwelais i ŵr ifanc. Бачив чоловіків у фургоні. رأيت رجالاً 🚐"  # noqa: RUF001
    report = services.submit_report(channel, a_report(what=text)).report
    assert services.read_report_for_recipient(lead, report.pk).content.what == text


# --- Retention -------------------------------------------------------------------------


def test_report_under_action_never_expires(channel: SpeakUpChannel, lead: User) -> None:
    report = services.submit_report(channel, a_report()).report
    services.mark_under_action(lead, report)
    years_later = timezone.now() + timedelta(days=3650)
    assert services.warn_before_deletion(now=years_later) == []
    assert services.delete_expired_reports(now=years_later + timedelta(days=60)) == 0
    assert SpeakUpReport.objects.filter(pk=report.pk).exists()


def test_a_new_report_never_expires_however_old(channel: SpeakUpChannel) -> None:
    report = services.submit_report(channel, a_report()).report
    ages_later = timezone.now() + timedelta(days=36500)
    assert services.warn_before_deletion(now=ages_later) == []
    assert services.delete_expired_reports(now=ages_later) == 0
    assert SpeakUpReport.objects.filter(pk=report.pk).exists()


def test_the_database_refuses_a_deletion_date_on_an_open_report(channel: SpeakUpChannel) -> None:
    from django.db import IntegrityError, transaction

    report = services.submit_report(channel, a_report()).report
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakUpReport.objects.filter(pk=report.pk).update(delete_after=timezone.now())


def test_a_closed_report_is_deleted_only_after_a_warning(
    channel: SpeakUpChannel, lead: User
) -> None:
    channel.retention_days = 100
    channel.save()
    report = services.submit_report(channel, a_report()).report
    closed_at = timezone.now()
    services.close_report(lead, report, now=closed_at)
    end = closed_at + timedelta(days=100)
    # Past its date but never warned: kept.
    assert services.delete_expired_reports(now=end + timedelta(days=1)) == 0
    warned = services.warn_before_deletion(now=end - timedelta(days=10))
    assert warned == [report]
    assert services.warn_before_deletion(now=end - timedelta(days=9)) == []
    # The warning must have been out for the whole warning period.
    assert services.delete_expired_reports(now=end + timedelta(days=1)) == 0
    assert services.delete_expired_reports(now=end + timedelta(days=21)) == 1
    assert not SpeakUpReport.objects.filter(pk=report.pk).exists()


def test_reopening_for_action_cancels_a_deletion(channel: SpeakUpChannel, lead: User) -> None:
    report = services.submit_report(channel, a_report()).report
    services.close_report(lead, report)
    services.mark_under_action(lead, report)
    report.refresh_from_db()
    assert report.delete_after is None and report.status == ReportStatus.UNDER_ACTION


# --- Proof of report -------------------------------------------------------------------


def test_the_proof_of_report_is_signed_and_holds_none_of_the_content(
    channel: SpeakUpChannel,
) -> None:
    made = services.submit_report(channel, a_report())
    proof = services.proof_of_report(made.report)
    assert services.proof_is_genuine(proof)
    assert "glan-mor" in proof and "fingerprint-sha256: " in proof
    for word in ("back room", "Heol y Bont", "bandaged", "CF12", "living", made.receipt):
        assert word not in proof
    assert services.open_content(made.report).fingerprint() in proof


def test_a_changed_proof_is_not_genuine(channel: SpeakUpChannel) -> None:
    proof = services.proof_of_report(services.submit_report(channel, a_report()).report)
    changed = re.sub(r"received: \S+", "received: 2020-01-01T00:00:00Z", proof)
    assert not services.proof_is_genuine(changed)
    assert not services.proof_is_genuine("nonsense")


def test_two_reports_with_the_same_words_have_different_fingerprints(
    channel: SpeakUpChannel,
) -> None:
    # The fingerprint is salted, so it cannot be used to test a guess of what was reported.
    one = services.submit_report(channel, a_report(what="same")).report
    two = services.submit_report(channel, a_report(what="same")).report
    assert services.open_content(one).fingerprint() != services.open_content(two).fingerprint()


def test_the_demo_channels_open_once_and_can_be_reported_to(db: None) -> None:
    from factories import OrganisationFactory
    from noddfa.speakup.demo import add_demo_speak_up

    organisations = {"health": OrganisationFactory(), "children": OrganisationFactory()}
    first = add_demo_speak_up(organisations)
    again = add_demo_speak_up(organisations)
    assert [c.pk for c in first] == [c.pk for c in again]
    assert {c.slug for c in first} == {"bae-a-bro", "cymuned-caerdydd"}
    assert SpeakUpReport.objects.count() == 1


def test_the_help_pages_can_list_only_open_channels(channel: SpeakUpChannel) -> None:
    shut = services.open_channel(channel.organisation, slug="shut", name_en="Shut")
    shut.is_open = False
    shut.save()
    assert list(selectors.open_channels()) == [channel]


def test_when_every_named_recipient_has_left_the_leads_receive_again(
    organisation: object, lead: User
) -> None:
    chosen = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    channel = services.open_channel(
        organisation,  # type: ignore[arg-type]
        slug="left",
        name_en="Left",
        recipients=[chosen],
    )
    made = services.submit_report(channel, a_report())
    chosen.is_active = False
    chosen.save()
    assert services.read_report_for_recipient(lead, made.report.pk).report == made.report
    assert list(selectors.reports_in_inbox(lead)) == [made.report]
    assert not selectors.reports_in_inbox(chosen).exists()
    with pytest.raises(PermissionError):
        services.read_report_for_recipient(chosen, made.report.pk)
