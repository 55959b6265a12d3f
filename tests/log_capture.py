"""Every log record from every logger, for the tests that prove a visitor or a reporter is
named in none (the public help pages, the speak-up routes)."""

from __future__ import annotations

import logging
from collections.abc import Callable


class EveryRecord(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def capture_every_log_record(force_debug: bool) -> tuple[EveryRecord, Callable[[], None]]:
    """Catch every record from every logger, even loggers that do not propagate.

    With force_debug every logger is opened to DEBUG, so any message a library could write
    is seen; without it the configured levels stand, as in production. Call the returned
    function to put every logger back as it was.
    """
    handler = EveryRecord()
    manager = logging.Logger.manager
    loggers = [logging.getLogger()] + [
        logger for logger in manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        if force_debug:
            logger.setLevel(logging.DEBUG)
            logger.disabled = False

    def restore() -> None:
        for logger, level, disabled in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.disabled = disabled

    return handler, restore


def message_of(record: logging.LogRecord) -> str:
    return f"{record.getMessage()}\n{record.args!r}\n{record.exc_text or ''}"


def everything_in(record: logging.LogRecord) -> str:
    """The message and every attribute of the record, with the META of a request passed as
    `extra` (as django.request does)."""
    parts = [message_of(record)]
    for value in vars(record).values():
        parts.append(repr(value))
        meta = getattr(value, "META", None)
        if isinstance(meta, dict):
            parts.append(repr(meta))
    return "\n".join(parts)
