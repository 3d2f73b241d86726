"""Create the portal's roles as groups, and let the chief manage the organisation."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    "secretariat_chief",
    "secretariat_staff",
    "ministry_liaison",
    "commission_chair",
    "commission_member",
    "auditor",
]

# The chief keeps the organisation up to date in the admin: who sits where.
# Memberships are ended, not deleted, so the history stays.
CHIEF_MODELS = {
    "members": ["organization", "user"],
    "commission": ["subdecree", "commission", "commissionmembership", "secretariat", "secretariatmembership"],
    "taskforces": ["taskforce", "taskforcemembership"],
}


def create_roles(apps, schema_editor):
    for label in CHIEF_MODELS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for label, models in CHIEF_MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in ("view", "add", "change")]
        groups["secretariat_chief"].permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("commission", "0002_initial"),
        ("taskforces", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
