"""Noddfa's pathway engine: the law as data, applied by pure Python.

This package imports no Django. Public API::

    from noddfa.pathway import evaluate, parse_case, CaseError
    evaluate({"jurisdiction": "wales", "person": {"age": 15}, ...})  # -> contract output dict

and, for pages that explain how Noddfa decides, :func:`load_ruleset`, :func:`available_rulesets`,
:func:`load_catalogue` and :func:`load_vocabulary`.
"""

from noddfa.pathway.assessment import FACTS, Assessment, assess
from noddfa.pathway.case import Case, CaseError, DuplicateKey, parse_case, refuse_duplicate_keys
from noddfa.pathway.catalogue import Catalogue, ExploitationType, Indicator, load_catalogue
from noddfa.pathway.datafile import DataError
from noddfa.pathway.engine import evaluate
from noddfa.pathway.ruleset import (
    Rule,
    Ruleset,
    UnknownRuleset,
    available_rulesets,
    load_ruleset,
    ruleset_for,
)
from noddfa.pathway.vocabulary import Label, Vocabulary, load_vocabulary

__all__ = [
    "FACTS",
    "Assessment",
    "Case",
    "CaseError",
    "Catalogue",
    "DataError",
    "DuplicateKey",
    "ExploitationType",
    "Indicator",
    "Label",
    "Rule",
    "Ruleset",
    "UnknownRuleset",
    "Vocabulary",
    "assess",
    "available_rulesets",
    "evaluate",
    "load_catalogue",
    "load_ruleset",
    "load_vocabulary",
    "parse_case",
    "refuse_duplicate_keys",
    "ruleset_for",
]
