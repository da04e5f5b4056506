"""Atom feed of the current filter, so that a reader can follow, say, Poland and air defence."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .extraction.decoding import strip_control_characters
from .filters import TimelineFilter
from .forms import TimelineFilterForm
from .models import Event

FEED_SIZE = 50


def xml_safe(value):
    """Text, or a list of texts, without the control characters XML 1.0 cannot hold."""
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom that never fails on a stray control character in stored text: Django's XML writer
    raises on one, which made /feed.atom a 500 for every reader."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})


class TimelineFeed(Feed):
    feed_type = XmlSafeAtom1Feed
    # Rendered with autoescape: readers treat Atom summaries as HTML, and quotes are untrusted.
    description_template = "timeline/feed_item.html"

    def get_object(self, request) -> TimelineFilter:
        return TimelineFilterForm(request.GET).filters.without_cursor()

    def title(self, filters: TimelineFilter) -> str:
        described = filters.description()
        return (
            f"Defence-cooperation timeline: {described}"
            if described
            else ("Defence-cooperation timeline")
        )

    def subtitle(self, filters: TimelineFilter) -> str:
        return "Confirmed events, most recently confirmed first."

    def link(self, filters: TimelineFilter) -> str:
        return reverse("timeline:index") + filters.querystring()

    def feed_url(self, filters: TimelineFilter) -> str:
        return reverse("timeline:feed") + filters.querystring()

    def items(self, filters: TimelineFilter):
        # Newest confirmations first, so that an event about 2021 confirmed today still
        # reaches readers.
        events = filters.apply(Event.objects.public()).order_by(
            F("reviewed_at").desc(nulls_last=True), "-id"
        )
        return events.with_evidence()[:FEED_SIZE]

    def item_title(self, event: Event) -> str:
        return f"{event.date_display}: {event.title}"

    def item_pubdate(self, event: Event):
        """When the event became public: its confirmation."""
        return event.reviewed_at or event.created_at

    def item_updateddate(self, event: Event):
        """Its last change, never before its confirmation (a bulk confirmation may not have
        touched ``updated_at``)."""
        return max(event.updated_at, self.item_pubdate(event))

    def item_categories(self, event: Event) -> list[str]:
        return [actor.name for actor in event.actors.all()] + [
            topic.name for topic in event.topics.all()
        ]
