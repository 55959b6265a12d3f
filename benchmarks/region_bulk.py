"""Concerns copied in bulk from concerns recorded through the services, for the region-scale
benchmark (issue 22).

Recording 20,000 concerns through `record_concern` and following each up through the
services (reviews, sharing, referrals, casework) costs about 0.4 s a concern on a 2-core
machine: more than two hours, most of it the services' own reads (a referral's prefill reads
the chronology, each pathway action schedules a task), which a benchmark of the pages does not
need to repeat 20,000 times. So `region_data.py` records a sample through the services and
this module copies it: each copy takes one sample concern of the same organisation (its
"template") and writes, in bulk, the rows the services wrote for it, for another person of
that organisation who has no concern yet:

- every row reached from the template concern and its subject by their foreign keys (the
  concern, its pathway runs and actions and their outcomes, lead review, alerts, closure,
  referrals with their status changes and decisions, tasks with their reminders and
  notices, the casefile with its safety plan, missing episodes, the case that shares the
  person and its memberships), with new keys, every reference between them pointing at the
  copy, and the subject replaced by the new person;
- the values that must stay unique made afresh (a referral's reference, a form token), and a
  task's `source_id` pointed at the copied action, plan version or referral;
- the template's audit events about those rows, once each for the copy and in the same
  order, appended to the chain in batches (`appended_together`), so `noddfa audit verify`
  still finds it intact.

What a copy does not do: it fires no signals (the insights cache counts on its next run),
and the words of a copied referral's prefilled form and concern keep the template's wording
except the subject's name and date of birth, which are the new person's.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Apps whose rows hang off a concern or its subject; within them, the models a copy leaves
# out: the person's own match keys and links (the new person has its own), drafts and files
# of the form, the pattern alerts, which `noddfa patterns` works out afresh, and the referrals'
# stored open dates, which `noddfa referral_deadlines` works out for the copies.
_APPS = ("concerns", "referrals", "casework", "people")
_LEFT_OUT = {
    "people.Person",
    "people.PersonMatchKey",
    "people.PersonLink",
    "people.MatchReview",
    "people.SuggestedDuplicate",
    "people.SuggestionRun",
    "concerns.Concern",
    "concerns.ConcernDraft",
    "concerns.Attachment",
    "casework.PatternAlert",
    "casework.PatternAlert_people",
    "referrals.OpenDeadline",
}


@dataclass
class Template:
    """A concern recorded through the services and every row reached from it."""

    concern_id: uuid.UUID
    subject_id: uuid.UUID
    organisation_id: int
    # label -> rows (as `.values()` gives them), in the order they were found
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    # (event id, action, actor, organisation, object label, object id, detail), chain order
    events: list[tuple[Any, ...]] = field(default_factory=list)
    # the subject's full name and date of birth, as the template's words name them
    subject_words: tuple[str, str] = ("", "")
    # child, adult or age not known: a copy goes to a person of the same (the pathway, the
    # referrals and their forms differ for a child)
    band: str = ""


@dataclass(frozen=True)
class _Someone:
    """An actor or organisation as the audit log needs them: a key, and signed in."""

    pk: Any
    is_authenticated: bool = True


def _reverse_relations() -> dict[str, list[tuple[Any, Any]]]:
    """For each model, the (model, foreign key) pairs that point at it from the apps above."""
    from django.apps import apps

    found: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for app in _APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if model._meta.label in _LEFT_OUT:
                continue
            for fk in model._meta.concrete_fields:
                if fk.is_relation and fk.related_model is not None:
                    found[fk.related_model._meta.label].append((model, fk))
    return found


def templates(concern_ids: list[Any]) -> dict[tuple[int, str], list[Template]]:
    """The templates among these concerns, by organisation and age band: a concern is one
    only if its subject has no other concern (so all on the person belongs to this concern).
    Reads every level of rows for all templates at once: a few dozen queries in all."""
    from django.apps import apps
    from django.db.models import Count

    from noddfa.audit.models import AuditEvent
    from noddfa.concerns.models import Concern
    from noddfa.people.models import MultiAgencyCase, Person

    single = set(
        Concern.objects.values("subject_id")
        .annotate(n=Count("id"))
        .filter(n=1)
        .values_list("subject_id", flat=True)
    )
    chosen = {
        row["id"]: row
        for row in Concern.objects.filter(pk__in=concern_ids, subject_id__in=single).values()
    }
    made: dict[Any, Template] = {}
    # (label, pk) -> the template it belongs to
    owner: dict[tuple[str, Any], Template] = {}
    for row in chosen.values():
        template = Template(row["id"], row["subject_id"], row["organisation_id"])
        template.rows["concerns.Concern"].append(row)
        made[row["id"]] = template
        owner[("concerns.Concern", row["id"])] = template
        owner[("people.Person", row["subject_id"])] = template
    for person in Person.objects.filter(pk__in=[t.subject_id for t in made.values()]).values(
        "pk", "given_name", "family_name", "date_of_birth"
    ):
        template = owner[("people.Person", person["pk"])]
        born = person["date_of_birth"].isoformat() if person["date_of_birth"] else ""
        template.subject_words = (f"{person['given_name']} {person['family_name']}", born)
        template.band = age_band(person["date_of_birth"])
    reverse = _reverse_relations()
    frontier: dict[str, set[Any]] = {
        "concerns.Concern": set(made),
        "people.Person": {t.subject_id for t in made.values()},
    }
    cases: set[Any] = set()
    while frontier:
        found: dict[str, set[Any]] = defaultdict(set)
        for label, keys in frontier.items():
            for model, fk in reverse.get(label, []):
                rows = model._base_manager.filter(**{f"{fk.attname}__in": list(keys)}).values()
                for row in rows.iterator(chunk_size=5000):
                    key = (model._meta.label, row[model._meta.pk.attname])
                    if key in owner:
                        continue
                    parent = owner[(label, row[fk.attname])]
                    owner[key] = parent
                    parent.rows[model._meta.label].append(row)
                    found[model._meta.label].add(key[1])
                    # A person shared is put in a case of its own whose memberships name
                    # who may see them: the copy is shared the same way, in its own case.
                    if model._meta.label == "people.MultiAgencyCase_people":
                        case = ("people.MultiAgencyCase", row["multiagencycase_id"])
                        if case not in owner:
                            owner[case] = parent
                            cases.add(case[1])
        if cases:
            for row in MultiAgencyCase.objects.filter(pk__in=cases).values():
                owner[("people.MultiAgencyCase", row["id"])].rows["people.MultiAgencyCase"].append(
                    row
                )
            found["people.MultiAgencyCase"] |= cases
            cases = set()
        frontier = found
    # The template's events about its own rows (not the person's creation: the new person
    # has its own), in chain order.
    wanted: dict[str, set[str]] = defaultdict(set)
    for label, pk in owner:
        wanted[apps.get_model(label)._meta.label_lower].add(str(pk))
    labels = {apps.get_model(label)._meta.label_lower: label for label, _pk in owner}
    for label_lower, ids in wanted.items():
        listed = sorted(ids)
        for start in range(0, len(listed), 5000):
            events = (
                AuditEvent.objects.filter(
                    object_type=label_lower, object_id__in=listed[start : start + 5000]
                )
                .exclude(object_type="people.person", action="create")
                .values_list("id", "action", "actor_id", "organisation_id", "object_id", "detail")
            )
            for event_id, action, actor, organisation, object_id, detail in events:
                key = (labels[label_lower], _typed(labels[label_lower], object_id))
                owner[key].events.append(
                    (event_id, action, actor, organisation, labels[label_lower], object_id, detail)
                )
    by_organisation: dict[tuple[int, str], list[Template]] = defaultdict(list)
    for template in made.values():
        template.events.sort(key=lambda event: event[0])
        by_organisation[(template.organisation_id, template.band)].append(template)
    return by_organisation


def age_band(born: date | None) -> str:
    if born is None:
        return "not known"
    today = date.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return "child" if age < 18 else "adult"


def _typed(label: str, object_id: str) -> Any:
    from django.apps import apps

    pk = apps.get_model(label)._meta.pk
    return uuid.UUID(object_id) if pk.get_internal_type() == "UUIDField" else int(object_id)


class Keys:
    """New primary keys: UUIDs made here, numbers taken from each table's own sequence in
    one query a batch (so every row's key is known before any is written)."""

    def __init__(self) -> None:
        self._numbers: dict[str, list[int]] = defaultdict(list)

    def reserve(self, needs: dict[str, int]) -> None:
        from django.apps import apps
        from django.db import connection

        with connection.cursor() as cursor:
            for label, count in needs.items():
                model = apps.get_model(label)
                if model._meta.pk.get_internal_type() == "UUIDField" or count == 0:
                    continue
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [model._meta.db_table, model._meta.pk.column, count],
                )
                self._numbers[label] += [row[0] for row in cursor.fetchall()]

    def new(self, label: str, model: Any) -> Any:
        if model._meta.pk.get_internal_type() == "UUIDField":
            return uuid.uuid4()
        return self._numbers[label].pop()


def _fresh_task_source(row: dict[str, Any], new_keys: dict[tuple[str, Any], Any]) -> str:
    """A task names its source by kind and id (a pathway action, a plan version, a
    referral's step): the copy's task names the copy's source."""
    kind, source = row["source_kind"], row["source_id"]
    if kind == "pathway_action":
        return str(new_keys.get(("concerns.PathwayAction", int(source)), source))
    if kind == "plan_review":
        return str(new_keys.get(("casework.SafetyPlanVersion", int(source)), source))
    if kind == "referral_step" and ":" in source:
        draft, step = source.split(":", 1)
        return f"{new_keys.get(('referrals.ReferralDraft', uuid.UUID(draft)), draft)}:{step}"
    return str(source)


def _about(person: Any, data: Any) -> Any:
    """A referral's prefilled form names the copy's person, as the prefill would have."""
    if not isinstance(data, dict):
        return data
    facts = {
        "person_name": f"{person.given_name} {person.family_name}",
        "sex": person.sex,
        "nationality": person.nationality,
        "postcode": person.postcode,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
    }
    return {**data, **{key: value for key, value in facts.items() if key in data}}


def _reworded(value: Any, words: list[tuple[str, str]]) -> Any:
    if not words or value in (None, "", [], {}):
        return value
    text = json.dumps(value)
    for old, new in words:
        if old and old in text:
            text = text.replace(old, new)
    return json.loads(text)


def copy_concerns(
    how_many: int,
    by_organisation: dict[tuple[int, str], list[Template]],
    subjects: dict[int, list[Any]],
    rng: random.Random,
    *,
    batch: int = 200,
    progress: Any = None,
) -> list[Any]:
    """Write `how_many` copies, organisations weighted by their unused people, each from a
    template of the person's organisation and age band; returns the new concerns' ids.
    `subjects` holds, by organisation, people with no concern (each used once, removed)."""
    from django.apps import apps
    from django.db import transaction

    from noddfa.audit.services import appended_together, record
    from noddfa.referrals.models import new_reference

    organisations = sorted({o for o, _band in by_organisation if subjects.get(o)})
    weights = [len(subjects[o]) for o in organisations]
    keys = Keys()
    made: list[Any] = []
    for start in range(0, how_many, batch):
        plan: list[tuple[Template, Any]] = []
        for _ in range(min(batch, how_many - start)):
            organisation = rng.choices(organisations, weights)[0]
            people = subjects[organisation]
            person = people.pop(rng.randrange(len(people)))
            same = by_organisation.get((organisation, age_band(person.date_of_birth)))
            if not same:  # no template of this age band in the organisation: any of it
                same = [
                    t for (o, _), ts in by_organisation.items() if o == organisation for t in ts
                ]
            plan.append((rng.choice(same), person))
        needs: dict[str, int] = defaultdict(int)
        for template, _person in plan:
            for label, rows in template.rows.items():
                needs[label] += len(rows)
        keys.reserve(needs)
        objects: dict[str, list[Any]] = defaultdict(list)
        events: list[tuple[Any, ...]] = []
        for template, person in plan:
            new_keys: dict[tuple[str, Any], Any] = {
                ("people.Person", template.subject_id): person.pk
            }
            for label, rows in template.rows.items():
                model = apps.get_model(label)
                for row in rows:
                    new_keys[(label, row[model._meta.pk.attname])] = keys.new(label, model)
            born = person.date_of_birth.isoformat() if person.date_of_birth else ""
            words = [
                (template.subject_words[0], f"{person.given_name} {person.family_name}"),
                (template.subject_words[1], born),
            ]
            by_key: dict[tuple[str, Any], Any] = {}
            for label, rows in template.rows.items():
                model = apps.get_model(label)
                for row in rows:
                    values = dict(row)
                    values[model._meta.pk.attname] = new_keys[(label, row[model._meta.pk.attname])]
                    for each in model._meta.concrete_fields:
                        if each.is_relation and each.related_model is not None:
                            target = (each.related_model._meta.label, row[each.attname])
                            if target in new_keys:
                                values[each.attname] = new_keys[target]
                        elif each.get_internal_type() == "JSONField":
                            values[each.attname] = _reworded(row[each.attname], words)
                    if label == "referrals.ReferralDraft":
                        values["reference"] = new_reference()
                        values["data"] = _about(person, values["data"])
                    if "form_token" in values and values["form_token"] is not None:
                        values["form_token"] = uuid.uuid4()
                    if label == "casework.Task" and values.get("source_kind"):
                        values["source_id"] = _fresh_task_source(row, new_keys)
                    instance = model(**values)
                    objects[label].append(instance)
                    by_key[(label, row[model._meta.pk.attname])] = instance
            made.append(new_keys[("concerns.Concern", template.concern_id)])
            # The events' details name keys (a concern, a draft): the copy's, not the
            # template's. Only UUIDs are replaced; a number could be anything.
            renamed = [
                (str(old[1]), str(new))
                for old, new in new_keys.items()
                if isinstance(new, uuid.UUID)
            ]
            for _id, action, actor, organisation, label, object_id, detail in template.events:
                target = by_key.get((label, _typed(label, object_id)))
                if target is None:
                    target = person if label == "people.Person" else None
                if target is None:
                    continue
                events.append((action, actor, organisation, target, _reworded(detail, renamed)))
        with transaction.atomic(), appended_together():
            for label, instances in objects.items():
                apps.get_model(label)._base_manager.bulk_create(instances, batch_size=2000)
            for action, actor, organisation, target, detail in events:
                record(
                    action,
                    actor=_Someone(actor) if actor is not None else None,
                    organisation=_Someone(organisation) if organisation is not None else None,  # type: ignore[arg-type]
                    target=target,
                    detail=detail,
                )
        if progress is not None:
            progress(start + len(plan))
    return made


def unused_people(people: dict[int, list[Any]], used: Iterable[Any]) -> dict[int, list[Any]]:
    """By organisation, the people who are no concern's subject yet."""
    taken = set(used)
    return {
        organisation: [p for p in persons if p.pk not in taken]
        for organisation, persons in people.items()
    }
