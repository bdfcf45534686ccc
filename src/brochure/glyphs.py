"""Characters no font has: drawn as a box from a font made for them, so the PDF keeps them.

WeasyPrint draws a character no font has as its font's ``.notdef`` glyph, under an encoding of
its own for that font: pypdf (and other extractors) then read the whole font's text as garbage,
and PDF/A forbids ``.notdef``. A document where Pango found such characters is laid out again
with each of them inside a ``<span>`` whose font has a box for exactly those characters: the
page shows a box, the text layer keeps the character, every other word keeps its encoding.
"""

from __future__ import annotations

import base64
import functools
import io
import re
import unicodedata

FAMILY = "brochure-missing-glyph"
_CLASS = "brochure-missing-glyph"
MAX_GLYPHS = 10_000  # beyond, characters share a glyph (and the text layer names only one of them)

# what text may hold a character to box: not the tags and their attributes, not what
# <style>, <script> or <title> hold (the document's title is metadata, not drawn)
_SKIPPED = re.compile(r"(<!--.*?-->|<(style|script|title)\b.*?</\2\s*>|<[^>]*>)", re.DOTALL | re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def box_font(chars: frozenset[str]) -> bytes:
    """A TrueType font that draws each of ``chars`` as a hollow box."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box(pen: TTGlyphPen, outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> None:
        for (x0, y0, x1, y1), points in ((outer, "cw"), (inner, "ccw")):
            corners = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
            for k, point in enumerate(corners if points == "cw" else corners[::-1]):
                (pen.moveTo if k == 0 else pen.lineTo)(point)
            pen.closePath()

    pen = TTGlyphPen(None)
    box(pen, (60, 0, 540, 700), (120, 60, 480, 640))
    drawn = pen.glyph()
    # a glyph of its own for each character (up to a bound), so that the text layer tells them apart
    codes = sorted(ord(c) for c in chars)
    names = [f"box{min(k, MAX_GLYPHS - 1)}" for k in range(len(codes))]
    order = [".notdef", *dict.fromkeys(names)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(dict(zip(codes, names)))
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), **{name: drawn for name in order[1:]}})
    builder.setupHorizontalMetrics({".notdef": (600, 0), **{name: (600, 60) for name in order[1:]}})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def boxed(html: str, chars: set[str]) -> str:
    """``html`` with each run of ``chars`` in its text inside a span drawn with :func:`box_font`,
    and the style for it."""
    if not chars:
        return html
    run = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]+")
    wrap = f'<span class="{_CLASS}">\\g<0></span>'
    parts = _SKIPPED.split(html)
    # split() also returns the captured tag names: keep the text between markup, wrap only it
    out, index = [], 0
    while index < len(parts):
        out.append(run.sub(wrap, parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
        index += 3
    font = base64.b64encode(box_font(frozenset(chars))).decode()
    style = (f'<style>@font-face {{ font-family: "{FAMILY}"; src: url(data:font/ttf;base64,{font}) }} '
             f'.{_CLASS} {{ font-family: "{FAMILY}" !important; font-style: normal; font-weight: normal }}</style>')
    text = "".join(out)
    head = re.search(r"</head\s*>", text, re.IGNORECASE)
    return text[:head.start()] + style + text[head.start():] if head else style + text


def advice(chars: list[str]) -> str:
    """Which font package would draw ``chars``: the right one for emoji, for Chinese, Japanese
    and Korean, for other scripts."""
    kinds = {_kind(c) for c in chars}
    named = [package for kind, package in _PACKAGES if kind in kinds]
    return f"install {' and '.join(named)}, or name a font that has them in theme.fonts"


_PACKAGES = (("emoji", "an emoji font (Debian: fonts-noto-color-emoji)"),
             ("cjk", "a CJK font (Debian: fonts-noto-cjk)"),
             ("other", "a font for their script (Debian: fonts-noto-core, or fonts-noto for every script)"),
             ("private", "the font they were made for (they are private-use characters)"))


def _kind(char: str) -> str:
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Co":
        return "private"
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF or category == "So":
        return "emoji"
    if (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF):
        return "cjk"
    return "other"
