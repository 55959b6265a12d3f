"""Reading the pathway rule sets and catalogue for people, in their language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from noddfa.pathway import Label, Ruleset, load_catalogue, load_ruleset, load_vocabulary

# How far each rule has been checked, in the terms of the team's domain reference.
CONFIDENCE: dict[str, str | Promise] = {
    "verified": _("Checked against the official text"),
    "corroborated": _("Supported by secondary sources only"),
    "seed": _("Taken from the guidance Noddfa is built from"),
    "unverified": _("Not yet checked against the official text"),
}


@dataclass(frozen=True)
class Worded:
    """Text and the language it is in."""

    text: str
    lang: str


@dataclass(frozen=True)
class ReferenceRow:
    """A document by its own title, and the part of it in the reader's language."""

    document: str
    part: str


@dataclass(frozen=True)
class RuleRow:
    action: str
    code: str
    who: str
    due: str
    condition: str
    why: str
    legal_basis: Worded
    references: list[ReferenceRow]
    confidence: str | Promise


@dataclass(frozen=True)
class CategoryRow:
    name: str
    indicators: int


@dataclass(frozen=True)
class OpenQuestionRow:
    asks: str
    why: str


@dataclass(frozen=True)
class DutyRow:
    """What the law settles for one kind of organisation; None where it leaves it open."""

    organisation_type: str
    first_responder: bool | None
    s52_public_authority: bool | None


@dataclass(frozen=True)
class RulebookPage:
    name: str
    version: str
    title: str
    note: str
    rules: list[RuleRow]
    sources: list[tuple[str, str]]
    categories: list[CategoryRow]
    indicator_count: int
    catalogue_version: str
    open_questions: list[OpenQuestionRow]
    duties: list[DutyRow]


def _in(label: Label | None, language: str, fallback: str) -> str:
    if label is None:
        return fallback
    return label.cy if language == "cy" else label.en


def _rows(ruleset: Ruleset, language: str) -> list[RuleRow]:
    vocabulary = load_vocabulary()
    welsh = language == "cy"
    return [
        RuleRow(
            action=_in(vocabulary.action_codes.get(rule.code), language, rule.code),
            code=rule.code,
            who=_in(vocabulary.who.get(rule.who), language, rule.who),
            due=rule.due_cy if welsh else rule.due,
            condition=rule.condition_cy if welsh else rule.condition_en,
            why=rule.why_cy if welsh else rule.why_en,
            legal_basis=Worded(rule.legal_basis_cy, "cy")
            if welsh
            else Worded(rule.legal_basis, "en"),
            references=[
                ReferenceRow(reference.document, reference.part_cy if welsh else reference.part)
                for reference in rule.references
            ],
            confidence=CONFIDENCE.get(rule.confidence, rule.confidence),
        )
        for rule in sorted(
            ruleset.rules, key=lambda rule: (rule.priority, rule.due_rank, rule.code_rank)
        )
    ]


def rulebook(name: str, language: str) -> RulebookPage:
    """The rule set as a person reads it: every rule, its reason and where it comes from."""
    ruleset = load_ruleset(name)
    catalogue = load_catalogue()
    per_category = Counter(indicator.category for indicator in catalogue.indicators)
    return RulebookPage(
        name=ruleset.name,
        version=ruleset.version,
        title=ruleset.title_cy if language == "cy" else ruleset.title_en,
        note=ruleset.note_cy if language == "cy" else ruleset.note_en,
        rules=_rows(ruleset, language),
        sources=sorted(ruleset.sources.items()),
        categories=[
            CategoryRow(_in(label, language, code), per_category[code])
            for code, label in catalogue.categories.items()
        ],
        indicator_count=len(catalogue.indicators),
        catalogue_version=catalogue.version,
        open_questions=[
            OpenQuestionRow(
                _in(question.asks, language, question.code),
                _in(question.why, language, question.code),
            )
            for question in load_vocabulary().open_questions.values()
        ],
        duties=[
            DutyRow(
                _in(kind.label, language, code), kind.first_responder, kind.s52_public_authority
            )
            for code, kind in load_vocabulary().organisation_types.items()
        ],
    )
