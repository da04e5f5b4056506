"""``manage.py confirm_pending``: confirm confident machine proposals in bulk (demos, trusted
feeds)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from timeline.models import Event, Status


class Command(BaseCommand):
    help = (
        "Confirm pending events at or above a confidence, optionally of one article. "
        "Events editors edited or rejected are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-confidence", type=float, required=True)
        parser.add_argument("--article", type=int, help="Only events of this article id.")
        parser.add_argument(
            "--dated-only", action="store_true", help="Leave events that still need a date."
        )

    def handle(self, *args, min_confidence, article, dated_only, **options):
        if not 0 <= min_confidence <= 1:
            raise CommandError("--min-confidence is between 0 and 1.")
        events = Event.objects.untouched().filter(confidence__gte=min_confidence)
        if article is not None:
            events = events.filter(mentions__article_id=article)
        if dated_only:
            events = events.filter(date__isnull=False)
        count = Event.objects.filter(pk__in=events.values("pk")).update(
            status=Status.CONFIRMED, reviewed_at=timezone.now(), reviewed_by=None
        )
        remaining = Event.objects.pending().count()
        self.stdout.write(
            f"Confirmed {count} event(s); {remaining} pending event(s) left for review."
        )
