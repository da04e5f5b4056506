"""Let the "Editors" group record and undo event merges (they already review and edit events)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MERGE_PERMISSIONS = ["add_eventmerge", "change_eventmerge", "view_eventmerge"]


def grant_merge_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="timeline", codename__in=MERGE_PERMISSIONS)
    )


def revoke_merge_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="timeline", codename__in=MERGE_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("timeline", "0004_history_and_event_merges")]

    operations = [migrations.RunPython(grant_merge_permissions, revoke_merge_permissions)]
