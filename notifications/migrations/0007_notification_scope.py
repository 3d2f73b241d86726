"""Notifications keep their scope: the outermost object their subject lies within.

Who is shown a notification is then asked of its scope alone, in one
subquery (notifications.registry.visible_q). Here every row's scope is its
subject; the apps whose subjects lie within others move their rows' scope
outwards in migrations of their own (the work plan: workplan 0005). 0008
adds the check that a subject always comes with a scope: PostgreSQL does not
alter a table in the transaction that left checks pending on it.
"""

from django.db import migrations, models
from django.db.models import F


def scope_is_subject(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.using(schema_editor.connection.alias).exclude(subject_type="").update(
        scope_type=F("subject_type"), scope_id=F("subject_id")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0006_drop_workplan_references"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="scope_type",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="within (type)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="scope_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="within (id)"),
        ),
        migrations.RunPython(scope_is_subject, migrations.RunPython.noop, elidable=False),
    ]
