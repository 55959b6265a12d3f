"""Problem details (RFC 9457) for answers the API gives before or after DRF runs: a body too
large, a database that cannot be reached. Fixed wording only, never anything sent."""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse

CONTENT_TYPE = "application/problem+json"


def api_problem(status: int, detail: str) -> JsonResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    body["detail"] = detail
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE)
