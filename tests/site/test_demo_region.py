"""The demo's synthetic region (issue 19): with it, the analyst's insights pages show real
figures beside the small ones they withhold, instead of "fewer than 5" in every cell."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from factories import TEST_PASSWORD
from noddfa.accounts.models import Organisation, Role, User
from noddfa.audit.services import verify_chain
from noddfa.concerns.models import Concern
from noddfa.insights.regions import areas_of, region_of
from noddfa.site.demo_region import build_region

pytestmark = pytest.mark.django_db


def _region_concerns() -> list[Concern]:
    return list(Concern.objects.filter(observed_where="Synthetic demo region"))


def test_the_region_is_synthetic_in_the_analysts_region_and_spread_over_the_year() -> None:
    call_command("demo_data", "--region", "30", stdout=StringIO())
    concerns = _region_concerns()
    assert len(concerns) == 30
    analyst = User.objects.get(role=Role.PARTNERSHIP_ANALYST)
    areas = set(areas_of(region_of(analyst.organisation.local_authority_area) or ""))
    region_organisations = Organisation.objects.filter(name__endswith="(demo region)")
    assert region_organisations.count() >= 5
    assert all(o.is_synthetic and o.local_authority_area in areas for o in region_organisations)
    assert all(c.subject.is_synthetic for c in concerns)
    assert all("SYNTHETIC" in c.account for c in concerns)
    now = timezone.now()
    assert all(c.recorded_at.year == now.year and c.recorded_at <= now for c in concerns)
    assert len({c.recorded_at.month for c in concerns}) >= min(now.month, 4)
    assert verify_chain().intact


def test_building_the_region_again_adds_nothing_and_a_negative_size_is_refused() -> None:
    call_command("demo_data", "--region", "12", stdout=StringIO())
    assert build_region(12) == 0
    assert len(_region_concerns()) == 12
    with pytest.raises(CommandError, match="0 or more"):
        call_command("demo_data", "--region", "-1", stdout=StringIO())


def test_with_the_region_the_analyst_reads_real_counts_and_small_ones_withheld(
    sign_in: Callable[[User], Client],
) -> None:
    call_command("demo_data", "--region", "50", stdout=StringIO())
    analyst = User.objects.get(role=Role.PARTNERSHIP_ANALYST)
    analyst.set_password(TEST_PASSWORD)  # the demo's own password is not the tests'
    analyst.save(update_fields=["password"])
    page = sign_in(analyst).get("/insights/concerns/").content.decode()
    counts = [
        int(n) for n in re.findall(r'class="govuk-table__cell[^"]*numeric[^"]*">\s*(\d+)', page)
    ]
    assert any(n >= 5 for n in counts), "some figures are published"
    assert "fewer than 5" in page, "and the small ones are still withheld"
