"""The local authority areas an organisation can work in.

Wales has 22 principal councils (Local Government (Wales) Act 1994, Schedule 1); an
organisation in England records "England" until the England rule set needs finer areas.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
