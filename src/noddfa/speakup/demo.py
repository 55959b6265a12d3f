"""Synthetic speak-up channels for the demo, opened through the services like any others.

`noddfa.site.demo_data.load_demo_data` can call `add_demo_speak_up(organisations)` with its
organisations by key; running it again changes nothing."""

from __future__ import annotations

from django.db import transaction

from noddfa.accounts.models import Organisation

from . import services
from .content import ReportContent
from .models import ChannelKind, SpeakUpChannel

DEMO_CHANNELS = (
    # (organisation key, address, kind, English name, Welsh name, English intro, Welsh intro)
    (
        "health",
        "bae-a-bro",
        ChannelKind.ORGANISATION,
        "Bae a Bro health board: speak up (demo)",
        "Bwrdd iechyd Bae a Bro: codi llais (demo)",
        "For our staff, agency workers and the staff of our suppliers and cleaning contractors.",
        "Ar gyfer ein staff, gweithwyr asiantaeth a staff ein cyflenwyr a’n contractwyr glanhau.",
    ),
    (
        "children",
        "cymuned-caerdydd",
        ChannelKind.COMMUNITY,
        "Cardiff community: tell us what worries you (demo)",
        "Cymuned Caerdydd: dywedwch wrthym beth sy’n eich poeni (demo)",
        "For anyone in Cardiff who has seen something that does not feel right.",
        "Ar gyfer unrhyw un yng Nghaerdydd sydd wedi gweld rhywbeth nad yw’n teimlo’n iawn.",
    ),
)


def add_demo_speak_up(organisations: dict[str, Organisation]) -> list[SpeakUpChannel]:
    channels = []
    with transaction.atomic():
        for key, slug, kind, name_en, name_cy, intro_en, intro_cy in DEMO_CHANNELS:
            organisation = organisations.get(key)
            if organisation is None:
                continue
            channel = SpeakUpChannel.objects.filter(slug=slug).first()
            if channel is None:
                channel = services.open_channel(
                    organisation,
                    slug=slug,
                    kind=kind,
                    name_en=name_en,
                    name_cy=name_cy,
                    intro_en=intro_en,
                    intro_cy=intro_cy,
                )
                if kind == ChannelKind.ORGANISATION:
                    services.submit_report(
                        channel,
                        ReportContent(
                            what="The night cleaners from the contractor are driven in together "
                            "and one man holds all their phones during the shift (synthetic).",
                            where="Ward block B, night shift",
                            when="Every night this month",
                            people="Four women and a man who gives the instructions",
                            vehicles="Grey minibus",
                            signs=("controlled", "transport"),
                        ),
                    )
            channels.append(channel)
    return channels
