"""The timeline's filter form: reads the query string so that every view is a shareable URL.

Invalid values never fail the page: each one is dropped with a message saying why, and the
rest of the filters still apply. The valid part becomes a ``filters.TimelineFilter``.
"""

import re

from django import forms
from django.utils.functional import cached_property

from .counting import with_public_counts
from .filters import Cursor, Sort, TimelineFilter, View
from .models import Actor, Topic
from .periods import parse_period

SLUG = re.compile(r"^[-\w]+$")
MAX_SLUGS = 10


class SlugListField(forms.Field):
    """Several ``?actor=a&actor=b`` values: well-formed slugs, deduplicated, in order."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        slugs = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
        if len(slugs) > MAX_SLUGS:
            raise forms.ValidationError(f"Choose at most {MAX_SLUGS} at once.")
        for slug in slugs:
            if not SLUG.match(slug):
                raise forms.ValidationError(f"“{slug}” is not a valid name in a link.")
        return slugs


class PeriodField(forms.CharField):
    """``2022``, ``2022-10`` or ``2022-10-01`` → (first day, last day, text as given)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            first, last = parse_period(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return first, last, text


class CursorField(forms.CharField):
    def to_python(self, value) -> Cursor | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Cursor.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class TimelineFilterForm(forms.Form):
    """Parses the timeline's query string; ``filters`` is the valid part of it."""

    actor = SlugListField(required=False)
    topic = SlugListField(required=False)
    q = forms.CharField(label="Search titles and quotes", required=False, max_length=200)
    sort = forms.ChoiceField(
        label="Order",
        choices=Sort.choices,
        required=False,
        error_messages={"invalid_choice": "Order is “newest” or “oldest”; showing newest first."},
    )
    view = forms.ChoiceField(
        choices=View.choices,
        required=False,
        error_messages={"invalid_choice": "The view is “list” or “chart”; showing the list."},
    )
    cursor = CursorField(required=False, widget=forms.HiddenInput)
    through = CursorField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be declared as class attributes.
        self.fields["from"] = PeriodField(label="From", required=False, max_length=10)
        self.fields["to"] = PeriodField(label="To", required=False, max_length=10)
        self.unknown: list[str] = []

    @property
    def typed_dates(self) -> dict[str, str]:
        """The From and To fields as typed, valid or not, so that a typo is corrected in place."""
        return {name: str(self.data.get(name) or "").strip()[:10] for name in ("from", "to")}

    def clean_actor(self) -> list[Actor]:
        return self._known(Actor, self.cleaned_data["actor"], "actor")

    def clean_topic(self) -> list[Topic]:
        return self._known(Topic, self.cleaned_data["topic"], "topic")

    def _known(self, model, slugs: list[str], noun: str) -> list:
        """The named rows that exist, in the order given; unknown names become a message."""
        if not slugs:
            return []
        # Counted too, in the same query: the rarest chosen one is where reading starts.
        rows = with_public_counts(model.objects.filter(slug__in=slugs))
        found = {row.slug: row for row in rows}
        for slug in slugs:
            if slug not in found:
                self.unknown.append(f"There is no {noun} “{slug}”; that filter was ignored.")
        return [found[slug] for slug in slugs if slug in found]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start[0] > end[1]:
            self.add_error("to", "“To” is before “From”; the dates were ignored.")
            cleaned.pop("from", None)
        return cleaned

    @cached_property
    def filters(self) -> TimelineFilter:
        self.is_valid()
        data = self.cleaned_data
        start, end = data.get("from"), data.get("to")
        problems = [message for errors in self.errors.values() for message in errors]
        return TimelineFilter(
            actors=tuple(data.get("actor") or ()),
            topics=tuple(data.get("topic") or ()),
            start=start[0] if start else None,
            end=end[1] if end else None,
            start_text=start[2] if start else "",
            end_text=end[2] if end else "",
            q=data.get("q") or "",
            sort=data.get("sort") or Sort.NEWEST,
            view=data.get("view") or View.LIST,
            cursor=data.get("cursor"),
            # A page is either after a cursor or from the start through one, never both.
            through=None if data.get("cursor") else data.get("through"),
            problems=tuple(problems + self.unknown),
        )
