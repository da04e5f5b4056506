"""Turns scraped plain text or HTML into the article body: headline and paragraphs, no boilerplate.

Paragraphs in the body are separated by a blank line; every offset the engine reports points into
the body.
"""

import html as html_lib
import re
from dataclasses import dataclass

import trafilatura

from .published import parse_dateline

# Lines that end the article: what follows them is other stories' headlines or site furniture.
_BLOCK_ENDS = re.compile(
    r"^(popular|most popular|most read|news by theme|read also|related|related news|more news|"
    r"latest news|other news|tags|comments|spelling error report|"
    r"if you have found a spelling error.*|the following text will be sent to our editors.*)$",
    re.IGNORECASE,
)
# Single lines of site furniture inside the article.
_JUNK_LINE = re.compile(
    r"^(fbpx|addendum|advertisement|advertising|share|share this|subscribe|print|photo|video|"
    r"(read also|read more|see also|also read)\b.*|"
    r"(photo|photos|image|illustration|video|source|credit)s?\s*(:|by\b).*|"
    r"(share|follow us|subscribe)\b.{0,60}\b(facebook|telegram|twitter|x|whatsapp|viber|"
    r"linkedin|newsletter|channel)\b.*)$",
    re.IGNORECASE,
)
# "• 89303 переглядiв", "12 500 views", "1.2K": a number with at most one word after it.
_COUNTER_LINE = re.compile(r"^[\W_]*[0-9][0-9\s.,]*[kKmM]?\s*[^\W\d_]*[\W_]*$")
_URL_LINE = re.compile(r"^(https?://\S+|www\.\S+|[a-z0-9]+(?:-[a-z0-9]+){3,}/?)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(p|div|br|h[1-6]|li|article|section|tr|blockquote)\b[^>]*>", re.I)
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<article\b)", re.I)
_HTML_TAGS = re.compile(r"<(p|div|br|span|a|h[1-6]|article|section)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class CleanArticle:
    body: str
    title: str


def looks_like_html(content: str, content_type: str | None = None) -> bool:
    if content_type:
        return "html" in content_type.lower()
    head = content[:2000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 2


def clean_text(text: str) -> CleanArticle:
    """Keep the article's own paragraphs from scraped plain text, one per non-empty line."""
    paragraphs = []
    for line in normalise(text).split("\n"):
        line = line.strip()
        if not line:
            continue
        if _BLOCK_ENDS.match(line):
            break
        if not _is_boilerplate(line):
            paragraphs.append(line)
    body = "\n\n".join(paragraphs)
    return CleanArticle(body=body, title=paragraphs[0] if paragraphs else "")


def clean_html(content: str, url: str | None = None) -> CleanArticle:
    """Main content via trafilatura; tag stripping keeps fragments that have no page structure."""
    document = _trafilatura(content, url)
    if document is None or not (document.text or "").strip():
        return clean_text(strip_tags(content))
    cleaned = clean_text(document.text)
    title = normalise(document.title or "").strip()
    if title and not cleaned.body.startswith(title):
        return CleanArticle(body=f"{title}\n\n{cleaned.body}".strip(), title=title)
    return cleaned


def _trafilatura(content: str, url: str | None):
    try:
        return trafilatura.bare_extraction(
            content, url=url, with_metadata=True, include_comments=False, include_tables=False
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


def _is_boilerplate(line: str) -> bool:
    return bool(
        _JUNK_LINE.match(line)
        or _COUNTER_LINE.match(line)
        or _URL_LINE.match(line)
        or parse_dateline(line)
    )
