"""Create the portal's roles as groups, and let the chief manage the organisation."""

from django.db import migrations

from members import roles


def create_roles(apps, schema_editor):
    roles.ensure_groups(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ALL).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("commission", "0002_initial"),
        ("taskforces", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
