"""The review queue page: one pending event at a time, keyboard first, every action a plain form.

Each action is a POST that redirects to the next event (so the page works without JavaScript);
with htmx the same redirect is followed in the background and only the ``review`` partial is
swapped in. The rules (undated events are not confirmed, what makes an event edited, the
queue's orders) are the model's; the editor's place in the queue is ``timeline.reviewing``'s.
"""

from dataclasses import replace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html

from ..candidates import add_candidate_actor
from ..duplicates import best_suggestion, mark_not_duplicate, merge_into
from ..evidence import highlighted
from ..merging import MergeConflict
from ..models import (
    REVIEW_FIELDS,
    ActorKind,
    Article,
    Event,
    QueueOrder,
    ReviewRefused,
    Status,
)
from ..reviewing import (
    REJECTION_REASONS,
    QueueView,
    ReviewRun,
    UndoRefused,
    article_events,
    before_decision,
    locate,
    locked_for_review,
    next_after,
    undo_decision,
    undo_queue_merge,
    with_evidence,
)
from ..tasks import retag_pending_events_task
from .forms import EditorModelForm, WithoutControlCharacters

# The fields of an event an editor corrects from the queue, as stored in the event's own row.
ROW_FIELDS = ["title", "date", "date_end", "precision"]
TEMPLATE = "admin/timeline/event/queue.html"


class QueueEventForm(EditorModelForm):
    """The event as the editor may correct it before confirming: title, date, actors, topics."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Event
        fields = [*ROW_FIELDS, "actors", "topics"]
        widgets = {
            # Two lines: a headline of 140 characters is read whole, not scrolled through.
            "title": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "date": forms.DateInput(
                format="%Y-%m-%d", attrs={"placeholder": "YYYY-MM-DD", "size": 10}
            ),
            "date_end": forms.DateInput(
                format="%Y-%m-%d", attrs={"placeholder": "YYYY-MM-DD", "size": 10}
            ),
            **{
                name: AutocompleteSelectMultiple(
                    Event._meta.get_field(name), admin.site, attrs={"data-width": "100%"}
                )
                for name in ("actors", "topics")
            },
        }
        labels = {"date": "Date", "date_end": "Until", "title": "Headline"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean_title(self):
        # One line, however it was typed or pasted (Enter in the box confirms, with the script).
        return " ".join(self.cleaned_data["title"].split())


class QueueRejectForm(WithoutControlCharacters, forms.Form):
    """A common reason (one key each) and/or the editor's own words."""

    reason = forms.TypedChoiceField(
        choices=[(n, text) for n, text in enumerate(REJECTION_REASONS, start=1)],
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Other reason, or more detail",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"size": 60}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("reason") and not cleaned.get("note", "").strip():
            raise forms.ValidationError("Choose a reason or write one.")
        return cleaned

    def reason_text(self) -> str:
        chosen = self.cleaned_data.get("reason")
        parts = [REJECTION_REASONS[chosen - 1] if chosen else "", self.cleaned_data["note"].strip()]
        return ": ".join(part for part in parts if part)


class CandidateActorForm(WithoutControlCharacters, forms.Form):
    """A name the extractor saw acting, added to the vocabulary from the queue."""

    name = forms.CharField(max_length=200, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ActorKind.choices, initial=ActorKind.PERSON)
    aliases = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Other spellings, separated by commas.",
        widget=forms.TextInput(attrs={"size": 30}),
    )

    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.cleaned_data["aliases"].split(",") if alias.strip()]


class Conflict(Exception):
    """The event changed (or went) since the editor's page showed it; the message says how."""


class ReviewQueueView:
    """The queue page and its actions, for EventAdmin (permissions, messages, the log)."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request):
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied
        view = QueueView.from_query(request.GET)
        if request.method == "POST":
            return self.act(request, view)
        event_id = request.GET.get("event", "")
        return self.render(request, view, int(event_id) if event_id.isdigit() else None)

    # Showing an event.

    def render(self, request, view, event_id, *, form=None, reject_form=None, status=200):
        position = locate(view, event_id)
        event = position.event
        run = ReviewRun(request.session)
        context = {
            **self.model_admin.admin_site.each_context(request),
            "title": "Review queue",
            "opts": Event._meta,
            "view": view,
            "position": position,
            "event": event,
            "run": run,
            "orders": QueueOrder.choices,
            "reasons": REJECTION_REASONS,
        }
        if view.active_filters():
            context["chips"] = [
                (name, value, view.without(name).query()) for name, value in view.active_filters()
            ]
        if event is not None:
            mentions = list(event.mentions.all())
            # The quote that dated the event first: a headline seldom says when.
            mentions.sort(key=lambda mention: not mention.expression)
            form = form or QueueEventForm(instance=event)
            article = mentions[0].article if mentions else None
            context.update(
                form=form,
                media=self.model_admin.media + form.media,
                mention=mentions[0] if mentions else None,
                quote=highlighted(mentions[0] if mentions else None),
                other_quotes=[highlighted(mention) for mention in mentions[1:]],
                article=article,
                outlet_query=replace(view, outlet=article.publisher).query() if article else "",
                neighbours=article_events(event),
                reject_form=reject_form or QueueRejectForm(initial={"version": event.version}),
                candidates=[
                    CandidateActorForm(initial={"name": name}, prefix=f"candidate{n}")
                    for n, name in enumerate(event.candidate_actors)
                ],
                pending=event.status == Status.PENDING,
                suggestion=best_suggestion(event) if event.status == Status.PENDING else None,
            )
        else:
            context["media"] = self.model_admin.media
        template = f"{TEMPLATE}#review" if request.htmx and not request.htmx.boosted else TEMPLATE
        response = TemplateResponse(request, template, context, status=status)
        patch_vary_headers(response, ["HX-Request"])
        if request.htmx:
            response["HX-Push-Url"] = request.get_full_path()
        return response

    def queue_url(self, view, event_id=None) -> str:
        url = reverse("admin:timeline_event_queue")
        query = view.query(event=event_id)
        return f"{url}?{query}" if query else url

    # Acting on an event.

    def act(self, request, view):
        # "Save edits" is a second button of the confirming form: its name says which was pressed.
        action = "save" if "save" in request.POST else request.POST.get("action", "")
        handlers = {
            "confirm": self.confirm,
            "save": self.save_edits,
            "reject": self.reject,
            "skip": self.skip,
            "undo": self.undo,
            "add_actor": self.add_actor,
            "merge": self.merge,
            "not_duplicate": self.not_duplicate,
        }
        event_id = request.POST.get("event", "")
        if action not in handlers or (action != "undo" and not event_id.isdigit()):
            messages.error(request, "That action is not one the queue knows.")
            return HttpResponseRedirect(self.queue_url(view), status=303)
        return handlers[action](request, view, int(event_id) if event_id.isdigit() else None)

    def locked(self, event_id: int, version) -> Event:
        """The event, locked until the transaction ends, as the editor saw it; else Conflict."""
        from .events import changed_since_message

        event = locked_for_review(event_id)
        if event is None:
            raise Conflict(
                f"Event #{event_id} no longer exists: another editor has merged it into another."
            )
        if str(event.version) != str(version):
            raise Conflict(changed_since_message(event_id))
        return event

    def done(self, request, view, event, text, *, following=None):
        """Say what happened and go on to the next event (``following`` when the caller found
        it before the event left the queue for good, as a merge does)."""
        messages.success(request, text)
        following = following if following is not None else next_after(view, event)
        return HttpResponseRedirect(self.queue_url(view, following), status=303)

    def refused(self, request, view, event_id, text, **forms_):
        messages.error(request, text)
        return self.render(request, view, event_id, **forms_)

    def confirm(self, request, view, event_id, *, decide=True):
        try:
            with transaction.atomic():
                event = self.locked(event_id, request.POST.get("version"))
                before = before_decision(event)
                form = QueueEventForm(request.POST, instance=event)
                if not form.is_valid():
                    return self.refused(
                        request, view, event_id, "Correct the errors below.", form=form
                    )
                written = [name for name in form.changed_data if name in ROW_FIELDS]
                written += event.mark_edited(request.user, form.changed_data)
                if decide:
                    event.review(Status.CONFIRMED, request.user)
                    written += REVIEW_FIELDS
                event.save(update_fields=written)
                for name in {"actors", "topics"} & set(form.changed_data):
                    getattr(event, name).set(form.cleaned_data[name])
        except Conflict as conflict:
            return self.refused(request, view, event_id, str(conflict))
        except ReviewRefused as refusal:
            form.add_error("date", str(refusal))
            return self.refused(request, view, event_id, str(refusal), form=form)
        summary = getattr(event, "_change_reason", "")
        self.model_admin.log_change(request, event, summary)
        if not decide:
            messages.success(request, f"{summary}: “{event.title}” (still pending).")
            return HttpResponseRedirect(self.queue_url(view, event.pk), status=303)
        ReviewRun(request.session).record("confirmed", event, before)
        return self.done(request, view, event, f"{summary}: “{event.title}”.")

    def save_edits(self, request, view, event_id):
        return self.confirm(request, view, event_id, decide=False)

    def reject(self, request, view, event_id):
        form = QueueRejectForm(request.POST)
        if not form.is_valid():
            return self.refused(
                request, view, event_id, "Say why it is rejected.", reject_form=form
            )
        try:
            with transaction.atomic():
                event = self.locked(event_id, form.cleaned_data["version"])
                before = before_decision(event)
                event.review(Status.REJECTED, request.user, form.reason_text())
                event.save(update_fields=REVIEW_FIELDS)
        except Conflict as conflict:
            return self.refused(request, view, event_id, str(conflict))
        self.model_admin.log_change(request, event, event._change_reason)
        ReviewRun(request.session).record("rejected", event, before)
        return self.done(request, view, event, f"{event._change_reason} — “{event.title}”.")

    def skip(self, request, view, event_id):
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            return HttpResponseRedirect(self.queue_url(view), status=303)
        ReviewRun(request.session).record("skipped", event)
        return self.done(request, view, event, f"Skipped “{event.title}”: it stays pending.")

    def undo(self, request, view, event_id):
        run = ReviewRun(request.session)
        last = run.undoable
        if last is None:
            messages.info(request, "Nothing to undo.")
            return HttpResponseRedirect(self.queue_url(view, event_id), status=303)
        if last["action"] == "merged":
            return self.undo_merge(request, view, run, last)
        if last["action"] == "skipped":
            run.forget_undo("skipped")
            messages.success(request, f"Back to “{last['title']}”.")
            return HttpResponseRedirect(self.queue_url(view, last["event"]), status=303)
        try:
            event = undo_decision(last, request.user)
        except UndoRefused as refusal:
            run.forget_undo("")
            messages.error(request, str(refusal))
            return HttpResponseRedirect(self.queue_url(view, last["event"]), status=303)
        run.forget_undo(last["action"])
        self.model_admin.log_change(request, event, event._change_reason)
        messages.success(request, f"Undone: “{event.title}” is pending again.")
        return HttpResponseRedirect(self.queue_url(view, event.pk), status=303)

    def undo_merge(self, request, view, run, last):
        try:
            event = undo_queue_merge(last, request.user)
        except MergeConflict as conflict:
            run.forget_undo("")
            messages.error(request, str(conflict))
            return HttpResponseRedirect(self.queue_url(view, last["event"]), status=303)
        run.forget_undo("merged")
        messages.success(request, f"Undone: “{event.title}” is a pending event of its own again.")
        return HttpResponseRedirect(self.queue_url(view, event.pk), status=303)

    def suggested(self, request, event_id):
        """The event, as the editor saw it, and the duplicate the queue suggested for it."""
        event = self.locked(event_id, request.POST.get("version"))
        suggestion = best_suggestion(event)
        if suggestion is None or str(suggestion.other.pk) != request.POST.get("other", ""):
            raise Conflict(
                "That suggestion is no longer open (merged, rejected or marked as different "
                "meanwhile): here is the event as it is now."
            )
        return event, suggestion.other

    def merge(self, request, view, event_id):
        """Merge the event into the suggested original, as a further source of it."""
        if not self.model_admin.has_delete_permission(request):
            raise PermissionDenied
        try:
            with transaction.atomic():
                event, original = self.suggested(request, event_id)
                following = next_after(view, event)
                merge = merge_into(event, original, request.user)
        except (Conflict, MergeConflict) as conflict:
            return self.refused(request, view, event_id, str(conflict))
        ReviewRun(request.session).record("merged", event, merge=merge.pk)
        text = f"Merged into #{original.pk} “{original.title}”: it is a further source of it now."
        return self.done(request, view, event, text, following=following)

    def not_duplicate(self, request, view, event_id):
        try:
            with transaction.atomic():
                event, other = self.suggested(request, event_id)
                mark_not_duplicate(event, other, request.user)
        except (Conflict, MergeConflict) as conflict:
            return self.refused(request, view, event_id, str(conflict))
        messages.success(
            request, f"Not a duplicate of #{other.pk}: remembered, it will not be suggested again."
        )
        return HttpResponseRedirect(self.queue_url(view, event.pk), status=303)

    def add_actor(self, request, view, event_id):
        prefix = request.POST.get("candidate", "")
        form = CandidateActorForm(
            request.POST, prefix=prefix if prefix.startswith("candidate") else None
        )
        if not form.is_valid():
            return self.refused(request, view, event_id, "Choose the new actor's kind.")
        if not request.user.has_perm("timeline.add_actor"):
            raise PermissionDenied
        try:
            with transaction.atomic():
                event = self.locked(event_id, request.POST.get("version"))
                accepted = add_candidate_actor(
                    event, form.cleaned_data["name"], form.cleaned_data["kind"], form.alias_list()
                )
                # Tagging is an editor's correction: re-extraction must keep this event.
                written = event.mark_edited(request.user, ["actors"])
                event.save(update_fields=written)
        except Conflict as conflict:
            return self.refused(request, view, event_id, str(conflict))
        actor = accepted.actor
        if accepted.created:
            self.model_admin.log_addition(request, actor, f"Added from event #{event.pk}")
        retag_pending_events_task.enqueue(
            [actor.pk], [], description=f"Re-tag pending events naming {actor.name}"
        )
        note = f" (aliases already taken: {', '.join(accepted.taken_aliases)})"
        messages.success(
            request,
            format_html(
                "{} {} and tagged this event with it; other pending events that name it are "
                "being re-tagged in the background.{}",
                "Added" if accepted.created else "Found",
                actor.name,
                note if accepted.taken_aliases else "",
            ),
        )
        return HttpResponseRedirect(self.queue_url(view, event.pk), status=303)


class BulkConfirmForm(forms.Form):
    article = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    min_confidence = forms.FloatField(
        label="Confidence at least", min_value=0, max_value=1, initial=0.8
    )


def confirm_article(model_admin, request):
    """ "Confirm all remaining of this article with confidence ≥ X": a preview of exactly what
    will be confirmed (and what stays pending, and why), then the confirmation itself."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    form = BulkConfirmForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, "Give an article and a confidence between 0 and 1.")
        return HttpResponseRedirect(reverse("admin:timeline_event_queue"), status=303)
    article = Article.objects.filter(pk=form.cleaned_data["article"]).first()
    if article is None:
        messages.error(request, "That article no longer exists.")
        return HttpResponseRedirect(reverse("admin:timeline_event_queue"), status=303)
    minimum = form.cleaned_data["min_confidence"]
    of_article = Event.objects.filter(mentions__article=article).distinct()
    chosen = of_article.confirmable(minimum).order_by("date", "id")
    queue = f"{reverse('admin:timeline_event_queue')}?article={article.pk}"
    if request.method == "POST" and "confirm" in request.POST:
        confirmed = chosen.review_each(Status.CONFIRMED, request.user)
        for event in confirmed:
            model_admin.log_change(request, event, "Confirmed in bulk from the review queue")
        ReviewRun(request.session).record_bulk(len(confirmed))
        messages.success(request, f"Confirmed {len(confirmed)} event(s) of “{article}”.")
        return HttpResponseRedirect(queue, status=303)
    left = of_article.awaiting_review().exclude(pk__in=chosen.values("pk")).order_by("id")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Confirm the rest of an article",
        "opts": Event._meta,
        "article": article,
        "form": form,
        "minimum": minimum,
        "chosen": with_evidence(chosen),
        "left": left,
        "queue_url": queue,
    }
    return TemplateResponse(request, "admin/timeline/event/queue_confirm_article.html", context)
