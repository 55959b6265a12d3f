"""Pattern alerts for the local authority team, and the analyst's network view."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from noddfa.core.forms import GovukForm
from noddfa.core.http import signed_in_user

from .alert_triage import discussed_person, start_looking, what_it_is_about
from .network import can_see_network, network_for
from .patterns import alerts_for, can_see_alerts, dismiss_alert


class DismissForm(GovukForm):
    reason = forms.CharField(
        label=gettext_lazy("Why does this need no action?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say why this alert needs no action")},
    )


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_see_alerts(user):
        raise PermissionDenied
    alerts = alerts_for(user, page="pattern_alerts").select_related("looked_at_by")
    open_alerts = [
        {
            "alert": alert,
            "about": what_it_is_about(alert),
            "discuss": discussed_person(alert),
        }
        for alert in alerts.filter(dismissed_at__isnull=True)
    ]
    return render(
        request,
        "casework/patterns.html",
        {
            "open_alerts": open_alerts,
            "dismissed": alerts.filter(dismissed_at__isnull=False)[:20],
        },
    )


@login_required
@require_POST
def look_at(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    """Say that you are looking at an alert; the list opens again at that alert."""
    user = signed_in_user(request)
    alert = alerts_for(user).filter(pk=alert_id, dismissed_at__isnull=True).first()
    if alert is None:
        raise Http404
    start_looking(user, alert)
    messages.success(
        request, _("The alert shows that you are looking at it."), extra_tags="in-place"
    )
    return redirect(f"{reverse('casework:patterns')}#alert-{alert.pk}")


@login_required
def dismiss(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    alert = alerts_for(user).filter(pk=alert_id, dismissed_at__isnull=True).first()
    if alert is None:
        raise Http404
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dismiss_alert(user, alert, reason=form.cleaned_data["reason"])
        messages.success(request, _("The alert is dismissed. Your reason is recorded."))
        return redirect("casework:patterns")
    return render(request, "casework/dismiss_alert.html", {"alert": alert, "form": form})


@login_required
def network(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_see_network(user):
        raise PermissionDenied
    drawing = network_for(user, page="network")
    nodes = [
        {"label": drawing.labels[node], "kind": node[0], "x": x, "y": y}
        for node, (x, y) in drawing.positions.items()
    ]
    where = {drawing.labels[n]: p for n, p in drawing.positions.items()}
    lines = [
        {"x1": where[a][0], "y1": where[a][1], "x2": where[b][0], "y2": where[b][1]}
        for a, b, _kind in drawing.edges
    ]
    kinds = {
        "organisation": _("organisation"),
        "phone": _("shared phone"),
        "address": _("shared address"),
        "vehicle": _("vehicle"),
    }
    rows = [{"a": a, "b": b, "kind": kinds.get(kind, kind)} for a, b, kind in drawing.edges]
    return render(
        request,
        "casework/network.html",
        {"nodes": nodes, "lines": lines, "rows": rows, "groups": drawing.groups},
    )
