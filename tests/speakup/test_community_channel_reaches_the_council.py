"""A council's community channel reaches the council's safeguarding team.

A local authority has a safeguarding team rather than safeguarding leads, so a community
channel it opened without naming anyone reached nobody (found on the demo's Cardiff channel).
With no one named, the team receives, as leads do elsewhere; other staff still do not.
"""

from __future__ import annotations

import pytest

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role
from noddfa.speakup import selectors, services
from noddfa.speakup.models import ChannelKind

from .conftest import a_report

pytestmark = pytest.mark.django_db


def test_a_report_to_a_councils_community_channel_reaches_its_safeguarding_team() -> None:
    council = OrganisationFactory(
        name="Cyngor Caerdydd", organisation_type=OrganisationType.LA_ADULT_SERVICES
    )
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    clerk = UserFactory(organisation=council, role=Role.PRACTITIONER)
    channel = services.open_channel(
        council, slug="caerdydd-community", name_en="Cardiff community", kind=ChannelKind.COMMUNITY
    )

    submitted = services.submit_report(channel, a_report())

    assert list(services.recipients_of(channel)) == [team]
    assert list(selectors.channels_received_by(team)) == [channel]
    assert list(selectors.reports_in_inbox(team)) == [submitted.report]
    assert not selectors.channels_received_by(clerk).exists()
