"""Benchmark: our `extract` against raw `dateparser.search_dates` on the same articles, and how
extraction time grows with the size of an article.

Run from the project root: `.venv/bin/python bench/extraction.py [--copies N]`. Prints articles per
second for both and their ratio on two corpora (with the full starter vocabulary and topics
loaded), the CPU time of one article of 1 KB, 16 KB, 256 KB and 1 MB, then how both do on the
expression sentences of `tests/fixtures/dev_set.jsonl`. The "sample variants" corpus is the
realistic one: the two real sample articles with small variations (publication date, numbers, day
of month, a paragraph left out), where dates are as sparse as in real news. The "dev-set" corpus
packs eight dated sentences into each article, a worst case for the date grammar.

The dev-set sentences were written alongside the date grammar: their scores are a regression
check, not a measure of quality. Quality is measured on real news (`bench/README.md`).
"""

import argparse
import datetime
import json
import random
import re
import sys
import time
from pathlib import Path

from dateparser.search import search_dates

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.extraction import extract, find_temporal_expressions  # noqa: E402
from timeline.extraction import published as published_module  # noqa: E402
from timeline.vocabulary import starter_entries  # noqa: E402

ARTICLES = ROOT / "tests" / "fixtures" / "articles"
DEV_SET = ROOT / "tests" / "fixtures" / "dev_set.jsonl"
REZNIKOV_DATE = datetime.datetime(2022, 10, 1, 14, 41)


def sample_articles() -> list[tuple[str, datetime.datetime]]:
    return [
        (path.read_text(encoding="utf-8"), REZNIKOV_DATE if "2022-10-01" in path.name else None)
        for path in sorted(ARTICLES.glob("*.txt"))
    ]


def sample_variants(count: int, seed: int = 5) -> list[tuple[str, datetime.datetime | None]]:
    """Copies of the two sample articles, each with a different date, numbers and paragraphs."""
    originals = sample_articles()
    rng = random.Random(seed)
    articles = []
    for index in range(count):
        text, dated = originals[index % len(originals)]
        published = datetime.datetime(2022, 1, 1, rng.randrange(24), rng.randrange(60))
        published += datetime.timedelta(days=rng.randrange(3 * 365))
        text = text.replace("14:41 01 Oct 2022", f"{published:%H:%M %d %b %Y}")
        text = re.sub(r"\b11 months ago", f"{rng.randrange(2, 13)} months ago", text)
        text = text.replace("On July 15", f"On {published:%B} {rng.randrange(1, 29)}")
        text = re.sub(
            r"[0-9]{5,6} переглядiв", lambda _: f"{rng.randrange(10**5)} переглядiв", text
        )
        text = _without_a_paragraph(text, rng) if rng.random() < 0.5 else text
        # An article with a dateline dates itself; one without gets a date argument half the time.
        articles.append((text, None if dated or rng.random() < 0.5 else published))
    return articles


def _without_a_paragraph(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n\n")
    long_ones = [i for i, paragraph in enumerate(paragraphs) if len(paragraph) > 150]
    del paragraphs[rng.choice(long_ones[1:])]
    return "\n\n".join(paragraphs)


def synthetic_articles(count: int, seed: int = 3) -> list[tuple[str, datetime.datetime]]:
    """Articles assembled from dev-set sentences, with a headline, a dateline and furniture."""
    cases = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        picked = rng.sample(cases, 8)
        published = datetime.datetime.fromisoformat(picked[0]["reference"]) + datetime.timedelta(
            hours=rng.randrange(24)
        )
        paragraphs = [" ".join(case["text"] for case in picked[i : i + 2]) for i in range(0, 8, 2)]
        text = "\n\n".join(
            [
                f"{published:%H:%M %d %b %Y}",
                picked[0]["text"].rstrip("."),
                "Photo: Reuters",
                *paragraphs,
                "Read also: Another story of the day",
                "If you have found a spelling error, please, notify us by pressing Ctrl+Enter.",
            ]
        )
        articles.append((text, published))
    return articles


def articles_per_second(run, articles, repeat: int = 5) -> float:
    """Best of `repeat` runs, in CPU time of this process so that other load on a shared machine
    skews the figures less."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for text, published in articles:
            run(text, published)
        best = min(best, time.process_time() - started)
    return len(articles) / best


def run_search_dates(text, published):
    settings = {"RELATIVE_BASE": published or datetime.datetime(2022, 10, 1)}
    search_dates(text, languages=["en"], settings=settings)


def run_ours(actors, topics, cold: bool):
    def run(text, published):
        if cold:
            published_module.clear_caches()
        extract(text, published=published, actors=actors, topics=topics)

    return run


def dev_set_scores() -> dict[str, tuple[float, float]]:
    cases = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    counts = {"ours": [0, 0, 0], "search_dates": [0, 0, 0]}  # true positives, found, expected
    for case in cases:
        reference = datetime.date.fromisoformat(case["reference"])
        expected = {(e["text"].lower(), e["value"]) for e in case["expected"]}
        ours = {
            (e.text.lower(), e.value) for e in find_temporal_expressions(case["text"], reference)
        }
        theirs = _search_dates_found(case, reference)
        for name, found in (("ours", ours), ("search_dates", theirs)):
            counts[name][0] += len(found & expected)
            counts[name][1] += len(found)
            counts[name][2] += len(expected)
    return {
        name: (tp / found if found else 1.0, tp / total if total else 1.0)
        for name, (tp, found, total) in counts.items()
    }


def _search_dates_found(case, reference) -> set[tuple[str, str]]:
    """Credit search_dates with a hit when its span ends like the expected one and the day is inside
    the expected period (it has no precision, so it is judged leniently)."""
    base = datetime.datetime(reference.year, reference.month, reference.day)
    found = search_dates(case["text"], languages=["en"], settings={"RELATIVE_BASE": base}) or []
    hits = set()
    for text, moment in found:
        match = next(
            (e for e in case["expected"] if text.lower().endswith(e["text"].lower())), None
        )
        if match and _in_period(moment.date(), match["value"]):
            hits.add((match["text"].lower(), match["value"]))
        else:
            hits.add((text.lower(), moment.date().isoformat()))
    return hits


def _in_period(day: datetime.date, value: str) -> bool:
    if "W" in value:
        year, week = value.split("-W")
        return day.isocalendar()[:2] == (int(year), int(week))
    if value.endswith("X"):
        return day.year // 10 == int(value[:3])
    if value[-2:] in ("SP", "SU", "FA", "WI"):
        start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[value[-2:]]
        return day.year == int(value[:4]) and start <= day.month < start + 3
    return day.isoformat().startswith(value)


def sized_article(size: int) -> str:
    """The sample articles' text repeated to `size` characters: as many sentences, dates and
    actors per kilobyte as real news, at any length."""
    text = "\n\n".join(text for text, _ in sample_articles())
    text = re.sub(
        r"(?m)^(Popular|News by theme.*|Spelling error report|If you have found.*|"
        r"The following text.*)$",
        "",
        text,
    )
    return (text * (size // len(text) + 1))[:size]


def seconds_for(text: str, actors, topics, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        published_module.clear_caches()
        started = time.process_time()
        extract(text, published=REZNIKOV_DATE, actors=actors, topics=topics)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=200, help="articles per corpus")
    options = parser.parse_args()
    actors, topics = starter_entries()
    corpora = {
        "sample variants": sample_variants(options.copies),
        "dev-set": sample_articles() + synthetic_articles(options.copies),
    }
    extract(sample_articles()[0][0], actors=actors, topics=topics)  # warm up: regexes, languages
    search_dates("warm up on 1 October 2022", languages=["en"])
    for name, corpus in corpora.items():
        chars = sum(len(text) for text, _ in corpus) // len(corpus)
        print(f"corpus {name}: {len(corpus)} articles, {chars} chars avg")
        raw = articles_per_second(run_search_dates, corpus)
        print(f"  raw search_dates:        {raw:9.1f} articles/s")
        for label, cold in (("ours (memo warm)", False), ("ours (memo cleared)", True)):
            ours = articles_per_second(run_ours(actors, topics, cold), corpus)
            print(f"  {label + ':':24} {ours:9.1f} articles/s  ({ours / raw:.1f}x search_dates)")
    print("one article, CPU seconds (best of 3, memo cleared):")
    for label, size in (("1 KB", 1024), ("16 KB", 16 * 1024), ("256 KB", 256 * 1024),
                        ("1 MB", 1024 * 1024)):  # fmt: skip
        seconds = seconds_for(sized_article(size), actors, topics)
        print(f"  {label:7} {seconds:7.3f} s  ({seconds / size * 1024 * 1000:.2f} ms per KB)")
    print("dev set sentences (a regression check, written with the grammar):")
    for name, (precision, recall) in dev_set_scores().items():
        print(f"  {name:13} precision {precision:.2f}  recall {recall:.2f}")


if __name__ == "__main__":
    main()
