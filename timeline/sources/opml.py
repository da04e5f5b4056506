"""OPML, the file format feed readers exchange subscription lists in: exporting the sources, and
reading the feeds of a file to import (folders of outlines included)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from lxml import etree

from .models import Source

MAX_OPML_BYTES = 1024 * 1024


class OPMLError(ValueError):
    """The file is not an OPML list of feeds; the message says why."""


@dataclass(frozen=True)
class Outline:
    url: str
    name: str
    site_url: str = ""
    language: str = ""


def read_opml(content: bytes) -> list[Outline]:
    """The feeds an OPML file lists (outlines with an ``xmlUrl``), at any depth."""
    if len(content) > MAX_OPML_BYTES:
        raise OPMLError(f"The file is larger than {MAX_OPML_BYTES // 1024} KiB.")
    # No entities, no network, no huge trees: an uploaded file is untrusted XML.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise OPMLError(f"The file is not well-formed XML ({error.msg}).") from error
    if root.tag != "opml":
        raise OPMLError(f"The file is XML but not OPML (its root is <{root.tag}>).")
    outlines = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or "").strip()
        if url:
            outlines.append(
                Outline(
                    url=url,
                    name=(node.get("title") or node.get("text") or "").strip()[:200],
                    site_url=(node.get("htmlUrl") or "").strip(),
                    language=(node.get("language") or "").strip()[:16],
                )
            )
    return outlines


def write_opml(sources: Iterable[Source]) -> bytes:
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "Defence-cooperation timeline: sources"
    etree.SubElement(head, "dateCreated").text = timezone.now().strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    body = etree.SubElement(root, "body")
    for source in sources:
        attributes = {
            "type": "rss",
            "text": source.name,
            "title": source.name,
            "xmlUrl": source.url,
        }
        if source.site_url:
            attributes["htmlUrl"] = source.site_url
        if source.language:
            attributes["language"] = source.language
        etree.SubElement(body, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
