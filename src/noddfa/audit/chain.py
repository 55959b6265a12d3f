"""The hash chain that makes the audit log tamper-evident.

Each event's hash covers its own canonical content and the previous event's hash, so
altering, removing or reordering any stored event breaks every link after it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class EventContent:
    occurred_at: datetime
    actor_id: int | None
    organisation_id: int | None
    action: str
    object_type: str
    object_id: str
    request_id: str
    detail: dict[str, Any]

    def canonical(self) -> bytes:
        body = {
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "organisation_id": self.organisation_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "request_id": self.request_id,
            "detail": self.detail,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(previous_hash: str, content: EventContent) -> str:
    digest = hashlib.sha256()
    digest.update(previous_hash.encode("ascii"))
    digest.update(content.canonical())
    return digest.hexdigest()
