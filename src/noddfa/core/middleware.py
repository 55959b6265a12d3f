from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from noddfa.core.request_id import current_request_id


class RequestIdMiddleware:
    """Gives every request an id that its audit events and its response both carry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # our own attribute
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Keeps every answer Noddfa writes out of browser and proxy caches.

    Pages, PDFs, JSON and API answers carry personal data, and even the public help pages
    should not sit in the cache of a shared or watched phone. A response that sets its own
    Cache-Control keeps it. Static files never reach this middleware: WhiteNoise answers them
    first (see the production settings), with long cache lifetimes under hashed names."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
