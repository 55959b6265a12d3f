"""The partnership analyst's network: people, addresses, phones, vehicles and
organisations, built with networkx, with no names.

Analysts look for structures (one phone behind many people, one address housing many),
not for individuals, so people appear as "Person 1", "Person 2" and identifiers as
"Phone 1", "Address 1". Labels are numbered afresh on every view, so they cannot be used
to follow one person over time either. Only groups joined by a shared identifier and
holding at least three people are drawn: a lone record tells an analyst nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from noddfa.accounts.models import Role, User
from noddfa.audit import reads
from noddfa.matching import normalise_phone, normalise_postcode
from noddfa.matching.identifiers import normalise_address
from noddfa.people.models import Person

if TYPE_CHECKING:
    import networkx as nx

SMALLEST_GROUP = 3
SIZE = 600


def can_see_network(user: User) -> bool:
    return (
        user.is_active
        and user.role == Role.PARTNERSHIP_ANALYST
        and (user.organisation_id is not None)
    )


def _people_for(user: User) -> QuerySet[Person]:
    assert user.organisation is not None
    area = user.organisation.local_authority_area
    return Person.objects.filter(organisation__local_authority_area=area).select_related(
        "organisation"
    )


def build_graph(people: QuerySet[Person]) -> nx.Graph[tuple[str, str]]:
    # networkx is imported here, not at start-up: only the analyst's network page needs it.
    import networkx as nx

    graph: nx.Graph[tuple[str, str]] = nx.Graph()
    for person in people:
        node = ("person", str(person.pk))
        graph.add_node(node, kind="person")
        graph.add_edge(node, ("organisation", person.organisation.name), kind="organisation")
        for number in person.phone_numbers:
            if normalise_phone(str(number)):
                graph.add_edge(node, ("phone", normalise_phone(str(number))), kind="phone")
        if person.address:
            home = f"{normalise_address(person.address)}|{normalise_postcode(person.postcode)}"
            graph.add_edge(node, ("address", home), kind="address")
        for plate in person.vehicle_registrations:
            graph.add_edge(node, ("vehicle", str(plate).replace(" ", "").upper()), kind="vehicle")
    return graph


@dataclass(frozen=True)
class Drawing:
    labels: dict[tuple[str, str], str]
    positions: dict[tuple[str, str], tuple[float, float]]
    edges: list[tuple[str, str, str]]
    groups: int


def network_for(user: User, *, page: str = "") -> Drawing:
    import networkx as nx

    graph = build_graph(_people_for(user))
    # Organisations connect everyone they hold; groups are found through identifiers only.
    identifiers = graph.subgraph(n for n in graph if n[0] != "organisation")
    kept: set[tuple[str, str]] = set()
    groups = 0
    for component in nx.connected_components(identifiers):
        if sum(1 for n in component if n[0] == "person") >= SMALLEST_GROUP:
            kept |= component
            groups += 1
    kept |= {o for n in kept if n[0] == "person" for o in graph[n] if o[0] == "organisation"}
    shown = graph.subgraph(kept)
    names = {
        "person": _("Person"),
        "phone": _("Phone"),
        "address": _("Address"),
        "vehicle": _("Vehicle"),
    }
    counters: dict[str, int] = {}
    labels: dict[tuple[str, str], str] = {}
    for node in sorted(shown, key=lambda n: (n[0], n[1])):
        if node[0] == "organisation":
            labels[node] = node[1]
            continue
        counters[node[0]] = counters.get(node[0], 0) + 1
        labels[node] = f"{names[node[0]]} {counters[node[0]]}"
    layout = nx.circular_layout(shown) if len(shown) else {}
    positions = {
        node: (
            round(SIZE / 2 + (SIZE / 2 - 80) * float(x), 1),
            round(SIZE / 2 + (SIZE / 2 - 40) * float(y), 1),
        )
        for node, (x, y) in layout.items()
    }
    edges = sorted((labels[a], labels[b], data["kind"]) for a, b, data in shown.edges(data=True))
    if page:
        reads.read(user, page, groups=groups)
    return Drawing(labels, positions, edges, groups)
