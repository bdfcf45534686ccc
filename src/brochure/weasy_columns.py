"""Balanced columns: the height WeasyPrint settles on is not laid out once more.

WeasyPrint balances a multi-column box (``columns: 2``, the brochure's case-study bodies) by
laying its columns out at one height after another until the content fits (each a "trial").
Once it fits, it lays the columns out again at that same height, with the same content, each
where it goes across the page: the trial's columns, moved sideways. In the text-heavy
benchmark library, that is two column layouts of every twelve.

:func:`columns_kept_from_trials` keeps each trial's columns, and gives a final column the
trial's, moved to its place, when WeasyPrint asks for exactly what the trial laid out (the
same content from the same point, at the same height and depth on the page, the page as
empty or not) and when nothing in it is laid out elsewhere than in its column: no float, no
footnote, no running or relatively positioned box, no float on the page around it. Its
absolutely positioned boxes (the outside markers of its list items) are handed to the page
as WeasyPrint's own layout hands them. Otherwise WeasyPrint lays the column out itself. The PDFs are the same (see
tests/test_weasy_work_saved.py and docs/performance.md), but that a coordinate moved by an
addition may round its sixth decimal differently (one number in a 558-page brochure).

Used by :func:`brochure.weasy.patched`; WeasyPrint 70's ``columns_layout`` (the version
:mod:`brochure.weasy` checks before importing this module).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from math import inf

from weasyprint.layout import block as weasy_block
from weasyprint.layout.absolute import AbsolutePlaceholder


def _placeholders(column) -> tuple[list, list] | None:
    """The absolutely positioned boxes of a laid-out ``column`` whose layout waits for the page
    (the outside markers of its list items), as its layout found them, for its absolute and
    fixed lists; None if something in it is laid out elsewhere than where it is (a float, a
    footnote, a running box) or lays out its own positioned boxes (a relative box)."""
    absolute, fixed = [], []
    todo = list(reversed(getattr(column, "children", ())))
    while todo:  # in the order of the layout: depth first, each box before its children
        current = todo.pop()
        style = current.style
        if isinstance(current, AbsolutePlaceholder):
            if style["position"] not in ("absolute", "fixed"):
                return None
            (absolute if style["position"] == "absolute" else fixed).append(current)
            continue
        if getattr(current, "footnote", None) is not None or style["float"] != "none" or style["position"] != "static":
            return None
        todo.extend(reversed(getattr(current, "children", ())))
    return absolute, fixed


@contextlib.contextmanager
def columns_kept_from_trials() -> Iterator[dict[str, int]]:
    """For one render. Yields the counts of final columns taken from a trial (``kept``) and laid
    out by WeasyPrint (``laid_out``)."""
    box_layout, columns = weasy_block.block_box_layout, weasy_block.columns_layout
    counts = {"kept": 0, "laid_out": 0}
    trials: list[dict | None] = [None]  # the trials of the multi-column box being laid out

    def in_columns(*args, **kwargs):
        saved, trials[0] = trials[0], {}
        try:
            return columns(*args, **kwargs)
        finally:
            trials[0] = saved

    def kept_or_laid_out(context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
                         fixed_boxes, adjoining_margins, *args, **kwargs):
        laid = trials[0]
        if laid is None or not box.is_column or bottom_space == inf:
            return box_layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
                              fixed_boxes, adjoining_margins, *args, **kwargs)
        key = (tuple(map(id, box.children)), box.width, box.position_y, bottom_space, repr(skip_stack),
               bool(page_is_empty), tuple(map(id, args)), tuple(sorted(kwargs.items())))
        found = laid.pop(key, None) if adjoining_margins is None else None  # None: a final column
        waiting = None
        if found is not None and found[1][0] is not None and not context.excluded_shapes:
            waiting = None if context.broken_out_of_flow else _placeholders(found[1][0])
        if waiting is not None:
            counts["kept"] += 1
            found[1][0].translate(box.position_x - found[0])
            absolute_boxes.extend(waiting[0])
            fixed_boxes.extend(waiting[1])
            return found[1]
        result = box_layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
                            fixed_boxes, adjoining_margins, *args, **kwargs)
        if adjoining_margins is None:
            counts["laid_out"] += 1
        else:  # a trial: the latest at this height from this point is kept
            laid[key] = (box.position_x, result)
        return result

    weasy_block.block_box_layout, weasy_block.columns_layout = kept_or_laid_out, in_columns
    try:
        yield counts
    finally:
        weasy_block.block_box_layout, weasy_block.columns_layout = box_layout, columns
