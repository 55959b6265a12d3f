"""Insights pages: they read the filter, ask the selectors, and show what may be shown."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from noddfa.accounts.models import User
from noddfa.core.http import signed_in_user

from . import exports
from .charts import chart_for
from .counted import NotReady
from .forms import FilterForm
from .permissions import areas_visible_to, can_read_insights, region_for
from .regions import AREA_NAMES, region_name
from .selectors import Query, decision_times, statistics, years_available
from .statistics import MEASURES, Published


def _analyst(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not can_read_insights(user):
        raise PermissionDenied
    return user


def _form(request: HttpRequest, user: User) -> FilterForm:
    area = request.GET.get("area", "")
    if area and area not in areas_visible_to(user):
        raise Http404  # another region's area is as unknown as one that does not exist
    data = request.GET if "year" in request.GET else {"year": years_available()[0], "area": area}
    return FilterForm(data, years=years_available(), areas=areas_visible_to(user))


def _query(request: HttpRequest, user: User, measure: str) -> Query | None:
    form = _form(request, user)
    if not form.is_valid():
        return None
    return Query(measure, form.cleaned_data["year"], form.cleaned_data["area"] or None)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _analyst(request)
    region = region_for(user)
    assert region is not None  # _analyst has checked
    context = {"measures": MEASURES.values(), "region": region_name(region)}
    return render(request, "insights/index.html", context)


@login_required
def measure(request: HttpRequest, measure: str) -> HttpResponse:
    user = _analyst(request)
    if measure not in MEASURES:
        raise Http404
    region = region_for(user)
    assert region is not None
    form = _form(request, user)
    context: dict[str, object] = {
        "form": form,
        "measure": MEASURES[measure],
        "region": region_name(region),
    }
    if form.is_valid():
        query = Query(measure, form.cleaned_data["year"], form.cleaned_data["area"] or None)
        try:
            stats = statistics(user, query)
        except NotReady:
            return _not_ready(request, context)
        tables = stats.tables(query.area)
        if query.area is None:
            tables.insert(0, stats.by_area(AREA_NAMES))
        context.update(
            query=query,
            place=AREA_NAMES[query.area] if query.area else region_name(region),
            total=stats.total(query.area),
            counted_at=stats.as_of,
            fresh=stats.fresh,
            tables=[(table, chart_for(table)) for table in tables],
            times=decision_times(user, query) if measure == "decisions" else None,
            export_query=request.GET.urlencode() or f"year={query.year}",
        )
    return render(request, "insights/measure.html", context)


def _not_ready(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    """Nothing counted yet and counting takes a while: say so rather than hold the worker."""
    response = render(request, "insights/measure.html", {**context, "not_ready": True}, status=503)
    response["Retry-After"] = "60"
    return response


def _export(request: HttpRequest, measure: str, kind: str) -> tuple[Query, Published]:
    user = _analyst(request)
    query = _query(request, user, measure)
    if query is None:
        raise Http404
    return query, statistics(user, query, exported=kind)


def _export_context(request: HttpRequest, measure: str) -> dict[str, object]:
    user = _analyst(request)
    region = region_for(user)
    assert region is not None
    return {
        "form": _form(request, user),
        "measure": MEASURES[measure],
        "region": region_name(region),
    }


def _filename(query: Query, suffix: str) -> str:
    return f"noddfa-{query.measure}-{query.year}-{query.area or 'region'}.{suffix}"


@login_required
def export_csv(request: HttpRequest, measure: str) -> HttpResponse:
    try:
        query, stats = _export(request, measure, "csv")
    except NotReady:
        return _not_ready(request, _export_context(request, measure))
    response = HttpResponse(exports.as_csv(stats, query.area), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(query, "csv")}"'
    return response


@login_required
def export_xlsx(request: HttpRequest, measure: str) -> HttpResponse:
    try:
        query, stats = _export(request, measure, "xlsx")
    except NotReady:
        return _not_ready(request, _export_context(request, measure))
    response = HttpResponse(
        exports.as_xlsx(stats, query.area),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(query, "xlsx")}"'
    return response
