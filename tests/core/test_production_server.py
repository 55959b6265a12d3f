"""The production server exactly as docs/operations.md starts it (issue 16, item 12).

The production settings, `noddfa collectstatic` and `noddfa migrate`, then
`gunicorn --config deploy/gunicorn.conf.py noddfa.config.wsgi` on a free port, on a database
of its own (SQLite, or PostgreSQL when DATABASE_URL names it). Requests carry what the proxy
adds (X-Forwarded-Proto: https), as nginx's deploy/nginx/noddfa.conf sends them. A
practitioner with an authenticator app signs in with a real one-time code and records a
concern; WhiteNoise serves the stylesheet the page links to.
"""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.client import HTTPResponse
from pathlib import Path

import pytest
from django_otp.oath import totp

from ops_support import free_port, noddfa, scratch_database

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("django_db_setup")]

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
KEY = "3132333435363738393031323334353637383930"  # the RFC 6238 test key, hex
PASSWORD = "a long test password 4 production"

SEED = f"""
from django_otp.plugins.otp_totp.models import TOTPDevice
from noddfa.accounts.models import Role
from noddfa.accounts.services import register_organisation, register_user
organisation, _ = register_organisation(
    name="Ysgol Prawf", organisation_type="school", local_authority_area="cardiff"
)
user, _ = register_user(email="ymarferydd@example.org", full_name="Test Practitioner",
    role=Role.PRACTITIONER, organisation=organisation, password={PASSWORD!r})
TOTPDevice.objects.create(user=user, name="app", confirmed=True, key={KEY!r})
"""


class _Form(HTMLParser):
    """The fields a browser would send from the page's form (hidden and pre-filled)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.stylesheets.append(str(a["href"]))
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields[str(a["name"])] = a.get("value") or ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """Cookies by hand: the production cookies are Secure and __Host- prefixed, which a
    cookie jar would keep from a plain-HTTP connection; the proxy's HTTPS is simulated."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(
        self, path: str, data: dict[str, str] | list[tuple[str, str]] | None = None
    ) -> tuple[int, dict[str, str], str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": "https://" + self.base.removeprefix("http://"),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            response: HTTPResponse = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error  # type: ignore[assignment]
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        return response.status, dict(response.headers.items()), text

    def form(self, path: str) -> _Form:
        status, _, page = self.request(path)
        assert status == 200, (path, status)
        parsed = _Form()
        parsed.feed(page)
        return parsed


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped during start-up"
        try:
            proxied = {"X-Forwarded-Proto": "https"}
            request = urllib.request.Request(base + "/healthz", headers=proxied)  # noqa: S310
            with urllib.request.urlopen(request, timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer /healthz within 30 seconds")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with scratch_database(tmp_path, "noddfa_h18_server") as env:
        port = free_port()
        env |= {
            "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.production",
            "NODDFA_SECRET_KEY": secrets.token_urlsafe(64),
            "NODDFA_AUDIT_KEY": secrets.token_urlsafe(48),
            "NODDFA_ALLOWED_HOSTS": "127.0.0.1",
            "NODDFA_BIND": f"127.0.0.1:{port}",
            "NODDFA_WORKERS": "2",
        }
        for step in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
            done = noddfa(env, *step)
            assert done.returncode == 0, done.stderr
        seeded = noddfa(env, "shell", "--no-imports", "-c", SEED)
        assert seeded.returncode == 0, seeded.stderr
        gunicorn = subprocess.Popen(
            [str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "noddfa.config.wsgi"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, gunicorn)
            yield base, env
        finally:
            gunicorn.terminate()
            _, errors = gunicorn.communicate(timeout=30)
            # The logs carry no personal data: not the address, nor the account's words.
            assert b"ymarferydd" not in errors
            assert b"phones" not in errors


def test_gunicorn_serves_static_files_sign_in_and_a_concern(
    server: tuple[str, dict[str, str]],
) -> None:
    base, env = server
    browser = Browser(base)

    sign_in = browser.form("/accounts/sign-in/")
    (stylesheet,) = [s for s in sign_in.stylesheets if "noddfa" in s]
    status, headers, css = browser.request(stylesheet)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), "hashed name from the manifest"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert ".govuk-" in css

    # Plain HTTP (no proxy header) is sent to HTTPS.
    with pytest.raises(urllib.error.HTTPError) as redirected:
        urllib.request.build_opener(_NoRedirects).open(base + "/accounts/sign-in/", timeout=10)
    assert redirected.value.code == 301
    assert redirected.value.headers["Location"].startswith("https://")

    status, headers, _ = browser.request(
        "/accounts/sign-in/",
        {**sign_in.fields, "username": "ymarferydd@example.org", "password": PASSWORD},
    )
    assert status == 302, "password accepted"
    status, headers, _ = browser.request(headers["Location"])
    assert headers["Location"].startswith("/accounts/two-factor/"), "the second factor is asked"
    two_factor = browser.form("/accounts/two-factor/")
    code = f"{totp(bytes.fromhex(KEY)):06d}"
    status, headers, _ = browser.request(
        "/accounts/two-factor/", {**two_factor.fields, "code": code}
    )
    assert status == 302, "one-time code accepted"

    status, headers, _ = browser.request("/concerns/new/")
    assert status == 302
    draft = headers["Location"]
    form = browser.form(draft)
    answers = [
        *form.fields.items(),
        ("immediate_danger", "no"),
        ("observed_at", "2026-11-24T08:40"),
        ("observed_where", "School gate"),
        ("account", "Collected by a different adult each day; has new phones."),
        ("action", "recruitment"),
        ("purpose", "criminal"),
        ("indicators", "CTL-01"),
        ("at_risk_of_going_missing", "not_known"),
        ("missing_now", "no"),
        ("person-given_name", "Tesfay"),
        ("person-sex", "male"),
        ("submit", ""),
    ]
    status, headers, page = browser.request(draft, answers)
    assert status == 302, page[:2000]
    assert re.fullmatch(r"/concerns/[0-9a-f-]{36}/", headers["Location"])
    status, _, detail = browser.request(headers["Location"])
    assert status == 200
    assert "Collected by a different adult each day" in detail

    counted = noddfa(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from noddfa.concerns.models import Concern; print(Concern.objects.count())",
    )
    assert counted.stdout.split()[-1] == "1"
