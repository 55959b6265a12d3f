from __future__ import annotations

import pytest
from django.utils import timezone

from factories import UserFactory, make_concern
from noddfa.api import services
from noddfa.api.models import IdempotencyKey
from noddfa.concerns.models import Concern
from noddfa.concerns.pathway_case import RecordedFacts
from noddfa.concerns.services import ConcernReport

pytestmark = pytest.mark.django_db


def test_when_two_requests_race_with_one_key_the_loser_answers_with_the_winners_concern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    practitioner = UserFactory()
    winner = make_concern(practitioner)
    IdempotencyKey.objects.create(user=practitioner, key="k", request_hash="h", concern=winner)
    looks = iter([None])
    real_earlier = services._earlier
    # The loser checked before the winner committed, so its first look finds nothing.
    monkeypatch.setattr(
        services, "_earlier", lambda *args: next(looks, None) or real_earlier(*args)
    )
    report = ConcernReport(
        subject=winner.subject,
        observed_at=timezone.now(),
        observed_where="Clinic",
        immediate_danger="no",
        account="Same report, sent twice at once.",
        facts=RecordedFacts(),
    )
    concern, created = services.record_concern_once(practitioner, report, key="k", request_hash="h")
    assert (concern, created) == (winner, False)
    assert Concern.objects.count() == 1
