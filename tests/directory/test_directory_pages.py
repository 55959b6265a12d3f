"""Searching the directory, and changing it: any signed-in person searches, system admins change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.template.loader import render_to_string
from django.test import Client

from factories import UserFactory
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.directory.loader import load_directory
from noddfa.directory.models import Service
from noddfa.directory.selectors import (
    search_services,
    service_by_key,
    services_for_action,
    services_for_public,
)

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]

NEW_SERVICE = {
    "key": "swansea_drop_in",
    "name_en": "Swansea drop-in",
    "name_cy": "Galw heibio Abertawe",
    "country": "GB",
    "nation": "wales",
    "phone_1_label": "main",
    "phone_1": "01792 635700",
    "audiences": ["adults"],
    "needs": ["support"],
    "description_en": "A weekly drop-in for people who have left exploitation.",
    "source": "Telephone call with the service, November 2026",
    "status": "verified",
    "last_checked": "25/11/2026",
}


@pytest.fixture(autouse=True)
def directory() -> None:
    load_directory()


def keys(services: object) -> set[str]:
    return {service.key for service in services}  # type: ignore[attr-defined]


def test_filters_narrow_by_country_audience_need_and_text() -> None:
    assert keys(search_services(country="FR")) == {"fr_ac_se"}
    in_wales = keys(search_services(country="GB-WLS"))
    assert {"live_fear_free", "modern_slavery_helpline", "ictg_referral"} <= in_wales
    assert "tara_scotland" not in in_wales
    assert "tara_scotland" in keys(search_services(country="GB"))
    for_children = keys(search_services(country="GB-WLS", audiences=["children"]))
    assert {"meic", "childline"} <= for_children
    assert "salvation_army_msvcc" not in for_children
    assert keys(search_services(country="GB", needs=["emergency"])) == {"police_emergency"}
    assert keys(search_services(text="Meic")) == {"meic"}
    assert keys(search_services(text="121 700")) == {"modern_slavery_helpline"}


def test_pathway_actions_find_their_services_in_the_jurisdiction() -> None:
    assert [s.key for s in services_for_action("ICTA_REFERRAL", "wales")] == ["ictg_referral"]
    assert [s.key for s in services_for_action("CALL_999", "england")] == ["police_emergency"]
    wales_support = keys(services_for_action("SUPPORT_REFERRAL", "wales"))
    assert {"bawso", "salvation_army_msvcc", "live_fear_free"} == wales_support
    assert "bawso" not in keys(services_for_action("SUPPORT_REFERRAL", "england"))
    assert services_for_action("AGE_ASSESSMENT", "wales") == []


def test_the_action_partial_gives_a_tel_link() -> None:
    html = render_to_string(
        "directory/_for_action.html",
        {"services": services_for_action("ICTA_REFERRAL", "wales")},
    )
    assert '<span lang="en">Independent Child Trafficking Guardians' in html
    assert 'href="tel:+448000434303"' in html
    assert render_to_string("directory/_for_action.html", {"services": []}).strip() == ""


def test_public_selectors() -> None:
    public = keys(services_for_public("GB-WLS", None))
    assert "meic" in public
    assert "ictg_referral" not in public  # a line for professionals only
    assert keys(services_for_public("GB-WLS", "children")) >= {"meic", "childline"}
    assert keys(services_for_public("NL", None)) == {"nl_comensha"}
    assert service_by_key("meic").key == "meic"  # type: ignore[union-attr]
    assert service_by_key("no_such_service") is None


def test_a_practitioner_searches_and_sees_tel_links(sign_in: SignIn) -> None:
    client = sign_in(UserFactory())
    response = client.get("/directory/")
    assert response.status_code == 200
    assert 'href="tel:+448000121700"' in response.content.decode()
    response = client.get("/directory/", {"country": "GB-WLS", "audience": "children"})
    page = response.content.decode()
    assert "Meic" in page and "Salvation Army" not in page
    detail = client.get("/directory/meic/")
    assert detail.status_code == 200
    assert "8am to midnight" in detail.content.decode()


def test_the_search_page_needs_a_signed_in_person() -> None:
    response = Client().get("/directory/")
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ORGANISATION_ADMIN])
def test_only_system_admins_may_change_the_directory(sign_in: SignIn, role: str) -> None:
    client = sign_in(UserFactory(role=role))
    assert client.get("/directory/new/").status_code == 403
    assert client.post("/directory/new/", NEW_SERVICE).status_code == 403
    assert client.get("/directory/meic/edit/").status_code == 403
    assert client.post("/directory/meic/retire/", {"reason": "x"}).status_code == 403
    assert not Service.objects.filter(key="swansea_drop_in").exists()
    assert Service.objects.get(key="meic").retired_at is None


def test_a_system_admin_adds_edits_and_retires_with_audit_events(
    sign_in: SignIn, system_admin: User
) -> None:
    client = sign_in(system_admin)
    assert client.get("/directory/new/").status_code == 200
    response = client.post("/directory/new/", NEW_SERVICE)
    assert response.status_code == 302, response.content.decode()
    service = Service.objects.get(key="swansea_drop_in")
    assert service.phones.get().e164 == "+441792635700"
    assert not service.from_data_file

    edit = client.get("/directory/swansea_drop_in/edit/")
    assert edit.status_code == 200
    changed = {k: v for k, v in NEW_SERVICE.items() if k != "key"} | {"hours_en": "Tuesdays"}
    assert client.post("/directory/swansea_drop_in/edit/", changed).status_code == 302
    service.refresh_from_db()
    assert service.hours_en == "Tuesdays"

    response = client.post("/directory/swansea_drop_in/retire/", {"reason": "Closed"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.retired_at is not None and service.retired_reason == "Closed"

    events = AuditEvent.objects.filter(
        object_type="directory.service", object_id=str(service.pk)
    ).order_by("id")
    assert [(e.action, e.actor_id) for e in events] == [
        (AuditAction.CREATE, system_admin.pk),
        (AuditAction.CHANGE, system_admin.pk),
        (AuditAction.CHANGE, system_admin.pk),
    ]
    assert events[1].detail["changed"] == ["hours_en"]
    assert events[2].detail["retired"] is True

    # Retired: gone from searches, kept, and its page says so.
    assert "swansea_drop_in" not in keys(search_services(text="Swansea"))
    assert "Swansea drop-in" not in client.get("/directory/").content.decode()
    detail = client.get("/directory/swansea_drop_in/")
    assert detail.status_code == 200
    assert "Retired on" in detail.content.decode()


def test_invalid_numbers_and_missing_choices_are_refused(
    sign_in: SignIn, system_admin: User
) -> None:
    client = sign_in(system_admin)
    bad = NEW_SERVICE | {"phone_1": "12345678901234", "audiences": [], "nation": ""}
    response = client.post("/directory/new/", bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the number as it is dialled in that country" in page
    assert "Select who the service is for" in page
    assert "Select where in the UK the service works" in page
    assert not Service.objects.filter(key="swansea_drop_in").exists()


def test_the_template_tag_feeds_the_action_partial() -> None:
    from django.template import Context, Template

    html = Template(
        "{% load directory %}{% services_for_action 'CALL_999' 'wales' as services %}"
        '{% include "directory/_for_action.html" %}'
    ).render(Context({}))
    assert 'href="tel:999"' in html
