"""Stage 3: Markdown to HTML, the way Hugo (goldmark) renders it.

CommonMark via markdown-it-py, with tables, strikethrough, footnotes,
definition lists and task lists; goldmark's typographer (curly quotes,
en and em dashes, ellipsis, guillemets); raw HTML passed through.

Where Hugo would print Markdown literally, author intent wins: a block
HTML wrapper whose inside is Markdown (``<div class="x">`` on its own line,
Markdown below it, no blank line) renders its inside as Markdown.

Every URL goes through a ``resolve(url, kind)`` callback given by the
caller, so that this stage never looks at the file system.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .blocks import (Block, Cut, columns, cut_points, kept, length, literal_markdown,  # noqa: F401
                     trailing, visible_text, words)
from .errors import ContentError
from . import goldmark
from .goldmark import RAW_HTML_OMITTED, SHORTCODE_HTML  # noqa: F401
from .sanitize import clean, safe_id, sanitize  # noqa: F401
from .shortcodes import preprocess  # noqa: F401

# resolve(url, kind) -> new url, or None to drop it. kind is "image" or "link".
Resolver = Callable[[str, str], "str | None"]

MAX_WRAPPER_DEPTH = 8


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
    depth = state.env.get("_wrapper_depth", 0)
    if depth >= MAX_WRAPPER_DEPTH:
        return
    out: list[Token] = []
    for tok in state.tokens:
        parts = _split_wrapper(tok.content) if tok.type == "html_block" else None
        if parts is None:
            out.append(tok)
            continue
        head, inside, tail = parts
        differences = state.env.get("hugo_differences")
        if differences is not None:
            line = f" at line {tok.map[0] + state.env.get('first_line', 1)}" if tok.map and depth == 0 else ""
            differences.append(f"Markdown right inside an HTML block{line} ({head.strip()[:40]}): "
                               "Hugo prints it literally, brochure renders it")
        state.env["_wrapper_depth"] = depth + 1
        inner: list[Token] = []
        state.md.block.parse(inside, state.md, state.env, inner)
        state.env["_wrapper_depth"] = depth
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


# --- pictos and image-only paragraphs -------------------------------------------------------


def _image_only(inline: Token) -> bool:
    kids = [k for k in inline.children or [] if not (k.type in ("softbreak", "hardbreak") or (k.type == "text" and not k.content.strip()))]
    return bool(kids) and all(k.type == "image" for k in kids)


def _classes(state: StateCore) -> None:
    """Mark paragraphs holding only images (``img-only``), and those right before a heading (``picto``)."""
    toks = state.tokens
    for i, tok in enumerate(toks):
        if tok.type == "paragraph_open" and i + 2 < len(toks) and toks[i + 1].type == "inline" and _image_only(toks[i + 1]):
            nxt = toks[i + 3] if i + 3 < len(toks) else None
            tok.attrJoin("class", "picto" if nxt is not None and nxt.type == "heading_open" else "img-only")
            if nxt is not None and nxt.type == "heading_open":
                nxt.attrJoin("class", "with-picto")


# --- URLs -----------------------------------------------------------------------------------

_ATTR = re.compile(r"""(?P<pre>\s(?P<name>src|href|poster|data|xlink:href)\s*=\s*)(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<u>[^\s>"']+))""", re.I)


def _rewrite_tag_urls(text: str, resolve: Resolver) -> str:
    def sub(m: re.Match[str]) -> str:
        value = html.unescape(m.group("d") if m.group("d") is not None else m.group("s") if m.group("s") is not None else m.group("u"))
        kind = "link" if m.group("name").lower() == "href" else "image"
        new = resolve(value, kind)
        if new is None:  # drop the attribute: the element keeps its content
            return ""
        return f'{m.group("pre")}"{html.escape(new, quote=True)}"'

    return _ATTR.sub(sub, text)


def _urls(state: StateCore) -> None:
    resolve: Resolver | None = state.env.get("resolve")
    if resolve is None:
        return
    for block in state.tokens:
        if block.type == "html_block":
            block.content = _rewrite_tag_urls(block.content, resolve)
        for tok in block.children or []:
            if tok.type == "image":
                new = resolve(str(tok.attrGet("src") or ""), "image")
                tok.attrSet("src", new or "")
            elif tok.type == "link_open":
                new = resolve(str(tok.attrGet("href") or ""), "link")
                if new is None:  # a link that cannot work in a PDF: keep the words only
                    tok.attrs.pop("href", None)
                    tok.tag, tok.attrs["class"] = "span", "dead-link"
                    tok.meta["dead"] = True
                else:
                    tok.attrSet("href", new)
            elif tok.type == "link_close":
                pass
            elif tok.type == "html_inline":
                tok.content = _rewrite_tag_urls(tok.content, resolve)
        # close the spans that replaced dead links
        stack: list[Token] = []
        for tok in block.children or []:
            if tok.type == "link_open":
                stack.append(tok)
            elif tok.type == "link_close" and stack and stack.pop().meta.get("dead"):
                tok.tag = "span"


# --- the raw HTML allowlist (see sanitize.py) ------------------------------------------------

_DANGEROUS_TAG = re.compile(r"<\s*(script|style|link|meta|base|iframe|object|embed|form|input|button|textarea|select|"
                            r"frame|frameset|applet|svg|math|noscript|template)\b", re.I)
_DANGEROUS_ATTR = re.compile(r"\s(on[a-z]+|formaction|srcdoc)\s*=", re.I)
# ``rel`` is always dropped, but only ``rel="attachment"`` would have done something in a PDF (embed
# the linked file): ``noopener``, ``nofollow``… are dropped without a word.
_REL_ATTACHMENT = re.compile(r"""\srel\s*=\s*(?:"[^"]*|'[^']*|[^\s>]*)(?<![\w-])attachment(?![\w-])""", re.I)


def _removals(state: StateCore) -> None:
    """Note the raw HTML that the sanitizer will remove, for the report."""
    notes = state.env.get("notes")
    if notes is None:
        return
    for block in state.tokens:
        pieces = [block.content] if block.type == "html_block" else [t.content for t in block.children or [] if t.type == "html_inline"]
        for piece in pieces:
            for m in _DANGEROUS_TAG.finditer(piece):
                note = f"raw HTML <{m.group(1).lower()}> removed"
                if note not in notes:
                    notes.append(note)
            found = [m.group(1).lower() for m in _DANGEROUS_ATTR.finditer(piece)]
            found += ["rel"] if _REL_ATTACHMENT.search(piece) else []
            for name in found:
                note = f"raw HTML attribute {name}= removed"
                if note not in notes:
                    notes.append(note)


# --- the parser -----------------------------------------------------------------------------


MAX_NESTING = 40  # markdown-it silently drops what lies deeper: such a text is refused instead


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "html": True, "linkify": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "smartquotes", "linkify"])
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    md.inline.ruler.before("html_inline", "guillemets", goldmark.guillemets)
    for name in ("footnote_ref", "footnote_block_open", "footnote_block_close", "footnote_open", "footnote_anchor"):
        rule = getattr(goldmark, name)
        md.add_render_rule(name, rule)
    md.core.ruler.push("goldmark_tags", goldmark.goldmark_tags)
    md.core.ruler.after("block", "html_wrappers", _html_wrappers)
    md.core.ruler.at("replacements", goldmark.typographer)
    # read before the typographer and links touch the text: goldmark reads them from the source
    md.core.ruler.after("inline", "heading_attributes", goldmark.heading_attributes)
    md.enable("replacements")
    md.core.ruler.push("emoji", goldmark.emoji)
    md.core.ruler.push("hard_wraps", goldmark.hard_wraps)
    md.core.ruler.push("raw_html", goldmark.raw_html)
    md.core.ruler.push("html_removals", _removals)
    md.core.ruler.push("brochure_classes", _classes)
    md.core.ruler.push("brochure_urls", _urls)
    return md


_MD: MarkdownIt | None = None


def parser() -> MarkdownIt:
    global _MD
    if _MD is None:
        _MD = make_parser()
    return _MD


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


def render_blocks(text: str, resolve: Resolver | None = None, *, unsafe: bool = True, emoji: bool = False,
                  hard_wraps: bool = False, notes: list[str] | None = None, doc_id: str | None = None,
                  hugo_differences: list[str] | None = None, first_line: int = 1) -> list[Block]:
    """Render a Markdown body to a list of top-level blocks.

    ``unsafe``: raw HTML passes (Hugo's ``markup.goldmark.renderer.unsafe``); otherwise it is
    omitted. ``emoji``: ``:smile:`` codes become emoji (Hugo's ``enableEmoji``). ``hard_wraps``:
    a line break inside a paragraph stays a line break (goldmark's ``hardWraps``). Things worth a
    warning (removed shortcodes, removed raw HTML) are appended to ``notes``; places where
    brochure deliberately differs from Hugo, to ``hugo_differences``.

    ``doc_id`` namespaces the text's ids (``id="x"`` becomes ``<doc_id>/x`` when the blocks are
    joined): give each text laid out in one document its own. Without it the namespace is empty
    (``/x``), which no case study's slug can be.
    """
    md = parser()
    env: dict = {"resolve": resolve, "unsafe": unsafe, "emoji": emoji, "hard_wraps": hard_wraps, "notes": notes,
                 "hugo_differences": hugo_differences, "first_line": first_line}
    tokens = md.parse(preprocess(text, notes), env)
    if max((t.level for t in tokens), default=0) >= MAX_NESTING - 2:
        raise ContentError(f"Markdown nested more than {MAX_NESTING // 2} levels deep (lists or quotes); "
                           "it cannot be laid out without losing text")
    blocks = []
    for group in _groups(tokens):
        html_text = md.renderer.render(group, md.options, env)
        if not html_text.strip():
            continue
        first = group[0]
        block = Block(html_text, kind=first.type.removesuffix("_open"))
        if first.type in ("bullet_list_open", "ordered_list_open") and len(group) > 2:
            items = _groups(group[1:-1])
            block.open = md.renderer.render([first], md.options, env)
            block.close = md.renderer.render([group[-1]], md.options, env)
            block.parts = [md.renderer.render(item, md.options, env) for item in items]
        blocks.append(block)
    return _namespaced(blocks, doc_id or "", notes)


def _namespaced(blocks: list[Block], doc_id: str, notes: list[str] | None) -> list[Block]:
    """The blocks, told their text's namespace and ids; what cleaning the whole text removes is
    noted once (the same filter runs again, silently, on every join of these blocks)."""
    _html, ids, links = clean("".join(b.html for b in blocks), doc_id, notes)
    if notes is not None:
        prefix = len(safe_id(doc_id)) + 1
        for target in sorted(links - ids):
            message = f'link to "#{target[prefix:]}" removed: no such id in this text (the words stay)'
            if message not in notes:
                notes.append(message)
    anchors = frozenset(ids)
    return [replace(b, doc_id=doc_id, anchors=anchors) for b in blocks]


def render(text: str, resolve: Resolver | None = None, **options) -> str:
    """Render a Markdown body to HTML (options as for :func:`render_blocks`)."""
    return assemble(render_blocks(text, resolve, **options))


def assemble(blocks: list[Block], cut: Cut | None = None, mark: str = "") -> str:
    """Join blocks back into HTML, keeping only what ``cut`` says, then ``mark``."""
    if cut is None:
        return join(blocks)
    return join(kept(blocks, cut), mark)


def join(blocks: list[Block], mark: str = "") -> str:
    """The sanitized HTML of ``blocks`` (all of one text), followed by ``mark``; the ids namespaced
    with the blocks' ``doc_id``."""
    first = blocks[0] if blocks else Block("")
    return clean("".join(b.html for b in blocks) + mark, first.doc_id, anchors=first.anchors)[0]


def markdownify(text: str, resolve: Resolver | None = None, **options) -> str:
    """Hugo's ``markdownify``: Markdown to HTML, without ``<p>`` around a single paragraph."""
    out = render(str(text), resolve, **options).strip()
    m = re.fullmatch(r"<p(?: [^>]*)?>(.*?)</p>", out, re.S)
    if m and "<p" not in m.group(1):
        return m.group(1)
    return out
