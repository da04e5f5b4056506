"""One request at a time to each host, ``SOURCE_HOST_DELAY_SECONDS`` apart, whichever poller or
worker makes it: the pace is kept in the database, so one outlet's many feeds and pages are not
fetched all at once by parallel workers."""

import datetime
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import HostPace


def wait_for_turn(url: str) -> None:
    """Return when a request to ``url``'s host may start, having booked the next turn."""
    delay = settings.SOURCE_HOST_DELAY_SECONDS
    host = (urlsplit(url).hostname or "").lower()
    if delay <= 0 or not host:
        return
    gap = datetime.timedelta(seconds=delay)
    while True:
        now = timezone.now()
        # A conditional update is atomic on every database: of two pollers, one books the turn.
        if HostPace.objects.filter(host=host, next_request_at__lte=now).update(
            next_request_at=now + gap
        ):
            return
        booked = (
            HostPace.objects.filter(host=host).values_list("next_request_at", flat=True).first()
        )
        if booked is None:
            try:
                with transaction.atomic():
                    HostPace.objects.create(host=host, next_request_at=now + gap)
                return
            except IntegrityError:
                continue  # another poller created it first: wait for our turn as usual
        time.sleep(min(max((booked - now).total_seconds(), 0.01), delay))
