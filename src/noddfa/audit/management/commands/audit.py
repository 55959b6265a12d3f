from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from noddfa.audit.checkpoints import (
    CheckpointFileError,
    append_checkpoint,
    default_path,
    read_checkpoints,
)
from noddfa.audit.probes import probers
from noddfa.audit.services import ChainReport, verify_chain


def _failure(report: ChainReport) -> CommandError:
    if report.cut:
        message = f"Audit log cut at the end: {report.problem}."
    else:
        message = (
            f"Audit chain broken at event {report.first_broken_id}: {report.problem}. "
            f"{report.checked} events before it are intact."
        )
    return CommandError(message, returncode=1)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Work with the audit log. `noddfa audit verify` checks the whole keyed hash chain "
        "against the checkpoints; `noddfa audit checkpoint` checks what came since the last "
        "checkpoint and appends the head to the checkpoint file (run it on a timer and ship "
        "the file off the machine); `noddfa audit probes` lists the accounts refused many "
        "records by id in the last hour and exits with 1 if there are any (alert on it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify", "checkpoint", "probes"])
        parser.add_argument(
            "--hours",
            type=_positive_int,
            default=1,
            help="probes: how far back to look, in hours (default 1).",
        )
        parser.add_argument(
            "--at-least",
            type=_positive_int,
            default=10,
            help="probes: how many refusals make an account worth a look (default 10).",
        )
        parser.add_argument(
            "--checkpoints",
            type=Path,
            default=None,
            help=(
                "The checkpoint file to check against or append to (default: "
                "NODDFA_AUDIT_CHECKPOINT_FILE). Give verify the copy kept off the machine."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["operation"] == "probes":
            self._probes(options["hours"], options["at_least"])
            return
        path: Path = options["checkpoints"] or default_path()
        try:
            checkpoints = read_checkpoints(path)
        except CheckpointFileError as error:
            raise CommandError(f"Audit checkpoints: {error}", returncode=1) from error
        if options["operation"] == "checkpoint":
            self._checkpoint(path, checkpoints)
        else:
            self._verify(path, checkpoints)

    def _verify(self, path: Path, checkpoints: list[Any]) -> None:
        report = verify_chain(checkpoints)
        if not report.intact:
            raise _failure(report)
        unkeyed = f" ({report.unkeyed} unkeyed, from before the keyed chain)"
        summary = (
            f"Audit chain intact: {report.checked} events checked"
            f"{unkeyed if report.unkeyed else ''}"
        )
        if checkpoints:
            summary += f", {_plural(report.checkpoints, 'checkpoint')} matched in {path}."
        else:
            summary += (
                f"; no checkpoints in {path}, so events removed from the end cannot be seen "
                "(run `noddfa audit checkpoint`)."
            )
        self.stdout.write(summary)

    def _checkpoint(self, path: Path, checkpoints: list[Any]) -> None:
        report = verify_chain(checkpoints, from_last_checkpoint=True)
        if not report.intact:
            raise _failure(report)
        if report.head_id is None or report.head_hash is None:
            self.stdout.write("The audit log is empty: nothing to checkpoint.")
            return
        try:
            written = append_checkpoint(path, report.head_id, report.head_hash)
        except OSError as error:
            raise CommandError(
                f"Audit checkpoint not written: {path} ({error.strerror}).", returncode=1
            ) from error
        # The whole line, so that a journal shipped off the machine holds a second copy.
        self.stdout.write(f"Audit checkpoint appended to {path}: {written.as_line().strip()}")

    def _probes(self, hours: int, at_least: int) -> None:
        # Account and organisation ids only: the operator looks the account up in the app.
        found = probers(since=timezone.now() - timedelta(hours=hours), at_least=at_least)
        window = _plural(hours, "hour")
        if not found:
            self.stdout.write(
                f"No account was refused {at_least} or more records in the last {window}."
            )
            return
        for prober in found:
            self.stdout.write(
                f"account {prober.actor_id} (organisation {prober.organisation_id or '-'}): "
                f"{_plural(prober.refusals, 'record')} refused"
            )
        raise CommandError(
            f"{_plural(len(found), 'account')} refused {at_least} or more records by id in the "
            f"last {window}: look at what they asked for in the audit trail.",
            returncode=1,
        )
