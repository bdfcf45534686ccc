"""Hugo's work before Markdown: ``<!--more-->`` removed, shortcodes expanded (``figure``,
``highlight``, ``ref`` and ``relref``) or removed with a note."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from .blocks import TAG
from .goldmark import SHORTCODE_HTML
from .urls import Resolver

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
    from . import markdownify  # the caption is Markdown too

    esc = lambda v: html.escape(v, quote=True)  # noqa: E731
    attrs = f' class="{esc(params["class"])}"' if params.get("class") else ""
    caption_html = markdownify(params["caption"]) if params.get("caption") else ""
    img = f'<img src="{esc(params.get("src", ""))}"'
    if params.get("alt") or params.get("caption"):
        alt = params.get("alt") or html.unescape(TAG.sub("", caption_html))
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
    return f'\n\n<figure {SHORTCODE_HTML}figure"{attrs}>{img}{caption}</figure>\n\n'


_ESCAPED = re.compile(r"\{\{([<%])(\s*)/\*(.*?)\*/(\s*)([>%])\}\}", re.S)


def _unescaped(m: re.Match[str]) -> str:
    """An escaped shortcode, ``{{</* x */>}}``, as Hugo prints it: ``{{< x >}}``."""
    found = _ESCAPED.fullmatch(m.group(0))
    return "{{" + "".join(found.group(1, 2, 3, 4, 5)) + "}}" if found else m.group(0)


def preprocess(text: str, notes: list[str] | None = None, resolve: Resolver | None = None) -> str:
    """Hugo's work before Markdown: ``<!--more-->`` removed, shortcodes expanded or removed.

    ``figure`` becomes a figure with its caption; ``ref`` and ``relref`` what ``resolve(path,
    "ref")`` answers (the page's URL, or nothing, with a note: the link keeps its words); any other
    shortcode's tags are removed with a note (the words between paired tags are kept); an escaped
    one (``{{</* x */>}}``) prints as ``{{< x >}}``. Fenced code is left alone but for those.
    """
    notes = notes if notes is not None else []
    out: list[str] = []
    fence: str | None = None
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            out.append(_expand("".join(chunk), notes, resolve))
            chunk.clear()

    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            flush()
            fence = m.group(1)[0] * 3
            out.append(line)
        elif fence is not None:  # Hugo reads shortcodes in code too: an escaped one prints as written
            out.append(_ESCAPED.sub(_unescaped, line) if "/*" in line else line)
            if line.strip().startswith(fence):
                fence = None
        else:
            chunk.append(line)
    flush()
    return "".join(out)


_HIGHLIGHT = re.compile(r"\{\{<\s*highlight\s+([\w+#.-]*)[^>]*>\}\}\n?(.*?)\n?\{\{<\s*/highlight\s*>\}\}", re.S)


def _ref(name: str, rest: str, notes: list[str], resolve: Resolver | None) -> str:
    """``{{< ref "path" >}}``: the URL ``resolve`` gives the page, or nothing, with a note."""
    params, positional = _shortcode_params(rest)
    written = params.get("path") or (positional[0] if positional else "")
    url = resolve(written, name) if resolve is not None else None
    if not url:
        shown = "{{< " + name + ' "' + written[:60] + '" >}}'
        notes.append(f"{shown}: not a case study of this section; the link keeps its words only")
        return ""
    return quote(url, safe=":/?#[]@!$&*+,;=%~")


def _expand(text: str, notes: list[str], resolve: Resolver | None = None) -> str:
    # the mark of brochure's own shortcode HTML (kept when raw HTML is not): an author's copy is not it
    text = text.replace(SHORTCODE_HTML, 'data-author-hugo-shortcode="')
    text = re.sub(r"<!--\s*more\s*-->", "", text)
    if "{{" not in text:
        return text
    # {{< highlight lang >}} … {{< /highlight >}} is a fenced code block
    text = _HIGHLIGHT.sub(lambda m: f"\n```{m.group(1)}\n{m.group(2)}\n```\n", text)

    def sub(m: re.Match[str]) -> str:
        inner = m.group(2).strip()
        if inner.startswith("/*") and inner.endswith("*/"):  # {{</* x */>}}: Hugo prints {{< x >}}
            return _unescaped(m)
        closing = inner.startswith("/")
        name, rest = (inner.lstrip("/").split(None, 1) + ["", ""])[:2]  # parameters may start on the next line
        if name == "figure" and not closing:
            params, positional = _shortcode_params(rest)
            return _figure(params)
        if name in ("ref", "relref") and not closing:
            return _ref(name, rest, notes, resolve)
        if not closing:
            notes.append(f"shortcode {{{{{m.group(1)} {name} {m.group(3)}}}}} removed (only figure is rendered)")
        return ""

    return _SHORTCODE.sub(sub, text)
