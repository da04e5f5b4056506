"""How the admin lists evidence: read-only mentions (quotes are shown with
``evidence.highlighted``, as on the public pages)."""

from django.contrib import admin

from ..models import Mention


class ReadOnlyMentionInline(admin.TabularInline):
    """Mentions listed on an article or an event: evidence to read, never edited in place."""

    model = Mention
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
