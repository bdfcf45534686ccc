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
from dataclasses import dataclass, field, replace

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .errors import ContentError
from .sanitize import clean, safe_id, sanitize

__all__ = ["Block", "Cut", "render_blocks", "render", "assemble", "join", "sanitize", "markdownify"]

# resolve(url, kind) -> new url, or None to drop it. kind is "image" or "link".
Resolver = Callable[[str, str], "str | None"]

RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"

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
    doc_id: str = ""  # the text's namespace: its ids become "<doc_id>/<id>" when joined
    anchors: frozenset[str] | None = None  # the whole text's ids, namespaced: links to others are dropped


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


# --- Hugo's site options: raw HTML, emoji, heading attributes ----------------------------

_SHORTCODE_HTML = 'data-hugo-shortcode="'


def _raw_html(state: StateCore) -> None:
    """Without ``unsafe``, Hugo omits raw HTML (our own shortcode output is kept)."""
    if state.env.get("unsafe", True):
        return
    for block in state.tokens:
        if block.type == "html_block" and _SHORTCODE_HTML not in block.content:
            block.content = RAW_HTML_OMITTED + "\n"
        for tok in block.children or []:
            if tok.type == "html_inline":
                tok.content = RAW_HTML_OMITTED


_EMOJI = re.compile(r":[a-z0-9_+-]+:")


def _hard_wraps(state: StateCore) -> None:
    """Goldmark's ``hardWraps``: every line break inside a paragraph is a ``<br>``."""
    if not state.env.get("hard_wraps"):
        return
    for tok in state.tokens:
        for child in tok.children or []:
            if child.type == "softbreak":
                child.type, child.tag = "hardbreak", "br"


def _emoji(state: StateCore) -> None:
    if not state.env.get("emoji"):
        return
    import emoji as emoji_lib

    def sub(m: re.Match[str]) -> str:
        return emoji_lib.emojize(m.group(0), language="alias")

    for block in state.tokens:
        for tok in block.children or []:
            if tok.type == "text" and ":" in tok.content:
                tok.content = _EMOJI.sub(sub, tok.content)


_HEADING_ATTRS = re.compile(r"\s*\{((?:\s*(?:#[\w-]+|\.[\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))+)\s*\}\s*$")
_ATTR_ITEM = re.compile(r"#([\w-]+)|\.([\w-]+)|([\w-]+)=(?:\"([^\"]*)\"|'([^']*)'|([^\s}]+))")


def _heading_attributes(state: StateCore) -> None:
    """Goldmark's heading attributes: ``## Title {#id .class key=value}``."""
    toks = state.tokens
    for i, tok in enumerate(toks):
        if tok.type != "heading_open" or i + 1 >= len(toks) or not toks[i + 1].children:
            continue
        last = toks[i + 1].children[-1]
        if last.type != "text":
            continue
        m = _HEADING_ATTRS.search(last.content)
        if not m:
            continue
        last.content = last.content[: m.start()]
        toks[i + 1].content = toks[i + 1].content[: toks[i + 1].content.rfind("{")].rstrip()
        for item in _ATTR_ITEM.finditer(m.group(1)):
            ident, cls, key = item.group(1), item.group(2), item.group(3)
            if ident:
                tok.attrSet("id", ident)
            elif cls:
                tok.attrJoin("class", cls)
            elif key and not key.lower().startswith("on"):
                tok.attrSet(key, next(v for v in item.group(4, 5, 6) if v is not None))


def _goldmark_tags(state: StateCore) -> None:
    """Goldmark writes ``<del>`` for strikethrough and ``https://`` for a bare ``www.`` address."""
    for block in state.tokens:
        for tok in block.children or []:
            if tok.type in ("s_open", "s_close"):
                tok.tag = "del"
            elif tok.type == "link_open" and tok.markup == "linkify":
                href = str(tok.attrGet("href") or "")
                if href.startswith("http://www."):
                    tok.attrSet("href", "https://" + href[len("http://"):])


def _guillemets(state, silent: bool) -> bool:
    """``<<`` is an opening guillemet (goldmark's typographer), never the start of an HTML tag."""
    if not state.src.startswith("<<", state.pos):
        return False
    if not silent:
        state.push("text", "", 0).content = "\u00ab"
    state.pos += 2
    return True


def _footnote_id(tokens, idx, env) -> str:
    return str(tokens[idx].meta["id"] + 1)  # namespaced with the text's other ids, when joined


def _footnote_ref(self, tokens, idx, options, env) -> str:
    ident = _footnote_id(tokens, idx, env)
    sub = tokens[idx].meta.get("subId", -1)
    refid = ident + (f":{sub}" if sub > 0 else "")
    number = tokens[idx].meta["id"] + 1
    return f'<sup id="fnref:{refid}"><a href="#fn:{ident}" class="footnote-ref" role="doc-noteref">{number}</a></sup>'


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    return '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n'


def _footnote_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</div>\n"


def _footnote_open(self, tokens, idx, options, env) -> str:
    return f'<li id="fn:{_footnote_id(tokens, idx, env)}">\n'


def _footnote_anchor(self, tokens, idx, options, env) -> str:
    ident = _footnote_id(tokens, idx, env)
    sub = tokens[idx].meta.get("subId", -1)
    refid = ident + (f":{sub}" if sub > 0 else "")
    return f'&#160;<a href="#fnref:{refid}" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>'


# --- Hugo shortcodes and the summary divider -------------------------------------------------

_SHORTCODE = re.compile(r"\{\{([<%])(.*?)([>%])\}\}", re.S)
_PARAM = re.compile(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|'([^']*)'|(\S+))|"((?:[^"\\]|\\.)*)"|(\S+)""")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _shortcode_params(text: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _PARAM.finditer(text):
        if m.group(1):
            named[m.group(1).lower()] = next((v for v in m.group(2, 3, 4, 5) if v is not None), "")
        else:
            positional.append(m.group(6) if m.group(6) is not None else m.group(7))
    return named, positional


def _figure(params: dict[str, str]) -> str:
    """Hugo's built-in ``figure`` shortcode, as Hugo's template writes it."""
    esc = lambda v: html.escape(v, quote=True)  # noqa: E731
    attrs = f' class="{esc(params["class"])}"' if params.get("class") else ""
    caption_html = markdownify(params["caption"]) if params.get("caption") else ""
    img = f'<img src="{esc(params.get("src", ""))}"'
    if params.get("alt") or params.get("caption"):
        alt = params.get("alt") or html.unescape(_TAG.sub("", caption_html))
        img += f' alt="{esc(alt)}"'
    for key in ("width", "height"):
        if params.get(key):
            img += f' {key}="{esc(params[key])}"'
    img += ">"
    if params.get("link"):
        img = f'<a href="{esc(params["link"])}">{img}</a>'
    caption = ""
    if params.get("title") or params.get("caption") or params.get("attr"):
        caption = "<figcaption>"
        if params.get("title"):
            caption += f"<h4>{esc(params['title'])}</h4>"
        if params.get("caption") or params.get("attr"):
            attr = markdownify(params["attr"]) if params.get("attr") else ""
            if params.get("attrlink"):
                attr = f'<a href="{esc(params["attrlink"])}">{attr}</a>'
            caption += f"<p>{caption_html}{attr}</p>"
        caption += "</figcaption>"
    return f'\n\n<figure {_SHORTCODE_HTML}figure"{attrs}>{img}{caption}</figure>\n\n'


def preprocess(text: str, notes: list[str] | None = None) -> str:
    """Hugo's work before Markdown: ``<!--more-->`` removed, shortcodes expanded or removed.

    ``figure`` becomes a figure with its caption; any other shortcode's tags are
    removed with a note (the words between paired tags are kept). Fenced code is left alone.
    """
    notes = notes if notes is not None else []
    out: list[str] = []
    fence: str | None = None
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            out.append(_expand("".join(chunk), notes))
            chunk.clear()

    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            flush()
            fence = m.group(1)[0] * 3
            out.append(line)
        elif fence is not None:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
        else:
            chunk.append(line)
    flush()
    return "".join(out)


_HIGHLIGHT = re.compile(r"\{\{<\s*highlight\s+([\w+#.-]*)[^>]*>\}\}\n?(.*?)\n?\{\{<\s*/highlight\s*>\}\}", re.S)


def _expand(text: str, notes: list[str]) -> str:
    text = re.sub(r"<!--\s*more\s*-->", "", text)
    if "{{" not in text:
        return text
    # {{< highlight lang >}} … {{< /highlight >}} is a fenced code block
    text = _HIGHLIGHT.sub(lambda m: f"\n```{m.group(1)}\n{m.group(2)}\n```\n", text)

    def sub(m: re.Match[str]) -> str:
        inner = m.group(2).strip()
        if inner.startswith("/*") and inner.endswith("*/"):  # {{</* x */>}}: Hugo prints it as code
            return ""
        closing = inner.startswith("/")
        name, rest = (inner.lstrip("/").split(None, 1) + ["", ""])[:2]  # parameters may start on the next line
        if name == "figure" and not closing:
            params, positional = _shortcode_params(rest)
            return _figure(params)
        if not closing:
            notes.append(f"shortcode {{{{{m.group(1)} {name} {m.group(3)}}}}} removed (only figure is rendered)")
        return ""

    return _SHORTCODE.sub(sub, text)


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
    md.inline.ruler.before("html_inline", "guillemets", _guillemets)
    for name, rule in (("footnote_ref", _footnote_ref), ("footnote_block_open", _footnote_block_open),
                       ("footnote_block_close", _footnote_block_close), ("footnote_open", _footnote_open),
                       ("footnote_anchor", _footnote_anchor)):
        md.add_render_rule(name, rule)
    md.core.ruler.push("goldmark_tags", _goldmark_tags)
    md.core.ruler.after("block", "html_wrappers", _html_wrappers)
    md.core.ruler.at("replacements", _typographer)
    md.enable("replacements")
    md.core.ruler.push("heading_attributes", _heading_attributes)
    md.core.ruler.push("emoji", _emoji)
    md.core.ruler.push("hard_wraps", _hard_wraps)
    md.core.ruler.push("raw_html", _raw_html)
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


def trailing(blocks: list[Block], kind: str = "blockquote") -> int:
    """Index where the run of ``kind`` blocks ending the body starts (``len`` if none)."""
    start = len(blocks)
    while start > 0 and blocks[start - 1].kind == kind:
        start -= 1
    return start


def kept(blocks: list[Block], cut: Cut | None) -> list[Block]:
    """The blocks a cut keeps; a list cut between its items becomes a shorter list."""
    if cut is None:
        return list(blocks)
    out = list(blocks[: cut.blocks])
    if cut.parts and cut.blocks < len(blocks):
        partial = blocks[cut.blocks]
        out.append(_part_of(partial, partial.parts[: cut.parts]))
    return out


def _part_of(block: Block, parts: list[str]) -> Block:
    return replace(block, html=block.open + "".join(parts) + block.close, parts=list(parts))


_PARAGRAPHS = re.compile(r"<(?:p|li|h[1-6]|dt|dd|tr|pre)\b", re.I)


def _lines(block_html: str, width: int) -> float:
    """A rough height, in lines of ``width`` characters: enough to balance two columns."""
    if 'class="picto"' in block_html and "<img" in block_html and not visible_text(block_html):
        return 0.0
    if "<img" in block_html and not visible_text(block_html):
        return 9.0
    text = visible_text(block_html)
    pieces = max(1, len(_PARAGRAPHS.findall(block_html)))
    heading = 1.6 if re.match(r"\s*<h[1-6]", block_html) else 0.0
    return len(text) / width + 0.6 * pieces + heading


def columns(blocks: list[Block], width: int = 46) -> tuple[list[Block], list[Block]]:
    """Split blocks into two columns of about the same height; a list may be split between items.

    Laying two columns out side by side is much cheaper for WeasyPrint than balancing CSS
    columns, and reads the same.
    """
    units: list[tuple[int, int, float]] = []  # (block, item or -1, lines)
    for i, block in enumerate(blocks):
        if block.parts:
            units.extend((i, j, _lines(part, width) + (0.5 if j == 0 else 0)) for j, part in enumerate(block.parts))
        else:
            units.append((i, -1, _lines(block.html, width)))
    total = sum(u[2] for u in units)
    if total <= 0 or len(units) < 2:
        return list(blocks), []
    best, best_gap, running = 1, float("inf"), 0.0
    for k in range(1, len(units)):
        running += units[k - 1][2]
        gap = abs(2 * running - total)
        i, j, _ = units[k]
        if blocks[units[k - 1][0]].kind == "heading" and j <= 0:
            continue  # never leave a heading at the foot of the left column
        if gap < best_gap:
            best, best_gap = k, gap
    i, j, _ = units[best]
    if j <= 0:
        left, right = blocks[:i], blocks[i:]
    else:
        block = blocks[i]
        left = [*blocks[:i], _part_of(block, block.parts[:j])]
        right = [_part_of(block, block.parts[j:]), *blocks[i + 1:]]
    # a picto paragraph belongs with the heading that follows it
    if left and "picto" in left[-1].html[:40] and left[-1].kind == "paragraph":
        right.insert(0, left.pop())
    return left, right


def length(blocks: list[Block], cut: Cut | None = None, width: int = 46) -> float:
    """A rough length, in lines, of what ``cut`` keeps (everything when ``None``)."""
    return sum(_lines(block.html, width) for block in kept(blocks, cut))


def cut_points(blocks: list[Block]) -> list[Cut]:
    """Every place a body may be cut, from least to most kept (the whole body excluded)."""
    points = []
    for i, block in enumerate(blocks):
        points.append(Cut(i))
        points.extend(Cut(i, j) for j in range(1, len(block.parts)))
    return points


def markdownify(text: str, resolve: Resolver | None = None, **options) -> str:
    """Hugo's ``markdownify``: Markdown to HTML, without ``<p>`` around a single paragraph."""
    out = render(str(text), resolve, **options).strip()
    m = re.fullmatch(r"<p(?: [^>]*)?>(.*?)</p>", out, re.S)
    if m and "<p" not in m.group(1):
        return m.group(1)
    return out


_TAG = re.compile(r"<[^>]*>")


def visible_text(html_text: str) -> str:
    """The words an HTML fragment shows, separated by single spaces."""
    return " ".join(html.unescape(_TAG.sub(" ", html_text)).split())


def words(html_text: str) -> int:
    """How many words an HTML fragment shows."""
    return len(visible_text(html_text).split())


_LITERAL = re.compile(r"!\[|\]\(|\*\*|__\w|(?:^|\n)\s*#{1,6} |\{\{[<%]|\[\^\w+\]")


def literal_markdown(html_text: str) -> list[str]:
    """Markdown syntax that would be printed as text, with a little context."""
    text = html.unescape(_TAG.sub("", html_text))
    return [text[max(0, m.start() - 20): m.end() + 20].replace("\n", " ").strip() for m in _LITERAL.finditer(text)]
