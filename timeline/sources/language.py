"""The language of a feed entry: as the feed declares it, else guessed from the article's words.

The guess counts the share of each language's stop words (the lists jusText ships for about a
hundred languages) among the text's words: cheap, and reliable on article-length text. A text too
short to tell is taken as declared (or English): an entry is skipped only when we are sure.
"""

import functools
import re
from collections import Counter

import justext
from babel import Locale, localedata

# Languages the extraction engine reads; entries in any other are recorded and skipped.
SUPPORTED_LANGUAGES = {"en"}
UNSUPPORTED_REASON = "Language not supported yet"
# Fewer words than this and stop-word counts say little ("NATO summit in Vilnius" scores as
# Lithuanian); the first words are enough on longer texts.
MIN_WORDS = 30
MAX_WORDS = 500
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
    languages_of = languages_by_stop_word()
    scores = Counter(language for word in words for language in languages_of.get(word, ()))
    if not scores:
        return ""
    return code_of(scores.most_common(1)[0][0])


@functools.cache
def languages_by_stop_word() -> dict[str, tuple[str, ...]]:
    """Each stop word of jusText's lists with the languages it belongs to ("Simple_English"
    left out: it would only ever tie with English)."""
    languages: dict[str, list[str]] = {}
    for name in sorted(justext.get_stoplists()):
        if name != "Simple_English":
            for word in justext.get_stoplist(name):
                languages.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in languages.items()}


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
