"""Recount the public event tallies and the link tables' copies of dates and statuses."""

from django.core.management.base import BaseCommand

from timeline import tallies


class Command(BaseCommand):
    help = (
        "Recount the tallies of public events per month, actor, topic and actor with topic from "
        "the events, and "
        "copy each event's date and status into its link rows where they differ. The database "
        "keeps both right by itself; this is for after restoring a backup made without them, or "
        "to check (--check) that they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the tallies with a recount and exit 1 if they differ; change nothing.",
        )

    def handle(self, *args, check: bool = False, **options):
        if check:
            differing = tallies.differences()
            for table, keys in differing.items():
                self.stdout.write(f"{table}: {len(keys)} counts differ, e.g. {keys[:3]}")
            if differing:
                raise SystemExit(1)
            self.stdout.write("The tallies equal a recount.")
            return
        tallies.rebuild()
        self.stdout.write("Tallies recounted.")
