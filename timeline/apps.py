from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def install_tally_triggers(sender, using: str = "default", **kwargs) -> None:
    """After every migrate: the triggers that keep the tallies and link copies right (see
    timeline.tallies), recounting if one was missing."""
    from .tallies import install_triggers

    install_triggers(using)


def drop_sqlite_tally_triggers(sender, using: str = "default", **kwargs) -> None:
    """SQLite only: triggers naming a table stop a migration that rebuilds it."""
    from .tallies import drop_sqlite_triggers

    drop_sqlite_triggers(using)


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Defence-cooperation timeline"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        pre_migrate.connect(drop_sqlite_tally_triggers, sender=self)
        post_migrate.connect(install_tally_triggers, sender=self)
