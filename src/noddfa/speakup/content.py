"""What a reporter tells: the fields of a report, and the signs they can pick in plain words."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Signs a member of the public may notice, in plain words. The indicator catalogue speaks to
# professionals and has no public audience yet; these are its public counterparts, in our own
# words from the Home Office "spot the signs" headings (docs/sources.md).
SIGNS: tuple[tuple[str, Promise], ...] = (
    ("scared", _("They seem scared, or not allowed to speak for themselves")),
    ("controlled", _("Someone else seems to control them, their money or their documents")),
    ("transport", _("They are dropped off and picked up, often early or late, by the same people")),
    ("hours", _("They work very long hours, or every day, for little or no pay")),
    ("living", _("Many people live at the workplace or in one crowded house")),
    ("injuries", _("They have injuries, or look tired, hungry or unwell")),
    ("clothing", _("They do not have the right clothes or safety equipment for the work")),
    ("child", _("A child seems to be working, or travelling with adults who are not family")),
    ("debt", _("They say they owe money to the people they work for")),
)
SIGN_CODES = frozenset(code for code, _label in SIGNS)


@dataclass(frozen=True)
class ReportContent:
    """Everything the reporter wrote. Sealed as one JSON document; never stored in the clear."""

    what: str
    where: str = ""
    when: str = ""
    people: str = ""
    vehicles: str = ""
    signs: tuple[str, ...] = ()
    contact: str = ""
    # Random, sealed with the content: the proof's fingerprint cannot be used to test guesses
    # of what the report says.
    salt: str = field(default_factory=lambda: secrets.token_hex(16))

    def to_json(self) -> bytes:
        data = asdict(self)
        data["signs"] = list(self.signs)
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> ReportContent:
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
        data["signs"] = tuple(data.get("signs", ()))
        return cls(**data)

    def fingerprint(self) -> str:
        """SHA-256 of the sealed document: the proof of report carries this, not the text."""
        return hashlib.sha256(self.to_json()).hexdigest()
