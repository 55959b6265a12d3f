"""Words the Welsh page checks look for: English that is never Welsh."""

from __future__ import annotations

# Words that are English and never Welsh. Short Welsh words that English shares (a, i, am, at,
# is, to, ac, un, dim, os) are left out on purpose.
ENGLISH_ONLY = frozenset(
    {
        "the",
        "and",
        "of",
        "your",
        "you",
        "with",
        "for",
        "from",
        "this",
        "that",
        "have",
        "has",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "will",
        "should",
        "must",
        "been",
        "there",
        "their",
        "they",
        "please",
        "minutes",
        "hours",
        "days",
        "weeks",
        "ago",
        "telephone",
        "yesterday",
        "today",
        "tomorrow",
        "not",
    }
)
