"""Turning an article's bytes into text, the same way whichever door they came in by.

Files on the command line, uploads in the admin and fetched pages all go through
``decode_text``: a byte-order mark first, then UTF-16 without one (text in one-byte encodings
never holds NUL bytes, UTF-16 text nearly always does), then the charset the server or the page
declares, then UTF-8, then the commonest one-byte encodings of our sources (cp1251 for Ukrainian
and Russian, cp1252 and latin-1 for Western European), told apart by charset-normalizer. The
text that comes out holds no character PostgreSQL or XML 1.0 cannot store.

Plain Python, no Django: the extraction engine and the Django side share it.
"""

import codecs
import re
from typing import NoReturn

from charset_normalizer import from_bytes

from .types import ExtractionError

BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
ONE_BYTE_ENCODINGS = ["cp1251", "cp1252", "latin_1"]
SNIFF_BYTES = 8192
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Control codes that plain text hardly ever holds (escape, 0x1b, appears in terminal logs); a
# file full of them is a picture, an archive or a word processor's document.
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
MAX_BINARY_BYTES = 8
# UTF-16 without a byte-order mark is recognised when at least one character in this many is
# ASCII (a space, a digit, punctuation): true of any prose, Cyrillic included.
UTF16_MIN_ASCII_SHARE = 20
# Byte-level sniffing finds real UTF-16 and UTF-32; a server that declares them for bytes
# without NULs is wrong, and decoding its ASCII as UTF-16 would make Chinese of it.
WIDE_ENCODINGS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# What XML 1.0 cannot hold (and, for NUL, PostgreSQL neither): C0 controls other than tab,
# newline and carriage return, and the non-characters U+FFFE and U+FFFF. Vertical tabs and form
# feeds separate words or pages, so they become spaces rather than nothing.
SEPARATING_CONTROLS = re.compile(r"[\x0b\x0c]")
UNSTORABLE_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class DecodingError(ExtractionError):
    """The bytes are not text in an encoding we read; the message says so in plain words."""


def decode_text(raw: bytes, declared_charset: str | None = None) -> str:
    """The text in ``raw``, without control characters; ``declared_charset`` is what the
    server said (an HTTP ``Content-Type`` charset), if anything.

    Raises DecodingError for bytes that are not text.
    """
    return strip_control_characters(_decode(raw, declared_charset))


def strip_control_characters(text: str) -> str:
    """``text`` without the control characters PostgreSQL or XML cannot hold (tab, newline and
    carriage return stay; vertical tab and form feed become spaces)."""
    return UNSTORABLE_CHARACTERS.sub("", SEPARATING_CONTROLS.sub(" ", text))


def lone_surrogate(text: str) -> str | None:
    """A description of the first unpaired surrogate in ``text`` (not valid Unicode, and no
    database or encoder accepts it), or None when there is none."""
    found = LONE_SURROGATE.search(text)
    if found is None:
        return None
    return f"an unpaired surrogate U+{ord(found.group()):04X} at character {found.start() + 1}"


def _decode(raw: bytes, declared_charset: str | None) -> str:
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            text = _strict(raw, encoding)
            if text is None:
                name = encoding.removesuffix("-sig").upper()
                _refuse(f"{name} text, as its byte-order mark says")
            return text
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head and (utf16 := _utf16_without_mark(raw)) is not None:
        return utf16
    if len(BINARY_BYTES.findall(head)) > MAX_BINARY_BYTES:
        raise DecodingError("This is not a text file: give the article as text or HTML.")
    for encoding in (declared_charset, _meta_charset(head), "utf-8"):
        if _narrow(encoding) and (text := _strict(raw, encoding)) is not None:
            return text
    best = from_bytes(raw, cp_isolation=ONE_BYTE_ENCODINGS).best()
    if best is None:
        _refuse("UTF-8, UTF-16, cp1251 or latin-1 text")
    return str(best)


def _utf16_without_mark(raw: bytes) -> str | None:
    """UTF-16 text with no byte-order mark, its byte order told by where the NUL bytes are.

    The high byte of every ASCII character (spaces, digits, punctuation, Latin letters) is
    zero, so NULs pile up at odd offsets in little-endian text and at even ones in big-endian;
    a stray NUL in a UTF-8 file is no reason to read it as UTF-16.
    """
    head = raw[:SNIFF_BYTES]
    zeros_even, zeros_odd = head[0::2].count(0), head[1::2].count(0)
    enough = max(2, len(head) // 2 // UTF16_MIN_ASCII_SHARE)
    if zeros_odd >= enough and zeros_odd > 4 * zeros_even:
        encoding = "utf-16-le"
    elif zeros_even >= enough and zeros_even > 4 * zeros_odd:
        encoding = "utf-16-be"
    else:
        return None
    text = _strict(raw, encoding)
    if text is None or BINARY_CHARACTERS.search(text[:SNIFF_BYTES]):
        return None
    return text


def _meta_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in its ``<meta>``, if any."""
    found = META_CHARSET.search(head[:4096])
    return found.group(1).decode("ascii") if found else None


def _narrow(encoding: str | None) -> bool:
    """Whether ``encoding`` names a known encoding of one or a few bytes a character."""
    try:
        return bool(encoding) and codecs.lookup(encoding).name not in WIDE_ENCODINGS
    except LookupError:
        return False


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _refuse(what: str) -> NoReturn:
    raise DecodingError(f"The content is not valid {what}: save it as UTF-8 and give it again.")
