"""Fill the notifications' generic reference from their foreign keys into the work plan (0004 added it).

A row keeps its review, else its section, else its draft: the most specific
of them, as notify() now keeps. Reversed, it sets the old columns again from
the reference, the review's section and draft included. The data moves in a
migration of its own: PostgreSQL does not alter a table in the transaction
that left checks pending on it, whichever way the migrations run.
"""

from django.db import migrations
from django.db.models import Exists, F, OuterRef, Subquery

# (old column, the label of the work plan's model), most specific first.
OLD_REFERENCES = [("review", "workplan.reviewassignment"), ("section", "workplan.section"), ("draft", "workplan.draft")]


def references_to_subjects(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    rows = Notification.objects.using(schema_editor.connection.alias)
    for column, label in OLD_REFERENCES:
        rows.filter(**{f"{column}__isnull": False}, subject_type="").update(
            subject_type=label, subject_id=F(f"{column}_id")
        )


def subjects_to_references(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Section = apps.get_model("workplan", "Section")
    ReviewAssignment = apps.get_model("workplan", "ReviewAssignment")
    db = schema_editor.connection.alias
    rows = Notification.objects.using(db)
    about = {column: rows.filter(subject_type=label) for column, label in OLD_REFERENCES}
    review = ReviewAssignment.objects.using(db).filter(pk=OuterRef("subject_id"))
    about["review"].filter(Exists(review)).update(
        review_id=F("subject_id"),
        section_id=Subquery(review.values("section_id")),
        draft_id=Subquery(review.values("section__draft_id")),
    )
    section = Section.objects.using(db).filter(pk=OuterRef("subject_id"))
    about["section"].filter(Exists(section)).update(
        section_id=F("subject_id"), draft_id=Subquery(section.values("draft_id"))
    )
    about["draft"].update(draft_id=F("subject_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0004_notification_subject"),
    ]

    operations = [
        migrations.RunPython(references_to_subjects, subjects_to_references, elidable=False),
    ]
