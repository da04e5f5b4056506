"""Actors and topics: aliases and keywords inline, merging actors, re-tagging pending events."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from simple_history.admin import SimpleHistoryAdmin

from ..candidates import accept_candidate
from ..merging import merge_actors
from ..models import Actor, ActorAlias, ActorOffice, Event, Topic, TopicKeyword
from ..tasks import retag_pending_events_task
from . import reextraction
from .forms import EditorModelForm, KeepActorForm


class RetagMixin:
    """After aliases or keywords change, re-run extraction where machine proposals remain and
    the selected actors or topics may tag them: in the background (admin.reextraction)."""

    @admin.action(
        description="Re-tag pending events (re-run extraction on articles with untouched events "
        "that name the selection)",
        permissions=["change"],
    )
    def retag_pending_events(self, request, queryset):
        chosen = list(queryset.order_by("name"))
        ids = [item.pk for item in chosen]
        actor_ids, topic_ids = (ids, []) if self.model is Actor else ([], ids)
        names = ", ".join(str(item) for item in chosen[:3])
        if len(chosen) > 3:
            names += f" and {len(chosen) - 3} more"
        return reextraction.start(
            self,
            request,
            retag_pending_events_task,
            actor_ids,
            topic_ids,
            description=f"Re-tag pending events for {names}",
        )


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = EditorModelForm
    extra = 1


class ActorOfficeInline(admin.TabularInline):
    """The posts a person held, so that "Germany's defence minister" points to them on the day."""

    model = ActorOffice
    form = EditorModelForm
    fk_name = "actor"
    extra = 1
    autocomplete_fields = ["of"]
    fields = ["role", "of", "start", "end"]
    verbose_name = "office held"
    verbose_name_plural = "offices held"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("of")


@admin.register(Actor)
class ActorAdmin(RetagMixin, SimpleHistoryAdmin):
    form = EditorModelForm
    list_display = ["name", "kind", "part_of", "alias_list", "event_count"]
    ordering = ["name"]
    list_filter = ["kind"]
    list_select_related = ["part_of"]
    search_fields = ["name", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "part_of", "description"]
    autocomplete_fields = ["part_of"]
    inlines = [ActorAliasInline, ActorOfficeInline]
    actions = ["merge_selected", "retag_pending_events"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(event_count=Count("events", distinct=True))
        )

    # Accepting a candidate actor: the add form opened from an event, with the name filled in.

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "name" in request.GET:
            initial.setdefault("slug", slugify(request.GET["name"]))
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = self._candidate_event(request)
        if event is not None and not change:
            accept_candidate(event, form.instance)
            self.message_user(
                request,
                format_html(
                    "Added {} to the vocabulary and tagged event #{} with it. Re-tag pending "
                    "events to find it in other articles.",
                    form.instance.name,
                    event.pk,
                ),
                messages.SUCCESS,
            )

    def response_add(self, request, obj, post_url_continue=None):
        event = self._candidate_event(request)
        if event is not None and "_continue" not in request.POST:
            return HttpResponseRedirect(reverse("admin:timeline_event_change", args=[event.pk]))
        return super().response_add(request, obj, post_url_continue)

    def _candidate_event(self, request) -> Event | None:
        event_id = request.GET.get("candidate_of", "")
        if not event_id.isdigit() or not request.user.has_perm("timeline.change_event"):
            return None
        return Event.objects.filter(pk=int(event_id)).first()

    @admin.display(description="Aliases")
    def alias_list(self, actor):
        return ", ".join(alias.alias for alias in actor.aliases.all())

    @admin.display(description="Events", ordering="event_count")
    def event_count(self, actor):
        return actor.event_count

    # Merging removes actors, so it needs the right to delete them (superusers only).
    @admin.action(description="Merge the selected actors into one…", permissions=["delete"])
    def merge_selected(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return None
        form = KeepActorForm(request.POST if "apply" in request.POST else None, actors=queryset)
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["keep"]
            others = list(queryset.exclude(pk=target.pk))
            moved = merge_actors(target, others)
            self.message_user(
                request,
                f"Merged {', '.join(o.name for o in others)} into {target.name}: "
                f"{moved} event(s) now tagged with {target.name}.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge actors",
            "opts": self.opts,
            "selected": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/timeline/actor/merge.html", context)


class TopicKeywordInline(admin.TabularInline):
    model = TopicKeyword
    form = EditorModelForm
    extra = 1


@admin.register(Topic)
class TopicAdmin(RetagMixin, SimpleHistoryAdmin):
    form = EditorModelForm
    list_display = ["name", "slug", "keyword_list", "event_count"]
    ordering = ["name"]
    search_fields = ["name", "slug", "keywords__phrase"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TopicKeywordInline]
    actions = ["retag_pending_events"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("keywords")
            .annotate(event_count=Count("events", distinct=True))
        )

    @admin.display(description="Keywords")
    def keyword_list(self, topic):
        return ", ".join(keyword.phrase for keyword in topic.keywords.all())

    @admin.display(description="Events", ordering="event_count")
    def event_count(self, topic):
        return topic.event_count
