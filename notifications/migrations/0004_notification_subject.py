"""Notifications refer to what they are about by a generic reference instead of foreign keys into the work plan.

The reference is the model's label ("workplan.section") and the object's
id. 0005 fills it from the old columns, 0006 drops them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0003_outbox_delivery"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="subject_type",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="about (type)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="about (id)"),
        ),
    ]
