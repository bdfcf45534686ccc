"""Stage 3: Markdown to HTML, the way Hugo (goldmark) renders it, sanitized.

A text goes through shortcodes (:mod:`.shortcodes`), then Markdown (:mod:`.markdown`, with
goldmark's ways in :mod:`.goldmark`) into top-level blocks (:mod:`.blocks`: where a one-pager may
be cut); blocks are joined into HTML by one nh3 pass (:mod:`.sanitizer`) that also writes every
URL as the caller's callback answers (:mod:`.urls`), so that this stage never looks at the file
system. French typography is :mod:`.typography`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import (Block, Cut, columns, cut_points, kept, length, literal_markdown, together, trailing,
                     trimmed, visible_text, words)
from .markdown import MarkdownOptions, Parse, blocks as _raw_blocks
from .sanitizer import clean, safe_id, sanitize
from .shortcodes import preprocess
from .structure import structure
from .urls import Resolver, Urls

__all__ = [
    "Block", "Cut", "MarkdownOptions", "Resolver", "assemble", "columns", "cut_points", "decorative", "join", "kept",
    "length", "literal_markdown", "markdownify", "render", "render_blocks", "sanitize", "together", "trailing",
    "trimmed", "visible_text", "words",
]


def render_blocks(text: str, resolve: Resolver | None = None, options: MarkdownOptions = MarkdownOptions(), *,
                  notes: list[str] | None = None, doc_id: str | None = None,
                  hugo_differences: list[str] | None = None, first_line: int = 1) -> list[Block]:
    """Render a Markdown body to a list of top-level blocks.

    ``resolve(url, kind)`` says what each image's and link's URL becomes (None drops it; without
    it, URLs stay as written). Things worth a warning (removed shortcodes, removed raw HTML) are
    appended to ``notes``; places where brochure deliberately differs from Hugo, to
    ``hugo_differences``.

    ``doc_id`` namespaces the text's ids (``id="x"`` becomes ``<doc_id>/x`` when the blocks are
    joined): give each text laid out in one document its own. Without it the namespace is empty
    (``/x``), which no case study's slug can be.
    """
    source = preprocess(text, notes, resolve)
    urls = Urls.of(source, resolve) if resolve is not None else None
    parse = Parse(urls=urls, notes=notes, hugo_differences=hugo_differences, first_line=first_line)
    return _namespaced(_raw_blocks(source, options, parse), doc_id or "", notes, urls)


def _namespaced(blocks: list[Block], doc_id: str, notes: list[str] | None, urls: Urls | None) -> list[Block]:
    """The blocks, told their text's namespace, ids and URLs: cleaning the whole text once asks the
    callback about every URL, and notes what it removes (the same filter runs again, silently,
    on every join of these blocks)."""
    _html, ids, links = clean("".join(b.html for b in blocks), doc_id, notes, urls=urls)
    if notes is not None:
        prefix = len(safe_id(doc_id)) + 1
        for target in sorted(links - ids):
            message = f'link to "#{target[prefix:]}" removed: no such id in this text (the words stay)'
            if message not in notes:
                notes.append(message)
    anchors = frozenset(ids)
    answered = urls.answered() if urls is not None else None
    return [replace(b, doc_id=doc_id, anchors=anchors, urls=answered) for b in blocks]


def render(text: str, resolve: Resolver | None = None, options: MarkdownOptions = MarkdownOptions(), **told) -> str:
    """Render a Markdown body to HTML (``told`` as for :func:`render_blocks`)."""
    return assemble(render_blocks(text, resolve, options, **told))


def assemble(blocks: list[Block], cut: Cut | None = None, mark: str = "") -> str:
    """Join blocks back into HTML, keeping only what ``cut`` says, then ``mark``."""
    if cut is None:
        return join(blocks)
    return join(kept(blocks, cut), mark)


def join(blocks: list[Block], mark: str = "", targets: dict[str, str] | None = None) -> str:
    """The sanitized HTML of ``blocks`` (all of one text), followed by ``mark``; the ids namespaced
    with the blocks' ``doc_id``, the URLs as their text's callback answered (a link whose answer is
    one of ``targets`` leads to that anchor of the document: another case study laid out in it).
    Its headings nest under a template's ``h1`` and its tables are shaped for a screen reader
    (:mod:`.structure`)."""
    first = blocks[0] if blocks else Block("")
    return structure(clean("".join(b.html for b in blocks) + mark, first.doc_id, anchors=first.anchors, urls=first.urls,
                 targets=targets)[0])


def decorative(html: str) -> str:
    """Sanitized ``html`` with each of its images decorative (``role="presentation"``, first, so
    that it wins over one the text gave): the key fact's arrows and icons, which say nothing its
    words do not; a screen reader leaves them out (see :mod:`brochure.weasy_reading`)."""
    return re.sub(r"<img(?=[\s/>])", '<img role="presentation"', html)


def markdownify(text: str, resolve: Resolver | None = None, options: MarkdownOptions = MarkdownOptions(),
                **told) -> str:
    """Hugo's ``markdownify``: Markdown to HTML, without ``<p>`` around a single paragraph."""
    out = render(str(text), resolve, options, **told).strip()
    m = re.fullmatch(r"<p(?: [^>]*)?>(.*?)</p>", out, re.S)
    if m and "<p" not in m.group(1):
        return m.group(1)
    return out
