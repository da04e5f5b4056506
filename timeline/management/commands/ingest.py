"""``manage.py ingest PATH…``: store articles and the events proposed from them."""

from django.core.management.base import BaseCommand, CommandError

from timeline.ingestion import IngestError, ingest

from ._articles import article_paths, parse_published, read_article


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt or .html) or folders of them: clean each, find its events, "
        "and store them for review. The same article twice is stored once."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Article files or folders.")
        parser.add_argument(
            "--published", help="Publication date, YYYY-MM-DD or YYYY-MM-DDTHH:MM (one file)."
        )
        parser.add_argument("--url", default="", help="The article's original URL (one file).")
        parser.add_argument("--publisher", default="", help="The outlet that published it.")

    def handle(self, *args, paths, published, url, publisher, **options):
        files = article_paths(paths)
        published_at = parse_published(published)
        if (url or published_at) and len(files) > 1:
            raise CommandError("--url and --published describe one article: name a single file.")
        failures = 0
        for path in files:
            try:
                content, content_type = read_article(path)
                outcome = ingest(
                    content,
                    published=published_at,
                    url=url,
                    publisher=publisher,
                    content_type=content_type,
                )
            except (IngestError, CommandError) as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{path}: not ingested: {error}"))
                continue
            self.report(path, outcome)
        if failures:
            raise CommandError(f"{failures} of {len(files)} article(s) could not be ingested.")

    def report(self, path, outcome) -> None:
        article = outcome.article
        if not outcome.created:
            self.stdout.write(f"{path}: already ingested as article {article.pk} ({article}).")
            return
        published = article.published.isoformat() if article.published else "unknown"
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: article {article.pk} “{article}”, published {published}, "
                f"{outcome.events.added} event(s) proposed for review."
            )
        )
