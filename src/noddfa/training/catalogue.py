"""The three national courses, as the Wales guidance (seed 001) describes them.

The data migration stores the English text and its source in the database; these translatable
copies are what pages show, so the national catalogue reads in Welsh too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

AWARENESS = "anti-slavery-awareness"
FIRST_RESPONDER = "anti-slavery-first-responder"
ORGANISED_CRIME = "modern-slavery-organised-crime"


@dataclass(frozen=True)
class NationalCourse:
    title: Promise
    description: Promise


NATIONAL_COURSES: dict[str, NationalCourse] = {
    AWARENESS: NationalCourse(
        _("Introduction to Anti-Slavery Awareness Course (3 hours)"),
        _(
            "An overview of the signs and symptoms of slavery and how to report slavery. "
            "For anyone who may meet a possible victim in their work."
        ),
    ),
    FIRST_RESPONDER: NationalCourse(
        _("Anti-Slavery First Responder Course (1 day)"),
        _(
            "For staff of first responder organisations, which the Home Office identifies and "
            "which form part of a multi-agency response to rescuing victims and caring for "
            "them afterwards."
        ),
    ),
    ORGANISED_CRIME: NationalCourse(
        _("Modern Slavery and Organised Crime Course (3 days)"),
        _(
            "Aimed at Senior Investigating Officers and Crown Prosecution Service prosecutors; "
            "staff of the police or the Crown Prosecution Service may be able to attend."
        ),
    ),
}
