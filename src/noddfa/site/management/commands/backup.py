"""`noddfa backup DEST_DIR`: one whole, checksummed backup folder (see noddfa.site.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from noddfa.site.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump), the evidence files and the "
        "audit chain's head into a new folder under DEST_DIR."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", metavar="DEST_DIR", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = create_backup(options["destination"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        except (DatabaseError, OSError) as error:
            raise CommandError(f"Backup failed: {_one_line(error)}") from error
        self.stdout.write(f"Backup written to {folder}")


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
