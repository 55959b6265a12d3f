from __future__ import annotations

import pytest

from noddfa.accounts.models import User
from noddfa.casework.demo import add_demo_casework
from noddfa.casework.models import MissingEpisode, SafetyPlanVersion, Task
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db


def test_demo_casework_shows_a_plan_a_returned_episode_and_tasks_once(
    lead: User, child: Person
) -> None:
    add_demo_casework(child, lead)
    add_demo_casework(child, lead)
    assert SafetyPlanVersion.objects.count() == 1
    episode = MissingEpisode.objects.get()
    assert episode.has_returned
    assert all(action.done_at for action in episode.actions.all())
    assert Task.objects.filter(person=child, outcome="").count() == 3  # two tasks and the review
