"""Drop the foreign keys into the work plan (0005 moved them to the generic reference) and the fixed kinds.

The kinds are declared by the apps that raise them (notifications.registry),
so the column keeps its strings without a list of choices.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0005_notification_subject_filled"),
    ]

    operations = [
        migrations.RemoveField(model_name="notification", name="draft"),
        migrations.RemoveField(model_name="notification", name="section"),
        migrations.RemoveField(model_name="notification", name="review"),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(max_length=32, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("emailed", "E-mailed"),
                    ("no_address", "Shown in the portal only: no e-mail address"),
                    ("inactive", "Not e-mailed: the account is deactivated"),
                    ("not_visible", "Not e-mailed: the recipient may no longer see what it is about"),
                ],
                max_length=16,
                verbose_name="outcome",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["subject_type", "subject_id"], name="notification_subject"),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(subject_type="", subject_id__isnull=True)
                | (~models.Q(subject_type="") & models.Q(subject_id__isnull=False)),
                name="notification_subject_whole",
            ),
        ),
    ]
