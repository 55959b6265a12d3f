"""The pathway engine: a case in, the contract's output out."""

from __future__ import annotations

from collections.abc import Mapping

from noddfa.pathway.assessment import Assessment, assess
from noddfa.pathway.case import Case, parse_case
from noddfa.pathway.ruleset import ruleset_for
from noddfa.pathway.vocabulary import load_vocabulary


def open_questions_output(codes: tuple[str, ...]) -> list[dict[str, str]]:
    """Each unknown fact that could change the pathway: the case field, and why it matters."""
    if not codes:
        return []
    questions = load_vocabulary().open_questions
    return [
        {
            "field": question.field,
            "question": code,
            "why": question.why.en,
            "why_cy": question.why.cy,
        }
        for code, question in ((code, questions[code]) for code in codes)
    ]


def assessment_output(assessment: Assessment) -> dict[str, object]:
    """The contract's ``assessment`` object; keys after the contract's five are extras."""
    return {
        "treated_as_child": assessment.treated_as_child,
        "potential_victim": assessment.potential_victim,
        "definition_met": assessment.definition_met,
        "exploitation_types": list(assessment.exploitation_types),
        "smuggling_not_trafficking": assessment.smuggling_not_trafficking,
        "potential_victim_basis": assessment.potential_victim_basis,
        "exploitation_subtypes": list(assessment.exploitation_subtypes),
        "adult_at_risk": assessment.adult_at_risk,
        "age_uncertain": assessment.age_uncertain,
        "illegal_adoption_only": assessment.illegal_adoption_only,
        "adult_suspected_at_risk": assessment.adult_suspected_at_risk,
        "markers": list(assessment.markers),
        "open_questions": open_questions_output(assessment.open_questions),
    }


def evaluate(case: Mapping[str, object] | Case) -> dict[str, object]:
    """Decide what must happen for a case, in the pathway contract's output shape.

    ``case`` is the contract's input as parsed JSON (checked here; a problem raises
    :class:`~noddfa.pathway.case.CaseError`) or an already checked :class:`Case`. The result is
    new on every call, so callers may change it freely.
    """
    checked = case if isinstance(case, Case) else parse_case(case)
    ruleset = ruleset_for(checked.jurisdiction)
    assessment = assess(checked)
    return {
        "ruleset": ruleset.name,
        "assessment": assessment_output(assessment),
        "actions": [dict(action) for action in ruleset.actions_for(assessment.facts)],
    }
