"""Each text's lines broken once per page, however many times WeasyPrint lays the page out.

WeasyPrint lays a page's content out several times before it keeps one layout: it balances
columns (``columns: 2``, the brochure's case-study bodies) by laying them out at one height
after another (in the text-heavy benchmark library, 14.5 column layouts for each column box
of the brochure, where two would do), and a flex container's items (the one-pagers' two
columns) are laid out to measure them, then again where they go. Every one of those layouts
breaks the same paragraphs into the same lines, at the same width: Pango shapes the text
each time (``get_first_line``), which is most of the layout's time.

:func:`lines_broken_once` makes WeasyPrint's ``split_first_line`` remember its answers
while one page is made: the same text, with the same style, in the same width, gets the same
line without being shaped again. ``split_first_line`` is a function of its arguments (and
of the document's fonts, the same for the whole render), so every layout, and the PDF, is
the same as without it, byte for byte; only the work is not done twice. What it remembers
goes when the page is made. The text's Pango layout is shared by the layouts that broke the
same line; WeasyPrint changes a line's layout once it is laid out only to draw an ellipsis
(``text-overflow``), so such text is left to WeasyPrint.

Used by :func:`brochure.weasy.patched`; WeasyPrint 70's functions (the version
:mod:`brochure.weasy` checks before importing this module).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from weasyprint.layout import inline as weasy_inline, page as weasy_page


@contextlib.contextmanager
def lines_broken_once() -> Iterator[dict[str, int]]:
    """For one render: ``split_first_line`` remembered while each page is made. Yields the
    counts of lines broken (``broken``) and of lines taken from what was remembered (``reused``)."""
    split, make_page = weasy_inline.split_first_line, weasy_page.make_page
    counts = {"broken": 0, "reused": 0}
    remembered: list[dict | None] = [None]

    def remembering(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        lines = remembered[0]
        if lines is None or style["text_overflow"] != "clip":
            return split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
        found = lines.get(key)
        if found is not None and found[0] is style:
            counts["reused"] += 1
            return found[1]
        counts["broken"] += 1
        result = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        lines[key] = (style, result)  # the style is kept: its id names no other style meanwhile
        return result

    def made_once(*args, **kwargs):
        outer = remembered[0] is None
        if outer:
            remembered[0] = {}
        try:
            return make_page(*args, **kwargs)
        finally:
            if outer:
                remembered[0] = None

    weasy_inline.split_first_line, weasy_page.make_page = remembering, made_once
    try:
        yield counts
    finally:
        weasy_inline.split_first_line, weasy_page.make_page = split, make_page
