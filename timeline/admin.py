"""The editors' workspace: articles, the events proposed from them, and the vocabularies."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from .models import Actor, ActorAlias, Article, Event, Mention, Topic, TopicKeyword

admin.site.site_header = "Defence-cooperation timeline: editors"
admin.site.site_title = "Timeline editors"
admin.site.index_title = "Review and curate"


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "alias_list", "event_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]

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


class TopicKeywordInline(admin.TabularInline):
    model = TopicKeyword
    extra = 1


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "keyword_list", "event_count"]
    search_fields = ["name", "slug", "keywords__phrase"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TopicKeywordInline]

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


class MentionInline(admin.StackedInline):
    model = Mention
    extra = 0
    fields = [
        "article",
        "sentence",
        "expression",
        "start",
        "end",
        "expression_start",
        "expression_end",
    ]
    readonly_fields = ["article", "start", "end", "expression_start", "expression_end"]
    raw_id_fields = ["article"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date_display", "precision", "status", "confidence", "implicit_date"]
    list_filter = ["status", "precision", "implicit_date", "topics", "actors"]
    search_fields = ["title", "mentions__sentence", "actors__name", "topics__name"]
    date_hierarchy = "date"
    filter_horizontal = ["actors", "topics"]
    readonly_fields = [
        "timex",
        "reviewed_by",
        "reviewed_at",
        "edited_by",
        "edited_at",
        "period_end",
    ]
    inlines = [MentionInline]

    @admin.display(description="Date", ordering="date")
    def date_display(self, event):
        return event.date_display


class EventMentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["event_link", "sentence", "expression"]
    readonly_fields = ["event_link", "sentence", "expression"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    @admin.display(description="Event")
    def event_link(self, mention):
        url = reverse("admin:timeline_event_change", args=[mention.event_id])
        return format_html('<a href="{}">{}</a>', url, mention.event)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published", "published_source", "extractor_version"]
    list_filter = ["published_source", "publisher", "language"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published"
    readonly_fields = [
        "content_hash",
        "extractor_version",
        "extracted_at",
        "created_at",
        "updated_at",
    ]
    inlines = [EventMentionInline]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["sentence", "expression", "article", "event"]
    search_fields = ["sentence", "expression"]
    raw_id_fields = ["event", "article"]
