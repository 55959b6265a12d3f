from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse


def chronology(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    raise Http404  # replaced by the chronology work


def chronology_pdf(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    raise Http404  # replaced by the chronology work
