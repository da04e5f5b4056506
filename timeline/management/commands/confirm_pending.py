"""``manage.py confirm_pending``: confirm confident machine proposals in bulk (demos, trusted
feeds), recorded in each event's history like a confirmation in the admin."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from timeline.models import Event, Status


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
        # An undated event cannot be placed on the timeline: it waits for an editor.
        # Events of articles set aside as not relevant are out of the queue: they stay pending.
        events = Event.objects.awaiting_review().filter(
            edited_at__isnull=True, confidence__gte=min_confidence, date__isnull=False
        )
        if article is not None:
            events = events.filter(mentions__article_id=article)
        events = list(events.distinct())
        now = timezone.now()
        for event in events:
            event.status, event.reviewed_at, event.reviewed_by = Status.CONFIRMED, now, None
            # bulk_update skips auto_now: the change time is set here, as save() would.
            event.updated_at = now
            event.version += 1  # an editor's form opened before this is now out of date
        bulk_update_with_history(
            events,
            Event,
            ["status", "reviewed_at", "reviewed_by", "updated_at", "version"],
            batch_size=500,
            default_change_reason="Confirmed in bulk (confirm_pending)",
        )
        remaining = Event.objects.pending().count()
        self.stdout.write(f"Confirmed {len(events)} event(s); {remaining} still pending review.")
