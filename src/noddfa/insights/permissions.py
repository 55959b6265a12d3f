"""Who may read the partnership statistics, and for which areas.

Only partnership analysts, and only for the region that holds their own organisation's
local authority area: a regional board acts on its own region, and a narrower audience makes
any slip in disclosure control less harmful. Statistics never name a person, so nobody else
needs them in this service; practitioners see their own records instead.
"""

from __future__ import annotations

from noddfa.accounts.models import Organisation, Role, User

from .regions import REGIONS, areas_of, region_of


def region_for(user: User) -> str | None:
    if not (user.is_active and user.role == Role.PARTNERSHIP_ANALYST):
        return None
    if user.organisation is None:
        return None
    return region_of(user.organisation.local_authority_area)


def can_read_insights(user: User) -> bool:
    return user.is_authenticated and region_for(user) is not None


def areas_visible_to(user: User) -> tuple[str, ...]:
    region = region_for(user)
    return () if region is None else areas_of(region)


def regions_read() -> list[tuple[str, ...]]:
    """The areas of each region that some active analyst may read: the figures worth
    counting ahead of them."""
    areas = set(
        Organisation.objects.filter(
            members__role=Role.PARTNERSHIP_ANALYST, members__is_active=True
        ).values_list("local_authority_area", flat=True)
    )
    return [found for _name, found in REGIONS.values() if areas & set(found)]
