"""Reading the directory: search and filters for the pages, and the contracts other pages use
(`services_for_public`, `service_by_key`, `services_for_action`).

Audiences, needs and actions are JSON lists. SQLite cannot query inside them, and the directory
is a few dozen rows, so those filters run in Python over the rows the database narrowed down,
and the answer goes back as a queryset of the matching keys in directory order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from .choices import NATION_NAMES, NATION_SUBDIVISIONS, Audience, country_name
from .models import PhoneNumber, Service

# People who may need help themselves, as against professionals acting for someone.
PUBLIC_AUDIENCES = frozenset({Audience.CHILDREN, Audience.ADULTS, Audience.PUBLIC})


def _with_phones(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.prefetch_related(
        Prefetch("phones", queryset=PhoneNumber.objects.order_by("position", "pk"))
    )


def active_services() -> QuerySet[Service]:
    return _with_phones(Service.objects.filter(retired_at__isnull=True))


def _keep(services: QuerySet[Service], wanted: Callable[[Service], bool]) -> QuerySet[Service]:
    keys = [service.key for service in services if wanted(service)]
    return services.filter(key__in=keys)


def _in_place(place: str) -> Callable[[Service], bool]:
    """A filter for a country code (FR) or a UK nation's subdivision code (GB-WLS)."""
    nation = NATION_SUBDIVISIONS.get(place)
    if nation is not None:
        return lambda service: service.serves_nation(nation)
    return lambda service: service.country == place


def search_services(
    *,
    text: str = "",
    country: str = "",
    audiences: Iterable[str] = (),
    needs: Iterable[str] = (),
    include_retired: bool = False,
) -> QuerySet[Service]:
    """Services matching every filter given; within audiences or needs, any one will do."""
    services = _with_phones(Service.objects.all()) if include_retired else active_services()
    for word in text.split():
        services = services.filter(
            Q(name_en__icontains=word)
            | Q(name_cy__icontains=word)
            | Q(description_en__icontains=word)
            | Q(description_cy__icontains=word)
            | Q(phones__display__icontains=word)
        ).distinct()
    wanted_audiences, wanted_needs = set(audiences), set(needs)
    in_place = _in_place(country) if country else (lambda service: True)

    def matches(service: Service) -> bool:
        return (
            in_place(service)
            and (not wanted_audiences or bool(wanted_audiences & set(service.audiences)))
            and (not wanted_needs or bool(wanted_needs & set(service.needs)))
        )

    return _keep(services, matches)


def services_for_public(country: str | None, audience: str | None) -> QuerySet[Service]:
    """Active services a member of the public could contact, in directory order.

    `country` is an ISO 3166-1 code (GB, FR) or a UK nation's ISO 3166-2 code (GB-WLS: the
    services that work in Wales, UK-wide ones included); None means everywhere. `audience` is an
    Audience code; None means any audience but professionals only.
    """
    services = active_services()
    in_place = _in_place(country) if country else (lambda service: True)
    audiences = {audience} if audience else PUBLIC_AUDIENCES

    return _keep(
        services,
        lambda service: in_place(service) and bool(audiences & set(service.audiences)),
    )


def service_by_key(key: str) -> Service | None:
    """The service with this key, retired or not (callers check `is_active`)."""
    return _with_phones(Service.objects.filter(key=key)).first()


def services_for_action(
    code: str,
    jurisdiction: str,
    among: Iterable[Service] | None = None,
    *,
    may_be_a_child: bool = True,
) -> list[Service]:
    """Active services to show beside a pathway action, in the jurisdiction's nation.

    `jurisdiction` is a pathway jurisdiction code (wales, england), which is also a nation.
    `among` is the active services already loaded: a page that lists several actions loads
    the directory once, not once per action. With `may_be_a_child` False (an adult whose age
    is not in doubt) services only for children, such as Childline and Meic, are left out:
    they are no helpline to give an adult. A person who may be a child keeps them.
    """
    return [
        service
        for service in (active_services() if among is None else among)
        if code in service.for_actions
        and service.serves_nation(jurisdiction)
        and (may_be_a_child or not _only_for_children(service))
    ]


def _only_for_children(service: Service) -> bool:
    return Audience.CHILDREN in service.audiences and Audience.ADULTS not in service.audiences


@dataclass(frozen=True)
class PlaceOption:
    value: str
    label: str


def places_for_filter() -> list[PlaceOption]:
    """The UK, its nations, then every other country the directory covers, by name."""
    countries = set(active_services().values_list("country", flat=True))
    options = [PlaceOption("GB", country_name("GB"))] if "GB" in countries else []
    options += [PlaceOption(code, str(name)) for code, name in NATION_NAMES.items()]
    others = sorted(
        (PlaceOption(code, country_name(code)) for code in countries if code != "GB"),
        key=lambda option: option.label,
    )
    return options + others
