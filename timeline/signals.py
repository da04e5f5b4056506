"""Keeps what is derived from mentions in step with them: an event's ``quote_text`` and its
place in the review queue."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Event, Mention


def deleting_events(origin) -> bool:
    """True when the delete started from events: their mentions go with them, nothing to do."""
    if isinstance(origin, QuerySet):
        return origin.model is Event
    return isinstance(origin, Event)


@receiver(post_save, sender=Mention)
def mention_saved(sender, instance: Mention, raw: bool = False, **kwargs) -> None:
    if not raw:  # loaddata: the dump already holds the event's quote_text
        Event.objects.filter(pk=instance.event_id).refresh_quote_text()
        Event.objects.filter(pk=instance.event_id).refresh_queue_keys()


@receiver(post_delete, sender=Mention)
def mention_deleted(sender, instance: Mention, origin=None, **kwargs) -> None:
    if not deleting_events(origin):
        Event.objects.filter(pk=instance.event_id).refresh_quote_text()
        Event.objects.filter(pk=instance.event_id).refresh_queue_keys()
