"""'How long ago' reads in the reader's language: Django's Welsh catalogue misses the words its
own timesince asks for, so a Welsh review queue read '25 minutes yn ôl' (issue 19)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from noddfa.core.templatetags.time_since import time_since


@pytest.mark.parametrize(
    ("ago", "welsh"),
    [
        (timedelta(seconds=20), "0 munud"),
        (timedelta(minutes=1), "1 munud"),
        (timedelta(minutes=2), "2 funud"),
        (timedelta(minutes=25), "25 munud"),
        (timedelta(days=2, hours=3), "2 ddiwrnod"),
        (timedelta(hours=3, minutes=5), "3 awr"),
        (timedelta(days=61), "2 fis"),
    ],
)
def test_how_long_ago_is_welsh_on_a_welsh_page(ago: timedelta, welsh: str) -> None:
    with translation.override("cy"):
        # Django keeps a number and its unit together with a no-break space.
        assert time_since(timezone.now() - ago).replace("\xa0", " ") == welsh


def test_how_long_ago_is_english_on_an_english_page() -> None:
    with translation.override("en"):
        shown = time_since(timezone.now() - timedelta(minutes=25))
        assert shown.replace("\xa0", " ") == "25 minutes"
    assert time_since(None) == ""


def test_the_review_queue_sentence_reads_in_welsh() -> None:
    page = Template(
        "{% load i18n time_since %}{% blocktranslate with since=when|time_since %}"
        "{{ since }} ago{% endblocktranslate %}"
    )
    with translation.override("cy"):
        text = page.render(Context({"when": timezone.now() - timedelta(minutes=25)}))
    assert text.replace("\xa0", " ") == "25 munud yn ôl"
