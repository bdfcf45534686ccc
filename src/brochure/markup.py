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
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

# resolve(url, kind) -> new url, or None to drop it. kind is "image" or "link".
Resolver = Callable[[str, str], "str | None"]

MAX_WRAPPER_DEPTH = 8


@dataclass
class Block:
    """A top-level block of a rendered body: the unit at which a one-pager may be cut.

    A list is also cut between its items: ``parts`` holds the items' HTML and
    ``open``/``close`` the list's own tags.
    """

    html: str
    kind: str = ""  # the block's first token, e.g. "blockquote", "bullet_list", "paragraph"
    parts: list[str] = field(default_factory=list)
    open: str = ""
    close: str = ""


@dataclass(frozen=True)
class Cut:
    """Keep ``blocks`` whole blocks, then ``parts`` items of the next one."""

    blocks: int
    parts: int = 0


# --- typographer, as goldmark's --------------------------------------------------------

_TYPO = [
    (re.compile(r"---"), "\u2014"),
    (re.compile(r"--"), "\u2013"),
    (re.compile(r"\.\.\."), "\u2026"),
    (re.compile(r"<<"), "\u00ab"),
    (re.compile(r">>"), "\u00bb"),
]


def _typographer(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        in_autolink = False
        for tok in block.children:
            if tok.type == "link_open":
                in_autolink = tok.markup == "autolink" or tok.info == "auto"
            elif tok.type == "link_close":
                in_autolink = False
            elif tok.type == "text" and not in_autolink:
                text = tok.content
                for pattern, repl in _TYPO:
                    text = pattern.sub(repl, text)
                tok.content = text


# --- HTML wrappers with Markdown inside ----------------------------------------------------

_TAG_LINE = re.compile(r"^\s*(?:<(?:/?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?|!--.*?--)>\s*)+$")


def _split_wrapper(content: str) -> tuple[str, str, str] | None:
    """(leading tag lines, Markdown inside, trailing tag lines), or None if all HTML."""
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
    return "\n".join(lines[:start]) + "\n", "\n".join(middle) + "\n", "\n".join(lines[end:]) + ("\n" if end < len(lines) else "")


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


# --- the parser -----------------------------------------------------------------------------


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "html": True})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    md.core.ruler.after("block", "html_wrappers", _html_wrappers)
    md.core.ruler.at("replacements", _typographer)
    md.enable("replacements")
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


def render_blocks(text: str, resolve: Resolver | None = None) -> list[Block]:
    """Render a Markdown body to a list of top-level blocks."""
    md = parser()
    env: dict = {"resolve": resolve}
    tokens = md.parse(text, env)
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
    return blocks


def render(text: str, resolve: Resolver | None = None) -> str:
    """Render a Markdown body to HTML."""
    return assemble(render_blocks(text, resolve))


def assemble(blocks: list[Block], cut: Cut | None = None, mark: str = "") -> str:
    """Join blocks back into HTML, keeping only what ``cut`` says, then ``mark``."""
    if cut is None:
        return "".join(b.html for b in blocks)
    out = [b.html for b in blocks[: cut.blocks]]
    if cut.parts and cut.blocks < len(blocks):
        partial = blocks[cut.blocks]
        out.append(partial.open + "".join(partial.parts[: cut.parts]) + partial.close)
    return "".join(out) + mark


def trailing(blocks: list[Block], kind: str = "blockquote") -> int:
    """Index where the run of ``kind`` blocks ending the body starts (``len`` if none)."""
    start = len(blocks)
    while start > 0 and blocks[start - 1].kind == kind:
        start -= 1
    return start


def cut_points(blocks: list[Block]) -> list[Cut]:
    """Every place a body may be cut, from least to most kept (the whole body excluded)."""
    points = []
    for i, block in enumerate(blocks):
        points.append(Cut(i))
        points.extend(Cut(i, j) for j in range(1, len(block.parts)))
    return points


def markdownify(text: str, resolve: Resolver | None = None) -> str:
    """Hugo's ``markdownify``: Markdown to HTML, without ``<p>`` around a single paragraph."""
    out = render(str(text), resolve).strip()
    m = re.fullmatch(r"<p(?: [^>]*)?>(.*?)</p>", out, re.S)
    if m and "<p" not in m.group(1):
        return m.group(1)
    return out


_TAG = re.compile(r"<[^>]*>")


def words(html_text: str) -> int:
    """How many words an HTML fragment shows."""
    return len(html.unescape(_TAG.sub(" ", html_text)).split())
