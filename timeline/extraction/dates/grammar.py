"""The grammar of time expressions: one rule per way of writing a date, and the trigger words
that tell which rules a stretch of text can hold.

Month and weekday names are matched capitalised only: that alone rules out "may" and "march" (the
verbs). Holidays are not resolved: "May Day" and "New Year's" are not dates, nor is "May" in them.
"""

import re
from dataclasses import dataclass

from ..patterns import trie_pattern
from .resolvers import (
    Rebound,
    ago,
    calendar_date,
    century,
    coming_period,
    day_range,
    decade,
    deictic,
    fiscal_year,
    from_now,
    half,
    month_alone,
    month_range,
    month_year,
    numeric_date,
    ordinal_day,
    past_period,
    quarter,
    relative_unit,
    season_of_year,
    season_relative,
    season_year,
    slashed_date,
    weekday,
    weekday_date,
    weekend,
    year,
    year_end,
    year_range,
)
from .values import NUMBERS, SEASONS, WEEKDAYS, Resolver

_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_MONTH_ABBR = rf"(?:{'|'.join(_MONTH_ABBREVIATIONS)})\.?"
# Month and weekday names are matched capitalised only: that alone rules out "may", "march" (the
# verb).
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})(?![0-9])"
_RECENT_YEAR = r"(?:19[0-9]{2}|20[0-9]{2})(?![0-9])"
_MODIFIER = r"(?i:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)"
_CUE = r"(?i:in|since|by|until|till|from|during|through|throughout|before|after|of|on)"
_B = r"(?<![\w-])"  # a word start that is not inside a hyphenated word


@dataclass(frozen=True)
class _Rule:
    """A grammar rule: its pattern, its resolver and the trigger kinds it cannot match without."""

    pattern: re.Pattern
    resolve: Resolver
    kinds: frozenset[str]


def _rule(pattern: str, resolve: Resolver, *kinds: str) -> _Rule:
    return _Rule(re.compile(pattern.replace("<B>", _B)), resolve, frozenset(kinds))


_NUMBER_WORDS = "|".join(sorted(NUMBERS, key=len, reverse=True)).replace(" ", r"\s+")
_WEEKDAY = "|".join(WEEKDAYS)
_SEASON = "|".join(SEASONS)
_COUNT = rf"(?:[0-9]{{1,3}}|(?i:{_NUMBER_WORDS}))"
# A cued year must not be a count: "in 2000 soldiers" is not a year.
_NOT_A_COUNT = r"(?!\s+(?!was\b|has\b|is\b|as\b|its\b|this\b|thus\b)[a-z]+s\b)(?![.,][0-9])"
# A bare month is no date in names: "May Day" (a holiday, like "New Year's", which we don't
# resolve), "the March of the Living"; "March of 2022" is a month-year.
_NOT_A_NAME = r"(?!\s+(?:Day\b|of\b))"
# Right after a month name and a list separator (lookbehinds must be of fixed width).
_AFTER_A_MONTH = "|".join(
    f"(?<={month}{separator})"
    for month in _MONTH_FULL.split("|")
    for separator in (", ", " and ", " or ", ", and ", ", or ", " to ")
)
# After "on the 15th", words that make the ordinal a rank, not a day of the month.
_RANK_NOUNS = (
    r"century|centuries|anniversary|floor|day|days|week|month|year|time|times|round|place|row|"
    r"minute|hour|session|birthday|brigade|battalion|regiment|division|army|corps|package|summit|"
    r"meeting|congress|convocation|edition|consecutive|straight|largest|biggest|most|attempt|wave|"
    r"quarter|half"
)
_MONTH_QUALIFIER = rf"(?:<B>(?P<mod>{_MODIFIER})[\s-]+|<B>(?P<rel>(?i:last|this|next))\s+)"
_YEAR_QUALIFIER = rf"<B>(?P<mod>{_MODIFIER})[\s-]+"
_CUED_YEAR = rf"(?P<year>{_RECENT_YEAR})(?!['’]?s\b){_NOT_A_COUNT}"
_DAY_JOIN = r"\s*(?:[-–—]|(?i:and|to|until|till|through))\s*"
WINDOW_MARGIN = 40  # longer than any expression's text before or after its trigger word


def _any_case(*words: str) -> list[str]:
    return [variant for word in words for variant in {word, word.capitalize(), word.upper()}]


# Trigger words and the kind of rule each can start (see _Rule.kinds). Month and weekday names
# count capitalised only, like in the rules.
_TRIGGER_WORDS = {
    **dict.fromkeys([*_MONTH_FULL.split("|"), *_MONTH_ABBREVIATIONS], "month"),
    **dict.fromkeys(WEEKDAYS, "weekday"),
    **dict.fromkeys(_any_case(*SEASONS), "season"),
    **dict.fromkeys(
        _any_case(
            "week", "weeks", "month", "months", "year", "years", "day", "days", "weekend",
            "decade", "decades",
        ),
        "unit",
    ),
    **dict.fromkeys(_any_case("ago"), "ago"),
    **dict.fromkeys(_any_case("quarter", "Q1", "Q2", "Q3", "Q4"), "quarter"),
    **dict.fromkeys(_any_case("half", "H1", "H2"), "half"),
    **dict.fromkeys(_any_case("fiscal", "FY"), "fiscal"),
    **dict.fromkeys(_any_case("century"), "century"),
    **dict.fromkeys(
        _any_case(
            "today", "tonight", "now", "yesterday", "tomorrow", "night", "morning", "afternoon",
            "evening", "currently", "presently", "present", "moment",
        ),
        "deictic",
    ),
}  # fmt: skip
# Triggers may be found where no expression is ("2022" inside "120223"): they only widen the
# search. The digit lookahead first keeps the scan fast.
TRIGGER = re.compile(
    r"(?=[0-9])(?:(?P<year>[12][0-9]{3}(?![0-9]))"
    r"|(?P<ordinal>(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)\b))"
    rf"|\b(?P<word>{trie_pattern(sorted(_TRIGGER_WORDS))})\b"
    r"|(?P<fiscal>\bFY[0-9]{2,4}\b)"
)


def trigger_kind(trigger: re.Match) -> str:
    return _TRIGGER_WORDS[trigger["word"]] if trigger.lastgroup == "word" else trigger.lastgroup


GRAMMAR: list[_Rule] = [
    _rule(
        rf"(?P<core><B>(?i:between)\s+(?P<year>{_YEAR})\s+(?i:and)\s+(?P<year2>{_YEAR}))",
        year_range,
        "year",
    ),
    _rule(
        rf"(?P<core>(?:<B>(?i:from)\s+)?<B>(?P<year>{_YEAR})"
        rf"(?:\s*[-–—]\s*|\s+(?i:to|until|till|through)\s+)(?P<year2>{_YEAR}))",
        year_range,
        "year",
    ),
    _rule(
        rf"(?P<core>(?:<B>(?i:from)\s+)?<B>(?P<year>{_RECENT_YEAR})\s*[-–—/]\s*"
        r"(?P<short>[0-9]{2}))(?![0-9%-]|[.,][0-9])",  # not "2023-12.5" or "1996-97,000"
        year_range,
        "year",
    ),
    _rule(
        rf"(?P<core><B>(?i:from|between)\s+(?P<month>{_MONTH_FULL})(?:\s+(?P<year>{_YEAR}))?"
        rf"\s+(?i:to|until|till|through|and)\s+(?P<month2>{_MONTH_FULL})"
        rf"(?:,?\s+(?P<year2>{_YEAR}))?)\b",
        month_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<month>{_MONTH_FULL})\s*[-–—]\s*(?P<month2>{_MONTH_FULL}),?\s+"
        rf"(?P<year2>{_YEAR}))",
        month_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<day>{_DAY}){_DAY_JOIN}(?P<day2>{_DAY})\s+(?:(?i:of)\s+)?"
        rf"(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?)\b",
        day_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<month>{_MONTH})\s+(?P<day>{_DAY}){_DAY_JOIN}(?P<day2>{_DAY})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?)(?!\s*{_MONTH})",
        day_range,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<weekday>{_WEEKDAY}),?\s+(?:(?i:the)\s+)?(?:(?P<day>{_DAY})"
        rf"(?:\s+(?i:of))?\s+(?P<month>{_MONTH})|(?P<month2>{_MONTH})\s+(?P<day2>{_DAY}))"
        rf"(?:,?\s+(?P<year>{_YEAR}))?)",
        weekday_date,
        "weekday",
    ),
    _rule(
        rf"(?P<core><B>(?P<day>{_DAY})(?:(?<=st|nd|rd|th)\s+(?i:of))?\s+(?P<month>{_MONTH})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?)\b",
        calendar_date,
        "month",
    ),
    _rule(
        rf"(?P<core><B>(?P<month>{_MONTH})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?)",
        calendar_date,
        "month",
    ),
    _rule(
        r"(?P<core><B>(?P<year>[12][0-9]{3})-(?P<num_month>[01][0-9])-(?P<day>[0-3][0-9]))\b",
        numeric_date,
        "year",
    ),
    _rule(
        r"(?P<core><B>(?P<day>[0-3]?[0-9])\.(?P<num_month>[01]?[0-9])\.(?P<year>[12][0-9]{3}))\b",
        numeric_date,
        "year",
    ),
    _rule(
        r"(?P<core><B>(?P<first>[0-3]?[0-9])/(?P<second>[0-3]?[0-9])/(?P<year>[12][0-9]{3}))\b",
        slashed_date,
        "year",
    ),
    _rule(
        rf"(?P<core><B>(?:(?P<mod>{_MODIFIER})[\s-]+)?(?P<month>{_MONTH})\s+(?:of\s+)?"
        rf"(?P<year>{_YEAR}))",
        month_year,
        "month",
    ),
    # A bare month needs a cue ("in March") or a qualifier ("early March"): "May I" is no date.
    _rule(
        rf"<B>{_CUE}\s+(?P<core>{_MONTH_QUALIFIER}?(?P<month>{_MONTH_FULL})\b)(?!\s+[0-9])"
        rf"{_NOT_A_NAME}",
        month_alone,
        "month",
    ),
    _rule(
        rf"(?P<core>{_MONTH_QUALIFIER}(?P<month>{_MONTH_FULL})\b)(?!\s+[0-9]){_NOT_A_NAME}",
        month_alone,
        "month",
    ),
    # A month listed after another: "in January and February", "in May, June or July".
    _rule(
        rf"(?:{_AFTER_A_MONTH})(?P<core>{_MONTH_QUALIFIER}?(?P<month>{_MONTH_FULL})\b)(?!\s+[0-9])"
        rf"{_NOT_A_NAME}(?!(?<=May)\s+(?:I|we|you|be|have|not)\b)",
        month_alone,
        "month",
    ),
    _rule(
        rf"(?:<B>{_CUE}|<B>(?i:the\s+year))\s+(?P<core>(?:{_YEAR_QUALIFIER})?{_CUED_YEAR})",
        year,
        "year",
    ),
    _rule(rf"(?P<core>{_YEAR_QUALIFIER}{_CUED_YEAR})", year, "year"),
    # A year used as an adjective, where it cannot be a quantity: "a 2010 raid", "the 1997
    # Charter", "Ukraine's 2024 budget" (not "the 2000 soldiers").
    _rule(
        r"(?:<B>(?i:a|an|the|its|their|his|her|our|this|that)|['’]s)\s+"
        rf"(?P<core>(?P<year>{_RECENT_YEAR}))(?=\s+(?:[A-Z]|[a-z]+(?<!s)\b))(?!\s+(?i:to|and|or)\b)",
        year,
        "year",
    ),
    # "(1991)": a year in brackets after what happened in it.
    _rule(rf"\((?P<core>(?P<year>{_RECENT_YEAR}))\)", year, "year"),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        r"(?P<decade>1[0-9]{2}0|20[0-9]0)['’]?s)\b",
        decade,
        "year",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        r"(?P<ordinal>[12]?[0-9](?:st|nd|rd|th)|(?i:eighteenth|nineteenth|twentieth|"
        r"twenty[\s-]first))[\s-]+(?i:century))\b",
        century,
        "century",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        rf"(?P<season>(?i:{_SEASON}))\s+(?:(?i:of)\s+)?(?P<year>{_YEAR}))",
        season_year,
        "season",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:the)\s+)?(?:(?P<mod>{_MODIFIER})[\s-]+)?"
        rf"(?P<season>(?i:{_SEASON}))\s+(?i:of)\s+(?P<yrel>(?i:last|this|next))\s+(?i:year))\b",
        season_of_year,
        "season",
    ),
    _rule(
        rf"(?P<core><B>(?P<rel>(?i:last|this\s+coming|this|next|previous|past|coming))\s+"
        rf"(?P<season>(?i:{_SEASON})))\b",
        season_relative,
        "season",
    ),
    _rule(
        rf"<B>(?i:in|during|over|by|until|through|throughout|before|after)\s+(?P<core>(?i:the\s+)?"
        rf"(?P<rel>)(?P<season>(?i:{_SEASON})))\b(?!\s+(?:(?i:of)\s+)?[0-9])(?![\w-])",
        season_relative,
        "season",
    ),
    # "last week", "earlier this year", "the end of the year", "early next month"; not "this
    # week-long exercise" nor "the end of the year 2022" (a cued year).
    _rule(
        rf"(?P<core><B>(?:(?P<mod>{_MODIFIER})[\s-]+)?(?:(?i:earlier|later)\s+)?"
        r"(?:(?P<rel>(?i:last|this|next|previous|coming|the))\s+)?"
        r"(?P<unit>(?i:week|month|year|decade)))"
        r"(?![\w-])(?!\s+[0-9])",
        relative_unit,
        "unit",
    ),
    _rule(r"(?P<core><B>(?i:year[\s-]end))\b", year_end, "unit"),
    _rule(
        rf"(?P<core><B>(?P<count>{_COUNT})\s+"
        r"(?P<unit>(?i:day|week|month|year|decade))s?\s+(?i:ago))\b",
        ago,
        "ago",
    ),
    _rule(
        rf"(?P<core><B>(?P<count>{_COUNT})\s+(?P<unit>(?i:day|week|month|year))s?\s+"
        r"(?i:from\s+(?:now|today)|hence))\b",
        from_now,
        "unit",
    ),
    _rule(
        r"<B>(?i:over|in|during|for|throughout)\s+(?P<core>(?i:the\s+)(?i:past|last|previous)\s+"
        rf"(?:(?P<count>{_COUNT})\s+)?(?P<unit>(?i:day|week|month|year|decade))s?)\b",
        past_period,
        "unit",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:within)|(?i:in|over)\s+(?i:the)\s+(?i:coming|next)|"
        rf"(?i:in)(?:\s+(?i:no\s+more\s+than))?(?=\s+(?:{_COUNT})\s))\s+"
        rf"(?:(?P<count>{_COUNT})(?:\s+(?i:to|or)\s+(?P<count2>{_COUNT}))?\s+)?"
        r"(?P<unit>(?i:days?|weeks?|months?|years?)))\b",
        coming_period,
        "unit",
    ),
    _rule(
        rf"(?P<core><B>(?:Q(?P<q>[1-4])\s*(?P<year>{_YEAR})|(?:(?i:the)\s+)?"
        r"(?P<ordinal>(?i:first|second|third|fourth|last|final|1st|2nd|3rd|4th))\s+(?i:quarter)"
        rf"(?:\s+(?i:of)\s+(?:(?P<year2>{_YEAR})|(?i:the)\s+year|"
        r"(?P<yrel>(?i:last|next|this))\s+year))?))\b",
        lambda m, r: quarter(Rebound(m, year=m["year"] or m["year2"]), r),
        "quarter",
    ),
    _rule(
        r"(?P<core><B>(?P<rel>(?i:this|last|next|previous|coming|the\s+current))\s+(?i:quarter))\b",
        quarter,
        "quarter",
    ),
    _rule(
        rf"(?P<core><B>(?:H(?P<h>[12])\s*(?P<year>{_YEAR})|(?:(?i:the)\s+)?"
        r"(?P<ordinal>(?i:first|second|latter))\s+(?i:half)"
        rf"(?:\s+(?i:of)\s+(?:(?P<year2>{_YEAR})|(?i:the|this)\s+year|"
        r"(?P<yrel>(?i:last|next|this))\s+year))?))\b(?!\s+of\s+(?:[A-Z]|[a-z]+\s+[a-z]))",
        lambda m, r: half(Rebound(m, year=m["year"] or m["year2"]), r),
        "half",
    ),
    _rule(
        rf"(?P<core><B>(?:(?i:fiscal)\s+(?:(?i:year)\s+)?(?P<year>{_YEAR})|"
        r"FY\s?(?P<year2>[0-9]{4}|[0-9]{2})(?![0-9])|"
        r"(?P<rel>(?i:this|next|last|previous|the\s+current))\s+(?i:fiscal)\s+(?i:year)))",
        lambda m, r: fiscal_year(Rebound(m, year=m["year"] or m["year2"]), r),
        "fiscal",
    ),
    _rule(
        r"(?P<core><B>(?i:today|tonight|now|currently|presently|at\s+present|at\s+the\s+moment(?!\s+(?:when|that|of|where|it)\b)|"
        r"yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
        r"this\s+(?:morning|afternoon|evening)|last\s+night))\b",
        deictic,
        "deictic",
    ),
    _rule(
        r"(?P<core><B>(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|coming))\s+"
        r"(?i:weekend))\b",
        weekend,
        "unit",
    ),
    # "over the weekend", "at the weekend": the last one in a report, the next in a plan.
    _rule(
        r"<B>(?i:over|at|during|on|by)\s+(?P<core>(?P<rel>(?i:the))\s+(?i:weekend))\b",
        weekend,
        "unit",
    ),
    _rule(
        rf"(?P<core>(?:<B>(?P<rel>(?i:last|next|this))\s+)?<B>(?P<weekday>{_WEEKDAY}))\b",
        weekday,
        "weekday",
    ),
    # "on the 15th" (of the publication month); not "on the 15th anniversary", "the 47th Brigade".
    _rule(
        r"<B>(?i:on|by|until|till|since|from|before|after)\s+(?P<core>(?i:the)\s+"
        r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?P<suffix>st|nd|rd|th))(?![\w-])"
        rf"(?=\s*(?:[,.;:!?)]|$)|\s+(?!of\b|(?:{_RANK_NOUNS})\b)[a-z])",
        ordinal_day,
        "ordinal",
    ),
]
