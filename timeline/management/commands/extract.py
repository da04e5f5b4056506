"""``manage.py extract PATH``: show what ingesting an article would propose, writing nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline.bulk import ARTICLE_SUFFIXES, SourceError, parse_published, read_text
from timeline.ingestion import IngestError, extraction_vocabulary, run_extraction
from timeline.periods import Precision, add_months


def event_as_dict(event, actor_names: dict[str, str]) -> dict:
    first = event.mentions[0] if event.mentions else None
    return {
        "date": event.date.isoformat() if event.date else None,
        "date_end": _date_end(event),
        "precision": str(event.precision),
        "value": event.value,
        "date_text": first.date_text if first else "",
        "implicit_date": event.implicit_date,
        "needs_date": event.needs_date,
        "title": event.title,
        "sentence": first.sentence if first else "",
        "actors": [actor_names.get(slug, slug) for slug in event.actors],
        "topics": list(event.topics),
        "confidence": round(event.confidence, 3),
        "mentions": len(event.mentions),
        "target_date": event.target_date.isoformat() if event.target_date else None,
        "target_precision": str(event.target_precision) if event.target_precision else None,
        "candidate_actors": list(event.candidate_actors),
    }


def _date_end(event) -> str | None:
    """A range's last period; a season is written as its first month to its last month."""
    if event.date_end:
        return event.date_end.isoformat()
    if event.date and event.precision == Precision.SEASON:
        return add_months(event.date, 2).isoformat()
    return None


class Command(BaseCommand):
    help = "Dry run: print the title, publication date and events found in an article file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="An article file (.txt or .html).")
        parser.add_argument("--published", help="Publication date, YYYY-MM-DD[THH:MM].")
        parser.add_argument("--url", default="", help="The article's original URL.")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, path, published, url, format, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            content = read_text(file)
            result = run_extraction(
                content,
                published=parse_published(published),
                url=url,
                content_type=ARTICLE_SUFFIXES.get(file.suffix.lower()),
            )
        except (IngestError, SourceError) as error:
            raise CommandError(f"{file}: {error}") from error
        actor_names = {actor.slug: actor.name for actor in extraction_vocabulary()[0]}
        report = {
            "title": result.title,
            "published": result.published.isoformat() if result.published else None,
            "published_source": result.published_source,
            "events": [event_as_dict(event, actor_names) for event in result.events],
        }
        if format == "json":
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            self.write_table(report)

    def write_table(self, report: dict) -> None:
        self.stdout.write(report["title"])
        source = report["published_source"] or "not found"
        self.stdout.write(f"Published: {report['published'] or 'unknown'} ({source})")
        self.stdout.write(f"{len(report['events'])} event(s)\n")
        for event in report["events"]:
            when = event["date"] or f"needs a date ({event['value']})"
            if event["date_end"]:
                when += f" – {event['date_end']}"
            how = "implicit" if event["implicit_date"] else repr(event["date_text"])
            self.stdout.write(
                f"{when} [{event['precision']}, {how}, confidence {event['confidence']:.2f}]"
            )
            self.stdout.write(f"  {event['sentence']}")
            self.stdout.write(f"  actors: {', '.join(event['actors']) or '—'}")
            self.stdout.write(f"  topics: {', '.join(event['topics']) or '—'}\n")
