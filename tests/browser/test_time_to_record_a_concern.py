"""How long a typical concern takes a person to record, from the steps it needs.

The scripted run below records a typical concern as a new practitioner would; every click
and every field typed is counted, and the keystroke-level model (Card, Moran and Newell,
1980) turns the counts into the time a person would take. The model, not the machine's
speed, is what is checked, so the figure is the same on any machine.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import sign_in

pytestmark = pytest.mark.browser

# Keystroke-level model operators, in seconds: K for an average typist (40 words a minute),
# P to point with the mouse, B to press or release a button, H to move a hand between mouse
# and keyboard, M to think what to do next.
K, P, B, H, M = 0.28, 1.1, 0.1, 0.4, 1.35
TYPICAL_ACCOUNT = "Collected by a different adult each day; has two new phones; looked scared."


@dataclass
class StepCount:
    clicks: int = 0
    fields: int = 0
    characters: int = 0
    steps: list[str] = field(default_factory=list)

    def click(self, target: Locator, what: str) -> None:
        target.click()
        self.clicks += 1
        self.steps.append(f"click {what}")

    def type(self, target: Locator, text: str, what: str) -> None:
        target.fill(text)
        self.fields += 1
        self.characters += len(text)
        self.steps.append(f"type {what} ({len(text)} characters)")

    def seconds(self) -> float:
        pointing = self.clicks * (M + P + 2 * B)
        typing = self.fields * (M + P + 2 * B + H) + self.characters * K
        return round(pointing + typing, 1)


def test_a_typical_concern_takes_a_new_practitioner_under_two_minutes(page: Page) -> None:
    sign_in(page, demo_email("school", "practitioner"))
    count = StepCount()
    count.click(page.get_by_role("link", name="People", exact=True), "People")
    count.type(page.get_by_label("Search by name"), "Evans", "the family name")
    count.click(page.get_by_role("button", name="Search"), "Search")
    count.click(page.get_by_role("link", name="Jac Evans"), "the person")
    count.click(page.get_by_role("link", name="Record a concern about this person"), "Record")
    count.click(page.get_by_label("No", exact=True).first, "no immediate danger")
    count.type(page.get_by_label("When did you see or hear this?"), "2026-11-24T08:40", "when")
    count.type(page.get_by_label("Where?"), "School gate", "where")
    count.type(page.get_by_label("What did you see and hear?"), TYPICAL_ACCOUNT, "the account")
    group = page.locator("summary", has_text="Exploitation and control by another person")
    count.click(group, "a sign group")
    count.click(page.locator(".govuk-details[open] .govuk-checkboxes__label").first, "a sign")
    count.click(page.get_by_text("Moved or driven from place to place"), "moved")
    count.click(page.get_by_text("Criminal exploitation", exact=True), "criminal")
    count.click(page.get_by_role("button", name="Record the concern"), "Record the concern")
    expect(page.locator(".noddfa-checklist")).to_contain_text("Report a child at risk")

    estimate = count.seconds()
    report = {
        "clicks": count.clicks,
        "fields_typed": count.fields,
        "characters": count.characters,
        "estimated_seconds": estimate,
        "steps": count.steps,
    }
    out = os.environ.get("NODDFA_TIMING_REPORT")
    if out:
        Path(out).write_text(json.dumps(report, indent=2))
    assert estimate < 120, report
