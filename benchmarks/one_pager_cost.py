#!/usr/bin/env python3
"""What a one-pager costs over a plain render of its page (issue 21, point 2).

For a site's selection (every case study, in brochure's own batches), in this one process and
on one core, after the case studies are prepared and a first batch has warmed the caches:

* plain: each batch's one-pager HTML at full size rendered once with brochure's renderer
  (``pdf.render``) and written as one PDF (``pdf.write``), as plain WeasyPrint would;
* one-pagers: ``fitting.one_pagers`` on the same batch: the same first layout, then each page
  written as a PDF of its own (fonts subset for that page, metadata), and the case studies that
  do not fit laid out again at a smaller type or cut;

CPU time (``time.process_time``), the layouts made and the PDFs written, and where the
difference goes. Prints a Markdown table.

    python benchmarks/one_pager_cost.py --config /tmp/t60/brochure.toml
    python benchmarks/one_pager_cost.py --site /work/sites/naos --section realisations
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup(args):
    from brochure.commands.common import Choice, load
    from brochure.commands.prepare import Context, prepare_all
    from brochure.commands.results import Report
    from brochure.config import from_command_line

    config = from_command_line(args.config, args.site, None, section=args.section, taxonomy=None)
    ctx = Context(config, image_cache=Path(tempfile.mkdtemp(prefix="one-pager-cost-")))
    prepared = prepare_all(ctx, load(config, Choice()), Report())
    return ctx, [item for _group, item in prepared]


class Counted:
    """``pdf.render`` and ``pdf.write`` counted and timed while a function runs."""

    def __init__(self):
        from brochure import pdf

        self.pdf, self.original = pdf, (pdf.render, pdf.write)
        self.seconds = {"render": 0.0, "write": 0.0}
        self.calls = {"render": 0, "write": 0}

    def wrap(self, name, function):
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.process_time() - start
                self.calls[name] += 1
        return timed

    def __enter__(self):
        self.pdf.render, self.pdf.write = self.wrap("render", self.original[0]), self.wrap("write", self.original[1])
        return self

    def __exit__(self, *exc):
        self.pdf.render, self.pdf.write = self.original


def plain(ctx, batch) -> None:
    from brochure import pdf
    from brochure.commands import fitting

    html = fitting._one_pager_html(ctx, [fitting._one_pager_view(ctx, item, None) for item in batch], 1.0)
    pdf.write(pdf.render(html, ctx.base_url, ctx.roots, **ctx.render_options))


def measure(ctx, batches) -> dict:
    from brochure.commands import fitting

    figures = {}
    for name, work in (("plain", plain), ("one-pagers", fitting.one_pagers)):
        with Counted() as counted:
            start = time.process_time()
            for batch in batches:
                work(ctx, batch)
            figures[name] = (time.process_time() - start, dict(counted.seconds), dict(counted.calls))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=None, help="a project's brochure.toml")
    parser.add_argument("--site", type=Path, default=None, help="a Hugo site (site mode)")
    parser.add_argument("--section", default=None)
    args = parser.parse_args(argv)
    from brochure.commands.run import _chunks

    ctx, items = _setup(args)
    batches = _chunks(items)
    plain(ctx, batches[0])  # warm: fonts, images, WeasyPrint's own caches
    figures = measure(ctx, batches)
    base, parts, _ = figures["plain"]
    print(f"\n{len(items)} case studies in {len(batches)} batches; CPU seconds in one process (pid {os.getpid()})\n")
    print("| | CPU | ratio | layouts (pdf.render) | their CPU | PDFs written | their CPU | the rest |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (total, seconds, calls) in figures.items():
        rest = total - seconds["render"] - seconds["write"]
        print(f"| {name} | {total:.2f} s | {total / base:.2f}× | {calls['render']} | {seconds['render']:.2f} s | "
              f"{calls['write']} | {seconds['write']:.2f} s | {rest:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
