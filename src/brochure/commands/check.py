"""``brochure check``: what a build would find, without writing a PDF.

Reads, selects and prepares every case study like ``build`` (front matter,
images, shortcodes, raw HTML), then looks for Markdown that would be
printed literally and one-pagers that would be cut. The cut check is an
estimate unless ``layout=True``, which lays the one-pagers out with
WeasyPrint (slower: the only part of ``check`` that loads it).
"""

from __future__ import annotations

from .. import markup
from ..config import Config
from ..models import Problem
from .common import Choice, load
from .prepare import Context, Prepared, Report, prepare_all

# Roughly what one A4 one-pager holds at the smallest type, in characters of body text.
ONE_PAGE_CHARACTERS = 6500
BLOCK_COST = 60  # a paragraph, heading or list item costs about one line more


def check(config: Config, choice: Choice, *, strict: bool = False, layout: bool = False,
          paper: str | None = None) -> tuple[Report, int]:
    """Return the report and how many case studies were checked."""
    report = Report(strict=strict)
    loaded = load(config, choice)
    ctx = Context(config, paper)
    prepared = prepare_all(ctx, loaded, report)
    for _group, item in prepared:
        where = {"case": item.case.slug, "file": str(item.case.path)}
        html = item.view["body_html"] + item.view.get("callout_html", "") + item.view["question_html"]
        for context in markup.literal_markdown(html):
            report.add(Problem(f"Markdown would be printed literally: “{context}”", **where))
        for difference in item.hugo_differences:
            report.add(Problem(f"the site shows this differently: {difference}", **where))
        note = _cut_note(ctx, item) if layout else _cut_estimate(item)
        if note:
            report.add(Problem(note, **where))
    return report, len(loaded.cases)


def _cut_estimate(item: Prepared) -> str | None:
    text = markup.assemble(item.blocks)
    characters = len(markup.visible_text(text))
    pieces = sum(max(1, len(b.parts)) for b in item.blocks)
    load = characters + BLOCK_COST * pieces
    if load > ONE_PAGE_CHARACTERS:
        return (f"one-pager will probably be cut: about {characters} characters in {pieces} blocks, "
                f"one page holds about {ONE_PAGE_CHARACTERS} (estimate; --layout checks exactly)")
    return None


def _cut_note(ctx: Context, item: Prepared) -> str | None:
    from .fitting import one_pager  # loads WeasyPrint

    _result, note = one_pager(ctx, item)
    return note
