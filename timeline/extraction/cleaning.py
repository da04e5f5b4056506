"""Turns scraped plain text or HTML into the article body: headline and paragraphs, no furniture.

Page furniture is what a scraper brings along with the story: navigation and language switchers,
bylines and timestamps, photo captions and credits, "Read also" links, comment forms, lines in
another language, the author's bio. Paragraphs in the body are separated by a blank line; every
offset the engine reports points into the body.
"""

import datetime
import html as html_lib
import re
from dataclasses import dataclass

import trafilatura

from .published import parse_dateline

# Lines that end the article: what follows them is other stories' headlines or site furniture.
_BLOCK_ENDS = re.compile(
    r"^(popular|most popular|most read|news by theme|read also|related|related news|more news|"
    r"related articles|related stories|recommended|you may also like|more from .{1,40}|"
    r"latest news|other news|tags|comments(?: \(\d+\))?|leave a (?:reply|comment)|"
    r"post a comment|add a comment|spelling error report|newsfeed|"
    r".*\bspelling error\b.*|.*\bctrl\s*\+\s*enter\b.*|"
    r"the following text will be sent to our editors.*|"
    r"your email address will not be published.*)$",
    re.IGNORECASE,
)
# Single lines of site furniture inside the article.
_JUNK_LINE = re.compile(
    r"^(fbpx|addendum|advertisement|advertising|sponsored|share|share this|subscribe|subscribed|"
    r"print|photo|video|menu|search|home|world|chats|loader|log in|sign in|register|close|"
    r"log in or register|to participate in the discussion|support us|english section|"
    r"ap logo|all news|live|listen|watch|follow us|newsletter|"
    r"(?:\d+\.\s*)?skip to .{1,40}|"
    r"get the latest news\b.*|sign up\b.*|.*\bcookies?\b.{0,40}\b(?:accept|consent|settings)\b.*|"
    r"(read also|read more|see also|also read)\b.*|"
    r"(photo|photos|image|illustration|video|source|credit)s?\s*(:|by\b).*|"
    r"by:?\s+[A-Z][\w.&'’ -]{1,60}|"
    r"(updated\s+)?\d{1,3}\s+(?:seconds?|minutes?|mins?|hours?|days?)\s+ago\b.{0,12}|"
    r"(share|follow us|subscribe)\b.{0,60}\b(facebook|telegram|twitter|x|whatsapp|viber|"
    r"linkedin|newsletter|channel)\b.*)$",
    re.IGNORECASE,
)
# "• 89303 переглядiв", "12 500 views", "1.2K", "#1": a number with at most one word after it.
# Possessive runs: a line of digits and dots then "#1" is rejected in one pass (it used to take
# seconds on a 20 KB line).
_COUNTER_LINE = re.compile(r"^[\W_]*+[0-9][0-9\s.,]*+[kKmM]?\s*+[^\W\d_]*+[\W_]*+$")
_URL_LINE = re.compile(r"^(https?://\S+|www\.\S+|[a-z0-9]+(?:-[a-z0-9]+){3,}/?)$")
# "ua en ru", "EN | UA | RU": a language switcher.
_LANGUAGES_LINE = re.compile(r"^[a-zA-Z]{2}(?:(?:\s*[|/·•]\s*|\s+)[a-zA-Z]{2}){1,7}$")
# "Home | News | Politics", "Home › World › Europe": a navigation trail of short items.
_NAVIGATION_LINE = re.compile(
    r"^(?:(?i:home)\s*[|>›»/•·]\s*[\w'’&-]+(?:\s+[\w'’&-]+){0,2}"
    r"|[\w'’&-]+(?:\s+[\w'’&-]+){0,2}(?:\s*[|>›»•·]\s*[\w'’&-]+(?:\s+[\w'’&-]+){0,2}){2,})"
    r"(?:\s*[|>›»/•·]\s*[\w'’&-]+(?:\s+[\w'’&-]+){0,2})*\s*[|>›»•·]?$"
)
_CLOCK_LINE = re.compile(
    r"^(?:updated\s+(?:at\s+)?)?[0-2]?[0-9][:.][0-5][0-9](?:\s*[A-Z]{2,4})?$", re.I
)
# Photo credits and captions: "Image: …/AFP", "(photo: Getty Images)", "© REUTERS / …",
# "Screen grab taken from…", "Issue date: …", "… - Sputnik International".
_CREDIT = re.compile(
    r"(?i:\b(?:image|photo|photograph|picture|pic|credit|foto)s?\s*:)"
    r"|(?i:\((?:photo|image|pic|picture)s?\b[^)]*\))"
    r"|©|(?i:\bgetty\s+images\b|\bshutterstock\b|\bscreen\s+grab\b|\bissue\s+date\s*:|"
    r"\bfile\s+photo\b|\bap\s+photo\b)"
    r"|\b(?:REUTERS|Reuters|AFP|EPA|AP)\s*/\s*[A-Z]|/\s*(?:AFP|Getty|Reuters|EPA)\b"
    r"|\s[-–]\s[A-Z][\w.]+(?:\s[A-Z][\w.]+)?\s(?:International|News|Online|Media|TV)$"
)
_CREDIT_MARKERS = (
    "image", "photo", "pic:", "pic ", "credit", "foto", "©", "getty", "shutterstock",
    "screen grab", "issue date", "reuters", "afp", "epa", "ap photo", "ap-ap", "ap/", "ap ",
)  # fmt: skip
_CREDIT_MARKER = re.compile("|".join(re.escape(marker) for marker in _CREDIT_MARKERS))
_SITE_SUFFIXES = ("international", "news", "online", "media", "tv")
# A credit on its own line: "AP-AP", "Pic: PA".
_CREDIT_ONLY = re.compile(
    r"^(?:[A-Z]{2,}(?:\s*[-/]\s*[A-Z]{2,})+|(?i:pic|photo|image)s?\s*:.{0,30})$"
)
# Captions describe a picture in the present tense: "X meets Y at …", "X delivers a speech …".
_CAPTION_VERB = re.compile(
    r"\b(?:meets|delivers|speaks|attends|holds|arrives|gestures|looks|poses|walks|shakes|talks|"
    r"greets|listens|stands|sits|waves|visits|addresses|signs|inspects|takes\s+part|"
    r"(?:is|are)\s+seen)\b"
)
# An author's bio closing the story: "Jane Doe is the Poland correspondent for Defense News."
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}\s+is\s+(?:a|an|the)\s+[\w\s-]{0,40}"
    r"\b(?:correspondent|reporter|editor|journalist|writer|columnist|contributor)\b"
)
_READ_FULL_STORY = re.compile(r"\s*\bRead (?:the )?full story\b\.?", re.IGNORECASE)
# English function words: a long line without any is in another language (a comment form, a
# site's own-language furniture) and is not part of an English article.
_ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the of and to in a an is are was were for on with that by as at from it has have will "
        "this be he she they we his her its their said not or but",
    )
)
_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(p|div|br|h[1-6]|li|article|section|tr|blockquote)\b[^>]*>", re.I)
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<article\b)", re.I)
_HTML_TAGS = re.compile(r"<(p|div|br|span|a|h[1-6]|article|section)\b[^>]*>", re.IGNORECASE)
# Any date line has a year, a numeric date or a clock time: lines without skip the date patterns.
_MAYBE_DATE = re.compile(r"[0-9]{4}|[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2}|[0-9]:[0-5][0-9]")
_LONG_LINE_SPACES = 14
_TERMINAL = re.compile(r"[.!?…:;\"”’»)\]]\s*$")
_HEADLINE_WORDS = 30


@dataclass(frozen=True)
class CleanArticle:
    body: str
    title: str
    has_headline: bool = False  # the body's first paragraph is the headline
    truncated: bool = False  # the last paragraph is cut off mid-sentence


@dataclass(frozen=True)
class Page:
    """What one parse of an HTML page gives: its main text, title and metadata date."""

    text: str
    title: str
    published: datetime.datetime | None


def looks_like_html(content: str, content_type: str | None = None) -> bool:
    if content_type:
        return "html" in content_type.lower()
    head = content[:2000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 2


def read_page(content: str, url: str | None = None) -> Page:
    """Main content, title and metadata date of an HTML page, in one trafilatura pass; pages
    without structure (fragments) fall back to their text with the tags stripped."""
    document = _trafilatura(content, url)
    if document is None or not (document.text or "").strip():
        return Page(strip_tags(content), "", None)
    published = None
    if document.date:
        try:
            published = datetime.datetime.fromisoformat(document.date)
        except ValueError:
            published = None
    return Page(document.text, normalise(document.title or "").strip(), published)


def clean_text(text: str, title: str = "") -> CleanArticle:
    """Keep the article's own paragraphs from scraped plain text, one per non-empty line.

    `title` is the page's own title (from HTML metadata), put first when the text lacks it.
    """
    lines = [line.strip() for line in normalise(text).split("\n")]
    lines = [line for line in lines if line]
    kept: list[str] = []
    dropped_caption = False
    # Lines in another language are furniture of an English page; an article in another
    # language keeps its text (and is recognised as such by the caller).
    foreign = {line for line in lines if _is_other_language(line)}
    english = len(foreign) * 2 <= len(lines)
    for line in lines:
        if _BLOCK_ENDS.match(line):
            break
        if _is_caption(line):
            # A picture's description sits just before its credit line.
            if kept and _CAPTION_VERB.search(kept[-1]) and len(kept) > 1 and not dropped_caption:
                kept.pop()
            dropped_caption = True
            continue
        dropped_caption = False
        if not _is_furniture(line) and not (english and line in foreign):
            kept.append(_READ_FULL_STORY.sub("", line))
    kept = [line for line in kept if line]
    if title and not (kept and kept[0].startswith(title)):
        kept.insert(0, title)
    has_headline = bool(kept) and len(kept) > 1 and _is_headline(kept[0])
    truncated = bool(kept) and not _TERMINAL.search(kept[-1]) and len(kept[-1].split()) > 12
    body = "\n\n".join(kept)
    return CleanArticle(
        body=body,
        title=kept[0] if has_headline else "",
        has_headline=has_headline,
        truncated=truncated,
    )


def clean_html(content: str, url: str | None = None) -> CleanArticle:
    """Main content via trafilatura; tag stripping keeps fragments that have no page structure."""
    page = read_page(content, url)
    return clean_text(page.text, page.title)


def _is_headline(line: str) -> bool:
    """A headline is short and ends without a full stop: a body's first sentence does."""
    words = len(line.split())
    return 2 <= words <= _HEADLINE_WORDS and not line.rstrip().endswith(".")


def _trafilatura(content: str, url: str | None):
    try:
        return trafilatura.bare_extraction(
            content,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Metadata only: searching the page's text for dates would take any date it quotes.
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "outputformat": "%Y-%m-%dT%H:%M:%S",
                "max_date": datetime.date.today().isoformat(),
            },
        )
    except (ValueError, TypeError, LookupError):
        # lxml refuses some inputs (NUL bytes, odd encodings declarations); treat as no structure.
        return None


def strip_tags(content: str) -> str:
    content = _SCRIPT.sub(" ", content)
    content = _BLOCK_TAG.sub("\n", content)
    return html_lib.unescape(_TAG.sub(" ", content))


def normalise(text: str) -> str:
    """Unify newlines and spaces (NBSP, runs of blanks) and drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text)


def _is_caption(line: str) -> bool:
    lowered = line.lower()
    if not _CREDIT_MARKER.search(lowered) and not lowered.endswith(_SITE_SUFFIXES):
        return False  # the cheap test first: most lines carry none of the credit words
    return bool(_CREDIT.search(line) or _CREDIT_ONLY.match(line))


def _is_furniture(line: str) -> bool:
    if line.count(" ") >= _LONG_LINE_SPACES:
        # A long line is furniture only as a link, a share prompt or the author's bio.
        return bool(_JUNK_LINE.match(line) or _AUTHOR_BIO.match(line))
    return bool(
        _JUNK_LINE.match(line)
        or _COUNTER_LINE.match(line)
        or _URL_LINE.match(line)
        or _LANGUAGES_LINE.match(line)
        or _NAVIGATION_LINE.match(line)
        or _CLOCK_LINE.match(line)
        or _AUTHOR_BIO.match(line)
        or (line.startswith(("- ", "– ")) and len(line.split()) <= 5)
        or (_MAYBE_DATE.search(line) is not None and parse_dateline(line) is not None)
    )


def _is_other_language(line: str) -> bool:
    if line.isascii():
        # Latin letters: another language only if a long line has none of English's little words.
        if line.count(" ") < 7:
            return False
        return _ENGLISH_WORDS.isdisjoint(line.lower().split())
    words = _WORD.findall(line)
    if not words:
        return False
    latin = sum(1 for word in words if word.isascii() or _mostly_latin(word))
    if latin < len(words) / 2:
        return True
    return len(words) >= 8 and not any(word.lower() in _ENGLISH_WORDS for word in words)


def _mostly_latin(word: str) -> bool:
    return sum(char < "\u0250" for char in word) * 2 >= len(word)
