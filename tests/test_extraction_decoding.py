"""Reading an article's bytes: every encoding our sources use, detected the same way for the
command line, the admin and fetched pages, and never a character the database cannot hold."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.extraction.decoding import (
    DecodingError,
    decode_text,
    lone_surrogate,
    strip_control_characters,
)

ENGLISH = "Zelenskyy met NATO neighbours on 15 July to discuss shooting down missiles.\n"
UKRAINIAN = "Президент Зеленський зустрівся з лідерами НАТО у Вільнюсі 11 липня.\n"
FRENCH = "Le ministre a déclaré à Genève que la coopération était renforcée.\n"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH),
        (codecs.BOM_UTF8 + UKRAINIAN.encode("utf-8"), UKRAINIAN),
        (UKRAINIAN.encode("utf-16"), UKRAINIAN),  # with its byte-order mark
        (codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), ENGLISH),
        (ENGLISH.encode("utf-16-le"), ENGLISH),  # no mark: told by where the NULs are
        (ENGLISH.encode("utf-16-be"), ENGLISH),
        (UKRAINIAN.encode("utf-16-le"), UKRAINIAN),
        (UKRAINIAN.encode("cp1251"), UKRAINIAN),
        (FRENCH.encode("latin-1"), FRENCH),
        ("“Quotes” — café".encode("cp1252"), "“Quotes” — café"),
    ],
    ids=[
        "utf-8",
        "utf-8 with BOM",
        "utf-16 with BOM",
        "utf-16-be with BOM",
        "utf-16-le without BOM",
        "utf-16-be without BOM",
        "Cyrillic utf-16-le without BOM",
        "cp1251",
        "latin-1",
        "cp1252",
    ],
)
def test_every_encoding_of_our_sources_is_read(raw, text):
    assert decode_text(raw) == text


def test_utf16_text_leaves_no_nul_characters():
    decoded = decode_text((ENGLISH * 50).encode("utf-16-le"))
    assert "\x00" not in decoded
    assert decoded == ENGLISH * 50


def test_the_charset_a_server_declares_is_used():
    # These bytes are valid cp1251 and valid latin-1 alike: only the declaration tells.
    raw = UKRAINIAN.encode("cp1251")
    assert decode_text(raw, "windows-1251") == UKRAINIAN


def test_the_charset_a_page_declares_in_its_meta_tag_is_used():
    html = f'<html><head><meta charset="windows-1251"></head><body>{UKRAINIAN}</body></html>'
    assert UKRAINIAN in decode_text(html.encode("cp1251"))


def test_a_wrong_or_unknown_declaration_falls_back_to_detection():
    assert decode_text(UKRAINIAN.encode("utf-8"), "no-such-charset") == UKRAINIAN
    assert decode_text(ENGLISH.encode("utf-8"), "utf-16") == ENGLISH


def test_binary_content_is_refused_in_plain_words():
    with pytest.raises(DecodingError, match="not a text file"):
        decode_text(bytes(range(256)) * 20)


def test_a_broken_byte_order_mark_is_refused():
    with pytest.raises(DecodingError, match="UTF-8 text, as its byte-order mark says"):
        decode_text(codecs.BOM_UTF8 + "Київ".encode("cp1251"))


def test_control_characters_postgresql_or_xml_cannot_hold_are_removed():
    raw = "Title\x00 with\x01 controls\x0bsplit\x0cpages\ufffe\r\n\tkept".encode()
    assert decode_text(raw) == "Title with controls split pages\r\n\tkept"


def test_text_that_arrives_as_text_is_cleaned_the_same_way():
    assert strip_control_characters("NATO\x00 summit\x0b2023") == "NATO summit 2023"


def test_an_unpaired_surrogate_is_described_for_the_error_message():
    assert lone_surrogate("ok") is None
    assert lone_surrogate("ab\ud800c") == "an unpaired surrogate U+D800 at character 3"


storable_text = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffe\uffff"),
    min_size=1,
).map(lambda text: text + " NATO\n")


@given(storable_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_text_survives_a_round_trip_through_its_bytes(text, encoding):
    assert decode_text(text.encode(encoding)) == text


def test_a_stray_nul_in_a_utf8_file_is_dropped_not_read_as_utf16():
    raw = ("Kyiv\x00 " + ENGLISH).encode("utf-8")
    raw += b" " * (len(raw) % 2)  # an even length, which UTF-16 would need
    assert decode_text(raw).startswith("Kyiv " + ENGLISH)
