"""Actors and topics: aliases and keywords inline, merging actors, re-tagging pending events."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from ..ingestion import IngestError, reextract_articles
from ..merging import merge_actors
from ..models import Actor, ActorAlias, Article, Event, Topic, TopicKeyword
from .forms import EditorModelForm, KeepActorForm


class RetagMixin:
    """After aliases or keywords change, re-run extraction where machine proposals remain."""

    @admin.action(
        description="Re-tag pending events (re-run extraction on articles with untouched events)",
        permissions=["change"],
    )
    def retag_pending_events(self, request, queryset):
        articles = Article.objects.filter(mentions__event__in=Event.objects.untouched()).distinct()
        try:
            with transaction.atomic():
                summary = reextract_articles(articles)
        except IngestError as error:
            self.message_user(request, f"Re-tagging failed: {error}", messages.ERROR)
            return
        self.message_user(
            request,
            f"Re-tagged the pending events of {len(articles)} article(s): "
            f"{summary.replaced} proposal(s) replaced by {summary.added}; "
            f"{summary.kept} reviewed or edited event(s) kept as they are.",
            messages.SUCCESS,
        )


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = EditorModelForm
    extra = 1


@admin.register(Actor)
class ActorAdmin(RetagMixin, SimpleHistoryAdmin):
    form = EditorModelForm
    list_display = ["name", "kind", "alias_list", "event_count"]
    ordering = ["name"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    actions = ["merge_selected", "retag_pending_events"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(event_count=Count("events", distinct=True))
        )

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
