from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse


def record(request: HttpRequest, draft_id: uuid.UUID | None = None) -> HttpResponse:
    raise Http404


def autosave(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    raise Http404


def review_queue(request: HttpRequest) -> HttpResponse:
    raise Http404


def detail(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    raise Http404


def addendum(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    raise Http404


def review(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    raise Http404


def close(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    raise Http404


def action_outcome(request: HttpRequest, action_id: int) -> HttpResponse:
    raise Http404
