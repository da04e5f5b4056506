"""How the admin shows evidence: a quoted sentence with its time expression highlighted."""

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
