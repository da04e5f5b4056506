"""The language of a feed entry: as the feed declares it, else guessed from the article's words.

The guess counts the share of each language's stop words (the lists jusText ships for about a
hundred languages) among the text's words: cheap, and reliable on article-length text. A text too
short to tell is taken as declared (or English): an entry is skipped only when we are sure.
"""

import functools
import re

import justext
from babel import Locale, localedata

# Languages the extraction engine reads; entries in any other are recorded and skipped.
SUPPORTED_LANGUAGES = {"en"}
UNSUPPORTED_REASON = "Language not supported yet"
# Fewer words than this and stop-word counts say little ("NATO summit in Vilnius" scores as
# Lithuanian); the first words are enough on longer texts.
MIN_WORDS = 30
MAX_WORDS = 2000
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def primary_code(language: str) -> str:
    """ "en-GB", "en_us", "EN" → "en"; "" for nothing."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


def is_supported(language: str) -> bool:
    """Whether entries in ``language`` are processed; an unknown language ("") is given a try."""
    code = primary_code(language)
    return not code or code in SUPPORTED_LANGUAGES


def detect(text: str) -> str:
    """The language of ``text`` as a code ("en", "uk"), or "" when the text is too short to tell."""
    words = [word.lower() for word in WORD.findall(text)[:MAX_WORDS]]
    if len(words) < MIN_WORDS:
        return ""
    scores = {
        name: sum(word in stop_words for word in words)
        for name, stop_words in stop_word_lists().items()
    }
    best = max(scores, key=scores.get)
    return code_of(best) if scores[best] else ""


@functools.cache
def stop_word_lists() -> dict[str, frozenset[str]]:
    # "Simple_English" would only ever tie with English.
    return {
        name: frozenset(justext.get_stoplist(name))
        for name in justext.get_stoplists()
        if name != "Simple_English"
    }


@functools.cache
def codes_by_name() -> dict[str, str]:
    codes = {}
    for identifier in localedata.locale_identifiers():
        name = Locale.parse(identifier).english_name if "_" not in identifier else None
        if name:
            codes.setdefault(name.casefold(), identifier)
    return codes


def code_of(name: str) -> str:
    """jusText's language name ("Ukrainian", "Norwegian_Bokmal") as a code where Babel knows it,
    else the name itself, lower-cased."""
    readable = name.replace("_", " ").casefold()
    return codes_by_name().get(readable, readable)[:16]
