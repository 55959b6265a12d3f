"""Every page a Welsh reader opens is in Welsh (issue 19): each role walks every page it can
reach from home by links, reading in Welsh, and no label, heading, hint or button may be left
in English. User-typed text stays as typed, and a law's own title may stay in English when the
page marks it `lang="en"`; so this world is typed in Welsh, and anything marked English is
skipped.

Two checks over each page's text:
- a piece of text that is, word for word, an interface string the catalogue translates (the
  label was built outside the reader's language, or never marked for translation where used);
- a piece of text holding English words that are never Welsh (the, and, of, your...), which
  finds English that never went through the catalogue at all (data, rule codes, dates).
A page's <title> cannot mark part of itself English, so a title that repeats a name the page
marks English is that name. Each role must reach the pages it works in (REACHES), two of each
shape, so a walk that stops early cannot pass with nothing checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.concerns.models import PathwayAction
from noddfa.people.models import LawfulBasis
from noddfa.people.services import share_with_organisation
from noddfa.referrals.services import start_referral
from welsh_words import ENGLISH_ONLY

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[2] / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# Pages a walk must not follow: they end the session, or are files, not pages.
NOT_FOLLOWED = re.compile(
    r"/en/|/en$|/language/|/sign-out|\.pdf$|/pdf/|/export|/download|\.csv|\.xlsx"
)
WELSH_WORLD_TEXT = "Mae oedolyn gwahanol yn ei gasglu o’r ysgol bob dydd mewn car."


class _Text(HTMLParser):
    """The visible text of a page, piece by piece, leaving out what is marked English,
    scripts, styles and what only a machine reads."""

    SKIPPED = {"script", "style", "template", "noscript"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col"}

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.links: list[str] = []
        # What the page marks English (a name), and its <title>: a title cannot mark a part
        # of itself, so a title that repeats a heading marked English is that name.
        self.marked_english: set[str] = set()
        self.title = ""
        self._in_title = False
        self._stack: list[bool] = []  # True where the element or an ancestor is skipped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if tag == "a" and given.get("href"):
            self.links.append(given["href"] or "")
        if tag in self.VOID:
            return
        self._in_title = tag == "title"
        inherited = bool(self._stack and self._stack[-1])
        english = (given.get("lang") or "").startswith("en")
        self._stack.append(inherited or english or tag in self.SKIPPED)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text:
            return
        if self._in_title:
            self.title = text
        elif self._stack and self._stack[-1]:
            self.marked_english.add(text)
        else:
            self.pieces.append(text)

    def read_pieces(self) -> list[str]:
        """The pieces to check: the text, and the title unless it names something English."""
        named = self.title.rsplit(" \u2013 ", 1)[0]  # the title is "<name> (en dash) Noddfa"
        if not self.title or named in self.marked_english:
            return self.pieces
        return [self.title, *self.pieces]


def _translated_english() -> frozenset[str]:
    catalogue = polib.pofile(str(PO))
    return frozenset(
        entry.msgid
        for entry in catalogue.translated_entries()
        if entry.msgid != entry.msgstr and len(entry.msgid) > 3 and not entry.msgid_plural
    )


def _english_in(pieces: list[str], catalogue: frozenset[str]) -> list[str]:
    found = []
    for piece in pieces:
        bare = piece.strip(" :·,.()")
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", piece)}
        if bare in catalogue or words & ENGLISH_ONLY:
            found.append(piece[:120])
    return list(dict.fromkeys(found))  # each once, in page order


def _shape(path: str) -> str:
    """Pages of one kind share a shape: the same path with each record's id or key left out
    (a directory entry's page is one shape whatever its key: the list shows every entry)."""
    path = re.sub(r"/[0-9a-f-]{32,36}/|/[0-9]+/|/[a-z]+(?:_[a-z0-9]+)+/", "/*/", path.split("?")[0])
    return re.sub(r"^/directory/[a-z0-9_]+/$", "/directory/*/", path)


# Pages each role must reach by links from home, so that a walk that silently stops early (a
# broken link, a sign-in that failed) cannot pass with nothing checked.
EVERY_SIGNED_IN = {"/", "/directory/", "/directory/*/", "/how-noddfa-decides/", "/training/"}
REACHES = {
    "practitioner": {"/concerns/new/", "/concerns/*/", "/people/*/", "/casework/tasks/"},
    "lead": {"/concerns/review/", "/concerns/*/", "/casework/people/*/aftercare/", "/referrals/*/"},
    "council": {"/casework/patterns/", "/concerns/review/", "/people/*/", "/people/duplicates/"},
    "admin": {"/accounts/users/", "/audit/", "/training/organisation/"},
    "analyst": {"/insights/", "/insights/victims/", "/casework/network/"},
}
PUBLIC_REACHES = {
    "/help/cy/",
    "/help/cy/other-countries/",
    "/help/cy/report/",
    "/help/cy/young-people/",
}


def _walk(client: Client, starts: list[str], limit: int) -> Iterator[tuple[str, list[str], str]]:
    """Every page reachable by links from `starts`, breadth first; at most two of each shape
    (two people's pages say what every person's page says)."""
    seen = set(starts)
    shapes: dict[str, int] = {}
    queue = list(starts)
    while queue and len(seen) <= limit:
        url = queue.pop(0)
        shapes[_shape(url)] = shapes.get(_shape(url), 0) + 1
        if shapes[_shape(url)] > 2:
            continue
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Text()
        page.feed(response.content.decode())
        yield url, page.read_pieces(), response.content.decode()
        for link in page.links:
            path = link.split("#")[0]
            if not path.startswith("/") or path.startswith("//") or NOT_FOLLOWED.search(path):
                continue
            if path not in seen:
                seen.add(path)
                queue.append(path)


@pytest.fixture
def welsh_world() -> dict[str, User]:
    school = OrganisationFactory(
        name="Ysgol Gyfun y Bont", organisation_type=OrganisationType.SCHOOL
    )
    council = OrganisationFactory(
        name="Cyngor y Fro",
        organisation_type=OrganisationType.LA_CHILDRENS_SERVICES,
        first_responder=True,
        s52_public_authority=True,
    )
    partnership = OrganisationFactory(
        name="Partneriaeth Diogelu", organisation_type=OrganisationType.OTHER
    )
    people = {
        "practitioner": UserFactory(organisation=school, full_name="Alys Jones"),
        "admin": UserFactory(
            organisation=school, role=Role.ORGANISATION_ADMIN, full_name="Llinos Wyn"
        ),
        "analyst": UserFactory(
            organisation=partnership, role=Role.PARTNERSHIP_ANALYST, full_name="Owain Hughes"
        ),
        "lead": UserFactory(
            organisation=school, role=Role.SAFEGUARDING_LEAD, full_name="Gethin Morgan"
        ),
        "council": UserFactory(
            organisation=council, role=Role.LA_SAFEGUARDING_TEAM, full_name="Siân Prys"
        ),
    }
    today = timezone.localdate()
    child = PersonFactory(
        organisation=school,
        created_by=people["practitioner"],
        given_name="Dafydd",
        family_name="ap Rhys",
        date_of_birth=date(today.year - 15, 1, 1),
        nationality="Cymro",
        address="12 Heol y Bont",
        school_or_workplace="Ysgol Gyfun y Bont",
    )
    concern = make_concern(
        people["practitioner"],
        child,
        danger="no",
        account=WELSH_WORLD_TEXT,
        observed_where="Giât yr ysgol",
        action=["recruitment"],
        purpose=["criminal"],
        missing_now=False,
    )
    # A referral draft and a record shared with the council, so their pages are walked too.
    report = PathwayAction.objects.get(
        concern=concern, code="REPORT_CHILD_AT_RISK", retracted_at__isnull=True
    )
    start_referral(people["lead"], report)
    share_with_organisation(
        people["lead"],
        child,
        council,
        reason="Adroddiad am blentyn a allai fod mewn perygl",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )
    return people


def _english_on_pages(client: Client, starts: list[str]) -> tuple[set[str], dict[str, list[str]]]:
    """The shapes of the pages reached, and the English found on each page."""
    client.cookies["django_language"] = "cy"
    catalogue = _translated_english()
    english: dict[str, list[str]] = {}
    reached: set[str] = set()
    for url, pieces, html in _walk(client, starts, limit=150):
        reached.add(_shape(url))
        assert 'lang="cy"' in html[:400], url
        found = _english_in(pieces, catalogue)
        if found:
            english[url] = found
    return reached, english


@pytest.mark.parametrize("role", ["practitioner", "lead", "council", "admin", "analyst"])
def test_every_page_a_role_reaches_reads_in_welsh(
    role: str, welsh_world: dict[str, User], sign_in: Callable[[User], Client]
) -> None:
    reached, english = _english_on_pages(sign_in(welsh_world[role]), ["/"])
    missed = (EVERY_SIGNED_IN | REACHES[role]) - reached
    assert not missed, f"the walk never reached {sorted(missed)}: it says nothing about them"
    report = "\n".join(f"{url}: {found}" for url, found in english.items())
    assert not english, f"English on Welsh pages ({role}):\n{report}"


def test_every_public_help_page_reads_in_welsh(client: Client) -> None:
    reached, english = _english_on_pages(client, ["/help/cy/"])
    assert reached >= PUBLIC_REACHES, sorted(PUBLIC_REACHES - reached)
    report = "\n".join(f"{url}: {found}" for url, found in english.items())
    assert not english, f"English on Welsh help pages:\n{report}"
