"""A page of a list and how many rows the list has, read in one query.

Django's `Paginator` counts the list, then reads the page: two passes over the same filtered
rows. Where finding the rows is the cost (a permission check on each), `counted_page` reads
the page with the count carried on each row, as a window over the whole list (issue 22).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, QuerySet, Window

_M = TypeVar("_M", bound=Model)
# Generic only to the type checker (django-stubs); Django's class takes no parameters.
if TYPE_CHECKING:
    _Paginator = Paginator[Any]
else:
    _Paginator = Paginator


class _Counted(_Paginator):
    """A paginator told how many rows there are, so it never counts them itself."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        # `count` is a cached property: this is where it keeps its answer.
        self.__dict__["count"] = count


def _number(value: str | None) -> int:
    """The page asked for: 1 for anything that is not a whole number; 0 for one below 1,
    which `Paginator.get_page` answers with the last page, as for one past the end."""
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 0


def counted_page(rows: QuerySet[_M], number: str | None, per_page: int) -> Page[Any]:
    """The page `number` of `rows` (ordered by the caller), as `Paginator.get_page` gives it:
    the first page for a number that is not one, the last for one past the end or below 1."""
    wanted = _number(number)
    start = max(wanted - 1, 0) * per_page
    found = (
        list(rows.annotate(rows_in_all=Window(Count("pk")))[start : start + per_page])
        if wanted
        else []
    )
    if found:
        total = int(found[0].rows_in_all)  # type: ignore[attr-defined]  # annotated
    else:
        total = rows.count()
        last = max(1, math.ceil(total / per_page))
        if not wanted or wanted > last:
            wanted = last
            start = (wanted - 1) * per_page
            found = list(rows[start : start + per_page]) if total else []
    return Page(found, wanted, _Counted(rows, per_page, total))
