"""The raw HTML allowlist: what a case study's HTML may hold once it is laid out with others.

Everything that runs, fetches, embeds or submits is removed (nh3). Beyond that, nothing a case
study writes may reach outside its own box:

* ``style`` attributes keep only allowed declarations (:mod:`.style_attribute`);
* ids are namespaced per text: ``id="x"`` becomes ``id="<doc_id>/x"`` and the text's own
  ``href="#x"`` becomes ``href="#<doc_id>/x"`` (also ``headers``). The templates' ids
  (``case-<slug>``, ``summary``, ``annex-1``…) never hold a ``/``, so no author's id can be
  one of them, and an author writing ``id="b/x"`` in case study ``a`` gets ``a/b/x``, never
  case study ``b``'s ``x``;
* every image's ``src`` and link's ``href`` goes through the caller's callback (:mod:`.urls`);
  a link is then a fragment of the text itself or an ``http(s):``/``mailto:``/``tel:`` URL: a
  relative or ``file:`` URL would resolve to the document and reach the templates' anchors; an
  image left without a ``src`` is left out (WeasyPrint would print its alternative text). The
  one way to another case study's anchor (``case-<slug>``) is a join's ``targets``, given by the
  caller: the callback's answers that are pages of the same document, and the anchor of each;
* ``class`` cannot name the classes the templates give the page's structure (a case study
  cannot make itself a cover, a contents page or a bookmark);
* ``colspan``/``rowspan``/``span`` are bounded, ``lang`` and ``dir`` must be what they say.

Namespacing happens once, when blocks are joined (:func:`clean` with a ``doc_id``). Without a
``doc_id`` (HTML already cleaned, cleaned again), ids are kept only if they are already
namespaced, so cleaning twice never prefixes twice and never lets a plain id through.

nh3 reports nothing of what it removes: :func:`removals` names, for the report, the raw HTML it
will remove that an author may have meant (scripts, frames, event handlers…).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

import nh3

from .style_attribute import filter_style
from .urls import Urls

ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"input", "section", "s", "tfoot", "caption"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "id", "title", "lang", "dir", "style", "role"},
    "img": {"src", "alt", "width", "height", "title", "align"},
    "a": {"href", "title", "hreflang"},
    "figure": {"data-hugo-shortcode"},
    "li": {"value"},
    "ol": {"start", "type"},
}
INPUT_VALUES = {"input": {"type": {"checkbox"}, "checked": {"", "checked"}, "disabled": {"", "disabled"}}}
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
                        "select", "svg", "math", "frame", "frameset", "applet"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
URL_SCHEMES = LINK_SCHEMES | {"file", "data"}  # what an image's or link's URL may be, once resolved
# The URLs the callback is asked about; nh3 keeps no other src or href (its filter also sees the
# attributes of elements it then removes, a <script>'s src: they are dropped unasked).
URL_KINDS = {("img", "src"): "image", ("a", "href"): "link"}

# Classes the bundled templates give the page's structure (see templates/ and styles/): their
# rules set pages, bookmarks, running strings and page breaks. Kept in step with the templates
# by tests/test_css_sanitize.py.
STRUCTURE_CLASSES = frozenset({
    "annex", "annex-page", "annex-title", "annexes-group", "back-address", "back-card", "back-contact", "back-cover",
    "back-logo", "back-name", "band", "band-row", "brochure", "buyer-logo",
    "callout", "case", "case-body", "case-title", "chip", "column", "cover", "cover-buyer", "cover-date", "cover-kicker",
    "cover-label", "cover-logo", "cover-meta", "cover-name", "cover-panel", "cover-subtitle", "cover-title", "cover-top",
    "eyebrow", "fact-answer", "fact-picto", "fact-question", "facts", "group-start", "intro", "intro-title", "logo",
    "logo-band", "logo-card", "logo-card-dark", "logo-card-light", "logo-ink",
    "long-title", "one-pager", "part-start", "picture", "picture-contain", "picture-cover", "sheet", "summary",
    "summary-title", "titles", "toc", "toc-entry", "toc-extra", "toc-group", "toc-group-title", "toc-title",
})

_NOT_CHECKBOX = re.compile(r'<input(?![^>]*type="checkbox")[^>]*>')
# An <img> as nh3 writes it: every attribute value in double quotes, a quote inside one escaped.
_IMG = re.compile(r'<img((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*/?>')
_SRC = re.compile(r'\ssrc="')
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# What an id may hold: WeasyPrint copies it into a CSS string (``-weasy-anchor: "…"``), where a
# quote or a backslash escape would change it. Anything else becomes "_", in ids and links alike.
_ID_UNSAFE = re.compile(r"[^\w.:/-]")
_BOUNDS = {"colspan": (1, 100), "span": (1, 100), "rowspan": (0, 1000)}


def safe_id(text: str) -> str:
    return _ID_UNSAFE.sub("_", text)


class _Filter:
    """nh3's attribute filter for one text: sees every attribute as parsed, returns its new value."""

    def __init__(self, doc_id: str | None, notes: list[str] | None, anchors: frozenset[str] | None,
                 urls: Urls | None, targets: dict[str, str] | None = None):
        self.prefix = None if doc_id is None else safe_id(doc_id) + "/"
        self.notes = notes
        self.anchors = anchors
        self.urls = urls
        self.targets = targets or {}
        self.ids: set[str] = set()  # the ids written, namespaced
        self.links: set[str] = set()  # the fragments linked to, namespaced
        self.seen: set[str] = set()

    def note(self, key: str, message: str) -> None:
        if self.notes is not None and key not in self.seen:
            self.seen.add(key)
            if message not in self.notes:
                self.notes.append(message)

    def name(self, value: str) -> str | None:
        """An id of this text, namespaced (or, without a doc_id, kept only if already namespaced)."""
        value = value.strip()
        if not value:
            return None
        if self.prefix is None:
            return value if "/" in value and safe_id(value) == value else None
        return self.prefix + safe_id(value)

    def __call__(self, tag: str, attr: str, value: str) -> str | None:
        try:
            return self.check(tag, attr, value)
        except Exception:  # a bug here must drop the attribute, never keep it unchecked
            return None

    def check(self, tag: str, attr: str, value: str) -> str | None:
        if attr in ("src", "href"):
            kind = URL_KINDS.get((tag, attr))
            return self.url(value, kind) if kind is not None else None
        if attr == "style":
            kept = filter_style(value, lambda key, why: self.note(key, f"raw HTML style {why} removed"))
            return kept or None
        if attr == "id":
            new = self.name(value)
            if new:
                self.ids.add(new)
            return new
        if attr == "headers":
            names = [n for n in (self.name(v) for v in value.split()) if n]
            return " ".join(names) or None
        if attr == "class":
            return self.classes(value)
        if attr in _BOUNDS:
            lo, hi = _BOUNDS[attr]
            return value if value.strip().isdigit() and lo <= int(value) <= hi else None
        if attr == "lang":
            return value if _LANG.fullmatch(value) else None
        if attr == "dir":
            return value if value.lower() in ("ltr", "rtl", "auto") else None
        if tag == "input" and attr == "type" and value.lower() != "checkbox":
            return None
        return value

    def url(self, value: str, kind: str) -> str | None:
        """The URL as the callback answers (as written without one), if it may stay: nh3 checks
        only the URL as written, before this filter."""
        new = value if self.urls is None else self.urls(value, kind)
        if new is None:
            return None
        if kind == "link" and self.urls is not None and new in self.targets:  # a page of this document
            return "#" + safe_id(self.targets[new])
        if kind == "link":
            return self.href(new)
        return new if _scheme(new) in URL_SCHEMES | {""} else None

    def href(self, value: str) -> str | None:
        value = value.strip()
        if value.startswith("#"):
            target = self.name(unquote(value[1:]))
            if target is None or (self.anchors is not None and target not in self.anchors):
                return None  # a link to nothing in this text: the words stay
            self.links.add(target)
            return "#" + quote(target, safe="/:")
        return value if _scheme(value) in LINK_SCHEMES else None

    def classes(self, value: str) -> str | None:
        kept = []
        for name in value.split():
            if name.lower() in STRUCTURE_CLASSES:
                self.note("class " + name, f'raw HTML class "{name}" removed (the templates use it)')
            else:
                kept.append(name)
        return " ".join(kept) or None


def _scheme(url: str) -> str | None:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return None


def clean(html_text: str, doc_id: str | None = None, notes: list[str] | None = None,
          anchors: frozenset[str] | None = None, urls: Urls | None = None,
          targets: dict[str, str] | None = None) -> tuple[str, set[str], set[str]]:
    """(cleaned HTML, its ids, the fragments it links to), ids namespaced under ``doc_id``.

    ``notes`` gets one line per kind of thing removed; ``anchors``, when given, are the ids the
    whole text holds: a link to any other fragment loses its ``href``. ``urls`` says what each
    image's and link's URL becomes (without it, what is written stays); ``targets``, which of its
    answers are pages of the document the text is laid out in, and their anchors."""
    check = _Filter(doc_id, notes, anchors, urls, targets)
    out = nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes={k: v for k, v in ALLOWED_ATTRIBUTES.items() if k != "input"},
        tag_attribute_values=INPUT_VALUES,
        attribute_filter=check,
        url_schemes=URL_SCHEMES | (urls.schemes if urls is not None else frozenset()),
        link_rel=None,
        strip_comments=True,
    )
    if urls is not None:
        urls.check()
    out = _IMG.sub(lambda m: m[0] if _SRC.search(m[1]) else "", out)
    return _NOT_CHECKBOX.sub("", out), check.ids, check.links


_DANGEROUS_TAG = re.compile(r"<\s*(script|style|link|meta|base|iframe|object|embed|form|input|button|textarea|select|"
                            r"frame|frameset|applet|svg|math|noscript|template)\b", re.I)
_DANGEROUS_ATTR = re.compile(r"\s(on[a-z]+|formaction|srcdoc)\s*=", re.I)
# ``rel`` is always dropped, but only ``rel="attachment"`` would have done something in a PDF (embed
# the linked file): ``noopener``, ``nofollow``… are dropped without a word.
_REL_ATTACHMENT = re.compile(r"""\srel\s*=\s*(?:"[^"]*|'[^']*|[^\s>]*)(?<![\w-])attachment(?![\w-])""", re.I)


def removals(raw_html: str) -> list[str]:
    """What cleaning will remove from a piece of raw HTML that its author may have meant, one
    line each, for the report (nh3 says nothing of what it removes)."""
    found = [f"raw HTML <{m.group(1).lower()}> removed" for m in _DANGEROUS_TAG.finditer(raw_html)]
    names = [m.group(1).lower() for m in _DANGEROUS_ATTR.finditer(raw_html)]
    names += ["rel"] if _REL_ATTACHMENT.search(raw_html) else []
    return found + [f"raw HTML attribute {name}= removed" for name in names]


def sanitize(html_text: str, doc_id: str | None = None) -> str:
    """Keep layout markup, drop everything that runs, fetches, embeds or submits or reaches
    outside the text (see the module's docstring)."""
    return clean(html_text, doc_id)[0]
