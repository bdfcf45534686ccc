"""The ``style="…"`` attributes of case studies: an allowlist of CSS declarations.

A case study's styles must stay inside its own box. WeasyPrint gives some properties effects
far beyond the element: ``position: fixed`` repeats the box on every page of the document,
``position: running()``, ``string-set``, ``bookmark-*``, ``counter-*`` and ``page`` change
other pages' headers, outline and numbers, ``float: footnote`` and ``content`` move or make
text, ``break-*`` adds pages, ``url()``/``image-set()`` fetch files, and negative margins,
``transform``, ``z-index`` or huge sizes draw over what lies around the box.

So the attribute is parsed with tinycss2 (as WeasyPrint parses it: CSS escapes are decoded
before anything is decided, so ``u\\72 l(`` is a URL token here too) and only these
declarations are kept, re-serialized from their tokens (``!important`` dropped):

* colours: ``color``, ``background-color``, ``background`` (a single colour only),
  ``border-color`` and ``border-*-color``, ``text-decoration-color``: a colour keyword, a
  ``#hex`` colour, or ``rgb()``/``rgba()``/``hsl()``/``hsla()`` of numbers;
* text: ``font-weight`` (keywords, 100–900), ``font-style``, ``font-variant``
  (``normal``/``small-caps``), ``font-size`` (keywords, 6–48 px, 50–300 %, em/rem
  0.375–3), ``line-height`` (``normal``, 0.8–3, 80–300 %, 6–72 px), ``letter-spacing`` and
  ``word-spacing`` (−2–8 px), ``text-indent`` (0–100 px, 0–50 %), ``text-align``,
  ``text-decoration``/``-line``/``-style``, ``text-transform``, ``vertical-align``
  (keywords), ``white-space``, ``hyphens``, ``overflow-wrap``, ``word-break``;
* boxes: ``width``/``min-width``/``max-width`` (0–800 px, about a page's width, or 0–100 %),
  ``height``/``min-height``/``max-height`` (0–1000 px, or 0–100 %), ``margin*``
  (0–200 px, 0–50 %, ``auto``), ``padding*`` (0–200 px, 0–50 %), ``border`` and its
  sides, widths (0–10 px or thin/medium/thick) and styles, ``border-radius`` (0–100 px, %),
  ``border-collapse``, ``border-spacing`` (0–20 px), ``display`` (block, inline,
  inline-block, list-item, table-cell, none), ``float`` and ``clear`` (left/right/none/both),
  ``list-style-type`` (the usual keywords), ``list-style-position``, ``table-layout``,
  ``caption-side``, ``opacity`` (0–1);
* ``inherit``, ``initial`` and ``unset`` for any of them.

Lengths are px, pt, pc, mm, cm, in, q, or em/rem/ex/ch counted as 16/16/8/8 px; a unitless
number is a length only when it is 0. Any other token (a URL, any other function, a string,
a block, an at-rule) removes its declaration.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import tinycss2
import tinycss2.color3
from tinycss2 import ast

PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "q": 96 / 101.6,
      "em": 16.0, "rem": 16.0, "ex": 8.0, "ch": 8.0}
GLOBAL = {"inherit", "initial", "unset"}

Check = Callable[[list[ast.Node]], bool]


def _length(token: ast.Node, lo: float, hi: float, percent: tuple[float, float] | None) -> bool:
    if isinstance(token, ast.DimensionToken):
        factor = PX.get(token.lower_unit)
        return factor is not None and math.isfinite(token.value) and lo <= token.value * factor <= hi
    if isinstance(token, ast.PercentageToken):
        return percent is not None and math.isfinite(token.value) and percent[0] <= token.value <= percent[1]
    return isinstance(token, ast.NumberToken) and token.value == 0 and lo <= 0 <= hi


def _ident(token: ast.Node, words: set[str] | frozenset[str]) -> bool:
    return isinstance(token, ast.IdentToken) and token.lower_value in words


def _color(token: ast.Node) -> bool:
    if isinstance(token, ast.FunctionBlock) and token.lower_name not in ("rgb", "rgba", "hsl", "hsla"):
        return False
    if isinstance(token, ast.IdentToken) and token.lower_value in GLOBAL:
        return False  # a colour, not a global keyword, when part of a shorthand
    return isinstance(token, (ast.IdentToken, ast.HashToken, ast.FunctionBlock)) and \
        tinycss2.color3.parse_color(token) is not None


def colour(values: list[ast.Node]) -> bool:
    return len(values) == 1 and _color(values[0])


def keywords(*words: str) -> Check:
    allowed = frozenset(words)
    return lambda values: len(values) == 1 and _ident(values[0], allowed)


def lengths(lo: float, hi: float, percent: tuple[float, float] | None = None, most: int = 1,
            words: tuple[str, ...] = ()) -> Check:
    allowed = frozenset(words)
    return lambda values: 1 <= len(values) <= most and all(
        _length(v, lo, hi, percent) or _ident(v, allowed) for v in values)


def either(*checks: Check) -> Check:
    return lambda values: any(check(values) for check in checks)


def number(lo: float, hi: float, integer: bool = False) -> Check:
    def check(values: list[ast.Node]) -> bool:
        token = values[0] if len(values) == 1 else None
        return (isinstance(token, ast.NumberToken) and math.isfinite(token.value) and lo <= token.value <= hi
                and (token.is_integer or not integer))

    return check


BORDER_STYLES = ("none", "hidden", "solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset")
border_width = lengths(0, 10, words=("thin", "medium", "thick"))
border_style = keywords(*BORDER_STYLES)


def border(values: list[ast.Node]) -> bool:
    return 1 <= len(values) <= 3 and all(border_width([v]) or border_style([v]) or _color(v) for v in values)


def several(check: Check, most: int) -> Check:
    return lambda values: 1 <= len(values) <= most and all(check([v]) for v in values)


DECORATION_LINES = ("none", "underline", "overline", "line-through")
DECORATION_STYLES = ("solid", "double", "dotted", "dashed", "wavy")


def decoration(values: list[ast.Node]) -> bool:
    return 1 <= len(values) <= 4 and all(_ident(v, frozenset(DECORATION_LINES + DECORATION_STYLES)) or _color(v)
                                         for v in values)


SPACING = lengths(0, 200, (0, 50), most=4, words=("auto",))
PADDING = lengths(0, 200, (0, 50), most=4)
WIDTH = lengths(0, 800, (0, 100), words=("auto", "none"))
HEIGHT = lengths(0, 1000, (0, 100), words=("auto", "none"))

ALLOWED: dict[str, Check] = {
    "color": colour,
    "background-color": colour,
    "background": colour,
    "text-decoration-color": colour,
    "border-color": several(colour, 4),
    "font-weight": either(keywords("normal", "bold", "bolder", "lighter"), number(100, 900, integer=True)),
    "font-style": keywords("normal", "italic", "oblique"),
    "font-variant": keywords("normal", "small-caps"),
    "font-size": either(keywords("xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large",
                                 "smaller", "larger"), lengths(6, 48, (50, 300))),
    "line-height": either(keywords("normal"), number(0.8, 3), lengths(6, 72, (80, 300))),
    "letter-spacing": lengths(-2, 8, words=("normal",)),
    "word-spacing": lengths(-2, 8, words=("normal",)),
    "text-indent": lengths(0, 100, (0, 50)),
    "text-align": keywords("left", "right", "center", "justify", "start", "end"),
    "text-decoration": decoration,
    "text-decoration-line": several(keywords(*DECORATION_LINES), 3),
    "text-decoration-style": keywords(*DECORATION_STYLES),
    "text-transform": keywords("none", "capitalize", "uppercase", "lowercase"),
    "vertical-align": keywords("baseline", "sub", "super", "top", "middle", "bottom", "text-top", "text-bottom"),
    "white-space": keywords("normal", "nowrap", "pre", "pre-wrap", "pre-line"),
    "hyphens": keywords("none", "manual", "auto"),
    "overflow-wrap": keywords("normal", "break-word", "anywhere"),
    "word-wrap": keywords("normal", "break-word"),
    "word-break": keywords("normal", "break-all", "keep-all", "break-word"),
    "width": WIDTH, "min-width": WIDTH, "max-width": WIDTH,
    "height": HEIGHT, "min-height": HEIGHT, "max-height": HEIGHT,
    "margin": SPACING, **{f"margin-{side}": lengths(0, 200, (0, 50), words=("auto",))
                          for side in ("top", "right", "bottom", "left")},
    "padding": PADDING, **{f"padding-{side}": lengths(0, 200, (0, 50)) for side in ("top", "right", "bottom", "left")},
    "border": border, **{f"border-{side}": border for side in ("top", "right", "bottom", "left")},
    "border-width": several(border_width, 4), "border-style": several(border_style, 4),
    **{f"border-{side}-{part}": check for side in ("top", "right", "bottom", "left")
       for part, check in (("width", border_width), ("style", border_style), ("color", colour))},
    "border-radius": lengths(0, 100, (0, 50), most=4),
    "border-collapse": keywords("collapse", "separate"),
    "border-spacing": lengths(0, 20, most=2),
    "display": keywords("block", "inline", "inline-block", "list-item", "table-cell", "none"),
    "float": keywords("left", "right", "none"),
    "clear": keywords("left", "right", "both", "none"),
    "list-style-type": keywords("none", "disc", "circle", "square", "decimal", "decimal-leading-zero",
                                "lower-alpha", "upper-alpha", "lower-latin", "upper-latin",
                                "lower-roman", "upper-roman", "lower-greek"),
    "list-style-position": keywords("inside", "outside"),
    "table-layout": keywords("auto", "fixed"),
    "caption-side": keywords("top", "bottom"),
    "opacity": number(0, 1),
}


def _components(value: list[ast.Node]) -> list[ast.Node]:
    return [v for v in value if not isinstance(v, (ast.WhitespaceToken, ast.Comment))]


def filter_style(text: str, removed: Callable[[str, str], None] | None = None) -> str:
    """The declarations of a style attribute that are allowed, re-serialized; ``removed`` is
    called with (property, description) for each one left out."""
    kept: list[str] = []
    for node in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if isinstance(node, ast.Declaration):
            name = node.lower_name
            values = _components(node.value)
            check = ALLOWED.get(name)
            key = name
            if check is None:
                why = f'"{name}"'
            elif not values:
                why = ""  # an empty declaration: WeasyPrint ignores it too
            elif (len(values) == 1 and _ident(values[0], frozenset(GLOBAL))) or check(values):
                kept.append(f"{name}: {' '.join(tinycss2.serialize([v]) for v in values)}")
                continue
            else:
                why = f'"{name}: {_shown(values)}"'
        elif isinstance(node, ast.AtRule):
            key = why = f'"@{node.lower_at_keyword}"'
        elif isinstance(node, ast.QualifiedRule):
            key = why = "rule"
        else:  # a parse error: nothing WeasyPrint would have used
            key = why = ""
        if why and removed is not None:
            removed(key, why)
    return "; ".join(kept)


def _shown(values: list[ast.Node]) -> str:
    text = " ".join(tinycss2.serialize([v]) for v in values)
    return text if len(text) <= 40 else text[:39] + "…"
