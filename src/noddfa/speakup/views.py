"""The reporter's pages: no sign-in, nothing kept about who visits (issue 21, ADR 26).

Like the public help pages, every page is rendered without the request context, so the form
never touches the session or the CSRF cookie: no cookie is set before a report is sent. The
POSTs are `csrf_exempt` and protected instead by an origin check and, for the report form, a
signed one-time token. After a report is sent (or a receipt typed back) the session holds the
id of that one report and nothing else. Every answer is `no-store` and `no-referrer`.
Nothing here logs, but for a failure's type and the lines of code it passed through.
"""

from __future__ import annotations

import base64
import logging
import secrets
import time
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from noddfa.directory import selectors as directory
from noddfa.directory.public_content import is_active, public_service
from noddfa.directory.public_views import EXIT_URL

from . import crypto, receipt, services
from .forms import LastGroupForm, MessageForm, ReceiptForm, ReportForm
from .models import ReportStatus, SpeakUpChannel, SpeakUpReport

SESSION_KEY = "speakup"
_TOKEN_SALT = "noddfa.speakup.form"  # noqa: S105  (a signing salt, not a secret)
_TOKEN_MAX_AGE = 4 * 60 * 60

View = Callable[..., HttpResponse]

_log = logging.getLogger(__name__)

# Request headers that could tell who a reporter is or where they came from. They are removed
# before a view runs, so nothing later (a log record carrying the request, an error report, a
# middleware failing after the view) can hold them.
_IDENTIFYING = (
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_TRUE_CLIENT_IP",
    "REMOTE_HOST",
)


# --- Shared plumbing -------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    # Django logs every 4xx and 5xx answer with the request attached (its POST holds the
    # report's words); these pages log what may be logged themselves, so they tell Django so.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _from_another_site(request: HttpRequest) -> bool:
    """A POST sent by another site's page. `Origin: null` is what browsers send under our
    no-referrer policy, so it is judged by `Sec-Fetch-Site` where the browser sends one.
    "same-site" is another site too: a page on a neighbouring subdomain, which the session
    cookie (SameSite=Lax) would follow, could otherwise post as the reporter."""
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        return urlsplit(origin).netloc.lower() != request.get_host().lower()
    return request.headers.get("Sec-Fetch-Site", "") in {"cross-site", "same-site"}


# Five photos of 8 MiB and the words: what the example nginx site lets through (42 MiB).
MAX_UPLOAD_BYTES = 42 * 1024 * 1024


class _PhotosInMemory(MemoryFileUploadHandler):
    """Photos are held in memory until they are cleaned and sealed. Django writes an upload
    larger than 2.5 MB to a temporary file first, which would put the reporter's photo, GPS
    position and camera serial included, on the server's disk."""

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        if content_length > MAX_UPLOAD_BYTES:
            raise RequestDataTooBig("a speak-up upload is limited to 42 MiB")
        self.activated = True


def _forget_the_visitor(request: HttpRequest) -> None:
    for header in _IDENTIFYING:
        request.META.pop(header, None)
    request.META["REMOTE_ADDR"] = ""


def _failed(lang: str) -> HttpResponse:
    """The reporter's page when something broke: the 999 panel and the helpline, nothing of
    what they sent. If even that cannot be drawn (the database is down), a bare page."""
    try:
        return _render(lang, "report", "speakup/failed.html", None, {}, status=500)
    except Exception:  # the first failure is already logged
        with translation.override(lang):
            text = translation.gettext("If someone is in immediate danger, call 999.")
        return HttpResponse(
            f'<!DOCTYPE html><html lang="{lang}"><title>500</title>'
            f'<p><a href="tel:999">{text}</a></p></html>',
            status=500,
        )


def speak_up_page(view: View) -> View:
    """A reporter's page: refuses another site's POST, forgets the visitor's address and
    browser before the view runs, and answers a failure with its own page. A failure is logged
    as the exception's type and the lines of code it passed through, never its message (which
    can carry what the reporter typed), the request or the receipt: Django's own log of a
    failed request would carry the whole request, the report's words in its POST included."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _forget_the_visitor(request)
        if request.method == "POST":
            request.upload_handlers = [_PhotosInMemory(request)]
        lang = _lang(kwargs.get("lang"))
        if request.method == "POST" and _from_another_site(request):
            return _private(HttpResponse(status=403))
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = _not_found(lang)
        except (SuspiciousOperation, BadRequest, MultiPartParserError):
            raise  # Django answers these 400 or 413, naming no value
        except Exception as error:
            frames = "".join(traceback.format_tb(error.__traceback__))
            _log.error(
                "A speak-up page failed: %s.%s\n%s",
                type(error).__module__,
                type(error).__qualname__,
                frames,
            )
            response = _failed(lang)
        return _private(response)

    return wrapped


def _lang(lang: str | None) -> str:
    return "cy" if lang == "cy" else "en"


def _url(name: str, channel: SpeakUpChannel, lang: str) -> str:
    kwargs: dict[str, str] = {"slug": channel.slug}
    if lang == "cy":
        return reverse(f"speakup:{name}_cy", kwargs=kwargs)
    return reverse(f"speakup:{name}", kwargs=kwargs)


def _helpline(lang: str) -> Any:
    service = directory.service_by_key("modern_slavery_helpline")
    if service is None or not is_active(service):
        return None
    return public_service(service, lang)


def _render(
    lang: str,
    name: str,
    template: str,
    channel: SpeakUpChannel | None,
    context: dict[str, Any],
    *,
    status: int = 200,
    named: bool = True,
) -> HttpResponse:
    """`named=False` leaves the channel's name out: a closed channel's pages that anyone can
    open say no more than the public list, which no longer shows it."""
    other = "en" if lang == "cy" else "cy"
    with translation.override(lang):
        alternate = _url(name, channel, other) if channel else reverse("help:index", args=[other])
        body = loader.render_to_string(
            template,
            {
                **context,
                "channel": channel,
                "channel_name": channel.name_in(lang) if channel and named else "",
                "lang": lang,
                "other_lang": other,
                "alternate_url": alternate,
                "exit_url": EXIT_URL,
                "helpline": _helpline(lang),
                "urls": {
                    page: _url(page, channel, lang)
                    for page in (
                        "report",
                        "receipt",
                        "receipt_file",
                        "proof",
                        "done",
                        "follow_up",
                        "conversation",
                        "leave",
                    )
                }
                if channel
                else {},
            },
        )
    response = HttpResponse(body, status=status)
    response["Content-Language"] = lang
    return response


def _channel(slug: str) -> SpeakUpChannel:
    channel = services.open_channel_by_slug(slug)
    if channel is None:
        raise Http404
    return channel


def _not_found(lang: str) -> HttpResponse:
    return _render(lang, "report", "speakup/not_found.html", None, {}, status=404)


def _scoped(request: HttpRequest, channel: SpeakUpChannel) -> dict[str, Any] | None:
    """The reporter's session for a report of this channel, if they have one."""
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return None  # never create a session just to look
    scope = request.session.get(SESSION_KEY)
    if not isinstance(scope, dict) or scope.get("channel") != channel.slug:
        return None
    return scope


def _report_in(scope: dict[str, Any] | None) -> SpeakUpReport | None:
    if scope is None or not isinstance(scope.get("report"), str):
        return None
    return (
        SpeakUpReport.objects.select_related("channel", "channel__organisation")
        .filter(pk=str(scope["report"]))
        .first()
    )


def _start_scope(request: HttpRequest, report: SpeakUpReport, **extra: Any) -> None:
    """A fresh session that holds this one report and nothing about the reporter."""
    request.session.flush()
    request.session[SESSION_KEY] = {
        "report": str(report.pk),
        "channel": report.channel.slug,
        **extra,
    }


def _unsaved_receipt(request: HttpRequest, channel: SpeakUpChannel) -> dict[str, Any] | None:
    """The session's report of this channel whose receipt is shown but not yet saved (the
    reporter has not typed back its last group), if it still exists."""
    scope = _scoped(request, channel)
    if scope is None or scope.get("confirmed") or "receipt" not in scope:
        return None
    return scope if _report_in(scope) is not None else None


def _seal_receipt(report: SpeakUpReport, value: str) -> str:
    key_id, sealed = crypto.seal(value.encode("ascii"), purpose=f"speak-up receipt {report.pk}")
    return f"{key_id}:{base64.b64encode(sealed).decode('ascii')}"


def _open_receipt(report: SpeakUpReport, stored: str) -> str:
    key_id, _, sealed = stored.partition(":")
    plain = crypto.open_sealed(
        key_id, base64.b64decode(sealed), purpose=f"speak-up receipt {report.pk}"
    )
    return plain.decode("ascii")


def _new_token(channel: SpeakUpChannel) -> str:
    return signing.dumps({"c": channel.pk, "n": secrets.token_hex(16)}, salt=_TOKEN_SALT)


def _token_is_good(channel: SpeakUpChannel, token: str) -> bool:
    try:
        data = signing.loads(token, salt=_TOKEN_SALT, max_age=_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("c") == channel.pk


def _slowed(started: float) -> None:
    """Every receipt check takes at least the floor, right or wrong."""
    floor = float(getattr(settings, "NODDFA_SPEAKUP_RECEIPT_FLOOR_SECONDS", 1.0))
    left = floor - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)


# --- Reporting -------------------------------------------------------------------------


@speak_up_page
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    lang = _lang(lang)
    channel = services.open_channel_by_slug(slug)
    if channel is None:
        return _not_found(lang)
    if not channel.is_open:
        return _render(lang, "report", "speakup/closed.html", channel, {})
    notice = ""
    with translation.override(lang):
        unsaved = _unsaved_receipt(request, channel)
        if request.method != "POST":
            form = ReportForm(initial={"token": _new_token(channel)})
            notice = "unsaved_receipt" if unsaved else ""
            return _render(
                lang, "report", "speakup/report.html", channel, {"form": form, "notice": notice}
            )
        token = str(request.POST.get("token", ""))
        token_is_good = _token_is_good(channel, token)
        # Photos are decoded only for a form this site gave out: without a good token, five
        # 40-megapixel photos a request would cost the server for nothing.
        form = ReportForm(request.POST, request.FILES if token_is_good else None)
        valid = form.is_valid()
        if valid and not token_is_good:
            valid = False
            notice = "expired"
        if valid and unsaved is not None:
            if unsaved.get("words") == services.words_digest(form.content()):
                # The same words again (a double click, or the back button and Send): the
                # report they already made, whose receipt is still to be saved.
                return HttpResponseRedirect(_url("receipt", channel, lang), status=303)
            # Something more, before the first receipt was saved: starting a new report now
            # would replace the only copy of that receipt. The words come back to send next.
            valid = False
            notice = "unsaved_receipt"
        if valid:
            try:
                made = services.submit_report(
                    channel,
                    form.content(),
                    photos=form.cleaned_data["photos"],
                    form_token=token,
                )
            except services.AlreadySubmitted as already:
                scope = _scoped(request, channel)
                if scope is None or scope.get("report") != already.report_id:
                    return _render(lang, "report", "speakup/already_sent.html", channel, {})
                if scope.get("words") == services.words_digest(form.content()):
                    # A double click: the receipt of the report the first click made.
                    return HttpResponseRedirect(_url("receipt", channel, lang), status=303)
                # A second tab of the same form, with other words: they come back to be sent
                # as a new report, not lost behind the first one's receipt.
                notice = "other_tab"
            except services.ChannelBusy:
                notice = "busy"
            except services.ChannelClosed:
                return _render(lang, "report", "speakup/closed.html", channel, {})
            else:
                _start_scope(
                    request,
                    made.report,
                    receipt=_seal_receipt(made.report, made.receipt),
                    confirmed=False,
                    words=services.words_digest(form.content()),
                )
                return HttpResponseRedirect(_url("receipt", channel, lang), status=303)
        # Sent back with what was typed (files must be chosen again) and a fresh token.
        data = request.POST.copy()
        data["token"] = _new_token(channel)
        form.data = data
        return _render(
            lang,
            "report",
            "speakup/report.html",
            channel,
            {"form": form, "notice": notice},
            status=200,
        )


@speak_up_page
@require_http_methods(["GET", "HEAD", "POST"])
def receipt_page(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    lang = _lang(lang)
    channel = _channel(slug)
    scope = _scoped(request, channel)
    found = _report_in(scope)
    if scope is None or found is None:
        return HttpResponseRedirect(_url("follow_up", channel, lang), status=303)
    if scope.get("confirmed") or "receipt" not in scope:
        return HttpResponseRedirect(_url("done", channel, lang), status=303)
    written = _open_receipt(found, scope["receipt"])
    with translation.override(lang):
        form = LastGroupForm(request.POST if request.method == "POST" else None)
        mismatch = False
        if form.is_bound and form.is_valid():
            if receipt.folded(form.cleaned_data["last_group"]) == receipt.last_group(written):
                request.session[SESSION_KEY] = {
                    "report": scope["report"],
                    "channel": scope["channel"],
                    "confirmed": True,
                    "words": scope.get("words"),
                }
                return HttpResponseRedirect(_url("done", channel, lang), status=303)
            mismatch = True
        return _render(
            lang,
            "receipt",
            "speakup/receipt.html",
            channel,
            {
                "form": form,
                "mismatch": mismatch,
                "receipt": written,
                "groups": written.split("-"),
            },
        )


@speak_up_page
@require_safe
def receipt_file(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    lang = _lang(lang)
    channel = _channel(slug)
    scope = _scoped(request, channel)
    found = _report_in(scope)
    if scope is None or found is None or "receipt" not in scope:
        raise Http404
    written = _open_receipt(found, scope["receipt"])
    with translation.override(lang):
        text = "\n".join(
            [
                str(translation.gettext("Your speak-up receipt")),
                channel.name_in(lang),
                "",
                written,
                "",
                str(
                    translation.gettext(
                        "Keep it safe and private. With it you can read replies and add "
                        "information at:"
                    )
                ),
                request.build_absolute_uri(_url("follow_up", channel, lang)),
                "",
            ]
        )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="speak-up-receipt.txt"'
    return response


@speak_up_page
@require_safe
def proof(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    channel = _channel(slug)
    found = _report_in(_scoped(request, channel))
    if found is None:
        raise Http404
    response = HttpResponse(
        services.proof_of_report(found), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="proof-of-report.txt"'
    return response


@speak_up_page
@require_safe
def proof_key(request: HttpRequest) -> HttpResponse:
    """The public key that checks every proof of report this instance signs."""
    return HttpResponse(
        f"ed25519 {services.public_key_text()}\n", content_type="text/plain; charset=utf-8"
    )


@speak_up_page
@require_safe
def done(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    lang = _lang(lang)
    channel = _channel(slug)
    scope = _scoped(request, channel)
    found = _report_in(scope)
    if scope is None or found is None:
        return HttpResponseRedirect(_url("follow_up", channel, lang), status=303)
    if not scope.get("confirmed"):
        return HttpResponseRedirect(_url("receipt", channel, lang), status=303)
    return _render(lang, "done", "speakup/done.html", channel, {"report": found})


# --- Coming back with the receipt -------------------------------------------------------


@speak_up_page
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    lang = _lang(lang)
    channel = services.open_channel_by_slug(slug)
    if channel is None:
        return _not_found(lang)
    with translation.override(lang):
        form = ReceiptForm(request.POST if request.method == "POST" else None)
        wrong = False
        if form.is_bound:
            typed = str(request.POST.get("receipt", ""))[:80]
            try:
                with services.receipt_check_slot():
                    started = time.monotonic()
                    found = services.find_report(channel, typed)
                    _slowed(started)
            except services.ChecksBusy:
                busy = _render(
                    lang,
                    "follow_up",
                    "speakup/follow_up.html",
                    channel,
                    {"form": ReceiptForm(), "busy": True},
                    named=channel.is_open,
                    status=503,
                )
                busy["Retry-After"] = "30"
                return busy
            if found is not None:
                _start_scope(request, found, confirmed=True)
                return HttpResponseRedirect(_url("conversation", channel, lang), status=303)
            wrong = True
            form = ReceiptForm()  # never shown back: a wrong receipt is not echoed
        return _render(
            lang,
            "follow_up",
            "speakup/follow_up.html",
            channel,
            {"form": form, "wrong": wrong},
            named=channel.is_open,
        )


@speak_up_page
@require_http_methods(["GET", "HEAD", "POST"])
def conversation(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    lang = _lang(lang)
    channel = _channel(slug)
    found = _report_in(_scoped(request, channel))
    if found is None:
        return HttpResponseRedirect(_url("follow_up", channel, lang), status=303)
    with translation.override(lang):
        form = MessageForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        if form.is_bound and form.is_valid():
            try:
                services.post_message(
                    found, form.cleaned_data["text"], photos=form.cleaned_data["photos"]
                )
            except services.TooManyMessages:
                form.add_error(
                    "text",
                    translation.gettext(
                        "You have sent many messages today. Wait until tomorrow, or call "
                        "the helpline."
                    ),
                )
            else:
                return HttpResponseRedirect(
                    _url("conversation", channel, lang) + "?sent=1#messages", status=303
                )
        return _render(
            lang,
            "conversation",
            "speakup/conversation.html",
            channel,
            {
                "form": form,
                "report": found,
                "clocks": services.reporter_view(found),
                "statuses": ReportStatus,
                "messages": services.messages_for(found),
                "sent": request.GET.get("sent") == "1",
            },
        )


@speak_up_page
@require_http_methods(["POST"])
def leave(request: HttpRequest, slug: str, lang: str | None = None) -> HttpResponse:
    """End the reporter's session: the next visit needs the receipt again."""
    lang = _lang(lang)
    channel = _channel(slug)
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        request.session.flush()
    return HttpResponseRedirect(_url("follow_up", channel, lang), status=303)
