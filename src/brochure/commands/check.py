"""``brochure check``: what a build would find, without writing a PDF.

Reads, selects and prepares every case study like ``build``, through the same
path (``common.load``, ``prepare.prepare_all``), so it reports the same problems
(front matter, images, shortcodes, raw HTML, Markdown that would be printed
literally, what the site shows differently); then looks for one-pagers that
would be cut. The cut check is an
estimate unless ``layout=True``, which lays the one-pagers out with
WeasyPrint (slower: the only part of ``check`` that loads it). It also lists
the case studies whose row of the summary table would have empty cells
(level "summary": neither a warning nor an error), so that a writer can fill them.
"""

from __future__ import annotations

from .. import markup
from ..config import Config
from ..errors import BrochureError
from ..models import Problem
from . import summary as table
from .common import Choice, load
from .prepare import Context, Prepared, Report, prepare_all

# Roughly what one A4 one-pager holds at the smallest type, in characters of body text.
ONE_PAGE_CHARACTERS = 6500
BLOCK_COST = 60  # a paragraph, heading or list item costs about one line more
# A figure's height does not shrink with the type: each line of full-size type it is tall takes the
# room of some 73 characters at the smallest (4.8 mm a line at 9.6 pt, 3.8 mm of 58 characters at 7.6).
FIGURE_LINE_COST = 73


def check(config: Config, choice: Choice, *, strict: bool = False, layout: bool = False,
          paper: str | None = None) -> tuple[Report, int]:
    """Return the report and how many case studies were checked."""
    report = Report(strict=strict)
    loaded = load(config, choice)
    ctx = Context(config, paper)
    prepared = prepare_all(ctx, loaded, report)
    laid_out = _cut_notes(ctx, [item for _group, item in prepared]) if layout else {}
    for _group, item in prepared:  # what build says too comes from prepare_all; only the cut is check's own
        where = {"case": item.case.slug, "file": str(item.case.path)}
        note = laid_out.get(item.case.slug) if layout else (_cut_estimate(item), "warning")
        if note and note[0]:
            report.add(Problem(note[0], level=note[1], **where))
        empty = table.gaps(config, item.case, table.columns(config))
        if empty:
            report.add(Problem(empty, level="summary", **where))
    return report, len(loaded.cases)


def _cut_estimate(item: Prepared) -> str | None:
    text = markup.assemble(item.blocks)
    characters = len(markup.visible_text(text))
    pieces = sum(max(1, len(b.parts)) for b in item.blocks)
    figures = [b for b in item.blocks if b.figure]
    load = characters + BLOCK_COST * pieces + round(markup.length(figures) * FIGURE_LINE_COST)
    if load > ONE_PAGE_CHARACTERS:
        drawn = f" and {len(figures)} figures" if figures else ""
        return (f"one-pager will probably be cut: about {characters} characters in {pieces} blocks{drawn}, "
                f"one page holds about {ONE_PAGE_CHARACTERS} (estimate; --layout checks exactly)")
    return None


def _cut_notes(ctx: Context, items: list[Prepared]) -> dict[str, tuple[str | None, str]]:
    """Each one-pager laid out, within the layout budgets as in ``build``: slug -> (its cut note,
    "warning"), or (why it could not be laid out, "error")."""
    import os

    from . import schedule
    from .fitting import one_pagers  # loads WeasyPrint, before the workers fork

    limits = ctx.config.limits
    notes: dict[str, tuple[str | None, str]] = {}
    for event in schedule.run(lambda task: one_pagers(ctx, task.payload), None, {i.case.slug: i for i in items},
                              [[i.case.slug] for i in items], os.cpu_count() or 1, limits.layout_seconds,
                              limits.layout_memory_mb):
        if not isinstance(event, schedule.BatchDone):  # the only event without a brochure
            continue
        for slug, made in event.results.items():
            notes[slug] = (made.message, "error") if isinstance(made, BrochureError) else (made.cut, "warning")
    return notes
