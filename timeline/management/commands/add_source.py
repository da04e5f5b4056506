"""``manage.py add_source URL``: follow a feed (or the feed a web page names)."""

from django.core.management.base import BaseCommand, CommandError

from timeline.fetching import FetchError
from timeline.sources.feeds import FeedError
from timeline.sources.registry import SourceError, add_source


class Command(BaseCommand):
    help = (
        "Add a source: an RSS or Atom feed, or a web page whose feed is found. It is due at "
        "once: the next `poll_sources` polls it."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="The feed's address, or a page that names its feed.")
        parser.add_argument(
            "--name", default="", help="Name shown to editors (default: the feed's title)."
        )
        parser.add_argument(
            "--outlet", default="", help="Publisher of its articles (default: the site's host)."
        )
        parser.add_argument(
            "--language",
            default="",
            help="Language of its entries, e.g. en (default: as declared, else detected).",
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=None,
            help="Minutes between polls (default 30, at least 5).",
        )

    def handle(self, *args, url, name, outlet, language, interval, **options):
        try:
            source = add_source(url, name=name, interval=interval, outlet=outlet, language=language)
        except (SourceError, FetchError, FeedError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Source {source.pk} “{source}” added: {source.url}, polled every "
                f"{source.poll_interval} minutes (due now)."
            )
        )
