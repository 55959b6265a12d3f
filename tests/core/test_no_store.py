"""Nothing Noddfa writes may sit in a browser's or a proxy's cache (issue 17, low items):
signed-in pages, downloads, API answers, and the public help pages a victim may read on a
phone someone else checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from factories import PersonFactory, make_concern
from noddfa.accounts.models import User

pytestmark = pytest.mark.django_db


def _kept_out_of_caches(cache_control: str) -> bool:
    return "no-store" in cache_control and "private" in cache_control


def test_a_signed_in_page_and_a_chronology_pdf_are_never_stored(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2012, 5, 1))
    concern = make_concern(practitioner, child)
    client = sign_in(practitioner)
    page = client.get(reverse("concerns:detail", args=[concern.pk]))
    assert page.status_code == 200 and _kept_out_of_caches(page["Cache-Control"])
    person = client.get(reverse("site:person", args=[child.pk]))
    assert person.status_code == 200 and _kept_out_of_caches(person["Cache-Control"])


def test_an_api_answer_is_never_stored(practitioner: User) -> None:
    api = APIClient()
    api.force_authenticate(practitioner)
    response = api.get("/api/v1/people/")
    assert response.status_code == 200
    assert _kept_out_of_caches(response["Cache-Control"])


def test_the_public_help_page_and_the_sign_in_page_are_never_stored(client: Client) -> None:
    for address in ("/help/en/", "/help/cy/", reverse("accounts:login")):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "no-store" in response["Cache-Control"], address
