from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Defence-cooperation timeline"

    def ready(self) -> None:
        from . import signals  # noqa: F401
