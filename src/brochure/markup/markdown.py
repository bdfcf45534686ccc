"""Markdown to HTML blocks, the way Hugo (goldmark) renders it.

CommonMark via markdown-it-py, with tables, strikethrough, footnotes, definition lists and task
lists; goldmark's typographer (curly quotes, en and em dashes, ellipsis, guillemets); raw HTML
passed through (see :mod:`.goldmark`). A paragraph holding only images is a picto beside the
heading it comes before, or a figure, as its images are (the callback tells: see :mod:`.urls`).

Where Hugo would print Markdown literally, author intent wins: a block HTML wrapper whose inside
is Markdown (``<div class="x">`` on its own line, Markdown below it, no blank line) renders its
inside as Markdown.

A parser is built for each set of :class:`MarkdownOptions` (and kept for the next text with the
same options); what one parse is told and tells (its URLs, its notes) travels in a
:class:`Parse` of its own, never in the parser. The blocks' HTML is raw, URLs as written: the
sanitizer cleans it, and resolves its URLs, when blocks are joined (see :mod:`.sanitizer`).
"""

from __future__ import annotations

import functools
import html
import re
import textwrap
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from ..errors import ContentError
from ..models import DRAWING, FLAT, ICON, PHOTO, ImageFacts
from . import goldmark
from .blocks import Block
from .sanitizer import removals
from .urls import Urls

MAX_WRAPPER_DEPTH = 8
MAX_NESTING = 40  # markdown-it silently drops what lies deeper: such a text is refused instead


@dataclass(frozen=True)
class MarkdownOptions:
    """How Markdown is read: Hugo's goldmark settings (``brochure.toml`` or the site's own)."""

    unsafe: bool = True  # raw HTML passes (markup.goldmark.renderer.unsafe); else it is omitted
    emoji: bool = False  # ``:smile:`` codes become emoji (enableEmoji)
    hard_wraps: bool = False  # a line break inside a paragraph stays one (renderer.hardWraps)
    typographer: bool = True  # curly quotes, dashes, ellipsis, guillemets (extensions.typographer)


@dataclass
class Parse:
    """What one parse is told and tells: its URLs' answers, where to note what is worth a warning
    and where brochure differs from Hugo, the line the text starts at in its file."""

    urls: Urls | None = None
    notes: list[str] | None = None
    hugo_differences: list[str] | None = None
    first_line: int = 1
    depth: int = 0  # HTML wrappers being read inside one another

    def note(self, message: str) -> None:
        if self.notes is not None and message not in self.notes:
            self.notes.append(message)


def _parse(state: StateCore) -> Parse:
    return state.env["brochure"]


# --- HTML wrappers with Markdown inside ----------------------------------------------------

_TAG_LINE = re.compile(r"^\s*(?:<(?:/?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?|!--.*?--)>\s*)+$")


def _split_wrapper(content: str) -> tuple[str, str, str] | None:
    """(leading tag lines, Markdown inside, trailing tag lines), or None if all HTML.

    The inside loses the indentation it shares: it follows the HTML's nesting, and four spaces
    must not make a code block of what the site shows as text."""
    lines = content.rstrip("\n").split("\n")
    start = 0
    while start < len(lines) and _TAG_LINE.match(lines[start]):
        start += 1
    end = len(lines)
    while end > start and _TAG_LINE.match(lines[end - 1]):
        end -= 1
    middle = lines[start:end]
    if not middle or start == 0 or middle[0].lstrip().startswith("<"):
        return None
    inside = textwrap.dedent("\n".join(re.sub(r"^[ \t]+", lambda m: m[0].expandtabs(4), line) for line in middle)) + "\n"
    return "\n".join(lines[:start]) + "\n", inside, "\n".join(lines[end:]) + ("\n" if end < len(lines) else "")


def _html_wrappers(state: StateCore) -> None:
    parse = _parse(state)
    if parse.depth >= MAX_WRAPPER_DEPTH:
        return
    out: list[Token] = []
    for tok in state.tokens:
        parts = _split_wrapper(tok.content) if tok.type == "html_block" else None
        if parts is None:
            out.append(tok)
            continue
        head, inside, tail = parts
        if parse.hugo_differences is not None:
            line = f" at line {tok.map[0] + parse.first_line}" if tok.map and parse.depth == 0 else ""
            parse.hugo_differences.append(f"Markdown right inside an HTML block{line} ({head.strip()[:40]}): "
                                          "Hugo prints it literally, brochure renders it")
        parse.depth += 1
        inner: list[Token] = []
        state.md.block.parse(inside, state.md, state.env, inner)
        parse.depth -= 1
        for t in inner:
            t.level += tok.level
        out.append(_html_token(head, tok))
        out.extend(inner)
        if tail.strip():
            out.append(_html_token(tail, tok))
    state.tokens[:] = out


def _html_token(content: str, like: Token) -> Token:
    tok = Token("html_block", "", 0)
    tok.content, tok.block, tok.level, tok.map = content, True, like.level, like.map
    return tok


# --- image paragraphs: pictos and figures ----------------------------------------------------

PICTO_MOST = 256  # pixels either way: a see-through image or an SVG no larger may be a picto
_VECTOR = re.compile(r"\.svgz?$", re.I)


def _image_only(inline: Token) -> bool:
    kids = [k for k in inline.children or [] if not (k.type in ("softbreak", "hardbreak") or (k.type == "text" and not k.content.strip()))]
    return bool(kids) and all(k.type == "image" for k in kids)


def _picto(src: str, facts: ImageFacts | None) -> bool:
    """Whether an image is a picto (drawn small, beside the heading it comes before), from what it
    is: an icon-sized raster, or a drawing (an SVG, a see-through image) no larger than
    ``PICTO_MOST`` pixels (an SVG declaring no size too). A photo, a screenshot, a larger drawing
    is a figure. What cannot be told is a figure, unless its URL names an SVG."""
    if facts is None:
        return bool(_VECTOR.search(src.split("?", 1)[0].split("#", 1)[0]))
    small = max(facts.width, facts.height) <= PICTO_MOST
    return facts.look == ICON or (facts.look == DRAWING and (small or (facts.vector and not facts.width)))


def _shown(inline: Token, urls: Urls | None) -> list[Token]:
    """The paragraph's images that can be shown; the others are taken out of it."""
    images = [k for k in inline.children or [] if k.type == "image"]
    if urls is None:
        return images
    gone = {id(k) for k in images if urls(str(k.attrGet("src") or ""), "image") is None}
    inline.children = [k for k in inline.children or [] if id(k) not in gone]
    return [k for k in images if id(k) not in gone]


def _image_paragraphs(state: StateCore) -> None:
    """Paragraphs holding only images. One whose images cannot be shown is left out (the report
    says why). One whose images are all pictos right before a heading is a ``picto``, drawn beside
    the heading (``with-picto``); other pictos stay where they are (``img-only``). Any other is a
    figure (``img-only figure``, ``figure-full`` when it is a photo or a screenshot, drawn across
    its column), which stays in its own section; a single image's title is its caption. What the
    figure's images are (their sizes) is kept in the paragraph's ``meta["figure"]``."""
    urls = _parse(state).urls
    toks = state.tokens
    gone: set[int] = set()
    for i, tok in enumerate(toks):
        if not (tok.type == "paragraph_open" and i + 2 < len(toks) and toks[i + 1].type == "inline"
                and _image_only(toks[i + 1])):
            continue
        images = _shown(toks[i + 1], urls)
        if not images:
            gone.update((i, i + 1, i + 2))
            continue
        srcs = [str(k.attrGet("src") or "") for k in images]
        facts = [urls.facts(src) if urls is not None else None for src in srcs]
        nxt = toks[i + 3] if i + 3 < len(toks) else None
        if all(_picto(src, f) for src, f in zip(srcs, facts)):
            for image in images:  # decorative: it says nothing its heading does not (see brochure.weasy_reading)
                image.attrSet("role", "presentation")
            before_heading = nxt is not None and nxt.type == "heading_open"
            tok.attrJoin("class", "picto" if before_heading else "img-only")
            if before_heading:
                nxt.attrJoin("class", "with-picto")
            continue
        _figure(tok, toks[i + 1], toks[i + 2], images, facts)
    if gone:
        state.tokens[:] = [t for n, t in enumerate(toks) if n not in gone]


def _figure(opening: Token, inline: Token, closing: Token, images: list[Token], facts: list[ImageFacts | None]) -> None:
    full = all(f is not None and f.look in (PHOTO, FLAT) for f in facts)
    opening.attrJoin("class", "img-only figure" + (" figure-full" if full else ""))
    opening.meta["figure"] = tuple((f.width, f.height, full) if f is not None else (0, 0, full) for f in facts)
    title = str(images[0].attrGet("title") or "").strip() if len(images) == 1 else ""
    if title and not opening.hidden:  # (a tight list's paragraph has no element to hold a caption)
        opening.tag = closing.tag = "figure"
        caption = Token("html_inline", "", 0)
        caption.content = f"<figcaption>{html.escape(title, quote=False)}</figcaption>"
        inline.children = [*(inline.children or []), caption]


# --- tables ---------------------------------------------------------------------------------

WIDE_TABLE = 5  # columns: a table with as many is set in smaller type, to fit its column


def _wide_tables(state: StateCore) -> None:
    """Mark tables of ``WIDE_TABLE`` columns or more (``wide``): the stylesheet sets them smaller."""
    columns = None
    for tok in state.tokens:
        if tok.type == "table_open":
            opened, columns = tok, 0
        elif columns is not None and tok.type in ("th_open", "td_open"):
            columns += 1
        elif columns is not None and tok.type == "tr_close":
            if columns >= WIDE_TABLE:
                opened.attrJoin("class", "wide")
            columns = None


# --- links that cannot work, raw HTML that will be removed -----------------------------------


def _dead_links(state: StateCore) -> None:
    """A Markdown link whose URL the callback drops keeps its words only, in a ``dead-link`` span.
    (Every URL is written as the callback answers when blocks are joined: see :mod:`.sanitizer`.)"""
    urls = _parse(state).urls
    if urls is None:
        return
    for block in state.tokens:
        opened: list[Token] = []
        for tok in block.children or []:
            if tok.type == "link_open":
                opened.append(tok)
                if urls(str(tok.attrGet("href") or ""), "link") is None:
                    tok.attrs.pop("href", None)
                    tok.tag, tok.attrs["class"] = "span", "dead-link"
                    tok.meta["dead"] = True
            elif tok.type == "link_close" and opened and opened.pop().meta.get("dead"):
                tok.tag = "span"


def _removals(state: StateCore) -> None:
    """Note the raw HTML that the sanitizer will remove, for the report."""
    parse = _parse(state)
    if parse.notes is None:
        return
    for block in state.tokens:
        pieces = [block.content] if block.type == "html_block" else [t.content for t in block.children or [] if t.type == "html_inline"]
        for piece in pieces:
            for note in removals(piece):
                parse.note(note)


# --- the parser -----------------------------------------------------------------------------


@functools.cache
def parser(options: MarkdownOptions) -> MarkdownIt:
    """The parser for ``options``: built once for each, never changed once built."""
    md = MarkdownIt("commonmark", {"typographer": options.typographer, "html": True, "linkify": True,
                                   "maxNesting": MAX_NESTING})
    # Every link is a link, whatever its URL, as goldmark parses it (it then writes a dangerous URL,
    # file: or javascript:, as href=""): the callback decides what each URL becomes (see _dead_links).
    md.validateLink = lambda url: True
    md.enable(["table", "strikethrough", "linkify"])
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    for name in ("footnote_ref", "footnote_block_open", "footnote_block_close", "footnote_open", "footnote_anchor"):
        md.add_render_rule(name, getattr(goldmark, name))
    md.core.ruler.push("goldmark_tags", goldmark.goldmark_tags)
    md.core.ruler.after("block", "html_wrappers", _html_wrappers)
    if options.typographer:
        md.enable("smartquotes")
        md.inline.ruler.before("html_inline", "guillemets", goldmark.guillemets)
        md.core.ruler.at("replacements", goldmark.typographer)
        md.enable("replacements")
    # read before the typographer and links touch the text: goldmark reads them from the source
    md.core.ruler.after("inline", "heading_attributes", goldmark.heading_attributes)
    for wanted, name, rule in ((options.emoji, "emoji", goldmark.emoji), (options.hard_wraps, "hard_wraps", goldmark.hard_wraps),
                               (not options.unsafe, "raw_html", goldmark.raw_html)):
        if wanted:
            md.core.ruler.push(name, rule)
    md.core.ruler.push("html_removals", _removals)
    md.core.ruler.push("image_paragraphs", _image_paragraphs)
    md.core.ruler.push("wide_tables", _wide_tables)
    md.core.ruler.push("dead_links", _dead_links)
    return md


def _groups(tokens: list[Token]) -> list[list[Token]]:
    """Split a token stream into its top-level blocks."""
    groups: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    for tok in tokens:
        current.append(tok)
        depth += tok.nesting
        if depth == 0:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def blocks(text: str, options: MarkdownOptions, parse: Parse) -> list[Block]:
    """``text``'s top-level blocks, raw HTML (a list also item by item)."""
    md = parser(options)
    env = {"brochure": parse}
    tokens = md.parse(text, env)
    if max((t.level for t in tokens), default=0) >= MAX_NESTING - 2:
        raise ContentError(f"Markdown nested more than {MAX_NESTING // 2} levels deep (lists or quotes); "
                           "it cannot be laid out without losing text")
    out = []
    for group in _groups(tokens):
        html_text = md.renderer.render(group, md.options, env)
        if not html_text.strip():
            continue
        first = group[0]
        block = Block(html_text, kind=first.type.removesuffix("_open"), figure=first.meta.get("figure", ()))
        if first.type in ("bullet_list_open", "ordered_list_open") and len(group) > 2:
            block.open = md.renderer.render([first], md.options, env)
            block.close = md.renderer.render([group[-1]], md.options, env)
            block.parts = [md.renderer.render(item, md.options, env) for item in _groups(group[1:-1])]
        out.append(block)
    return out
