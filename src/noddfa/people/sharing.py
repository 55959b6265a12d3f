"""The rules of a sharing decision that are not about who is asking: what counts as a reason,
and who is told when a record the holder recorded is shared onward by someone else.

A reason is what every member of the case reads to learn why an organisation was brought in,
so it must say something: at least `MIN_LENGTH` characters once spaces are collapsed, at least
`MIN_WORDS` words, and at least `MIN_LETTERS` different letters (in any alphabet), so that
"x", "Concern", a row of one letter or "asdf asdf asdf" is refused while a short sentence in
English or Welsh passes.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from noddfa.accounts.models import Role, User
from noddfa.core.outbox import enqueue_many

from .models import Person

MIN_LENGTH = 20
MIN_WORDS = 3
MIN_LETTERS = 8


def reason_problem(reason: str) -> str | None:
    """What is wrong with a sharing reason, in the reader's language; None for a real one."""
    words = reason.split()
    letters = {character for character in reason.casefold() if character.isalpha()}
    if len(" ".join(words)) < MIN_LENGTH or len(words) < MIN_WORDS or len(letters) < MIN_LETTERS:
        return _(
            "Say in a sentence of your own why they need to know: at least 20 characters "
            "and three words, not a placeholder."
        )
    return None


def holders_leads(person: Person) -> QuerySet[User]:
    """The safeguarding leads of the organisation that recorded the person."""
    return User.objects.filter(
        organisation_id=person.organisation_id, role=Role.SAFEGUARDING_LEAD, is_active=True
    ).order_by("pk")


def tell_holder_of_onward_sharing(person: Person) -> None:
    """Queue mail to the holder's leads, in the caller's transaction: someone outside the
    holder shared its record onward. Like every Noddfa mail it says only that there is
    something to read and where: no name, no reason, no organisation."""
    link = reverse("site:person", args=[person.pk])
    messages = []
    for lead in holders_leads(person):
        with override(lead.language):
            subject = _("Noddfa: a record your organisation holds was shared onward")
            body = _(
                "An organisation in a case about a person your organisation recorded has "
                "shared the record with a local authority safeguarding team. Sign in to "
                "Noddfa to read the sharing decision: %(link)s"
            ) % {"link": link}
        messages.append((lead.email, subject, body))
    enqueue_many(messages)
