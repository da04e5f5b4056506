"""Builds the events an article reports: one proposal per happening, dated, with its actors.

A sentence is read for what happened (its event verbs, see `predicates`), who took part (actors
of the vocabulary, the actors they imply, or those of the sentence before it in the paragraph) and
what about (topics). It proposes an event when an act or a dated statement involves an actor, on a
topic or between two actors:

- dated by its own time expressions, each attached to the nearest verb of its clause; two dates
  for one verb are one event at the finer precision ("last night (16 October)"), distinct dates
  for coordinated acts are distinct events ("joined the Council (1991) and the Programme (1994)");
- a deadline ("by June", "until 2029") is the event's target date; it is also the event's date
  when the sentence states a plan ("aims to buy … by March 8"), not when it reports a commitment
  made ("pledged to spend 2% by 2024" is dated when pledged);
- without a time word, an act by actors of the vocabulary on a topic is dated by the date named
  earlier in its paragraph, else the publication day (implicitly), else it needs a date.

Headings, captions and the cut-off last sentence of a truncated page propose nothing; quotes
propose only what they date explicitly. The headline and the lead sentence that report the same
thing are one event with two mentions, and so are two sentences that report the same happening
on the same date.

Confidence is a sum of evidence, clamped to 0..1: base 0.25; a time word of the sentence +0.35 (a
date from the paragraph +0.15, the publication day nothing); precision day +0.15, week +0.12,
month +0.1, season/quarter +0.08, year +0.06, decade/century +0.03; an act (not just a statement)
+0.1; any actor +0.1, a second +0.05; any topic +0.1; each further mention +0.05 (at most +0.1);
quoted speech -0.05; a date still needed -0.2.
"""

import bisect
import datetime
import functools
import re
from dataclasses import dataclass, field

from .actors import ActorMatch, ActorMatcher
from .headlines import headline
from .names import candidate_names
from .predicates import Verb, VerbForms, verbs_in
from .sentences import Sentence
from .topics import TopicMatcher
from .types import ExtractedEvent, Mention, Precision, TemporalExpression

_PRECISION_WEIGHT = {
    Precision.DAY: 0.15,
    Precision.WEEK: 0.12,
    Precision.MONTH: 0.1,
    Precision.SEASON: 0.08,
    Precision.QUARTER: 0.08,
    Precision.YEAR: 0.06,
    Precision.DECADE: 0.03,
    Precision.CENTURY: 0.03,
}
_PRECISION_RANK = {precision: rank for rank, precision in enumerate(Precision)}
_DEADLINE_CUES = frozenset({"by", "until", "till", "no later than", "not later than", "before"})
_PLAN_TENSES = frozenset({"future", "plan"})
_AID_TOPICS = frozenset({"aid-funding", "weapons-deliveries", "air-defence", "training"})
_HEADING_WORDS = 20
_OPENING = re.compile(
    r"[\s\"“‘(]*(?:(?i:previously|earlier|meanwhile|later|then|also|back|and|but|so|however),?\s+)*"
    r"(?:(?i:on|in|at|by|during|since|from|as\s+of|back\s+in|early|late)\s+)?(?:(?i:the)\s+)?"
)
_RELATIVE_OPENER = re.compile(
    r",\s+(?:which|who|whose|where)\b(?!.*,\s+(?:which|who|whose|where)\b)"
)
_CLAUSE_END = re.compile(r"[,;:]")
_GERUND = re.compile(r"\b[a-z]{3,}ing\b")
_NOT_VERBS = frozenset(
    re.findall(
        r"\S+",
        "during including according following regarding concerning morning evening meeting "
        "spring king thing nothing something anything everything building wedding funding "
        "training heading ceiling landing opening bring string ring sing wing ongoing "
        "remaining outstanding leading coming upcoming existing long-standing underlying "
        "pending notwithstanding",
    )
)
_DATELINE_PLACE = re.compile(
    r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40}){0,2}"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+[0-9]{1,2}(?:,\s*[0-9]{4})?)?\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s"
)
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
_NOT_NOUNS = frozenset(
    re.findall(
        r"\S+",
        "who which that it he she they we also then and or but had has have was were is are be "
        "been being already just still now not never",
    )
)
_AGENT_WITHIN = 48  # characters after a participle where its actor is named ("by the minister")
_FINITE_BEFORE = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|be|been)\b")
_REFERS_BACK = re.compile(
    r"\bthe\s+(?:signing\s+)?(?:ceremony|signing|talks|meeting|visit|summit)\b"
)
_PRONOUN_SUBJECT = re.compile(
    r"(?:They|It|He|She|This|These|That)\b(?!\s+(?:is|are|was|were)\s+not\b)"
)
_WHEN_APPOSITION = re.compile(r"^\s*,?\s*when\s")
_PRESENT_WORDS = frozenset({"now", "currently", "presently", "at present", "at the moment"})
# Undated sentences about what has been going on rather than what happened: "has long supported",
# "have been calling for weeks", "is still outpacing", totals "so far".
_BACKGROUND = re.compile(
    r"\b(?:has|have|had)\s+(?:previously|long|already|repeatedly|often|always)\b|\bover\s+time\b"
    r"|\b(?:for\s+years|in\s+the\s+past|so\s+far|to\s+date|thus\s+far|in\s+total)\b"
    r"|\b(?:has|have)\s+been\s+[a-z]+ing\b|\b(?:is|are|was|were)\s+still\b"
)
# A condition is not a report: "If the vote passes on Tuesday, the aid will flow".
_CONDITIONAL = re.compile(r"[\s\"“‘(]*(?:If|Unless|Should|Were|Had)\b")
# Verbs whose perfect tense describes a lasting stance rather than an act of the day.
_DURATIVE = frozenset({"support", "help", "assist", "cooperate", "partner", "back", "coordinate"})
_ANAPHORIC_SUBJECT = re.compile(
    r"(?:The|These|Both)\s+(?:two\s+)?(?:leaders|presidents|ministers|sides|parties|meeting|talks|"
    r"call|conversation|summit|visit|agreement|document|deal|decision|package|delegations)\b"
)
_ATTACH_WITHIN = 110  # characters between a time expression and the verb it dates
# Between a time expression and a verb, these end the clause the expression belongs to.
_CLAUSE_BREAK = re.compile(
    r"[;:]|\s[–—-]\s|,\s+(?:which|who|where|when|while|whereas|but|although|though|because)\b"
    r"|\b(?:when|which|who|after|before|since|because|although|while)\s"
)
_QUOTE_SPAN = re.compile(r"“[^“”]*(?:”|$)|\"[^\"\n]*(?:\"|$)|„[^“”]*(?:[“”]|$)", re.MULTILINE)
_TERMINAL = re.compile(r"[.!?…\"”’»)]\s*$")
_POSSESSION = re.compile(r"\b(?:have|has|had|possess(?:es)?|own|owns)\b")
_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_SUFFIX = re.compile(r"(?:ations?|ation|ing|ed|es|s|ly|ion|er|ers)$")
_STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        "that this with from have been were will would also said says their they there which "
        "about after before over into than more most some such when what other only just very "
        "already according while where these those being could should told",
    )
)


@dataclass
class Article:
    """What the event builder needs to know about one cleaned article."""

    body: str
    sentences: list[Sentence]
    expressions: list[TemporalExpression]
    actors: list[ActorMatch]
    topics: TopicMatcher
    published: datetime.date | None
    matcher: ActorMatcher | None = None
    has_headline: bool = False
    truncated: bool = False
    focus: str | None = None  # the state the article is about (see ActorMatcher.focus)


@dataclass
class _Reading:
    """One sentence as the builder reads it."""

    sentence: Sentence
    expressions: list[TemporalExpression]
    matches: list[ActorMatch]
    verbs: list[Verb]
    actors: list[str]
    topics: list[str]
    quoted: bool
    paragraph_topics: list[str] = field(default_factory=list)
    headline: bool = False
    carried: bool = False  # actors taken from the sentence before
    lead: bool = False  # the headline or the first two paragraphs of the body

    @property
    def acts(self) -> list[Verb]:
        return [verb for verb in self.verbs if not verb.statement]


@dataclass
class _Candidate:
    expression: TemporalExpression
    implicit: bool  # dated to the publication day without a time word
    contextual: bool  # dated by a time word earlier in the paragraph
    actors: list[str]
    topics: list[str]
    mentions: list[Mention]
    title: str = ""
    act: bool = True
    quoted: bool = False
    target: TemporalExpression | None = None
    readings: list[_Reading] = field(default_factory=list)  # the sentences that report it
    words: frozenset[str] = frozenset()
    lead: bool = False  # reported in the headline or the first two paragraphs of the body
    paragraph: int = 0
    continues: "_Candidate | None" = None  # the event an undated sentence goes on about


def build_events(article: Article) -> list[ExtractedEvent]:
    readings = _readings(article)
    candidates: list[_Candidate] = []
    headline_candidate = None
    last_date: dict[int, TemporalExpression] = {}
    recent: _Candidate | None = None
    subject: list[str] = []
    for reading in readings:
        if (
            not reading.actors
            and subject
            and reading.acts
            and reading.topics
            and not reading.quoted
            and any(not _is_present(e) for e in reading.expressions)
        ):
            # A dated act with no actor of its own is the article's subject's: "The assistance
            # measures will increase the original budget announced on 28 February".
            reading.actors, reading.carried = list(subject), True
        context = last_date.get(reading.sentence.paragraph)
        found = _sentence_events(article, reading, context, recent)
        for candidate in found:
            if not candidate.implicit and not candidate.contextual:
                paragraph = reading.sentence.paragraph
                if paragraph not in last_date:
                    # A paragraph's first dated event is what the next paragraph continues.
                    recent = candidate
                last_date[paragraph] = candidate.expression
        if found and not subject:
            subject = [a for a in found[0].actors if a in reading.actors]
        if reading.headline:
            headline_candidate = (reading, found[0] if found else None)
            continue
        candidates += found
    if headline_candidate is not None:
        candidates = _with_headline(article, candidates, *headline_candidate)
    return [_event(article, candidate) for candidate in _merged(candidates, article.matcher)]


# Reading sentences.


def _readings(article: Article) -> list[_Reading]:
    body = article.body
    topics = article.topics.index(body)
    forms = VerbForms(body)
    expressions = article.expressions
    expression_starts = [e.start for e in expressions]
    matches = [m for m in article.actors]
    match_starts = [m.start for m in matches]
    quotes = [m.span() for m in _QUOTE_SPAN.finditer(body)]
    quote_starts = [start for start, _ in quotes]
    paragraph_sizes: dict[int, int] = {}
    for sentence in article.sentences:
        paragraph_sizes[sentence.paragraph] = paragraph_sizes.get(sentence.paragraph, 0) + 1
    first_paragraph = article.sentences[0].paragraph if article.sentences else 0
    body_start = first_paragraph + (1 if article.has_headline else 0)
    readings: list[_Reading] = []
    previous: _Reading | None = None
    last = len(article.sentences) - 1
    paragraph_spans = paragraph_extents(article.sentences)
    paragraph_topics: dict[int, list[str]] = {}
    for index, sentence in enumerate(article.sentences):
        is_headline = article.has_headline and sentence.paragraph == first_paragraph
        text = body[sentence.start : sentence.end]
        if not is_headline and _is_heading(text, paragraph_sizes[sentence.paragraph]):
            previous = None
            continue
        if article.truncated and index == last:
            continue
        inside = expressions[
            bisect.bisect_left(expression_starts, sentence.start) : bisect.bisect_left(
                expression_starts, sentence.end
            )
        ]
        inside = [e for e in inside if e.end <= sentence.end]
        sentence_matches = matches[
            bisect.bisect_left(match_starts, sentence.start) : bisect.bisect_left(
                match_starts, sentence.end
            )
        ]
        dateline = _DATELINE_PLACE.match(body, sentence.start)
        if dateline:
            # "WARSAW, Poland —": where the story was filed, not who acted.
            sentence_matches = [m for m in sentence_matches if m.start >= dateline.end()]
        actors = list(dict.fromkeys(m.slug for m in sentence_matches))
        quoted = _is_quoted(body, sentence, quotes, quote_starts)
        verbs = verbs_in(body, sentence.start, sentence.end, headline=is_headline, forms=forms)
        verbs = [v for v in verbs if not _in_passing(body, sentence, v, sentence_matches)]
        if not quoted:
            # What a speaker says inside quotation marks is not what the sentence reports.
            verbs = [v for v in verbs if not _inside(quotes, quote_starts, v.start)]
            inside = [e for e in inside if not _inside(quotes, quote_starts, e.start)]
        reading = _Reading(
            sentence=sentence,
            expressions=inside,
            matches=sentence_matches,
            verbs=verbs,
            actors=actors,
            topics=topics.between(sentence.start, sentence.end),
            quoted=quoted,
            headline=is_headline,
            lead=is_headline or sentence.paragraph < body_start + 2,
        )
        start, end = paragraph_spans[sentence.paragraph]
        if sentence.paragraph not in paragraph_topics:
            paragraph_topics[sentence.paragraph] = topics.between(start, end)
        reading.paragraph_topics = paragraph_topics[sentence.paragraph]
        if (
            not reading.actors
            and previous is not None
            and previous.sentence.paragraph == sentence.paragraph
            and previous.actors
            and reading.acts
        ):
            reading.actors = list(previous.actors)
            reading.carried = True
        elif (
            previous is not None
            and previous.actors
            and _PRONOUN_SUBJECT.match(body, sentence.start)
        ):
            # "They have also promised…", "This was stated by…": the sentence before's actors.
            reading.actors += [a for a in previous.actors if a not in reading.actors]
        readings.append(reading)
        previous = reading
    return readings


def paragraph_extents(sentences: list[Sentence]) -> dict[int, tuple[int, int]]:
    """Each paragraph's span, from its first sentence's start to its last one's end."""
    extents: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        start = extents.get(sentence.paragraph, (sentence.start, 0))[0]
        extents[sentence.paragraph] = (start, sentence.end)
    return extents


def _is_heading(text: str, sentences_in_paragraph: int) -> bool:
    """A short paragraph of one line without a full stop is a heading or a link, not a report."""
    return (
        sentences_in_paragraph == 1
        and not _TERMINAL.search(text)
        and len(text.split()) <= _HEADING_WORDS
    )


def _is_quoted(body: str, sentence: Sentence, quotes, quote_starts) -> bool:
    return _inside(quotes, quote_starts, sentence.start) or body[sentence.start] in '"“„«'


def _inside(quotes: list[tuple[int, int]], quote_starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(quote_starts, position) - 1
    return index >= 0 and quotes[index][0] <= position < quotes[index][1]


# Proposing events from a sentence.


def _sentence_events(
    article: Article,
    reading: _Reading,
    context: TemporalExpression | None,
    recent: "_Candidate | None" = None,
) -> list[_Candidate]:
    """The events one sentence reports. `context` is the last date named earlier in its
    paragraph, `recent` the last one in the article (for "The leaders discussed…")."""
    if not reading.actors:
        return []
    # What a sentence is about is often set by its paragraph: "The Japanese government is
    # expected to announce these changes on Friday" after a sentence about Patriot missiles.
    relevant = bool(reading.topics or reading.paragraph_topics) or len(reading.actors) >= 2
    if not relevant and not reading.headline:
        return []
    if _previews_speech(reading):
        return []
    conditional = _conditional_clause_end(article.body, reading)
    expressions = [e for e in reading.expressions if e.start >= conditional]
    deadlines = [e for e in expressions if e.cue in _DEADLINE_CUES]
    dating = [e for e in expressions if e not in deadlines and not _is_present(e)]
    anchors = _anchors(article, reading, dating)
    target = deadlines[0] if deadlines else None
    if anchors:
        return [_candidate(article, reading, anchor, target=target) for anchor in anchors]
    if reading.quoted or not reading.acts or conditional > reading.sentence.start:
        return []
    if dating:
        # The sentence names a date, of something else it mentions ("…against the backdrop of
        # Ukraine losing Avdiivka in February"): the act is of that time, not of today.
        return [_candidate(article, reading, dating[0], contextual=True, target=target)]
    if target is not None and any(v.tense in _PLAN_TENSES for v in reading.acts):
        return [_candidate(article, reading, target, target=target)]
    if not reading.topics and not reading.headline:
        return []
    if _is_background(article.body, reading):
        return []
    if context is None and recent is not None and _refers_to(article, reading, recent):
        candidate = _candidate(article, reading, recent.expression, contextual=True, target=target)
        candidate.continues = recent
        return [candidate]
    if context is not None:
        return [_candidate(article, reading, context, contextual=True, target=target)]
    return [_candidate(article, reading, _publication_day(article.published), target=target)]


def _refers_to(article: Article, reading: _Reading, recent: "_Candidate") -> bool:
    """Whether an undated sentence continues the last dated event of the article: "The leaders
    discussed…" after a call; a plan ("will join", "to discuss") after an announced meeting that
    is still to come."""
    if _continues(article.body, reading):
        return True
    upcoming = (
        article.published is not None
        and recent.expression.date is not None
        and recent.expression.date > article.published
    )
    return upcoming and all(verb.tense in _PLAN_TENSES for verb in reading.acts)


def _previews_speech(reading: _Reading) -> bool:
    """ "The Defence Secretary will say that we need to ramp up production": words still to be
    spoken, with what they will report; an act before them still counts."""
    speech = [v for v in reading.verbs if v.statement and v.tense in _PLAN_TENSES]
    return bool(speech) and all(act.start > speech[0].start for act in reading.acts)


def _conditional_clause_end(body: str, reading: _Reading) -> int:
    """Where a sentence's opening condition ends ("If the hotline clears this morning, …"): what
    it dates is not a report. The sentence start when there is none."""
    start = reading.sentence.start
    if not _CONDITIONAL.match(body, start):
        return start
    comma = body.find(",", start, reading.sentence.end)
    return comma if comma >= 0 else reading.sentence.end


def _is_present(expression: TemporalExpression) -> bool:
    """ "now", "currently": the time of a state, not of something that happened."""
    return expression.text.lower() in _PRESENT_WORDS


def _is_background(body: str, reading: _Reading) -> bool:
    """ "has previously urged", "had signed", "has long requested": done before, date unknown;
    not a publication-day event."""
    sentence = body[reading.sentence.start : reading.sentence.end]
    if _BACKGROUND.search(sentence):
        return True
    if all(verb.lemma in _DURATIVE and verb.tense == "perfect" for verb in reading.acts):
        return True  # "Japan has supported Ukraine": a stance held, not something done that day
    return all(
        body[max(reading.sentence.start, verb.start - 4) : verb.start].lower().endswith("had ")
        for verb in reading.acts
    )


def _continues(body: str, reading: _Reading) -> bool:
    """ "The leaders discussed…", "The meeting was held…": a sentence about the event just
    reported."""
    return bool(_ANAPHORIC_SUBJECT.match(body, reading.sentence.start))


def _anchors(
    article: Article, reading: _Reading, expressions: list[TemporalExpression]
) -> list[TemporalExpression]:
    """The sentence's time expressions that date something it reports: attached to a verb of
    their clause; for one verb, the finest of its dates; an apposition is one date."""
    if not expressions:
        return []
    body = article.body
    by_verb: dict[int, list[TemporalExpression]] = {}
    for expression in expressions:
        verb = _attached_verb(body, reading, expression)
        if verb is None:
            if _possession_state(body, reading, expression):
                by_verb.setdefault(-1, []).append(expression)
            continue
        if verb.statement and not reading.acts:
            continue
        by_verb.setdefault(verb.start, []).append(expression)
    # A date of a relative clause (", which will open next year") describes something the
    # sentence mentions, not what it reports, when the main clause has its own date.
    main = {
        start: group
        for start, group in by_verb.items()
        if not _in_relative_clause(body, reading, start)
    }
    if main:
        by_verb = main
    chosen: list[TemporalExpression] = []
    for group in by_verb.values():
        finest = min(_PRECISION_RANK[e.precision] for e in group)
        fine = [e for e in group if _PRECISION_RANK[e.precision] == finest]
        for expression in fine:
            if not any(_same_date(expression, other) for other in chosen):
                chosen.append(expression)
    return sorted(chosen, key=lambda e: e.start)


def _in_relative_clause(body: str, reading: _Reading, verb_start: int) -> bool:
    if verb_start < 0:
        return False
    clause = body[reading.sentence.start : verb_start]
    opener = _RELATIVE_OPENER.search(clause)
    return opener is not None and not _CLAUSE_END.search(clause, opener.end())


def _attached_verb(body: str, reading: _Reading, expression: TemporalExpression) -> Verb | None:
    """The verb a time expression dates: the nearest one of its clause. A phrase opening the
    sentence ("On July 15, Zelenskyy reported…") dates the first verb of the main clause, however
    far; one followed by "when" dates the when-clause ("11 months ago, when I asked…")."""
    opening = _OPENING.fullmatch(body, reading.sentence.start, expression.start)
    best, best_distance = None, _ATTACH_WITHIN + 1
    for verb in reading.verbs:
        if verb.end <= expression.start:
            gap = body[verb.end : expression.start]
            distance = expression.start - verb.end
        else:
            gap = body[expression.end : verb.start]
            distance = verb.start - expression.end
            if opening and ";" not in gap:
                return verb
            gap = _WHEN_APPOSITION.sub("", gap, count=1)
        if distance < 0:
            continue
        if distance < best_distance and not _CLAUSE_BREAK.search(gap):
            best, best_distance = verb, distance
    if best is not None and best.end <= expression.start and not opening:
        # Another verb in between dates nothing we report: "launched the initiative against the
        # backdrop of Ukraine losing the key city in February".
        for word in _GERUND.findall(body, best.end, expression.start):
            if word.lower() not in _NOT_VERBS:
                return None
    return best


def _in_passing(body: str, sentence: Sentence, verb: Verb, matches: list[ActorMatch]) -> bool:
    """ "…against the brutal Russian invasion launched in February 2022": a participle after a
    noun, in a sentence whose own verb came before, mentions that noun in passing; it is not what
    the sentence reports, unless its actor is named with it ("the package announced by Prime
    Minister Rishi Sunak in January")."""
    if verb.tense != "past":
        return False
    before = body[sentence.start : verb.start]
    noun = _LAST_WORD.search(before)
    if noun is None or not noun.group(1).islower() or noun.group(1) in _NOT_NOUNS:
        return False
    if noun.group(1).endswith("ly"):
        return False  # an adverb: "was officially approved"
    if not _FINITE_BEFORE.search(before, 0, noun.start()):
        return False
    return not any(verb.end <= m.start < verb.end + _AGENT_WITHIN for m in matches)


def _possession_state(body: str, reading: _Reading, expression: TemporalExpression) -> bool:
    """ "Today we have a large arsenal of Western weapons": a state of the topic, dated."""
    window = body[max(reading.sentence.start, expression.start - 10) : expression.end + 30]
    return bool(reading.topics) and bool(_POSSESSION.search(window))


def _same_date(first: TemporalExpression, second: TemporalExpression) -> bool:
    return (first.value, first.end_value, first.precision) == (
        second.value,
        second.end_value,
        second.precision,
    )


def _candidate(
    article: Article,
    reading: _Reading,
    expression: TemporalExpression,
    *,
    contextual: bool = False,
    target: TemporalExpression | None = None,
) -> _Candidate:
    body = article.body
    sentence = reading.sentence
    text = body[sentence.start : sentence.end]
    own = expression.start >= sentence.start and expression.end <= sentence.end and expression.text
    mention = (
        Mention(
            text, sentence.start, sentence.end, expression.text, expression.start, expression.end
        )
        if own
        else Mention(text, sentence.start, sentence.end)
    )
    implicit = not own and not contextual
    actors = list(reading.actors)
    if article.matcher is not None:
        actors += article.matcher.implied(actors, article.published)
    topics = reading.topics or reading.paragraph_topics
    if article.focus and article.focus not in actors and _AID_TOPICS & set(topics):
        # Aid, weapons and training in an article about a state are for that state, even where a
        # sentence does not repeat its name ("Congress approved an initial $13.6 billion").
        actors.append(article.focus)
    return _Candidate(
        expression=expression,
        implicit=implicit,
        contextual=contextual,
        actors=actors,
        topics=list(topics),
        mentions=[mention],
        act=bool(reading.acts),
        quoted=reading.quoted,
        target=target,
        readings=[reading],
        words=_content_words(text),
        lead=reading.lead,
        paragraph=sentence.paragraph,
    )


def _publication_day(published: datetime.date | None) -> TemporalExpression:
    if published is None:
        return TemporalExpression("", 0, 0, "XXXX-XX-XX", Precision.DAY, needs_reference=True)
    return TemporalExpression("", 0, 0, published.isoformat(), Precision.DAY, date=published)


# Headline and lead; one proposal per happening.


def _with_headline(
    article: Article,
    candidates: list[_Candidate],
    reading: _Reading,
    own: _Candidate | None,
) -> list[_Candidate]:
    """The headline reports what the lead sentence reports: one event with both mentions, under
    the headline; a headline that reports something else is an event of its own."""
    body = article.body
    sentence = reading.sentence
    text = body[sentence.start : sentence.end]
    words = _content_words(text)
    body_paragraphs = sorted(
        {s.paragraph for s in article.sentences if s.paragraph != sentence.paragraph}
    )[:2]
    lead = next(
        (
            c
            for c in candidates
            if c.paragraph in body_paragraphs
            and _similar(words, c.words, set(reading.actors), set(c.actors))
        ),
        None,
    )
    if lead is not None:
        lead.mentions.append(Mention(text, sentence.start, sentence.end))
        lead.title = headline(text)
        lead.actors += [a for a in reading.actors if a not in lead.actors]
        if article.matcher is not None:
            lead.actors += [
                a
                for a in article.matcher.implied(lead.actors, article.published)
                if a not in lead.actors
            ]
        lead.topics += [t for t in reading.topics if t not in lead.topics]
        lead.words = lead.words | words
        return candidates
    if own is None:
        return candidates
    return [own, *candidates]


def _merged(candidates: list[_Candidate], matcher: ActorMatcher | None = None) -> list[_Candidate]:
    """Two proposals on the same date with actors and words in common report one happening."""
    kept: list[_Candidate] = []
    by_date: dict[tuple, list[_Candidate]] = {}
    kept_ids = set()
    story: _Candidate | None = None  # the article's own story, told in its opening
    for candidate in candidates:
        if candidate.continues is not None and id(candidate.continues) in kept_ids:
            _absorb(candidate.continues, candidate)
            continue
        if story is not None and _elaborates(candidate, story, matcher):
            _absorb(story, candidate)
            continue
        if story is None and candidate.lead:
            story = candidate
        key = _date_key(candidate.expression)
        group = by_date.setdefault(key, [])
        same = next(
            (other for other in group[-20:] if _same_happening(candidate, other)),
            None,
        )
        if same is None:
            group.append(candidate)
            kept.append(candidate)
            kept_ids.add(id(candidate))
            continue
        _absorb(same, candidate)
    return sorted(kept, key=lambda candidate: candidate.mentions[0].start)


def _absorb(kept: _Candidate, other: _Candidate) -> None:
    if (kept.quoted or kept.implicit) and not (other.quoted or other.implicit):
        kept.mentions, other.mentions = other.mentions, kept.mentions
        # The better-dated sentence leads; a headline given as title stays.
        kept.title = other.title or kept.title
        kept.quoted, kept.implicit = other.quoted, other.implicit
        kept.expression = other.expression
    seen = {(m.start, m.date_start) for m in kept.mentions}
    kept.mentions += [m for m in other.mentions if (m.start, m.date_start) not in seen]
    kept.actors += [a for a in other.actors if a not in kept.actors]
    kept.topics += [t for t in other.topics if t not in kept.topics]
    kept.readings += other.readings
    kept.words = kept.words | other.words


def _elaborates(candidate: _Candidate, story: _Candidate, matcher: ActorMatcher | None) -> bool:
    """An undated sentence about the same parties and subject as the article's opening story
    tells more of it ("Of the tanks, 110 will be made by Hyundai Rotem…", "The two ministers
    attended the signing ceremony" after the contract is reported)."""
    if not candidate.implicit or candidate.lead or not set(candidate.topics) & set(story.topics):
        return False
    detail = all(
        verb.tense in _PLAN_TENSES for reading in candidate.readings for verb in reading.acts
    ) or any(_REFERS_BACK.search(m.sentence) for m in candidate.mentions)
    if not detail:
        return False  # an act of its own ("the agreement signed by…"), not a detail
    # New people may appear (who attended, who spoke); no new state, body or company.
    parties = {a for a in candidate.actors if matcher is None or matcher.kind(a) != "person"}
    return bool(parties) and parties <= set(story.actors)


def _same_happening(candidate: _Candidate, other: _Candidate) -> bool:
    """Same date; actors in common; and words in common, the more so the further the two are
    from the article's opening, where one story is told in several sentences."""
    if not set(candidate.actors) & set(other.actors):
        return False
    shared = len(candidate.words & other.words)
    ratio = shared / max(1, min(len(candidate.words), len(other.words)))
    opening = candidate.lead and other.lead
    if candidate.implicit and other.implicit:
        close = opening or candidate.paragraph == other.paragraph
        return (close and shared >= 2) or (shared >= 3 and ratio >= 0.5)
    quote, report = (candidate, other) if candidate.quoted else (other, candidate)
    if quote.quoted and not report.quoted and not (report.implicit or report.contextual):
        # Words a speaker is quoted with, on the day of an event the article reports with its
        # own date, comment on that event: evidence, not another event.
        return True
    if any(c.quoted or c.implicit or c.contextual for c in (candidate, other)):
        return shared >= 2 and ratio >= (0.25 if opening else 0.4)
    return shared >= 3 and ratio >= 0.4


def _date_key(expression: TemporalExpression) -> tuple:
    return (expression.value, expression.end_value, expression.precision)


def _similar(words: frozenset, other_words: frozenset, actors: set, other_actors: set) -> bool:
    shared = len(words & other_words)
    return (
        bool(actors & other_actors)
        and shared >= 2
        and shared / max(1, min(len(words), len(other_words))) >= 0.25
    )


def _content_words(text: str) -> frozenset[str]:
    return frozenset(filter(None, map(_stem, _CONTENT_WORD.findall(text))))


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    word = word.lower()
    return "" if word in _STOPWORDS else _SUFFIX.sub("", word)


# The proposal.


def _event(article: Article, candidate: _Candidate) -> ExtractedEvent:
    expression = candidate.expression
    target = candidate.target
    return ExtractedEvent(
        title=candidate.title or headline(candidate.mentions[0].sentence),
        date=expression.date,
        date_end=expression.date_end,
        precision=expression.precision,
        value=expression.value,
        implicit_date=candidate.implicit,
        needs_date=expression.date is None,
        actors=list(dict.fromkeys(candidate.actors)),
        topics=list(candidate.topics),
        confidence=_confidence(candidate),
        mentions=list(candidate.mentions),
        target_date=target.date if target is not None else None,
        target_precision=target.precision if target is not None else None,
        candidate_actors=_candidate_actors(article, candidate),
    )


def _candidate_actors(article: Article, candidate: _Candidate) -> list[str]:
    found: list[str] = []
    for reading in candidate.readings:
        sentence = reading.sentence
        verbs = [(verb.start, verb.end) for verb in reading.verbs]
        for name in candidate_names(
            article.body, sentence.start, sentence.end, reading.matches, article.matcher, verbs
        ):
            if name not in found:
                found.append(name)
    return found


def _confidence(candidate: _Candidate) -> float:
    score = 0.25
    if candidate.contextual:
        score += 0.15
    elif not candidate.implicit:
        score += 0.35
    score += _PRECISION_WEIGHT[candidate.expression.precision]
    score += 0.1 if candidate.act else 0
    score += (0.1 if candidate.actors else 0) + (0.05 if len(candidate.actors) > 1 else 0)
    score += 0.1 if candidate.topics else 0
    score += min(0.1, 0.05 * (len(candidate.mentions) - 1))
    score -= 0.05 if candidate.quoted else 0
    score -= 0.2 if candidate.expression.date is None else 0
    return round(min(1.0, max(0.0, score)), 2)
