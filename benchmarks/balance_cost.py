#!/usr/bin/env python3
"""What balancing the two-column bodies costs: one HTML rendered with its columns balanced (as the
brochure is) and with ``column-fill: auto`` (each column box laid out in one pass, its columns
filled one after the other: another layout, for the cost only), by plain WeasyPrint and with
brochure's changes (``brochure.weasy.patched``), each render in a fresh process, CPU time
(user + system, ``os.wait4``), the median of ``--runs`` runs taking turns.

    python benchmarks/balance_cost.py /tmp/h/references.html --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = """
import sys, contextlib
from weasyprint import CSS, HTML
html, patched, one_pass = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"
sheets = [CSS(string=".case-body { column-fill: auto !important }")] if one_pass else []
with contextlib.ExitStack() as stack:
    if patched:
        from brochure import weasy
        stack.enter_context(weasy.patched())
    document = HTML(filename=html).render(stylesheets=sheets)
document.write_pdf()
print(len(document.pages))
"""


def cpu(html: Path, patched: bool, one_pass: bool) -> tuple[float, int]:
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(html), str(int(patched)), str(int(one_pass))],
                               stdout=subprocess.PIPE, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.stdout.close()
    if status:
        raise SystemExit(f"render failed ({status})")
    return usage.ru_utime + usage.ru_stime, int(out.strip() or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    kinds = [(p, o) for p in (False, True) for o in (False, True)]
    seconds: dict[tuple[bool, bool], list[float]] = {k: [] for k in kinds}
    pages: dict[tuple[bool, bool], int] = {}
    for _ in range(args.runs):
        for kind in kinds:
            spent, pages[kind] = cpu(args.html, *kind)
            seconds[kind].append(spent)
    print("| renderer | balanced (as built) | one pass (column-fill: auto) | balancing costs |")
    print("|---|---|---|---|")
    for patched in (False, True):
        balanced, one = (statistics.median(seconds[(patched, o)]) for o in (False, True))
        name = "with brochure's changes" if patched else "plain WeasyPrint"
        print(f"| {name} | {balanced:.2f} s ({pages[(patched, False)]} pages) | {one:.2f} s "
              f"({pages[(patched, True)]} pages) | {balanced / one:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
