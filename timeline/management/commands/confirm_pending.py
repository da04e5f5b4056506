"""``manage.py confirm_pending``: confirm confident machine proposals in bulk (demos, trusted
feeds), recorded in each event's history like a confirmation in the admin."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from timeline.models import REVIEW_FIELDS, Event, Status


class Command(BaseCommand):
    help = (
        "Confirm untouched pending events at or above a confidence, optionally of one "
        "article. Events that still need a date, and events editors edited or rejected, "
        "are never touched, nor those of articles set aside as not relevant."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-confidence", type=float, required=True)
        parser.add_argument("--article", type=int, help="Only events of this article id.")

    def handle(self, *args, min_confidence, article, **options):
        if not 0 <= min_confidence <= 1:
            raise CommandError("--min-confidence is between 0 and 1.")
        # Events of articles set aside as not relevant are out of the queue: they stay pending.
        # Undated events are not confirmable (Event.review refuses them): they wait for an editor.
        events = Event.objects.confirmable(min_confidence).filter(edited_at__isnull=True)
        if article is not None:
            events = events.filter(mentions__article_id=article)
        events = list(events.distinct())
        now = timezone.now()
        for event in events:
            event.review(Status.CONFIRMED, None)
            event._change_reason = "Confirmed in bulk (confirm_pending)"
            # bulk_update skips auto_now: the change time is set here, as save() would.
            event.reviewed_at = event.updated_at = now
            event.version += 1  # an editor's form opened before this is now out of date
        bulk_update_with_history(
            events,
            Event,
            [*REVIEW_FIELDS, "updated_at", "version"],
            batch_size=500,
        )
        remaining = Event.objects.pending().count()
        self.stdout.write(f"Confirmed {len(events)} event(s); {remaining} still pending review.")
