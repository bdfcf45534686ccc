"""French typography: no-break spaces before high punctuation and inside guillemets.

``french(html)`` puts a narrow no-break space (U+202F) before ``;`` ``!`` ``?``
and a no-break space (U+00A0) before ``:`` and inside « guillemets ». Plain
spaces already there are replaced; a missing one is inserted. As the Imprimerie
nationale's *Lexique* asks, a number is not cut from what it counts: the space
after a number in figures (``4 mois``, ``12 %``, ``25 k€``, ``1,5 M€``,
``12 mars``) is a no-break space, so is the one between a month and its year
(``mars 2024``, ``1er mars``), and the spaces grouping a number's digits by
three (``3 000``, ``1 500 000``) are narrow no-break spaces. With ``quotes``
(the default), a quotation in “English quotes” becomes a « French » one (a
quotation inside it keeps “ ”).

``plain(text, lang)`` first gives a plain string the typographer's work the
body gets from Markdown in any language (``smart``: curly apostrophes and
quotes, dashes, ellipsis, ``<<`` ``>>``), then French spacing if French.

Only text changes: tags, attribute values, comments, entities and the inside
of code, pre, kbd, samp, script and style come out byte for byte. URLs,
e-mail addresses, times (10:30), ``?b=c``, ``!important`` and emoticons are
left alone, and ``french(french(x)) == french(x)``.
"""

from __future__ import annotations

import html as _html
import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_NOBREAK = frozenset(NBSP + NNBSP)
_SPACE = frozenset(" \t\n\r\f\u2009") | _NOBREAK
_EDGE = "\x00"  # a block edge: nothing is spaced across it
_OBJECT = "\ufffc"  # an image, or an entity that is not one character

_SKIP = {"code", "pre", "kbd", "samp", "tt", "textarea", "svg", "math"}
_RAW = {"script", "style"}
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
    "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
}

_MARKUP = re.compile(
    r"""(?P<comment><!--.*?(?:-->|\Z))
      | (?P<decl><[!?][^>]*>?)
      | (?P<tag></?(?P<name>[A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>)
      | (?P<entity>&(?:\#[0-9]+|\#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)""",
    re.S | re.X,
)
_URLISH = re.compile(r"://|\bwww\.|\bmailto:|\btel:|\w@\w")
_EMOTICON = re.compile(r"'?-?[()DPp|/\\\[\]](?!\w)")

_BLANK = "[ \t\n\r\f\u2009]+"  # spaces a line may break at
_MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
# a number's digits grouped by three: "3 000", "1 500 000,50" (not "2019 120": four digits first)
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \t\u2009\u00a0\u202f]\d{3})+(?!\d)")
# the spaces no line may break at: after a number, before what it counts ("4 mois", "12 %",
# "25 k€", "12 mars"); in a date, between a month and its year ("mars 2024") and after "1er"
_KEPT = (
    re.compile(rf"(?<=\d)({_BLANK})(?=[^\W\d_]|[%‰€$£¥°§])"),
    re.compile(rf"\b(?:{_MONTHS})({_BLANK})(?=\d{{4}}\b)", re.IGNORECASE),
    re.compile(rf"\b1er({_BLANK})(?=(?:{_MONTHS})\b)", re.IGNORECASE),
)

# A unit is (raw text as written, the one character it stands for or "" if none, editable).
Unit = tuple[str, str, bool]


def apply(html: str, lang: str | None, quotes: bool = True) -> str:
    """``french(html)`` when ``lang`` is French ("fr", "fr-FR", ...), else ``html`` unchanged."""
    return french(html, quotes) if _is_french(lang) else html


def plain(text: str, lang: str | None, quotes: bool = True) -> str:
    """``smart(text)``, then the French rules if French: for a plain, unescaped string (no tags,
    no entities), such as a front-matter title."""
    text = smart(text)
    if not _is_french(lang):
        return text
    return _space([(ch, ch, True) for ch in text], quotes)


def french(html: str, quotes: bool = True) -> str:
    """French spacing of an HTML fragment's text; everything else is kept byte for byte."""
    return _space(_units(html), quotes)


def _is_french(lang: str | None) -> bool:
    return (lang or "").strip().lower().startswith("fr")


def _units(src: str) -> list[Unit]:
    units: list[Unit] = []
    pos = skip = 0
    while pos < len(src):
        m = _MARKUP.search(src, pos)
        end = m.start() if m else len(src)
        units.extend((ch, ch, skip == 0) for ch in src[pos:end])
        if not m:
            break
        pos = m.end()
        if m["entity"]:
            ch = _html.unescape(m["entity"])
            units.append((m["entity"], ch if len(ch) == 1 else _OBJECT, False))
        elif m["tag"]:
            name = m["name"].lower()
            closing = m["tag"].startswith("</")
            if name in _RAW and not closing:  # raw text up to the end tag: not text at all
                close = re.compile(rf"</{name}\b[^>]*>", re.I).search(src, pos)
                stop = close.end() if close else len(src)
                units.append((m[0] + src[pos:stop], _EDGE, False))
                pos = stop
                continue
            if name in _SKIP and not m["tag"].endswith("/>"):
                skip = max(0, skip - 1) if closing else skip + 1
            units.append((m[0], "" if name in _INLINE else _OBJECT if name == "img" else _EDGE, False))
        else:
            units.append((m[0], "", False))  # comments and declarations: invisible
    return units


def _ends_word(ch: str) -> bool:
    return ch.isalnum() or ch in ")]}»”’\"'…%°*."


def _space(units: list[Unit], quotes: bool = True) -> str:
    spacing = _Spacing(units)
    if quotes:
        spacing.guillemets()
    spacing.numbers()
    for i, c in enumerate(spacing.text):
        if i in spacing.protected or not spacing.editable[i]:
            continue
        if c in ";!?:»":
            spacing.before_mark(i, c)
        elif c == "«":
            spacing.after_guillemet(i)
    return spacing.join(units)


class _Spacing:
    """The text of a fragment's units and the spaces to put in it, by text index."""

    def __init__(self, units: list[Unit]):
        where = [n for n, u in enumerate(units) if u[1]]  # text index -> unit index
        self.text = "".join(units[n][1] for n in where)
        self.editable = [units[n][2] for n in where]
        self.protected = _protected(self.text)
        self.before: dict[int, str] = {}
        self.after: dict[int, str] = {}
        self.replace: dict[int, str] = {}

    def fix(self, start: int, end: int, target: str, at: int, side: dict[int, str]) -> None:
        """Make text[start:end] (spaces, maybe none) a single ``target``."""
        if start == end:
            side.setdefault(at, target)
            return
        run = range(start, end)
        if set(self.text[start:end]) <= _NOBREAK or not all(self.editable[k] for k in run):
            return
        if any(k in self.replace for k in run):
            return
        for k in run:
            self.replace[k] = target if k == start else ""

    def before_mark(self, i: int, c: str) -> None:
        """The space before ``c`` (one of ``;!?:»``) at ``i``."""
        text = self.text
        j = i
        while j > 0 and text[j - 1] in _SPACE:
            j -= 1
        prev = text[j - 1] if j else _EDGE
        nxt = text[i + 1] if i + 1 < len(text) else _EDGE
        if prev == _EDGE:
            return
        if c == "»":
            if j < i or prev != "«":
                self.fix(j, i, NBSP, i, self.before)
        elif c == ":":
            if _EMOTICON.match(text, i + 1):
                return
            if j < i or (_ends_word(prev) and (nxt in _SPACE or nxt in _EDGE + "»”’\"',.")):
                self.fix(j, i, NBSP, i, self.before)
        else:
            if j == i and prev in "!?":
                return  # ?! and !!: one space, before the first
            if nxt.isalnum() or nxt in "_=&/#" or (c == ";" and _EMOTICON.match(text, i + 1)):
                return
            if j < i or _ends_word(prev):
                self.fix(j, i, NNBSP, i, self.before)

    def after_guillemet(self, i: int) -> None:
        """The space after the « at ``i``."""
        text = self.text
        k = i + 1
        while k < len(text) and text[k] in _SPACE:
            k += 1
        nxt = text[k] if k < len(text) else _EDGE
        if nxt != _EDGE and (k > i + 1 or nxt != "»"):
            self.fix(i + 1, k, NBSP, i, self.after)

    def guillemets(self) -> None:
        """Each outermost “quotation” (both marks text, outside URLs) becomes a « quotation »."""
        text = list(self.text)
        depth, opened = 0, -1
        for i, c in enumerate(self.text):
            if c in "«“":
                if depth == 0 and c == "“":
                    opened = i
                depth += 1
            elif c in "»”" and depth:
                depth -= 1
                if depth == 0 and c == "”" and opened >= 0 and self._free(opened, i):
                    text[opened], text[i] = "«", "»"
                    self.replace[opened], self.replace[i] = "«", "»"
                opened = -1 if depth == 0 else opened
            elif c == _EDGE:
                depth, opened = 0, -1  # a quotation does not run across blocks
        self.text = "".join(text)

    def numbers(self) -> None:
        """No break inside a number, nor between a number and what it counts, nor in a date."""
        for m in _GROUPED.finditer(self.text):
            for k in range(m.start(), m.end()):
                if self.text[k] in _SPACE and self._free(k - 1, k, k + 1):
                    self.fix(k, k + 1, NNBSP, k, self.before)
        for pattern in _KEPT:
            for m in pattern.finditer(self.text):
                if self._free(*range(m.start(1) - 1, m.end(1) + 1)):  # not next to a URL
                    self.fix(m.start(1), m.end(1), NBSP, m.start(1), self.before)

    def _free(self, *indexes: int) -> bool:
        return all(self.editable[k] and k not in self.protected for k in indexes)

    def join(self, units: list[Unit]) -> str:
        """The units written out, with the spaces put in."""
        out = []
        k = 0
        for raw, ch, _ in units:
            if not ch:
                out.append(raw)
                continue
            out.append(self.before.get(k, "") + self.replace.get(k, raw) + self.after.get(k, ""))
            k += 1
        return "".join(out)


def _protected(text: str) -> set[int]:
    """Text indexes inside a URL or an e-mail address: never spaced."""
    protected: set[int] = set()
    for m in re.finditer(r"[^\s\x00]+", text):
        if _URLISH.search(m[0]):
            protected.update(range(m.start(), m.end()))
    return protected


# --- the typographer's work on a plain string (Markdown's smartquotes and replacements) -------

_REPLACED = re.compile(r"---|--|\.\.\.|<<|>>")
_REPLACEMENT = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "<<": "\u00ab", ">>": "\u00bb"}
_OPENS_AFTER = frozenset("([{«—–-/")  # a quote after one of these (or a space) may open


def smart(text: str) -> str:
    """Curly apostrophes and quotes, dashes, ellipsis and guillemets, as the body gets them
    (``l'offre`` → ``l’offre``, ``"Alpha"`` → ``“Alpha”``, ``--`` → ``–``); URLs and e-mail
    addresses are left alone, an unpaired straight ``"`` stays straight, and
    ``smart(smart(x)) == smart(x)``."""
    protected = _protected(text)
    text = _REPLACED.sub(lambda m: m[0] if m.start() in protected else _REPLACEMENT[m[0]], text)
    protected = _protected(text)
    out = list(text)
    opened: list[int] = []  # the quotes waiting for their closing one
    for i, c in enumerate(text):
        if c not in "'\"" or i in protected:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if c == "'" and prev.isalnum() and nxt.isalnum():
            out[i] = "\u2019"  # l'offre, it's
            continue
        match = next((k for k in reversed(opened) if text[k] == c), None)
        if not prev.isspace() and prev not in _OPENS_AFTER and match is not None:
            out[match], out[i] = ("\u201c", "\u201d") if c == '"' else ("\u2018", "\u2019")
            opened.remove(match)  # the other kind opened inside it may still close after it: '"a' b"
        elif not nxt.isspace() and (prev.isspace() or prev in _OPENS_AFTER):
            opened.append(i)
        elif c == "'":
            out[i] = "\u2019"  # clients', or a quote that opens nothing
    _unpaired(text, out, opened)
    return "".join(out)


def _unpaired(text: str, out: list[str], opened: list[int]) -> None:
    """A single quote that opens nothing is an apostrophe ('90s); a double one stays straight."""
    for k in opened:
        if text[k] == "'":
            out[k] = "\u2019"
