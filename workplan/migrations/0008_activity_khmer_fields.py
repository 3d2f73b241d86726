"""An activity's indicator, baseline, target and means of verification are written in Khmer and English.

The existing columns become the English ones (their text was English) and
empty Khmer columns are added beside them. The rule "an indicator needs a
target" now reads: an indicator in either language needs a target in either.

Revisions keep the rows they were saved with (the database refuses to change
one, and each one's hash is in the audit log and the published documents):
rows.normalize() reads their old keys as the English values. Going back, the
Khmer columns are dropped; an English indicator whose target was written in
Khmer only is given that target, so that the old rule holds again.
"""

from django.db import migrations, models
from django.db.models import F, Q

# (field, max_length, English and Khmer verbose names)
MEASURES = [
    ("indicator", 300, "indicator in English", "indicator in Khmer"),
    ("baseline", 200, "baseline in English", "baseline in Khmer"),
    ("target", 200, "target in English", "target in Khmer"),
    ("means_of_verification", 300, "means of verification in English", "means of verification in Khmer"),
]
RULE = "workplan_activity_indicator_has_target"


def keep_the_old_rule(apps, schema_editor):
    Activity = apps.get_model("workplan", "Activity")
    Activity.objects.using(schema_editor.connection.alias).filter(~Q(indicator_en=""), target_en="").update(
        target_en=F("target_km")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("workplan", "0007_activity_version"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="activity", name=RULE),
        *(migrations.RenameField(model_name="activity", old_name=name, new_name=f"{name}_en") for name, *_ in MEASURES),
        *(
            migrations.AlterField(
                model_name="activity",
                name=f"{name}_en",
                field=models.CharField(blank=True, max_length=length, verbose_name=english),
            )
            for name, length, english, _khmer in MEASURES
        ),
        *(
            migrations.AddField(
                model_name="activity",
                name=f"{name}_km",
                field=models.CharField(blank=True, max_length=length, verbose_name=khmer),
            )
            for name, length, _english, khmer in MEASURES
        ),
        migrations.RunPython(migrations.RunPython.noop, keep_the_old_rule, elidable=False),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=Q(("indicator_en", ""), ("indicator_km", ""))
                | ~Q(("target_en", ""), ("target_km", "")),
                name=RULE,
                violation_error_message=(
                    "An indicator needs a target: say what the indicator should reach, in Khmer or in English."
                ),
            ),
        ),
    ]
