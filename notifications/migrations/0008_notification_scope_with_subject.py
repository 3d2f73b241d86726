"""A notification about something always has a scope, and one about nothing has none (0007 filled them)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0007_notification_scope"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(scope_id__isnull=True, scope_type="", subject_type="")
                | (~models.Q(subject_type="") & ~models.Q(scope_type="") & models.Q(scope_id__isnull=False)),
                name="notification_scope_with_subject",
            ),
        ),
    ]
