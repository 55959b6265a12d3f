"""Log formatting that keeps personal data out of log files.

Exception messages can carry the values that caused them (a name in an integrity error,
an address in a validation message), so only the exception's type and the code path are
written, never its message.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei: _ExcInfo) -> str:  # type: ignore[override]  # never (None, None, None)
        kind, _, tb = ei
        frames = "".join(traceback.format_tb(tb))
        return f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}"
