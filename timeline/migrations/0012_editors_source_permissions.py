"""Let the "Editors" group manage the sources polled for news, see what became of their entries
(and have them processed again), and tune the relevance rule."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SOURCE_PERMISSIONS = [
    "add_source",
    "change_source",
    "delete_source",
    "view_source",
    "change_sourceentry",
    "view_sourceentry",
    "change_relevancerule",
    "view_relevancerule",
]


def grant_source_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="timeline", codename__in=SOURCE_PERMISSIONS
        )
    )


def revoke_source_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="timeline", codename__in=SOURCE_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("timeline", "0011_sources")]

    operations = [migrations.RunPython(grant_source_permissions, revoke_source_permissions)]
