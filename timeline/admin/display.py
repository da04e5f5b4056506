"""How the admin shows evidence: a quoted sentence with its time expression highlighted, and
read-only lists of mentions."""

from django.contrib import admin
from django.utils.html import format_html

from ..models import Mention


def quote(mention: Mention | None) -> str:
    """The sentence, escaped, with the time expression in <mark>."""
    if mention is None:
        return "—"
    before, expression, after = mention.sentence_parts
    if not expression:
        return format_html("{}", mention.sentence)
    return format_html("{}<mark>{}</mark>{}", before, expression, after)


class ReadOnlyMentionInline(admin.TabularInline):
    """Mentions listed on an article or an event: evidence to read, never edited in place."""

    model = Mention
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
