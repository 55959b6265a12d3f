"""The hash chain that makes the audit log tamper-evident.

Each event's hash covers its own canonical content and the previous event's hash, so
altering, removing or reordering any stored event breaks every link after it.

Since issue 17 each link is an HMAC-SHA256 under a key kept outside the database
(`NODDFA_AUDIT_KEY`), so someone who can write to the database but does not hold the key
cannot recompute a chain that verifies. Events written before then carry the plain SHA-256
link (their `algorithm` is empty) and are checked as they were written, never rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
# The `algorithm` of every event written since issue 17; the events before it have none.
KEYED = "hmac-sha256"


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
    """The unkeyed link of the events written before the keyed chain (checked, never written)."""
    digest = hashlib.sha256()
    digest.update(previous_hash.encode("ascii"))
    digest.update(content.canonical())
    return digest.hexdigest()


def keyed_link_hash(key: bytes, previous_hash: str, content: EventContent) -> str:
    """The link of every event written since issue 17: HMAC-SHA256 under the chain key."""
    message = previous_hash.encode("ascii") + content.canonical()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
