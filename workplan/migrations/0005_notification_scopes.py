"""Notifications about a section or a review lie within its draft: their scope becomes the draft.

notifications 0007 set every row's scope to its subject. The work plan
registers sections and reviews as lying within their draft
(workplan.notices), so who is shown a notification about them is asked of
the draft. Going back, the scope is dropped with its column: nothing to undo.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery

DRAFT = "workplan.draft"
# (the subject's label, its model, the lookup from it to its draft)
WITHIN_A_DRAFT = [("workplan.section", "Section", "draft_id"), ("workplan.reviewassignment", "ReviewAssignment", "section__draft_id")]


def scope_is_the_draft(apps, schema_editor):
    db = schema_editor.connection.alias
    Notification = apps.get_model("notifications", "Notification")
    for label, model_name, lookup in WITHIN_A_DRAFT:
        subject = apps.get_model("workplan", model_name).objects.using(db).filter(pk=OuterRef("subject_id"))
        Notification.objects.using(db).filter(Exists(subject), subject_type=label).update(
            scope_type=DRAFT, scope_id=Subquery(subject.values(lookup)[:1])
        )


class Migration(migrations.Migration):

    dependencies = [
        ("workplan", "0004_export"),
        ("notifications", "0007_notification_scope"),
    ]

    operations = [
        migrations.RunPython(scope_is_the_draft, migrations.RunPython.noop, elidable=False),
    ]
