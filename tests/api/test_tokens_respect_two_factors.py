"""Issue 17, item 4: API tokens went round two factors.

Each test is the attack that worked: a token of a user who never set up two factors read a
child's record and chronology; tokens sat in the database in clear, never expired, could
write unless narrowed, and allowed 1,200 searches a minute.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import models
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factories import PersonFactory, UserFactory
from noddfa.accounts.models import User

pytestmark = pytest.mark.django_db

_REPORT = {
    "observed_at": "2026-03-02T08:45:00Z",
    "observed_where": "School gate",
    "immediate_danger": "no",
    "account": "Dropped off by a different adult in a car every morning; new phone.",
    "facts": {"action": ["recruitment"], "purpose": ["criminal"]},
}


def _with_two_factors(user: User) -> User:
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def _api_token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _assert_refused_as_a_problem(response: object) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status in (401, 403)
    assert response["Content-Type"] == "application/problem+json"  # type: ignore[index]
    assert response.json()["status"] == status  # type: ignore[attr-defined]


def test_a_user_without_two_factors_cannot_get_a_token() -> None:
    user = UserFactory()
    with pytest.raises(CommandError) as refused:
        _api_token(user.email)
    message = str(refused.value)
    assert "\n" not in message.strip()
    assert "second factor" in message
    assert user.email not in message


def test_a_clear_token_of_a_user_without_two_factors_is_refused() -> None:
    # The attack: the old kind of token, held by someone who never set up two factors.
    user = UserFactory()
    person = PersonFactory(organisation=user.organisation)
    client = _client(Token.objects.create(user=user).key)
    _assert_refused_as_a_problem(client.get(f"/api/v1/people/{person.pk}/"))
    _assert_refused_as_a_problem(client.get(f"/api/v1/people/{person.pk}/chronology/"))


def test_a_token_stops_working_as_soon_as_its_user_loses_the_second_factor() -> None:
    user = _with_two_factors(UserFactory())
    person = PersonFactory(organisation=user.organisation)
    client = _client(_api_token(user.email))
    assert client.get(f"/api/v1/people/{person.pk}/").status_code == 200
    TOTPDevice.objects.filter(user=user).delete()
    _assert_refused_as_a_problem(client.get(f"/api/v1/people/{person.pk}/chronology/"))


def test_a_token_stops_working_as_soon_as_its_user_is_deactivated() -> None:
    user = _with_two_factors(UserFactory())
    client = _client(_api_token(user.email))
    assert client.get("/api/v1/people/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    _assert_refused_as_a_problem(client.get("/api/v1/people/"))


def _stored_text() -> list[str]:
    """Every text value in the tables of the API and of DRF's token app."""
    found: list[str] = []
    for label in ("api", "authtoken"):
        for model in apps.get_app_config(label).get_models():
            names = [
                field.attname
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
            ]
            for row in model._default_manager.values_list(*names):
                found.extend(value for value in row if isinstance(value, str))
    return found


def test_the_token_table_holds_no_usable_secret() -> None:
    user = _with_two_factors(UserFactory())
    key = _api_token(user.email)
    assert len(key) >= 40
    stored = _stored_text()
    assert stored, "the token is stored somewhere"
    # No stored value is the key or a long enough part of it to act on: at most a lookup
    # prefix, far too short to be the secret.
    assert not [value for value in stored if len(value) >= 16 and value in key]
    assert key not in "".join(stored)


def test_an_expired_token_is_refused() -> None:
    user = _with_two_factors(UserFactory())
    client = _client(_api_token(user.email))
    assert client.get("/api/v1/people/").status_code == 200
    later = timezone.now() + timedelta(days=91)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/api/v1/people/")
    _assert_refused_as_a_problem(response)


def test_a_new_token_cannot_write_until_widened() -> None:
    user = _with_two_factors(UserFactory())
    person = PersonFactory(organisation=user.organisation)
    client = _client(_api_token(user.email))
    report = {**_REPORT, "subject": str(person.pk)}
    response = client.post("/api/v1/concerns/", report, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    _api_token(user.email, "--scope", "read_write")
    assert client.post("/api/v1/concerns/", report, format="json").status_code == 201


def test_the_31st_search_in_a_minute_is_refused() -> None:
    user = _with_two_factors(UserFactory())
    client = _client(_api_token(user.email))
    answers = [
        client.post("/api/v1/people/search/", {"text": "Smith"}, format="json").status_code
        for _ in range(31)
    ]
    assert answers == [200] * 30 + [429]
    refused = client.post("/api/v1/people/search/", {"text": "Jones"}, format="json")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    # Another token has an allowance of its own.
    other = _with_two_factors(UserFactory(organisation=user.organisation))
    other_client = _client(_api_token(other.email))
    assert (
        other_client.post("/api/v1/people/search/", {"text": "Smith"}, format="json").status_code
        == 200
    )


@override_settings(NODDFA_API_RATES={"records": "2/minute"})
def test_reading_records_is_limited_per_token_too() -> None:
    user = _with_two_factors(UserFactory())
    person = PersonFactory(organisation=user.organisation)
    client = _client(_api_token(user.email))
    answers = [
        client.get(f"/api/v1/people/{person.pk}/").status_code,
        client.get(f"/api/v1/people/{person.pk}/chronology/").status_code,
        client.get(f"/api/v1/people/{person.pk}/chronology/").status_code,
    ]
    assert answers == [200, 200, 429]
    # The people list is not a single person's record: it keeps the general allowance.
    assert client.get("/api/v1/people/").status_code == 200


@override_settings(NODDFA_API_RATES={"search": "3/minute"})
def test_the_search_allowance_is_shared_by_every_server_worker() -> None:
    # Each worker has a cache of its own in memory; the allowance must not be one of those,
    # or two workers would allow twice the searches. A worker's own cache emptied (as a
    # request served by the other worker finds it) gives no fresh allowance.
    user = _with_two_factors(UserFactory())
    client = _client(_api_token(user.email))
    answers = []
    for _ in range(4):
        answers.append(
            client.post("/api/v1/people/search/", {"text": "Smith"}, format="json").status_code
        )
        cache.clear()
    assert answers == [200, 200, 200, 429]
