"""Linking two records as the same person, unlinking, and reviewing suggested duplicates.

Every write is one transaction that checks permission, writes and audits. Nothing here
merges records: a link is a statement by a named person that can be undone. The suggested
duplicates are computed by a batch job (`duplicate_suggestions`); here they are read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit import reads
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.core.paging import counted_page
from noddfa.matching import Match, compare, prepare

from .duplicate_suggestions import ANSWER_STATE, record_answer
from .link_permissions import can_link, can_review_duplicates
from .match_keys import person_record
from .models import (
    MatchReview,
    PairDecision,
    Person,
    PersonLink,
    SuggestedDuplicate,
    SuggestionState,
)
from .permissions import can_list_people, people_visible_to, shared_with


class AlreadyLinked(Exception):
    """The two records are already linked."""


def ordered(a: Person, b: Person) -> tuple[Person, Person]:
    return (a, b) if str(a.pk) < str(b.pk) else (b, a)


def current_links() -> QuerySet[PersonLink]:
    return PersonLink.objects.filter(unlinked_at__isnull=True)


def links_of(user: User, person: Person) -> list[tuple[PersonLink, Person]]:
    """Current links of a person to records this user may also see."""
    visible = people_visible_to(user).values("pk")
    links = (
        current_links()
        .filter(Q(person_a=person) | Q(person_b=person))
        .select_related("person_a__organisation", "person_b__organisation", "linked_by")
    )
    found: list[tuple[PersonLink, Person]] = []
    for link in links.filter(Q(person_a__in=visible) & Q(person_b__in=visible)).order_by(
        "linked_at"
    ):
        other = link.person_b if link.person_a_id == person.pk else link.person_a
        found.append((link, other))
    return found


def likeness(a: Person, b: Person) -> Match:
    """How alike two records are and why, as the suggestions list judged them."""
    return compare(prepare(person_record(a)), prepare(person_record(b)))


@transaction.atomic
def link_people(by: User, a: Person, b: Person, *, reason: str) -> PersonLink:
    if not can_link(by, a, b):
        raise PermissionDenied
    first, second = ordered(a, b)
    if current_links().filter(person_a=first, person_b=second).exists():
        raise AlreadyLinked
    score = compare(prepare(person_record(first)), prepare(person_record(second))).score
    link = PersonLink.objects.create(
        person_a=first, person_b=second, reason=reason, score=score, linked_by=by
    )
    record_answer(first, second, SuggestionState.CONFIRMED)
    record(
        AuditAction.CREATE,
        actor=by,
        target=link,
        detail={
            "event": "person_link_confirmed",
            "person_a": str(first.pk),
            "person_b": str(second.pk),
        },
    )
    return link


@transaction.atomic
def unlink_people(by: User, link: PersonLink, *, reason: str) -> PersonLink:
    if link.unlinked_at is not None or not can_link(by, link.person_a, link.person_b):
        raise PermissionDenied
    link.unlinked_by = by
    link.unlinked_at = timezone.now()
    link.unlink_reason = reason
    link.save(update_fields=["unlinked_by", "unlinked_at", "unlink_reason"])
    # Undone because it was wrong: the pair is not the same person, and not suggested again.
    record_answer(link.person_a, link.person_b, SuggestionState.REJECTED)
    record(
        AuditAction.CHANGE,
        actor=by,
        target=link,
        detail={
            "event": "person_link_removed",
            "person_a": str(link.person_a_id),
            "person_b": str(link.person_b_id),
        },
    )
    return link


@transaction.atomic
def review_pair(by: User, a: Person, b: Person, *, decision: str, reason: str) -> MatchReview:
    """The team's answer to a suggested duplicate. "The same person" also links them."""
    if not can_review_duplicates(by) or not can_link(by, a, b):
        raise PermissionDenied
    first, second = ordered(a, b)
    review, _ = MatchReview.objects.update_or_create(
        person_a=first,
        person_b=second,
        defaults={"decision": decision, "reason": reason, "decided_by": by},
    )
    record_answer(first, second, ANSWER_STATE[PairDecision(decision)])
    record(
        AuditAction.CREATE,
        actor=by,
        target=review,
        detail={
            "event": f"person_match_{decision}",
            "person_a": str(first.pk),
            "person_b": str(second.pk),
        },
    )
    if (
        decision == PairDecision.CONFIRMED
        and not current_links().filter(person_a=first, person_b=second).exists()
    ):
        link_people(by, first, second, reason=reason)
    return review


def suggested_duplicates(user: User) -> QuerySet[SuggestedDuplicate]:
    """The stored pairs nobody has answered yet, best first, of which the user may see both
    records: each side checked by the same rule as every other read of a person, so a pair
    never shows a record the team could not open. Ordered and filtered in the database; the
    caller reads a page of it."""
    if not can_review_duplicates(user):
        raise PermissionDenied
    pairs = SuggestedDuplicate.objects.filter(state=SuggestionState.OPEN)
    if not can_list_people(user) or user.organisation_id is None:
        return pairs.none()
    # The pair's own holder columns and the people shared with the team (a small set, read by
    # the database): a pair is checked without looking up everyone the team holds (issue 22).
    # Not a list of ids in the query: adapting hundreds of ids cost more than the lookup.
    organisation = user.organisation_id
    shared = shared_with(organisation)
    pairs = pairs.filter(
        Q(organisation_a_id=organisation) | Q(person_a_id__in=shared),
        Q(organisation_b_id=organisation) | Q(person_b_id__in=shared),
    )
    # By the pair's ids, not the people (whose default order is by name): the order the
    # partial index open_suggestion_by_score holds, so the database reads it in order.
    return pairs.select_related("person_a__organisation", "person_b__organisation").order_by(
        "-score", "person_a_id", "person_b_id"
    )


# A page of suggested duplicates.
DUPLICATES_PER_PAGE = 50


def duplicates_page(user: User, number: str | None) -> Page[SuggestedDuplicate]:
    """One page of the suggested duplicates the user may see. Audited as one look at the
    list: how many pairs were shown, never who."""
    page = counted_page(suggested_duplicates(user), number, DUPLICATES_PER_PAGE)
    reads.read(
        user, "suggested_duplicates", count=len(page.object_list), total=page.paginator.count
    )
    return page
