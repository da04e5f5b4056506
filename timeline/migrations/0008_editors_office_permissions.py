"""Let the "Editors" group curate the offices actors hold, as they curate their aliases."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_PERMISSIONS = [
    "add_actoroffice",
    "change_actoroffice",
    "delete_actoroffice",
    "view_actoroffice",
]


def grant_office_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="timeline", codename__in=OFFICE_PERMISSIONS
        )
    )


def revoke_office_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="timeline", codename__in=OFFICE_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("timeline", "0007_actor_offices_and_part_of")]

    operations = [migrations.RunPython(grant_office_permissions, revoke_office_permissions)]
