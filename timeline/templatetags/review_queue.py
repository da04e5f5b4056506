"""The review queue's pending count, for the admin's home page."""

from django import template

from ..models import Event

register = template.Library()


@register.simple_tag
def waiting_for_review() -> int:
    """Pending events in the review queue (those of articles set aside as not relevant aside)."""
    return Event.objects.awaiting_review().count()
