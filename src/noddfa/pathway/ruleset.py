"""Versioned rule sets per jurisdiction, read from packaged YAML and compiled once.

A rule names an action from the contract's closed vocabulary and the facts (from
:data:`noddfa.pathway.assessment.FACTS`) under which it applies: all of ``when``, none of
``unless`` and, if given, at least one of ``when_any``. Rules for the same action code are
alternatives: the first that applies, in file order, gives the action, so one action per code
reaches the output. Conditions compile to bit masks, and the actions for each combination of facts
are built once and reused.

Actions are listed by urgency: priority first, then how soon they are due (the order of ``due`` in
vocabulary.yaml, from "immediately" on), then the order of the action codes in vocabulary.yaml
(999 before telling the lead, a report before a referral) so that equal urgency always reads the
same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from noddfa.pathway import datafile
from noddfa.pathway.assessment import FACT_BITS
from noddfa.pathway.vocabulary import Vocabulary, load_vocabulary

RULESET_PREFIX = "ruleset-"
RULESET_SUFFIX = ".yaml"
CONFIDENCE_LEVELS = frozenset({"verified", "corroborated", "seed", "unverified"})
MIN_PRIORITY = 1
MAX_PRIORITY = 9
# Bounds the memory of the per-facts cache; real traffic reaches far fewer combinations.
_ACTIONS_CACHE_LIMIT = 16384

# Who counts as the referrer's own organisation, by the `who` of an action.
_ALWAYS_THE_REFERRER = frozenset({"anyone", "practitioner", "safeguarding_lead"})
_REFERRER_ROLE_FACTS: Mapping[str, str] = {
    "first_responder_organisation": "referrer_first_responder",
    "s52_public_authority": "referrer_s52_public_authority",
    "local_authority": "referrer_local_authority",
    "police": "referrer_police",
}


class UnknownRuleset(LookupError):
    """No packaged rule set has that name."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One place a rule comes from: a document's own title (which stays as the document gives
    it) and the part of it, in English and Welsh ("" for the whole document)."""

    document: str
    part: str
    part_cy: str

    def as_dict(self) -> dict[str, str]:
        return {"document": self.document, "part": self.part, "part_cy": self.part_cy}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    code: str
    priority: int
    due: str
    due_cy: str
    who: str
    legal_basis: str
    legal_basis_cy: str
    references: tuple[Reference, ...]
    why_en: str
    why_cy: str
    condition_en: str
    condition_cy: str
    when: tuple[str, ...]
    unless: tuple[str, ...]
    when_any: tuple[str, ...]
    confidence: str
    # Sort keys: how soon the action is due and where its code stands, by vocabulary order.
    due_rank: int
    code_rank: int
    _all: int = field(repr=False)
    _none: int = field(repr=False)
    _any: int = field(repr=False)

    @property
    def source(self) -> str:
        """The references as one line: "document, part; document, part"."""
        return _cited(self.references, welsh=False)

    @property
    def source_cy(self) -> str:
        """The same with each part in Welsh; the documents keep their own titles."""
        return _cited(self.references, welsh=True)

    def applies(self, facts: int) -> bool:
        return (
            facts & self._all == self._all
            and not facts & self._none
            and (not self._any or bool(facts & self._any))
        )

    def for_referrer(self, facts: int) -> bool:
        """Whether this action falls to the referrer's own organisation."""
        if self.who in _ALWAYS_THE_REFERRER:
            return True
        return bool(facts & FACT_BITS[_REFERRER_ROLE_FACTS[self.who]])

    def action(self, facts: int) -> dict[str, object]:
        """The action as the contract's output shape, plus Welsh text and the rule's id."""
        return {
            "code": self.code,
            "priority": self.priority,
            "due": self.due,
            "who": self.who,
            "legal_basis": self.legal_basis,
            "source": self.source,
            "why": self.why_en,
            "why_cy": self.why_cy,
            "due_cy": self.due_cy,
            "legal_basis_cy": self.legal_basis_cy,
            "source_cy": self.source_cy,
            "references": [reference.as_dict() for reference in self.references],
            "for_referrer": self.for_referrer(facts),
            "rule": self.id,
        }


@dataclass(frozen=True, slots=True)
class Ruleset:
    name: str
    version: str
    jurisdiction: str
    title_en: str
    title_cy: str
    note_en: str
    note_cy: str
    sources: Mapping[str, str]
    rules: tuple[Rule, ...]
    _actions: dict[int, tuple[dict[str, object], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # Only the facts some rule reads (or that say whose an action is) can change the actions, so
    # the cache is keyed on those: far fewer combinations than every fact the assessment sets.
    _relevant: int = field(default=0, repr=False, compare=False)

    def actions_for(self, facts: int) -> tuple[dict[str, object], ...]:
        """The actions for a combination of facts, most urgent first (see the module's notes).

        The returned dicts are shared between calls: copy them before handing them out.
        """
        facts &= self._relevant
        cached = self._actions.get(facts)
        if cached is not None:
            return cached
        chosen: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.code not in chosen and rule.applies(facts):
                chosen[rule.code] = rule
        actions = tuple(
            rule.action(facts)
            for rule in sorted(
                chosen.values(), key=lambda rule: (rule.priority, rule.due_rank, rule.code_rank)
            )
        )
        if len(self._actions) >= _ACTIONS_CACHE_LIMIT:
            self._actions.clear()
        self._actions[facts] = actions
        return actions


def _facts(value: object, where: str) -> tuple[str, ...]:
    names = datafile.texts(value, where)
    for index, name in enumerate(names):
        datafile.member(name, FACT_BITS, f"{where}[{index}]")
    return names


def _mask(names: tuple[str, ...]) -> int:
    mask = 0
    for name in names:
        mask |= FACT_BITS[name]
    return mask


def _cited(references: tuple[Reference, ...], *, welsh: bool) -> str:
    parts = []
    for reference in references:
        part = reference.part_cy if welsh else reference.part
        parts.append(f"{reference.document}, {part}" if part else reference.document)
    return "; ".join(parts)


def _references(value: object, sources: Mapping[str, str], where: str) -> tuple[Reference, ...]:
    """A rule's references; a part of a document needs its Welsh (part_cy) beside it."""
    if not isinstance(value, list) or not value:
        raise datafile.DataError(f"{where}: expected a non-empty list of references")
    references = []
    for index, reference in enumerate(value):
        at = f"{where}[{index}]"
        fields = datafile.mapping(reference, at)
        document = datafile.member(fields.get("document"), sources, f"{at}.document")
        part = datafile.optional_text(fields.get("part"), f"{at}.part")
        part_cy = datafile.optional_text(fields.get("part_cy"), f"{at}.part_cy")
        if bool(part) != bool(part_cy):
            raise datafile.DataError(f"{at}: a part needs part_cy, its Welsh, and the other way")
        references.append(Reference(sources[document], part, part_cy))
    return tuple(references)


def _rule(value: object, where: str, vocabulary: Vocabulary, sources: Mapping[str, str]) -> Rule:
    fields = datafile.mapping(value, where)
    priority = datafile.whole_number(fields.get("priority"), f"{where}.priority")
    if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
        raise datafile.DataError(f"{where}.priority: must be {MIN_PRIORITY} to {MAX_PRIORITY}")
    confidence = datafile.text(fields.get("confidence"), f"{where}.confidence")
    if confidence not in CONFIDENCE_LEVELS:
        raise datafile.DataError(f"{where}.confidence: expected one of {sorted(CONFIDENCE_LEVELS)}")
    due = datafile.member(fields.get("due"), vocabulary.due, f"{where}.due")
    when = _facts(fields.get("when"), f"{where}.when")
    unless = _facts(fields.get("unless"), f"{where}.unless")
    when_any = _facts(fields.get("when_any"), f"{where}.when_any")
    code = datafile.member(fields.get("code"), vocabulary.action_codes, f"{where}.code")
    return Rule(
        id=datafile.text(fields.get("id"), f"{where}.id"),
        code=code,
        priority=priority,
        due=vocabulary.due[due].en,
        due_cy=vocabulary.due[due].cy,
        who=datafile.member(fields.get("who"), vocabulary.who, f"{where}.who"),
        legal_basis=datafile.text(fields.get("legal_basis"), f"{where}.legal_basis"),
        # Required: a Welsh reader is owed the law's reason in Welsh, as they are the why.
        legal_basis_cy=datafile.text(fields.get("legal_basis_cy"), f"{where}.legal_basis_cy"),
        references=_references(fields.get("source"), sources, f"{where}.source"),
        why_en=datafile.text(fields.get("why_en"), f"{where}.why_en"),
        why_cy=datafile.text(fields.get("why_cy"), f"{where}.why_cy"),
        condition_en=datafile.text(fields.get("condition_en"), f"{where}.condition_en"),
        condition_cy=datafile.text(fields.get("condition_cy"), f"{where}.condition_cy"),
        when=when,
        unless=unless,
        when_any=when_any,
        confidence=confidence,
        due_rank=list(vocabulary.due).index(due),
        code_rank=list(vocabulary.action_codes).index(code),
        _all=_mask(when),
        _none=_mask(unless),
        _any=_mask(when_any),
    )


def available_rulesets() -> tuple[str, ...]:
    """Names of the packaged rule sets, sorted."""
    return tuple(
        filename[len(RULESET_PREFIX) : -len(RULESET_SUFFIX)]
        for filename in datafile.data_filenames()
        if filename.startswith(RULESET_PREFIX) and filename.endswith(RULESET_SUFFIX)
    )


@cache
def load_ruleset(name: str) -> Ruleset:
    """Read and compile one rule set, once per process."""
    if name not in available_rulesets():
        raise UnknownRuleset(f"no rule set named {name!r}; available: {available_rulesets()}")
    where = f"{RULESET_PREFIX}{name}{RULESET_SUFFIX}"
    data = datafile.read_yaml(where)
    vocabulary = load_vocabulary()
    if datafile.text(data.get("name"), f"{where}:name") != name:
        raise datafile.DataError(f"{where}:name: must match the file name")
    sources = {
        key: datafile.text(title, f"{where}:sources.{key}")
        for key, title in datafile.mapping(data.get("sources"), f"{where}:sources").items()
    }
    entries = data.get("rules")
    if not isinstance(entries, list):
        raise datafile.DataError(f"{where}:rules: expected a list")
    rules = tuple(
        _rule(entry, f"{where}:rules[{index}]", vocabulary, sources)
        for index, entry in enumerate(entries)
    )
    if len({rule.id for rule in rules}) != len(rules):
        raise datafile.DataError(f"{where}:rules: ids must be unique")
    return Ruleset(
        name=name,
        version=datafile.text(data.get("version"), f"{where}:version"),
        jurisdiction=datafile.member(
            data.get("jurisdiction"), vocabulary.jurisdictions, f"{where}:jurisdiction"
        ),
        title_en=datafile.text(data.get("title_en"), f"{where}:title_en"),
        title_cy=datafile.text(data.get("title_cy"), f"{where}:title_cy"),
        note_en=datafile.optional_text(data.get("note_en"), f"{where}:note_en"),
        note_cy=datafile.optional_text(data.get("note_cy"), f"{where}:note_cy"),
        sources=sources,
        rules=rules,
        _relevant=_relevant_facts(rules),
    )


def _relevant_facts(rules: tuple[Rule, ...]) -> int:
    mask = _mask(tuple(_REFERRER_ROLE_FACTS.values()))
    for rule in rules:
        mask |= rule._all | rule._none | rule._any
    return mask


def ruleset_for(jurisdiction: str) -> Ruleset:
    """The default rule set of a jurisdiction."""
    return load_ruleset(load_vocabulary().jurisdictions[jurisdiction].default_ruleset)
