from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse


def upload(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    raise Http404  # replaced by the attachments work


def download(request: HttpRequest, attachment_id: uuid.UUID) -> HttpResponse:
    raise Http404  # replaced by the attachments work
