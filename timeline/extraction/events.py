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

import datetime
import re

from .headlines import headline
from .names import candidate_names
from .predicates import APPEALS, PLAN_TENSES, Verb
from .reading import Article, Reading, readings
from .retellings import Proposal, content_words, merged, still_to_come, with_headline
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


_NOT_PAST = PLAN_TENSES | {"present", "progressive"}
_AID_TOPICS = frozenset({"aid-funding", "weapons-deliveries", "air-defence", "training"})


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


_POSSESSION = re.compile(r"\b(?:have|has|had|possess(?:es)?|own|owns)\b")


def build_events(article: Article) -> list[ExtractedEvent]:
    candidates: list[Proposal] = []
    headline_candidate = None
    last_dated: dict[int, Proposal] = {}  # by paragraph
    recent: Proposal | None = None
    subject: list[str] = []
    for reading in readings(article):
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
        context = last_dated.get(reading.sentence.paragraph)
        found = _sentence_events(article, reading, context, recent)
        for candidate in found:
            if not candidate.implicit and not candidate.contextual:
                paragraph = reading.sentence.paragraph
                if paragraph not in last_dated:
                    # A paragraph's first dated event is what the next paragraph continues.
                    recent = candidate
                last_dated[paragraph] = candidate
        if found and not subject:
            subject = [a for a in found[0].actors if a in reading.actors]
        if reading.headline:
            headline_candidate = (reading, found[0] if found else None)
            continue
        candidates += found
    if headline_candidate is not None:
        candidates = with_headline(article, candidates, *headline_candidate)
    return [_event(article, candidate) for candidate in merged(candidates, article.matcher)]


def _sentence_events(
    article: Article,
    reading: Reading,
    context: Proposal | None,
    recent: Proposal | None = None,
) -> list[Proposal]:
    """The events one sentence reports. `context` is the last event dated earlier in its
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
    if target is not None and any(v.tense in PLAN_TENSES for v in reading.acts):
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
        candidate = _candidate(article, reading, context.expression, contextual=True, target=target)
        if still_to_come(article, context) and all(v.tense in _NOT_PAST for v in reading.acts):
            # "…expected to announce these changes on Friday. Japan is considering sending…":
            # what is under way or planned after an event still to come tells more of it.
            candidate.continues = context
        return [candidate]
    return [_candidate(article, reading, _publication_day(article.published), target=target)]


def _refers_to(article: Article, reading: Reading, recent: Proposal) -> bool:
    """Whether an undated sentence continues the last dated event of the article: "The leaders
    discussed…" after a call; a plan ("will join", "to discuss") after an announced meeting that
    is still to come."""
    if _continues(article.body, reading):
        return True
    return still_to_come(article, recent) and all(v.tense in PLAN_TENSES for v in reading.acts)


def _previews_speech(reading: Reading) -> bool:
    """ "The Defence Secretary will say that we need to ramp up production": words still to be
    spoken, with what they will report; an act before them still counts."""
    speech = [v for v in reading.verbs if v.statement and v.tense in PLAN_TENSES]
    return bool(speech) and all(act.start > speech[0].start for act in reading.acts)


def _conditional_clause_end(body: str, reading: Reading) -> int:
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


def _is_background(body: str, reading: Reading) -> bool:
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


def _continues(body: str, reading: Reading) -> bool:
    """ "The leaders discussed…", "The meeting was held…": a sentence about the event just
    reported."""
    return bool(_ANAPHORIC_SUBJECT.match(body, reading.sentence.start))


def _anchors(
    article: Article, reading: Reading, expressions: list[TemporalExpression]
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
        if verb.statement and not reading.acts and verb.lemma not in APPEALS:
            continue  # "said on Monday that the war is hard": words, and nothing done
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


def _in_relative_clause(body: str, reading: Reading, verb_start: int) -> bool:
    if verb_start < 0:
        return False
    clause = body[reading.sentence.start : verb_start]
    opener = _RELATIVE_OPENER.search(clause)
    return opener is not None and not _CLAUSE_END.search(clause, opener.end())


def _attached_verb(body: str, reading: Reading, expression: TemporalExpression) -> Verb | None:
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


def _possession_state(body: str, reading: Reading, expression: TemporalExpression) -> bool:
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
    reading: Reading,
    expression: TemporalExpression,
    *,
    contextual: bool = False,
    target: TemporalExpression | None = None,
) -> Proposal:
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
    return Proposal(
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
        words=content_words(text),
        lead=reading.lead,
        paragraph=sentence.paragraph,
    )


def _publication_day(published: datetime.date | None) -> TemporalExpression:
    if published is None:
        return TemporalExpression("", 0, 0, "XXXX-XX-XX", Precision.DAY, needs_reference=True)
    return TemporalExpression("", 0, 0, published.isoformat(), Precision.DAY, date=published)


def _event(article: Article, candidate: Proposal) -> ExtractedEvent:
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


def _candidate_actors(article: Article, candidate: Proposal) -> list[str]:
    found: list[str] = []
    for reading in candidate.readings:
        sentence = reading.sentence
        verbs = [(verb.start, verb.end) for verb in reading.verbs]
        for name in candidate_names(
            article.body,
            sentence.start,
            sentence.end,
            reading.matches,
            article.matcher,
            verbs,
            article.memo,
        ):
            if name not in found:
                found.append(name)
    return found


def _confidence(candidate: Proposal) -> float:
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
