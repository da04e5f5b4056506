"""Reading article files and command-line dates, shared by the ingest and extract commands."""

import datetime
from pathlib import Path

from django.core.management.base import CommandError

ARTICLE_SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}


def article_paths(arguments: list[str]) -> list[Path]:
    """Every article file named or found (recursively) in the named folders, checked up front
    so that a typo stops the run before anything is written."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                raise CommandError(f"{path}: no .txt or .html articles in this folder.")
            paths.extend(found)
        elif path.is_file():
            paths.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder.")
    return paths


def read_article(path: Path) -> tuple[bytes, str | None]:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot read it ({error.strerror or error}).") from error
    return content, ARTICLE_SUFFIXES.get(path.suffix.lower())


def parse_published(value: str | None) -> datetime.date | datetime.datetime | None:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` from the command line."""
    if not value:
        return None
    try:
        if "T" in value or " " in value:
            return datetime.datetime.fromisoformat(value)
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--published {value!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM."
        ) from error
