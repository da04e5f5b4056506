"""How an event's evidence is shown to people: the quoted sentence without a stray quotation
mark and with its time expression highlighted, the sources counted by article, and whether the
event's title only repeats its quote.

The public pages, the admin, the feed and the exports all go through these, so a quote reads
the same everywhere.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .models import Article, Event, Mention

# A sentence split out of a quotation can keep the opening mark of a quote that closes in the
# next sentence, or the closing mark of one that opened in the previous.
STRAIGHT = '"'
OPENING = "“"
CLOSING = "”"
ELLIPSIS = "…"


def unmatched_marks(sentence: str) -> tuple[int, int]:
    """How many characters to drop at each end: a quotation mark that has no partner."""
    head = tail = 0
    straight_odd = sentence.count(STRAIGHT) % 2 == 1
    if sentence.startswith(OPENING) and sentence.count(OPENING) > sentence.count(CLOSING):
        head = 1
    elif sentence.startswith(STRAIGHT) and straight_odd:
        head = 1
        straight_odd = False
    if (sentence.endswith(CLOSING) and sentence.count(CLOSING) > sentence.count(OPENING)) or (
        sentence.endswith(STRAIGHT) and straight_odd and len(sentence) > head
    ):
        tail = 1
    return head, tail


def quote_parts(mention: Mention) -> tuple[str, str, str]:
    """The quote split around its time expression, without unmatched quotation marks."""
    parts = list(mention.sentence_parts)
    head, tail = unmatched_marks(mention.sentence)
    filled = [index for index, part in enumerate(parts) if part]
    if head and filled:
        parts[filled[0]] = parts[filled[0]][head:]
    if tail and filled:
        parts[filled[-1]] = parts[filled[-1]][:-tail]
    before, expression, after = parts
    return before.lstrip(), expression, after.rstrip()


def quote_text(mention: Mention) -> str:
    """The quote as plain text, for exports and feeds."""
    return "".join(quote_parts(mention))


def plain_quote(sentence: str) -> str:
    """A quoted sentence as plain text without unmatched quotation marks, for exports that read
    sentences without their mentions."""
    head, tail = unmatched_marks(sentence)
    return sentence[head : len(sentence) - tail].strip()


def highlighted(mention: Mention | None) -> SafeString:
    """The quote, escaped, with its time expression in ``<mark>``; "—" when there is none."""
    if mention is None:
        return SafeString("—")
    before, expression, after = quote_parts(mention)
    if not expression:
        return format_html("{}", before + after)
    return format_html("{}<mark>{}</mark>{}", before, expression, after)


def repeats_quote(title: str, mention: Mention | None) -> bool:
    """Whether ``title`` is only the quote again: equal to it, or its beginning cut with "…".

    Older events were titled with their sentence; a card then shows the quote once.
    """
    if mention is None:
        return False
    quote = normalised(quote_text(mention))
    headline = normalised(title.strip().strip(STRAIGHT + OPENING + CLOSING))
    if headline.endswith(ELLIPSIS):
        stem = headline.removesuffix(ELLIPSIS).rstrip(" .,;:")
        return bool(stem) and quote.startswith(stem)
    return headline.rstrip(".") == quote.rstrip(".")


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Source:
    """One article that reports an event, with the sentences of it quoted as evidence."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)


def sources(event: Event) -> list[Source]:
    """The event's mentions grouped by article, in the order first mentioned.

    Two sentences of one article are one source, not two.
    """
    grouped: dict[int, Source] = {}
    for mention in event.mentions.all():
        grouped.setdefault(mention.article_id, Source(mention.article)).mentions.append(mention)
    return list(grouped.values())
