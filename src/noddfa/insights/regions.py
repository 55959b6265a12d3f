"""The regions partnership analysts work in.

Wales has six regional safeguarding boards (Social Services and Well-being (Wales) Act 2014,
Part 7, and the Safeguarding Boards (Functions and Procedures) (Wales) Regulations 2015), each
covering whole local authority areas; England is one region until its rule set needs finer
areas. An analyst sees the region that contains their own organisation's area, never another.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.areas import LOCAL_AUTHORITY_AREAS

REGIONS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "cardiff-and-vale": (_("Cardiff and Vale"), ("cardiff", "vale-of-glamorgan")),
    "cwm-taf-morgannwg": (
        _("Cwm Taf Morgannwg"),
        ("bridgend", "merthyr-tydfil", "rhondda-cynon-taf"),
    ),
    "gwent": (
        _("Gwent"),
        ("blaenau-gwent", "caerphilly", "monmouthshire", "newport", "torfaen"),
    ),
    "mid-and-west-wales": (
        _("Mid and West Wales"),
        ("carmarthenshire", "ceredigion", "pembrokeshire", "powys"),
    ),
    "north-wales": (
        _("North Wales"),
        ("conwy", "denbighshire", "flintshire", "gwynedd", "isle-of-anglesey", "wrexham"),
    ),
    "west-glamorgan": (_("West Glamorgan"), ("neath-port-talbot", "swansea")),
    "england": (_("England"), ("england",)),
}
AREA_NAMES: dict[str, Promise] = dict(LOCAL_AUTHORITY_AREAS)


def region_of(area: str) -> str | None:
    for code, (_name, areas) in REGIONS.items():
        if area in areas:
            return code
    return None


def areas_of(region: str) -> tuple[str, ...]:
    return REGIONS[region][1]


def region_name(region: str) -> Promise:
    return REGIONS[region][0]
