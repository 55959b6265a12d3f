"""Concerns recorded before pathway runs were kept get their first run from what they stored."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from factories import OrganisationFactory, UserFactory, adult_labour_concern
from noddfa.accounts.models import OrganisationType
from noddfa.concerns.models import PathwayAction, PathwayRun

pytestmark = pytest.mark.django_db
first_runs = importlib.import_module("noddfa.concerns.migrations.0003_first_pathway_run").first_runs


def test_a_concern_recorded_before_runs_were_kept_gets_its_first_run() -> None:
    police = OrganisationFactory(
        organisation_type=OrganisationType.POLICE, first_responder=True, s52_public_authority=True
    )
    officer = UserFactory(organisation=police)
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    # As the data stood before: no runs, no positions, and one action a consent decision added
    # by the old code, which is not in the stored answer.
    PathwayAction.history.update(listed_by=None, position=0)
    PathwayRun.objects.all().delete()
    legacy = PathwayAction.objects.create(
        concern=concern, code="DUTY_TO_NOTIFY", priority=3, who="s52_public_authority", due="x"
    )

    first_runs(apps, None)
    first_runs(apps, None)  # a second pass changes nothing

    run = PathwayRun.objects.get(concern=concern)
    assert (run.number, run.trigger, run.ran_by, run.ran_at) == (
        1,
        "recorded",
        officer,
        concern.recorded_at,
    )
    assert run.case == concern.pathway_case and run.result == concern.pathway_result
    listed = [a["code"] for a in concern.pathway_result["actions"]]
    actions = list(concern.actions.exclude(pk=legacy.pk))
    assert sorted(a.code for a in actions) == sorted(listed)
    assert all(a.listed_by == run and a.position == listed.index(a.code) for a in actions)
    legacy.refresh_from_db()
    assert legacy.listed_by is None and legacy.position == len(listed)
