"""The extraction engine: from a scraped article to dated events with actors and topics.

Pure Python with no Django imports; the Django side passes vocabularies in and stores the results.
"""

from .cleaning import clean_html, clean_text
from .dates import find_temporal_expressions
from .pipeline import EXTRACTOR_VERSION, MAX_CONTENT_BYTES, extract, load_vocabulary, prepare
from .types import (
    ActorEntry,
    ExtractedEvent,
    ExtractionError,
    ExtractionResult,
    Mention,
    Office,
    Precision,
    Role,
    TemporalExpression,
    TopicEntry,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_CONTENT_BYTES",
    "ActorEntry",
    "ExtractedEvent",
    "ExtractionError",
    "ExtractionResult",
    "Mention",
    "Office",
    "Precision",
    "Role",
    "TemporalExpression",
    "TopicEntry",
    "clean_html",
    "clean_text",
    "extract",
    "find_temporal_expressions",
    "load_vocabulary",
    "prepare",
]
