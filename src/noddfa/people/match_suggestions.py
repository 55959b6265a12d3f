"""Likely matches for a person being recorded, limited to what the user may see."""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.crypto import salted_hmac

from noddfa.accounts.models import User
from noddfa.audit import reads
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.matching import PartialDate, PersonRecord, blocking_keys, compare, prepare

from .match_keys import (
    SUGGESTION_THRESHOLD,
    Suggestion,
    candidate_ids,
    likely_matches,
    person_record,
)
from .models import Person
from .permissions import can_list_people, people_visible_to, visible_to_organisation


@dataclass(frozen=True)
class Suggestions:
    visible: list[Suggestion]
    # Someone the user may not see may be the same person: a yes or no only.
    known_elsewhere: bool


def _record_from(data: QueryDict, prefix: str) -> PersonRecord:
    def value(name: str) -> str:
        return str(data.get(f"{prefix}-{name}", "")).strip()

    born = None
    with contextlib.suppress(ValueError):
        if value("date_of_birth"):
            day = date.fromisoformat(value("date_of_birth"))
            born = PartialDate(day.year, day.month, day.day)
    approximate_year = None
    with contextlib.suppress(ValueError):
        if value("approximate_age") and born is None:
            approximate_year = date.today().year - int(value("approximate_age"))
    return PersonRecord(
        id="new",
        given_name=value("given_name"),
        family_name=value("family_name"),
        date_of_birth=born,
        sex=value("sex"),
        address=value("address"),
        postcode=value("postcode"),
        phone=value("phone_numbers").replace("\n", ";").replace(",", ";"),
        school=value("school_or_workplace"),
        aliases=tuple(line for line in value("other_names").splitlines() if line.strip()),
        approximate_birth_year=approximate_year,
    )


def record_typed(data: QueryDict, prefix: str = "person") -> PersonRecord:
    """The person as typed so far in a new-person form."""
    return _record_from(data, prefix)


def suggestions_for_new_person(user: User, data: QueryDict, prefix: str = "person") -> Suggestions:
    """Records the user may see for the details typed so far in a new-person form; audited as
    one look. Whether another agency holds the person is never answered here: that is
    `check_held_elsewhere`, for the person of a concern being written only."""
    if not can_list_people(user):
        return Suggestions([], False)
    wanted = _record_from(data, prefix)
    found = likely_matches(wanted, people_visible_to(user))
    reads.read(user, "match_suggestions", count=len(found))
    return Suggestions(found, False)


def suggestions_for_person(user: User, person: Person) -> Suggestions:
    """Other records the user may see that may be this person (never the person itself).

    A free look asks no other agency: the signal is only the answer an audited check already
    gave the user's organisation about this person."""
    visible = people_visible_to(user)
    wanted = person_record(person)
    found = likely_matches(wanted, visible, exclude=person.pk)
    return Suggestions(found, held_elsewhere_answer(user, person))


# "Known to other agencies" (issue 17, item 2). The answer reveals that another organisation
# holds a person, so it is given only about the person of a concern the user is writing, a
# few times an hour and a day, each check audited with the terms as a keyed hash and the
# answer, and each holder of a likely match sees on its person page that someone asked.
HELD_ELSEWHERE_PAGE = "held_elsewhere_check"
_TERMS_SALT = "noddfa.people.held_elsewhere.terms"


class Refusal(StrEnum):
    NONE = ""
    NOT_ALLOWED = "not_allowed"
    NO_CONCERN = "no_concern"
    NO_NAME = "no_name"
    HOURLY_LIMIT = "hourly_limit"
    DAILY_LIMIT = "daily_limit"


@dataclass(frozen=True)
class HeldElsewhere:
    known_elsewhere: bool
    refused: Refusal = Refusal.NONE


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def terms_hash(record: PersonRecord) -> str:
    """HMAC-SHA256 of the normalised terms under a key derived from SECRET_KEY: equal terms
    give equal hashes, so repeated or related checks can be spotted, and the terms themselves
    are never stored."""
    born = record.date_of_birth
    terms = {
        "given_name": _plain(record.given_name),
        "family_name": _plain(record.family_name),
        "date_of_birth": f"{born.year}-{born.month}-{born.day}" if born else "",
        "approximate_birth_year": record.approximate_birth_year or "",
        "sex": record.sex if record.sex in {"female", "male"} else "",
        "postcode": _plain(record.postcode).replace(" ", ""),
        "phone": sorted(
            digits for part in record.phone.split(";") if (digits := re.sub(r"\D", "", part))
        ),
        "address": _plain(record.address),
        "school": _plain(record.school),
        "aliases": sorted(_plain(alias) for alias in record.aliases if alias.strip()),
    }
    value = json.dumps(terms, sort_keys=True, ensure_ascii=True)
    return salted_hmac(_TERMS_SALT, value, algorithm="sha256").hexdigest()


def concern_is_written(account: str) -> bool:
    """Enough of an account of what happened for the check to be about a real concern."""
    words = {word.casefold() for word in re.findall(r"\w+", account)}
    return (
        len(account.strip()) >= settings.NODDFA_HELD_ELSEWHERE_MIN_ACCOUNT_CHARS
        and len(words) >= settings.NODDFA_HELD_ELSEWHERE_MIN_ACCOUNT_WORDS
    )


def _checks_since(user: User, since: timedelta) -> int:
    return AuditEvent.objects.filter(
        actor_id=user.pk,
        action=AuditAction.VIEW,
        occurred_at__gte=timezone.now() - since,
        detail__page=HELD_ELSEWHERE_PAGE,
        detail__asked=True,
    ).count()


def _over_limit(user: User) -> Refusal:
    if _checks_since(user, timedelta(hours=1)) >= settings.NODDFA_HELD_ELSEWHERE_PER_HOUR:
        return Refusal.HOURLY_LIMIT
    if _checks_since(user, timedelta(days=1)) >= settings.NODDFA_HELD_ELSEWHERE_PER_DAY:
        return Refusal.DAILY_LIMIT
    return Refusal.NONE


def _hidden_matches(record: PersonRecord, user: User) -> list[Person]:
    """People the user may not see who are likely matches: never shown, only told."""
    prepared = prepare(record)
    # Candidates are ranked among the people the user may NOT see: ranked over everyone, the
    # user's own look-alikes could fill the candidate limit and hide the one held elsewhere
    # (issue 20). Checked row by row on the match keys, not by building a visible set.
    not_visible = Person.objects.exclude(visible_to_organisation(user.organisation_id))
    hidden = Person.objects.filter(pk__in=candidate_ids(blocking_keys(prepared), not_visible))
    return [
        person
        for person in hidden.order_by("pk")
        if compare(prepared, prepare(person_record(person))).score >= SUGGESTION_THRESHOLD
    ]


def check_held_elsewhere(
    user: User, record: PersonRecord, *, account: str, subject: Person | None = None
) -> HeldElsewhere:
    """Whether another organisation may hold this person, for the person of a concern the
    user is writing (`account` is what they have written of what happened).

    Only yes or no leaves: never which organisation, never how many."""
    if not can_list_people(user):
        return HeldElsewhere(False, Refusal.NOT_ALLOWED)
    if not concern_is_written(account):
        return HeldElsewhere(False, Refusal.NO_CONCERN)
    if not record.given_name.strip() and not record.family_name.strip():
        return HeldElsewhere(False, Refusal.NO_NAME)
    terms = terms_hash(record)
    refused = _over_limit(user)
    if refused:
        reads.read(
            user,
            HELD_ELSEWHERE_PAGE,
            target=subject,
            check="held_elsewhere",
            asked=False,
            refused=str(refused),
            terms=terms,
        )
        return HeldElsewhere(False, refused)
    holders = _hidden_matches(record, user)
    answer = bool(holders)
    reads.read(
        user,
        HELD_ELSEWHERE_PAGE,
        target=subject,
        check="held_elsewhere",
        asked=True,
        terms=terms,
        answer=answer,
    )
    for person in holders:
        # Shown to the holder among the outside reads of its person: who asked, and when.
        reads.read(
            user,
            HELD_ELSEWHERE_PAGE,
            target=person,
            check="held_elsewhere",
            holder_told=True,
            terms=terms,
        )
    return HeldElsewhere(answer)


def held_elsewhere_answer(user: User, person: Person) -> bool:
    """The answer an audited check already gave the user's organisation about this person (by
    the person, or by equal terms before the record was made); no new question is asked."""
    if user.organisation_id is None:
        return False
    about = Q(object_type=person._meta.label_lower, object_id=str(person.pk)) | Q(
        detail__terms=terms_hash(person_record(person))
    )
    last = (
        AuditEvent.objects.filter(
            about,
            organisation_id=user.organisation_id,
            action=AuditAction.VIEW,
            detail__page=HELD_ELSEWHERE_PAGE,
            detail__asked=True,
        )
        .order_by("-id")
        .values_list("detail", flat=True)
        .first()
    )
    return bool(last and last.get("answer"))
