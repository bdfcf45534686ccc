"""Goldmark's ways, as markdown-it core rules and renderers: the typographer, raw HTML omitted
without ``unsafe``, hard wraps, emoji, heading attributes, ``<del>``, guillemets, footnotes.

The rules for Hugo's site options (raw HTML, hard wraps, emoji) read no option: a parser holds
them only when its options ask for them (see :mod:`.markdown`)."""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore

RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"
SHORTCODE_HTML = 'data-hugo-shortcode="'


# --- typographer, as goldmark's --------------------------------------------------------

_TYPO = [
    (re.compile(r"---"), "\u2014"),
    (re.compile(r"--"), "\u2013"),
    (re.compile(r"\.\.\."), "\u2026"),
    (re.compile(r"<<"), "\u00ab"),
    (re.compile(r">>"), "\u00bb"),
]


def typographer(state: StateCore) -> None:
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


# --- Hugo's site options: raw HTML, emoji, heading attributes ----------------------------

def raw_html(state: StateCore) -> None:
    """Without ``unsafe``, Hugo omits raw HTML (our own shortcode output is kept)."""
    for block in state.tokens:
        if block.type == "html_block" and SHORTCODE_HTML not in block.content:
            block.content = RAW_HTML_OMITTED + "\n"
        for tok in block.children or []:
            if tok.type == "html_inline":
                tok.content = RAW_HTML_OMITTED


_EMOJI = re.compile(r":[a-z0-9_+-]+:")


def hard_wraps(state: StateCore) -> None:
    """Goldmark's ``hardWraps``: every line break inside a paragraph is a ``<br>``."""
    for tok in state.tokens:
        for child in tok.children or []:
            if child.type == "softbreak":
                child.type, child.tag = "hardbreak", "br"


def emoji(state: StateCore) -> None:
    """Hugo's ``enableEmoji``: ``:smile:`` codes become emoji."""
    import emoji as emoji_lib

    def sub(m: re.Match[str]) -> str:
        return emoji_lib.emojize(m.group(0), language="alias")

    for block in state.tokens:
        for tok in block.children or []:
            if tok.type == "text" and ":" in tok.content:
                tok.content = _EMOJI.sub(sub, tok.content)


_HEADING_ATTRS = re.compile(r"\s*\{((?:\s*(?:#[\w-]+|\.[\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))+)\s*\}\s*$")
_ATTR_ITEM = re.compile(r"#([\w-]+)|\.([\w-]+)|([\w-]+)=(?:\"([^\"]*)\"|'([^']*)'|([^\s}]+))")


def heading_attributes(state: StateCore) -> None:
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


def goldmark_tags(state: StateCore) -> None:
    """Goldmark writes ``<del>`` for strikethrough and ``https://`` for a bare ``www.`` address."""
    for block in state.tokens:
        for tok in block.children or []:
            if tok.type in ("s_open", "s_close"):
                tok.tag = "del"
            elif tok.type == "link_open" and tok.markup == "linkify":
                href = str(tok.attrGet("href") or "")
                if href.startswith("http://www."):
                    tok.attrSet("href", "https://" + href[len("http://"):])


def guillemets(state, silent: bool) -> bool:
    """``<<`` is an opening guillemet (goldmark's typographer), never the start of an HTML tag."""
    if not state.src.startswith("<<", state.pos):
        return False
    if not silent:
        state.push("text", "", 0).content = "\u00ab"
    state.pos += 2
    return True


def _footnote_id(tokens, idx, env) -> str:
    return str(tokens[idx].meta["id"] + 1)  # namespaced with the text's other ids, when joined


def footnote_ref(self, tokens, idx, options, env) -> str:
    ident = _footnote_id(tokens, idx, env)
    sub = tokens[idx].meta.get("subId", -1)
    refid = ident + (f":{sub}" if sub > 0 else "")
    number = tokens[idx].meta["id"] + 1
    return f'<sup id="fnref:{refid}"><a href="#fn:{ident}" class="footnote-ref" role="doc-noteref">{number}</a></sup>'


def footnote_block_open(self, tokens, idx, options, env) -> str:
    return '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n'


def footnote_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</div>\n"


def footnote_open(self, tokens, idx, options, env) -> str:
    return f'<li id="fn:{_footnote_id(tokens, idx, env)}">\n'


def footnote_anchor(self, tokens, idx, options, env) -> str:
    ident = _footnote_id(tokens, idx, env)
    sub = tokens[idx].meta.get("subId", -1)
    refid = ident + (f":{sub}" if sub > 0 else "")
    return f'&#160;<a href="#fnref:{refid}" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>'
