"""The local authority areas an organisation can work in.

Wales has 22 principal councils (Local Government (Wales) Act 1994, Schedule 1); an
organisation in England records "England" until the England rule set needs finer areas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Organisation

LOCAL_AUTHORITY_AREAS = [
    ("blaenau-gwent", _("Blaenau Gwent")),
    ("bridgend", _("Bridgend")),
    ("caerphilly", _("Caerphilly")),
    ("cardiff", _("Cardiff")),
    ("carmarthenshire", _("Carmarthenshire")),
    ("ceredigion", _("Ceredigion")),
    ("conwy", _("Conwy")),
    ("denbighshire", _("Denbighshire")),
    ("flintshire", _("Flintshire")),
    ("gwynedd", _("Gwynedd")),
    ("isle-of-anglesey", _("Isle of Anglesey")),
    ("merthyr-tydfil", _("Merthyr Tydfil")),
    ("monmouthshire", _("Monmouthshire")),
    ("neath-port-talbot", _("Neath Port Talbot")),
    ("newport", _("Newport")),
    ("pembrokeshire", _("Pembrokeshire")),
    ("powys", _("Powys")),
    ("rhondda-cynon-taf", _("Rhondda Cynon Taf")),
    ("swansea", _("Swansea")),
    ("torfaen", _("Torfaen")),
    ("vale-of-glamorgan", _("Vale of Glamorgan")),
    ("wrexham", _("Wrexham")),
    ("england", _("England")),
]

ENGLAND = "england"
WALES = "wales"


def jurisdiction_of_area(area: str) -> str:
    """The pathway jurisdiction (rule set nation) for a local authority area code."""
    if area == ENGLAND:
        return ENGLAND
    if area in _WELSH_AREAS:
        return WALES
    raise ValueError(f"unknown local authority area: {area!r}")


def jurisdiction_of(organisation: Organisation) -> str:
    """The one place that decides which nation's law applies to what an organisation records:
    where it works, as its local authority area says."""
    return jurisdiction_of_area(organisation.local_authority_area)


_WELSH_AREAS = frozenset(code for code, _label in LOCAL_AUTHORITY_AREAS if code != ENGLAND)
