"""One build under way, once its case studies are prepared: what the cache has, the layouts in a pool
of processes within their budgets, the outputs written as they are known, and the report.

Rendering is organised for speed without changing a byte of the result:

* outputs whose inputs did not change come from a content-addressed cache;
* one-pagers are laid out in batches (one WeasyPrint document, one page per
  case study), and each page is written as its own PDF; case studies that
  overflow are laid out again, smaller, then cut;
* the brochure and the one-pager batches run in a pool of processes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from .. import cache as cache_store, outputs
from ..errors import BrochureError
from ..models import Output, Problem
from ..selection import Group
from . import schedule
from .assembly import brochure, brochure_extras, group_view
from .fitting import one_pagers
from .keys import brochure_key, one_pager_key, render_settings
from .options import BuildOptions
from .prepare import Context, Prepared
from .results import Made, Report, made_fields


class Run:
    """One build under way: what is known of each output, as it becomes known."""

    def __init__(self, ctx: Context, options: BuildOptions, report: Report, prepared: list[tuple[Group, Prepared]],
                 out_dir: Path, cache_dir: Path | None, target: Path, singles: Path):
        self.ctx, self.options, self.report, self.prepared = ctx, options, report, prepared
        self.out_dir, self.target, self.singles_dir = out_dir, target, singles
        self.store = cache_store.Cache(cache_dir) if cache_dir is not None else None
        if self.store:
            self.store.prune()
        settings = render_settings(ctx)
        self.keys = {item.case.slug: one_pager_key(item, settings) for _g, item in prepared}
        self.extras = brochure_extras(ctx, options, prepared, report)
        self.whole_key = brochure_key(ctx, prepared, self.keys, settings, self.extras)
        # Each one-pager is written as soon as it is known (found in the cache or rendered): only
        # what the report needs stays in memory, not 500 PDFs.
        self.singles: dict[str, Made] = {}
        self.unwritten: dict[str, BrochureError] = {}  # slug -> why its file could not be written
        self.failures: dict[str, str] = {}  # slug -> why its one-pager (or its layout) failed
        self.left_out: dict[str, str] = {}  # slug -> why the brochure could not hold it
        self.todo: list[Prepared] = []  # one-pagers to lay out
        self.merged: Made | None = None
        self.brochure_error: BrochureError | None = None
        self.written: dict[Path, str] = {}  # each file this build wrote (or found already written) -> its bytes' hash

    def write(self, target: Path, data: bytes) -> None:
        """Write ``data`` to ``target`` in the output folder, unless it holds them already."""
        outputs.check_inside(target, self.out_dir)
        if not outputs.same_content(target, data):
            outputs.write_atomic(target, data, inside=self.out_dir)
        self.written[target] = hashlib.sha256(data).hexdigest()

    def keep(self, slug: str, made: Made) -> None:
        try:
            self.write(self.singles_dir / f"{slug}.pdf", made.data)
        except BrochureError as exc:
            self.unwritten[slug] = exc
        made.data = b""
        self.singles[slug] = made

    def from_cache(self) -> None:
        """Take what the cache already has."""
        store, options = self.store, self.options
        if options.one_pagers:
            for _group, item in self.prepared:
                hit = store.get(self.keys[item.case.slug]) if store else None
                if hit:
                    self.keep(item.case.slug, Made(hit[0], **made_fields(hit[1])))
                else:
                    self.todo.append(item)
        if options.brochure and store and not options.html:  # --html needs the HTML: render it
            hit = store.get(self.whole_key)
            if hit:
                self.merged = Made(hit[0], **made_fields(hit[1]))

    def brochure_without(self, without: frozenset[str]) -> tuple[list, dict[str, Any]]:
        """What the brochure's layout gets, leaving out the case studies ``without``."""
        extras = self.extras
        kept = [(group_view(self.ctx, g), i) for g, i in self.prepared if i.case.slug not in without]
        summary = extras["summary"] and {**extras["summary"], "rows": [
            r for r in extras["summary"]["rows"] if r["slug"] not in without]}
        return kept, {**extras, "summary": summary}

    def render(self) -> None:
        """Lay out what is missing, each layout within its budget (see ``schedule``)."""
        ctx, options, limits = self.ctx, self.options, self.ctx.config.limits
        need_brochure = options.brochure and self.merged is None
        batches = [[i.case.slug for i in chunk] for chunk in _chunks(self.todo)]
        done, total = 0, (1 if need_brochure else 0) + len(batches)
        if total:  # WeasyPrint loaded once, before the workers fork; an unsupported version stops here
            from .. import pdf  # noqa: F401
        for event in schedule.run(lambda task: _do(ctx, task), self.brochure_without if need_brochure else None,
                                         {i.case.slug: i for _g, i in self.prepared}, batches,
                                         min(_workers(options.jobs), max(1, total)), limits.layout_seconds,
                                         limits.layout_memory_mb, suspects=frozenset(
                                             i.case.slug for i in self.todo if _heavy(i))):
            done += 1
            if options.progress:
                options.progress(min(done, total), total)
            if isinstance(event, schedule.BrochureDone):
                self.brochure_made(event.result, event.without)
            elif isinstance(event, schedule.LeftOut):  # its one-pager may well be built
                self.left_out.update((slug, error.message) for slug, error in event.errors.items())
            else:
                self.one_pagers_made(event.results)

    def brochure_made(self, made: Made | BrochureError, without: frozenset[str]) -> None:
        if isinstance(made, BrochureError):
            self.brochure_error = made
            self.report.add(Problem(f"brochure not built: {made.message}", level="error", file=str(self.target)))
            return
        self.merged = made
        if self.store and not without:  # a brochure without some case studies is not the one its key names
            self.store.put(self.whole_key, made.data, made.info())

    def one_pagers_made(self, result: dict[str, Made | BrochureError]) -> None:
        for slug, made in result.items():
            if isinstance(made, BrochureError):
                self.failures[slug] = made.message
                continue
            if self.store:
                self.store.put(self.keys[slug], made.data, made.info())
            if self.options.one_pagers:
                self.keep(slug, made)

    def report_one_pagers(self) -> None:
        """What became of each case study, in the selection's order."""
        report = self.report
        for _group, item in self.prepared:
            slug, where = item.case.slug, {"case": item.case.slug, "file": str(item.case.path)}
            if slug in self.left_out:
                report.add(Problem(f"left out of the brochure: {self.left_out[slug]}", level="error", **where))
            if slug in self.failures:
                what = "one-pager not built" if self.options.one_pagers else "left out of the brochure"
                report.add(Problem(f"{what}: {self.failures[slug]}", level="error", **where))
                continue
            made = self.singles.get(slug)
            if made is None:
                continue
            target = self.singles_dir / f"{slug}.pdf"
            if slug in self.unwritten:  # the file named is the one that could not be written
                error = self.unwritten[slug]
                report.add(Problem(error.message, level="error", case=slug, file=error.path or str(target)))
                continue
            if made.cut:
                report.add(Problem(made.cut, **where))
            for message in made.messages:
                report.add(Problem(message, **where))
            for message in made.shared:  # the theme's, said once
                report.add(Problem(message, file=str(self.ctx.config.styles_dir)))
            report.notes += [n for n in made.notes if n not in report.notes]
            report.outputs.append(Output("one-pager", target, made.pages, slug))

    def write_brochure(self) -> None:
        merged, target, report = self.merged, self.target, self.report
        if merged is None:
            return
        try:
            if self.options.html and merged.html is not None:
                self.write(target.with_suffix(".html"), merged.html.encode("utf-8"))
            self.write(target, merged.data)
        except BrochureError as exc:
            report.add(Problem(exc.message, level="error", file=str(target)))
            return
        paths = {i.case.slug: str(i.case.path) for _g, i in self.prepared}
        for message in merged.messages:
            for slug in merged.owners.get(message) or [None]:
                report.add(Problem(message, case=slug, file=paths.get(slug, str(target))))
        report.notes += [n for n in merged.notes if n not in report.notes]
        report.outputs.append(Output("brochure", target, merged.pages, None))


def _workers(jobs: int | None) -> int:
    return max(1, jobs if jobs else (os.cpu_count() or 1))


BATCH = 12  # case studies laid out in one document, at most
MIN_BATCHES = 4  # a small selection is still split, so that two or more workers share it


HEAVY_HTML = 100_000  # characters of HTML: far more than a page (an ordinary case study holds 5 to 20,000)
HEAVY_TAGS = 2_000  # elements: the same (an ordinary case study holds 100 to 500)


def _chunks(items: list[Prepared]) -> list[list[Prepared]]:
    """Batches whose size depends on the case studies only, never on the machine's number of
    cores: which case studies share a document is then the same everywhere. A heavy case study
    (far more HTML than a page holds) is laid out on its own: if it is too costly, it costs
    only its own budget, not a whole batch's laid out again."""
    weights = [_heavy(i) for i in items]
    heavy = [i for i, weighs in zip(items, weights) if weighs]
    light = [i for i, weighs in zip(items, weights) if not weighs]
    size = min(BATCH, max(1, -(-len(light) // MIN_BATCHES)))
    return [light[i:i + size] for i in range(0, len(light), size)] + [[i] for i in heavy]


def _heavy(item: Prepared) -> bool:
    html = "".join(b.html for b in item.blocks)
    return len(html) > HEAVY_HTML or html.count("<") > HEAVY_TAGS


def _do(ctx: Context, task: schedule.Task) -> Any:
    if task.kind is schedule.Kind.BROCHURE:
        try:
            return brochure(ctx, *task.payload)
        except BrochureError as exc:
            return exc
    return one_pagers(ctx, task.payload)
