"""The annotated development set: every sentence yields exactly its expected expressions."""

import datetime
import json
from pathlib import Path

import pytest

from timeline.extraction import find_temporal_expressions

DEV_SET = Path(__file__).parent / "fixtures" / "dev_set.jsonl"
CASES = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("case", CASES, ids=[case["text"][:40] for case in CASES])
def test_dev_set_sentence(case):
    reference = datetime.date.fromisoformat(case["reference"])
    found = [
        {"text": e.text, "value": e.value, "precision": e.precision.value}
        for e in find_temporal_expressions(case["text"], reference)
    ]
    assert found == case["expected"]
