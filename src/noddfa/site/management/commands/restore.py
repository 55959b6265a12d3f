"""`noddfa restore BACKUP_DIR [--force]`: check a backup, restore it, check the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from noddfa.site.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `noddfa backup`: checks the manifest and every checksum "
        "first, then the evidence files and the audit chain after. Stop the web server and the "
        "scheduled jobs first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", metavar="BACKUP_DIR", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds tables",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = restore_backup(options["backup"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        except (DatabaseError, OSError) as error:
            lines = str(error).strip().splitlines()
            raise CommandError(
                f"Restore failed: {lines[0] if lines else type(error).__name__}"
            ) from error
        self.stdout.write(
            f"Restored the {done.engine} database and {done.attachments} evidence files from "
            f"the backup of {done.created_at}."
        )
        self.stdout.write(
            f"Audit chain intact: {done.audit_events} events, ending at {done.audit_head[:16]}."
        )
        if done.left_in_place:
            self.stdout.write(
                f"{done.left_in_place} files in the attachments folder are not in the backup "
                "and were left in place."
            )
