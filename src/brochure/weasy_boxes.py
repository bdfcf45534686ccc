"""Part of :mod:`brochure.weasy` (imported by it once the WeasyPrint version is checked): what
the laid-out pages hold, read from WeasyPrint's boxes (no public API gives their positions):
where each page's content ends, its bottom margin, the tables wider than the box they are in.
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint.formatting_structure.boxes import (InlineBlockBox, LineBox, MarginBox, ReplacedBox, TableBox,
                                                   TextBox)

__all__ = ["bottom_margins", "fill", "wide_tables"]

TOLERANCE = 1.5  # CSS pixels (0.4 mm): rounding, not a table running past its column


def fill(document, marker: str) -> list[tuple[float, float, float]]:
    """For each page of ``document``, in CSS pixels from its top edge: where what it shows ends,
    where its content area ends, and where the first element of class ``marker`` starts (0 if none).

    What a page shows is its lines of text, images and boxes with a background or border;
    the height of an empty box is not counted (WeasyPrint may size a flex box taller than
    what it holds).
    """
    out = []
    for page in document.pages:
        page_box = page._page_box  # WeasyPrint has no public API for box positions
        bottom, top = 0.0, None
        for root in page_box.children:
            if isinstance(root, MarginBox):
                continue
            for box in root.descendants():
                element = getattr(box, "element", None)
                if top is None and element is not None and marker in (element.get("class") or "").split():
                    top = box.position_y
                try:
                    if isinstance(box, LineBox) and any(isinstance(c, InlineBlockBox) for c in box.children):
                        continue  # a line holding a whole box (the case study itself): count what it holds
                    if isinstance(box, (LineBox, ReplacedBox, TextBox)):
                        bottom = max(bottom, box.position_y + box.margin_height())
                    elif getattr(box, "background", None) is not None or box.border_bottom_width:
                        bottom = max(bottom, box.position_y + box.margin_top + box.border_height())
                except (TypeError, AttributeError):
                    continue
        out.append((bottom, page_box.content_box_y() + page_box.height, top or 0.0))
    return out


def bottom_margins(document, indices: list[int]) -> dict[int, float]:
    """For each page index, in CSS pixels: the height of the page under its content area (its
    bottom margin, where the running footer is)."""
    out = {}
    for index in indices:
        box = document.pages[index]._page_box  # no public API for a page's margins
        out[index] = box.margin_height() - (box.content_box_y() + box.height)
    return out


def _boxes(page_box, prefix: str) -> Iterator[tuple[object, object, str]]:
    """Every box of a page but its margin boxes, with the box its parent is in (a table's parent is
    its wrapper: what holds the wrapper is what the table must fit) and the id starting with
    ``prefix`` of the nearest element around it ("" if none)."""
    stack = [(root, page_box, page_box, "") for root in reversed(page_box.children) if not isinstance(root, MarginBox)]
    while stack:
        box, parent, holder, owner = stack.pop()
        element = getattr(box, "element", None)
        name = element.get("id") if element is not None else None
        owner = name if name and name.startswith(prefix) else owner
        yield box, holder, owner
        stack.extend((child, box, parent, owner) for child in reversed(getattr(box, "children", None) or ()))


def wide_tables(document, indices: list[int] | None = None, prefix: str = "case-") -> list[tuple[int, str, float, str]]:
    """The tables wider than the box they are in, on the pages ``indices`` (all by default): for
    each, (page index, the id starting with ``prefix`` of the element around it, by how many CSS
    pixels, the first words it shows)."""
    found = []
    for index in range(len(document.pages)) if indices is None else indices:
        for box, holder, owner in _boxes(document.pages[index]._page_box, prefix):
            if not isinstance(box, TableBox):
                continue
            try:
                over = box.border_box_x() + box.border_width() - (holder.content_box_x() + holder.width)
            except (TypeError, AttributeError):
                continue
            if over > TOLERANCE:
                words = " ".join(b.text for b in box.descendants() if isinstance(b, TextBox)).split()
                found.append((index, owner, over, " ".join(words[:6])))
    return found
