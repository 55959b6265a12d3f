"""`noddfa speak_up_proof`: an organisation can check a reporter's proof of report."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from noddfa.speakup import services
from noddfa.speakup.models import SpeakUpChannel

from .conftest import a_report

pytestmark = pytest.mark.django_db


def test_a_genuine_proof_is_recognised_with_its_fingerprint(
    channel: SpeakUpChannel, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = services.submit_report(channel, a_report()).report
    proof = tmp_path / "proof-of-report.txt"
    proof.write_text(services.proof_of_report(report), encoding="utf-8")
    call_command("speak_up_proof", str(proof))
    out = capsys.readouterr().out
    assert "Genuine" in out
    assert services.open_content(report).fingerprint() in out


def test_a_changed_proof_is_refused(channel: SpeakUpChannel, tmp_path: Path) -> None:
    report = services.submit_report(channel, a_report()).report
    text = services.proof_of_report(report).replace("channel: glan-mor", "channel: elsewhere")
    proof = tmp_path / "proof-of-report.txt"
    proof.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("speak_up_proof", str(proof))
    assert raised.value.returncode == 1


def test_a_proof_from_another_instance_is_refused(
    channel: SpeakUpChannel, tmp_path: Path, settings: object
) -> None:
    report = services.submit_report(channel, a_report()).report
    proof = tmp_path / "proof-of-report.txt"
    proof.write_text(services.proof_of_report(report), encoding="utf-8")
    settings.NODDFA_SPEAKUP_PROOF_KEY = "another instance's key"  # type: ignore[attr-defined]
    with pytest.raises(CommandError):
        call_command("speak_up_proof", str(proof))
