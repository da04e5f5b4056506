"""Forms of the editors' workspace: adding an article, and the choices behind review actions."""

import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django_tasks import TaskResult

from ..extraction.decoding import DecodingError, decode_text, strip_control_characters
from ..fetching import FetchError, check_scheme
from ..ingestion import IngestOutcome, ingest
from ..models import Event, Status
from ..tasks import failure_message, ingest_from_address, is_fetch_failure

ARTICLE_FILE_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}


class WithoutControlCharacters:
    """Form mixin: every text an editor sends loses the control characters PostgreSQL or XML
    cannot hold (a vertical tab pasted into a title used to break the Atom feed for everyone)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = strip_control_characters(value)
        return cleaned


class EditorModelForm(WithoutControlCharacters, forms.ModelForm):
    """The base of every form the editors' admin saves a model with."""


class IngestForm(WithoutControlCharacters, forms.Form):
    """One article from exactly one source: pasted text or HTML, an uploaded file, or a URL.

    Text and files are ingested at once (they are here, and extraction is fast); an address is
    fetched and ingested by a background task, so that a slow site never holds up the request.
    """

    text = forms.CharField(
        label="Paste the text or HTML",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100, "autofocus": True}),
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt or .html file in UTF-8, UTF-16, cp1251 or latin-1 (read as "
        "manage.py ingest reads it).",
    )
    fetch_url = forms.URLField(
        label="…or fetch it from this address",
        required=False,
        assume_scheme="https",
        max_length=2000,
    )
    published = forms.DateTimeField(
        label="Publication date",
        required=False,
        help_text="YYYY-MM-DD or YYYY-MM-DD HH:MM. Leave empty to take it from the article.",
    )
    url = forms.URLField(
        label="Article URL",
        required=False,
        assume_scheme="https",
        max_length=2000,
        help_text="Where it was published; the fetched address is used when this is empty.",
    )
    publisher = forms.CharField(
        required=False, max_length=200, help_text="Taken from the URL's host when empty."
    )

    def clean_fetch_url(self):
        address = self.cleaned_data.get("fetch_url")
        if address:
            try:
                check_scheme(address)
            except FetchError as error:
                raise ValidationError(str(error)) from None
        return address

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ARTICLE_FILE_TYPES:
            raise ValidationError("Upload a .txt or .html file.")
        if upload.size > settings.FETCH_MAX_BYTES:
            raise ValidationError(
                f"The file is larger than {settings.FETCH_MAX_BYTES // 1024} KiB."
            )
        return decode_article_file(upload.read()), ARTICLE_FILE_TYPES[suffix]

    def clean(self):
        cleaned = super().clean()
        sources = [
            name
            for name in ("text", "file", "fetch_url")
            if name not in self.errors and cleaned.get(name) and str(cleaned[name]).strip()
        ]
        if self.errors:
            return cleaned
        if not sources:
            raise ValidationError(
                "Give the article: paste its text, upload a file, or enter an address to fetch."
            )
        if len(sources) > 1:
            raise ValidationError("Give the article one way only: text, a file, or an address.")
        self.source = sources[0]
        return cleaned

    @property
    def fetches(self) -> bool:
        """Whether the article is to be fetched from an address, by a background task."""
        return self.source == "fetch_url"

    def ingest(self) -> IngestOutcome:
        """Store the pasted or uploaded article; raises IngestError (nothing written) when it
        cannot be."""
        content, content_type = (
            (self.cleaned_data["text"], None)
            if self.source == "text"
            else self.cleaned_data["file"]
        )
        return ingest(
            content,
            published=self.cleaned_data["published"],
            url=self.cleaned_data["url"],
            publisher=self.cleaned_data["publisher"],
            content_type=content_type,
        )

    def enqueue_fetch(self, user) -> TaskResult:
        """Queue the fetching and ingestion of the address; with the immediate backend the
        result is already final on return."""
        published = self.cleaned_data["published"]
        return ingest_from_address.enqueue(
            self.cleaned_data["fetch_url"],
            published=published.isoformat() if published else None,
            url=self.cleaned_data["url"],
            publisher=self.cleaned_data["publisher"],
            user_id=user.pk,
        )

    @classmethod
    def refused(cls, result: TaskResult) -> "IngestForm":
        """The form as the editor sent it to a fetch task that failed, saying why it failed."""
        published = result.kwargs.get("published")
        form = cls(
            {
                "fetch_url": result.args[0],
                "published": datetime.datetime.fromisoformat(published) if published else None,
                "url": result.kwargs.get("url", ""),
                "publisher": result.kwargs.get("publisher", ""),
            }
        )
        form.full_clean()
        form.add_task_failure(result)
        return form

    def add_task_failure(self, result: TaskResult) -> None:
        message = failure_message(result)
        if is_fetch_failure(result):
            self.add_error("fetch_url", message)
        else:
            self.add_error(None, f"The article was not added: {message}")


def decode_article_file(raw: bytes) -> str:
    """The uploaded file's text, decoded as ``manage.py ingest`` decodes a file."""
    try:
        text = decode_text(raw)
    except DecodingError as error:
        raise ValidationError(str(error)) from None
    if not text.strip():
        raise ValidationError("The file is empty.")
    return text


class RejectForm(WithoutControlCharacters, forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80, "autofocus": True}),
        help_text="Why these events are not part of the timeline: kept with the decision.",
    )


class KeepEventForm(forms.Form):
    """Which of the events being merged survives; the others' sources move to it."""

    keep = forms.ModelChoiceField(queryset=Event.objects.none(), widget=forms.RadioSelect)

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = events
        self.fields["keep"].initial = next(
            (e.pk for e in events if e.status == Status.CONFIRMED), events[0].pk if events else None
        )


class KeepActorForm(forms.Form):
    keep = forms.ModelChoiceField(
        label="Merge into", queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = actors
