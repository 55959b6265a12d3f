"""The request id of the work in progress, so events written deep in a service call
can be tied back to the request (or CLI run) that caused them."""

from __future__ import annotations

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
