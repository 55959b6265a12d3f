"""The three national courses the Wales guidance describes (seed 001).

The seed gives each course's length and audience but no refresher period, so none is
invented here: validity_months stays empty (does not expire) until a reviewed migration
sets one from a cited source.
"""

from django.db import migrations

SOURCE = (
    "Welsh Government, 'Supporting people who have experienced or are at risk of slavery': "
    "training courses delivered across Wales (Noddfa seed 001)."
)

COURSES = [
    {
        "key": "anti-slavery-awareness",
        "title": "Introduction to Anti-Slavery Awareness Course (3 hours)",
        "level": "awareness",
        "duration": "3 hours",
        "description": (
            "This provides an overview of the signs and symptoms of slavery and how to "
            "report slavery."
        ),
    },
    {
        "key": "anti-slavery-first-responder",
        "title": "Anti-Slavery First Responder Course (1 day)",
        "level": "first_responder",
        "duration": "1 day",
        "description": (
            "First responder organisations in Wales are identified by Home Office and form "
            "part of a multi-agency response to rescuing victims and caring for them "
            "afterwards. If you are working for a First Responder Organisation, you can "
            "attend this training."
        ),
    },
    {
        "key": "modern-slavery-organised-crime",
        "title": "Modern Slavery and Organised Crime Course (3 days)",
        "level": "organised_crime",
        "duration": "3 days",
        "description": (
            "If you work in the Police or Crown Prosecution Service you may be able to attend "
            "the three Day Modern Slavery and Organised Crime Course which is specifically "
            "aimed at Senior Investigating Officers and Crown Prosecution Service Prosecutors."
        ),
    },
]


def add_national_courses(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    for course in COURSES:
        Course.objects.update_or_create(
            key=course["key"],
            organisation=None,
            defaults={**course, "source": SOURCE, "validity_months": None},
        )


def remove_national_courses(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    Course.objects.filter(
        organisation=None, key__in=[c["key"] for c in COURSES], records__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(add_national_courses, remove_national_courses)]
