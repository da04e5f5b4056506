"""``manage.py suggest_duplicates``: look for likely duplicates among the events already stored,
as ingest does for each new article (for events stored before duplicates were caught at ingest,
or after the comparison changed)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from timeline.duplicates import comparable, suggest_for_events
from timeline.models import Event


class Command(BaseCommand):
    help = (
        "Compare every dated pending or confirmed event with the earlier ones of nearby dates "
        "and store the likely duplicates for the Possible duplicates page. Pairs already "
        "suggested or marked as not duplicates are left as they are; it can run again at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            help="Only events dated from this day (YYYY-MM-DD) on.",
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="Events compared per transaction (200)."
        )

    def handle(self, *args, since, batch, **options):
        if batch < 1:
            raise CommandError("--batch is at least 1.")
        events = Event.objects.all() if since is None else Event.objects.filter(date__gte=since)
        # In date order, so that a batch's events are near one another and their candidates
        # are read in one stretch of the date index.
        ids = list(comparable(events).order_by("date", "pk").values_list("pk", flat=True))
        found = 0
        for first in range(0, len(ids), batch):
            chunk = ids[first : first + batch]
            # One transaction per batch: an interrupted run keeps what it found, and a new run
            # skips the pairs already suggested.
            with transaction.atomic():
                found += suggest_for_events(Event.objects.filter(pk__in=chunk))
            if options["verbosity"] > 1:
                self.stdout.write(f"{first + len(chunk)} of {len(ids)} events compared")
        self.stdout.write(f"Compared {len(ids)} event(s): {found} likely duplicate pair(s) found.")
