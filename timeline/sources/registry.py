"""Adding sources: one address (a feed, or a web page whose feed is found), or the feeds of an
OPML file. The add_source command and the admin both come here."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from timeline.ingestion import publisher_from_url

from .discovery import discover_feed
from .models import Source
from .opml import Outline


class SourceError(ValueError):
    """The address cannot become a source; the message says why, for the editor."""


def add_source(
    url: str, *, name: str = "", interval: int | None = None, outlet: str = "", language: str = ""
) -> Source:
    """Follow the feed at ``url`` (or the one the page at ``url`` names); due for polling at once.

    Raises SourceError, FetchError or FeedError with a message for the editor.
    """
    refuse_known(url)
    found = discover_feed(url)
    if found.url != url:
        refuse_known(found.url)
    source = Source(
        url=found.url,
        name=(name or found.feed.title or publisher_from_url(found.url))[:200],
        site_url=found.feed.site_url[:2000],
        outlet=outlet,
        language=language,
    )
    if interval is not None:
        source.poll_interval = interval
    try:
        source.full_clean()
    except ValidationError as error:
        raise SourceError(" ".join(error.messages)) from error
    source.save()
    return source


def refuse_known(url: str) -> None:
    known = Source.objects.filter(url=url).first()
    if known is not None:
        raise SourceError(f"This feed is already a source: “{known}” ({known.url}).")


@dataclass
class OPMLImport:
    added: list[Source] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def import_outlines(outlines: list[Outline]) -> OPMLImport:
    """A source for each feed of the list not yet followed. Feeds are taken as they are: the
    first poll of each shows on its health whether it works."""
    summary = OPMLImport()
    validate = URLValidator(schemes=["http", "https"])
    for outline in outlines:
        try:
            validate(outline.url)
            if len(outline.url) > Source._meta.get_field("url").max_length:
                raise ValidationError("too long")
        except ValidationError:
            summary.invalid.append(outline.url)
            continue
        if Source.objects.filter(url=outline.url).exists():
            summary.known.append(outline.url)
            continue
        summary.added.append(
            Source.objects.create(
                url=outline.url,
                name=outline.name or publisher_from_url(outline.url),
                site_url=outline.site_url[:2000] if outline.site_url.startswith("http") else "",
                language=outline.language,
            )
        )
    return summary
