"""The speak-up statistics page, for partnership analysts and their region only."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats

from noddfa.core.http import signed_in_user

from .permissions import areas_visible_to, can_read_insights, region_for
from .regions import region_name
from .selectors import years_available
from .speak_up import MONTHS, speak_up_statistics


@login_required
def speak_up(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_read_insights(user):
        raise PermissionDenied
    years = years_available()
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
    region = region_for(user)
    assert region is not None  # can_read_insights has checked
    figures = speak_up_statistics(year, areas_visible_to(user))
    months = [formats.date_format(date(year, m, 1), "M") for m in MONTHS]
    return render(
        request,
        "insights/speak_up.html",
        {
            "figures": figures,
            "months": months,
            "years": years,
            "year": year,
            "region": region_name(region),
        },
    )
