"""A page of a list with its count in one query (`noddfa.core.paging`), answering as Django's
`Paginator.get_page` does for any page number a visitor can type."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import OrganisationFactory
from noddfa.accounts.models import Organisation
from noddfa.core.paging import counted_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> list[int]:
    for i in range(7):
        OrganisationFactory(name=f"Corff {i}")
    return list(
        Organisation.objects.filter(name__startswith="Corff")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _rows() -> object:
    return Organisation.objects.filter(name__startswith="Corff").order_by("pk")


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "two", "1.5"])
def test_each_page_number_answers_as_the_paginator_does(
    organisations: list[int], number: str | None
) -> None:
    rows = _rows()
    ours = counted_page(rows, number, 3)  # type: ignore[arg-type]
    django = Paginator(rows, 3).get_page(number)  # type: ignore[arg-type]
    assert [o.pk for o in ours.object_list] == [o.pk for o in django.object_list]
    assert ours.number == django.number
    assert ours.paginator.count == django.paginator.count == 7
    assert ours.paginator.num_pages == 3
    assert ours.has_next() == django.has_next()


def test_a_page_and_the_count_are_one_query(organisations: list[int]) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = counted_page(_rows(), "2", 3)  # type: ignore[arg-type]
        assert [o.pk for o in page.object_list] == organisations[3:6]
        assert page.paginator.count == 7
    assert len(queries) == 1


def test_an_empty_list_is_one_empty_first_page() -> None:
    page = counted_page(Organisation.objects.filter(name="Neb").order_by("pk"), "3", 3)
    assert list(page.object_list) == []
    assert page.number == 1
    assert page.paginator.count == 0
