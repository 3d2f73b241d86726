"""Revisions are immutable: the database refuses to change one."""

from django.db import migrations

from core.db import immutable


class Migration(migrations.Migration):
    dependencies = [("workplan", "0001_initial")]

    operations = [immutable(rule="workplan_revision_immutable", table="workplan_sectionrevision")]
