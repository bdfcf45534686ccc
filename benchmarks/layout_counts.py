#!/usr/bin/env python3
"""Where the layout goes, in counts that the machine's load does not change.

Renders one HTML file (``brochure build --no-one-pagers --html`` writes the brochure's) twice in
this process: with plain WeasyPrint, as the floor does, then with brochure's changes to its
layout (``brochure.weasy.patched``), and counts for each: pages, pages made (WeasyPrint makes
some again until page numbers settle), multi-column boxes laid out, layouts of one column
(WeasyPrint balances columns by laying them out at one height after another), lines broken
(``split_first_line``) and texts shaped by Pango (``get_first_line``). Both PDFs are compared.
No time is printed: two renders in one process do not take comparable times (the second runs
with the first one's heap); ``cpu_ratio.py`` measures time, each build in a fresh process.

    python benchmarks/layout_counts.py dist/references.html
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import sys
from math import inf
from pathlib import Path

from weasyprint import HTML
from weasyprint.layout import block, inline, page
from weasyprint.text import line_break


@contextlib.contextmanager
def counted(counts: collections.Counter):
    """Count calls of WeasyPrint's layout functions (wrapping whatever is installed)."""
    saved = (block.block_box_layout, block.columns_layout, page.make_page, inline.split_first_line,
             line_break.Layout.get_first_line)
    box_layout, columns, make_page, split, shape = saved

    def box_layout_counted(context, box, bottom_space, *args, **kwargs):
        if getattr(box, "is_column", False):
            counts["column layouts" if bottom_space != inf else "column layouts, next box measured"] += 1
        return box_layout(context, box, bottom_space, *args, **kwargs)

    def tally(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)
        return wrapper

    block.block_box_layout = box_layout_counted
    block.columns_layout = tally("multi-column boxes laid out", columns)
    page.make_page = tally("pages made", make_page)
    inline.split_first_line = tally("lines broken (split_first_line)", split)
    line_break.Layout.get_first_line = tally("texts shaped (get_first_line)", shape)
    try:
        yield
    finally:
        (block.block_box_layout, block.columns_layout, page.make_page, inline.split_first_line,
         line_break.Layout.get_first_line) = saved


def render(html: Path, patched: bool) -> tuple[collections.Counter, str]:
    counts: collections.Counter = collections.Counter()
    with contextlib.ExitStack() as stack:
        stack.enter_context(counted(counts))  # under brochure's changes: what WeasyPrint itself does
        if patched:
            from brochure import weasy
            stack.enter_context(weasy.patched())
        document = HTML(filename=str(html)).render()
    data = document.write_pdf()
    counts["pages"] = len(document.pages)
    return counts, hashlib.sha256(data).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path)
    args = parser.parse_args(argv)
    plain, plain_hash = render(args.html, False)
    ours, our_hash = render(args.html, True)
    print(f"| count ({args.html.name}) | plain WeasyPrint | with brochure's changes | ratio |")
    print("|---|---|---|---|")
    for key in sorted(plain.keys() | ours.keys()):
        ratio = f"{ours[key] / plain[key]:.2f}×" if plain[key] else ""
        print(f"| {key} | {plain[key]} | {ours[key]} | {ratio} |")
    print(f"\nPDF sha256: plain {plain_hash}, with brochure's changes {our_hash} "
          f"({'the same' if plain_hash == our_hash else 'different'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
