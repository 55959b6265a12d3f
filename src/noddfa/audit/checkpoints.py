"""Checkpoints of the audit chain's head, written outside the database (issue 17).

`noddfa audit checkpoint` appends one JSON line, `{"id": …, "hash": …, "at": …}`, to an
append-only file (`NODDFA_AUDIT_CHECKPOINT_FILE`, by default `audit-checkpoints.jsonl` in the
data folder) that the operator ships off the machine. The chain alone cannot show that events
were removed from its end, nor, once the key is known, that it was rewritten; a checkpoint
can: `noddfa audit verify` fails if an event a checkpoint names is gone or has another hash.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

_HASH = re.compile(r"[0-9a-f]{64}")


class CheckpointFileError(Exception):
    """The checkpoint file cannot be read or holds a line that is not a checkpoint."""


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    hash: str
    at: str
    line: int = 0

    def as_line(self) -> str:
        body = {"id": self.event_id, "hash": self.hash, "at": self.at}
        return json.dumps(body, separators=(",", ":")) + "\n"


def default_path() -> Path:
    return Path(settings.NODDFA_AUDIT_CHECKPOINT_FILE)


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint in the file, in the order written; none if there is no file yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as error:
        raise CheckpointFileError(f"{path} cannot be read ({error.strerror}).") from error
    checkpoints = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            body = json.loads(raw)
            event_id, hash_, at = body["id"], body["hash"], body["at"]
        except (ValueError, TypeError, KeyError):
            event_id = hash_ = at = None
        valid = (
            isinstance(event_id, int)
            and isinstance(hash_, str)
            and _HASH.fullmatch(hash_)
            and isinstance(at, str)
        )
        if not valid:
            raise CheckpointFileError(f"{path}, line {number}, is not a checkpoint.")
        checkpoints.append(Checkpoint(int(event_id), str(hash_), str(at), number))
    return checkpoints


def append_checkpoint(path: Path, event_id: int, hash_: str) -> Checkpoint:
    """Add one line at the end of the file (created 0600 if new), flushed to disk."""
    checkpoint = Checkpoint(
        event_id, hash_, datetime.now(UTC).isoformat(timespec="seconds"), line=0
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, checkpoint.as_line().encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return checkpoint
