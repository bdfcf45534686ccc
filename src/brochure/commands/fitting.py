"""Fitting a case study on exactly one page: the one-pagers.

At full size if it fits; else at the largest smaller type predicted to fit from the measured
overflow; else cut, with a visible mark, at the smallest type, by a search for the largest cut
that fits. The case studies of a batch share each document: one at full size, one per smaller
type used, then one per round of the search for the cuts. Runs in a worker process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from .. import layout, markup
from ..errors import MISSING_GLYPHS, BrochureError, RenderError
from .cover import build_date, pdf_dates
from .attribution import attributed
from .prepare import Context, Prepared
from .results import Made


SCALES = (1.0, 0.93, 0.86, 0.79)
BASE_PT = 9.6
SHRINK_POWER = 1.15  # measured: a case study's height shrinks as scale ** 0.9 to 1.45 (type, not images)
MOST_SHRINK = 1.5  # the most it was seen to shrink: below that at the smallest type, try it before cutting
FIT = 0.985  # aim a little below the foot of the page when predicting
PICTURE_SHARE = 50 / 284  # a featured picture's height at full size, in pages (one-pager.html.j2: 50 mm × scale²)
UNMEASURED = (2.0, 0.2)  # (height, top) assumed at the smallest type for a case study not measured there


def _one_pager_view(ctx: Context, item: Prepared, cut: markup.Cut | None) -> dict[str, Any]:
    """The view of one one-pager: the body in two columns, the closing callouts across the page."""
    split = markup.trailing(item.blocks)
    kept = markup.kept(item.blocks, cut)
    body, callout = kept[:split], kept[split:]
    left, right = markup.columns(body)
    mark = f'<p class="cut-mark">{ctx.labels["more"]}</p>' if cut is not None else ""
    return {
        **item.view,
        "body_html": markup.join(left),
        "right_html": markup.join(right, "" if callout else mark),
        "callout_html": markup.join(callout, mark) if callout else "",
    }


def _one_pager_html(ctx: Context, views: list[dict[str, Any]], scale: float) -> str:
    return layout.one_pagers(ctx.env, views, company=ctx.company, paper=ctx.paper, scale=scale, styles=ctx.styles,
                             lang=ctx.lang, labels=ctx.labels, bleed=ctx.bleed, marks=ctx.marks)


def _metadata(ctx: Context, item: Prepared) -> dict[str, Any]:
    view = item.view
    return {"title": view["title"], "authors": [ctx.config.company_name] if ctx.config.company_name else [],
            "description": view["long_title"] or view["title"], "keywords": [view["group_title"]] if item.case.projects else [],  # its project, by its title
            "lang": ctx.lang, **pdf_dates(build_date([(None, item)], None))}


Entry = tuple[Prepared, "markup.Cut | None"]


def _lay_out(ctx: Context, entries: list[Entry], scale: float,
             made: dict[str, Made | BrochureError]) -> Iterator[tuple[Prepared, Any, int, float, float]]:
    """Lay entries out in one document; yield (item, rendered, page, height, top) for each.

    ``height`` is how tall the case study is, in pages: it fits if it is at most 1. The
    bundled template makes each case study one unbreakable box, so a single layout
    measures exactly by how much a text overflows; with a template that lets the text
    run onto more pages, the height is counted in pages. ``top`` is where its body starts.
    If the document fails, each entry is laid out on its own to find the culprit, whose
    error goes into ``made``.
    """
    from .. import pdf

    if not entries:  # no case study needs this type scale
        return
    views = [_one_pager_view(ctx, item, cut) for item, cut in entries]
    try:
        rendered = pdf.render(_one_pager_html(ctx, views, scale), ctx.base_url, ctx.roots, **ctx.render_options)
    except BrochureError as exc:
        if len(entries) == 1:
            made[entries[0][0].case.slug] = exc
            return
        for entry in entries:
            yield from _lay_out(ctx, [entry], scale, made)
        return
    fill = pdf.fill(rendered)
    spans = pdf.spans(rendered, [f"case-{item.case.slug}" for item, _cut in entries])
    for (item, _cut), (first, end) in zip(entries, spans):
        if first >= len(fill):  # nothing of it was laid out
            made[item.case.slug] = RenderError("the one-pager came out empty")
            continue
        bottom, area, top = fill[end - 1]
        height = (end - first - 1) + bottom / max(area, 1.0)
        yield item, rendered, first, height, fill[first][2] / max(fill[first][1], 1.0)


def _fitting_scale(height: float, picture: float = 0.0) -> int | None:
    """The index of the largest type scale predicted to fit a case study ``height`` pages tall
    at full size, ``picture`` of which is its featured picture (which shrinks as the scale
    squared); None if even the smallest will not."""
    def at(scale: float, power: float) -> float:
        return (height - picture) * scale ** power + picture * scale ** 2

    for index, scale in enumerate(SCALES[1:], 1):
        if at(scale, SHRINK_POWER) <= FIT:
            return index
    return len(SCALES) - 1 if at(SCALES[-1], MOST_SHRINK) <= 1.0 else None  # may fit: try


def _single(ctx: Context, item: Prepared, rendered: Any, page: int, batch: list[Prepared], cut: str | None = None) -> Made:
    from .. import pdf

    wide = [message for _owner, message in pdf.wide_tables(rendered, [page])]
    result = pdf.write(rendered, pages=[page], metadata=_metadata(ctx, item))
    said = attributed(result, batch) + [(message, [item.case.slug]) for message in wide]
    # what no case study of the batch holds is the theme's: said once, for the build
    shared = [m for m, owners in said if not owners and not m.startswith(MISSING_GLYPHS)]
    # characters no font has: found while drawing this one page
    mine = [m for m, owners in said if item.case.slug in owners or m.startswith(MISSING_GLYPHS)]
    return Made(result.data, result.pages, mine, result.notes, cut=cut, shared=shared)


def one_pagers(ctx: Context, items: list[Prepared]) -> dict[str, Made | BrochureError]:
    """Exactly one page each: at full size if it fits, else at the largest smaller type predicted
    to fit (from the measured overflow), else cut, with a visible mark, at the smallest type.

    The case studies of a batch share each document: one at full size, one per smaller type
    used, then one per round of the search for the cuts.
    """
    made: dict[str, Made | BrochureError] = {}
    at_floor: dict[str, tuple[float, float]] = {}  # slug: (height, top) at the smallest type, measured or predicted
    steps: dict[int, list[Prepared]] = {0: list(items)}
    to_cut = []
    for index, scale in enumerate(SCALES):
        batch = steps.pop(index, [])
        for item, rendered, page, height, top in _lay_out(ctx, [(i, None) for i in batch], scale, made):
            if height <= 1.0:
                made[item.case.slug] = _single(ctx, item, rendered, page, batch)
                continue
            picture = PICTURE_SHARE if item.view.get("picture") else 0.0
            target = _fitting_scale(height, picture) if index == 0 else index + 1
            if target is not None and target < len(SCALES):
                steps.setdefault(target, []).append(item)
                continue
            to_cut.append(item)
            ratio = SCALES[-1] / scale
            at_floor[item.case.slug] = (height * ratio ** SHRINK_POWER, top * ratio)
    if to_cut:
        made.update(_cut_to_fit(ctx, _without_picture(ctx, to_cut, made), at_floor))
    return made


def _without_picture(ctx: Context, items: list[Prepared], made: dict[str, Made | BrochureError]) -> list[Prepared]:
    """A featured picture gives way to the words: a case study that fits its page whole at the
    smallest type once its picture is left out is made so (with a note); the others (those that
    would be cut all the same keep their picture) are returned, still to be cut."""
    bare = [replace(i, view={**i.view, "picture": None}) for i in items if i.view.get("picture")]
    if not bare:
        return items
    note = (f"one-pager without its featured picture, so that the whole text fits one page at "
            f"{BASE_PT * SCALES[-1]:.1f} pt (the brochure shows the picture)")
    for item, rendered, page, height, _top in _lay_out(ctx, [(b, None) for b in bare], SCALES[-1], made):
        if height <= 1.0:
            made[item.case.slug] = _single(ctx, item, rendered, page, bare, cut=note)
    return [i for i in items if i.case.slug not in made]


@dataclass
class _Search:
    """The search for the largest cut of one case study that fits a page.

    Each guess is laid out and measured; the next guess scales what was kept by how much
    the page overflowed (or had room left), within what is already known to fit or not.
    """

    item: Prepared
    points: list[markup.Cut]
    lengths: list[float]  # estimated length of what each cut keeps
    next: int | None = None
    lo: int = -1  # the largest cut known to fit
    hi: int = 0  # the smallest cut known to overflow (len(points): the whole body)
    found: tuple[Any, int] | None = None  # (rendered, page) of the cut at ``lo``
    jump: int = 1  # the least step while only one side is known; doubles at each step

    def __post_init__(self) -> None:
        self.hi = len(self.points)

    def guess(self, length: float) -> int:
        """The largest cut predicted to keep at most ``length``, within what is not known yet."""
        n = max((n for n, size in enumerate(self.lengths) if size <= length), default=0)
        return min(max(n, self.lo + 1), self.hi - 1)

    def record(self, height: float, top: float) -> None:
        """What the guess measured: ``height`` of the page (fits if at most 1), body from ``top``."""
        assert self.next is not None
        tried = self.next
        if height <= 1.0:
            self.lo = tried
        else:
            self.hi = tried
        if self.hi - self.lo <= 1:
            self.next = None
            return
        if self.lo >= 0 and self.hi < len(self.points):
            self.next = (self.lo + self.hi) // 2
            return
        # Only one side known: scale what was kept by the room left (or missing), but move at
        # least ``jump`` cuts: a page's height is its taller column's, which often stays put.
        room = max(0.0, FIT - top) / max(height - top, 1e-6)  # share of the tried body that fits
        guess = self.guess(self.lengths[tried] * room)
        step = self.jump
        self.jump *= 2
        self.next = max(guess, min(tried + step, self.hi - 1)) if height <= 1.0 else min(guess, max(tried - step, self.lo + 1))


def _cut_to_fit(ctx: Context, items: list[Prepared],
                at_floor: dict[str, tuple[float, float]]) -> dict[str, Made | BrochureError]:
    """The largest cut of each text that fits one page at the smallest type.

    The first guess comes from the whole text's height; each round lays out every case
    study's next guess in one document, and the search ends in a few rounds.
    """
    from .. import pdf

    floor = SCALES[-1]
    made: dict[str, Made | BrochureError] = {}
    searches = {}
    for item in items:
        points = markup.cut_points(item.blocks)
        search = _Search(item, points, [markup.length(item.blocks, p) for p in points])
        if points:
            height, top = at_floor.get(item.case.slug, UNMEASURED)
            room = max(0.0, FIT - top) / max(height - top, 1e-6)
            search.next = search.guess(markup.length(item.blocks) * room)
        searches[item.case.slug] = search
    active = [s for s in searches.values() if s.next is not None]
    while active:
        entries = [(s.item, s.points[s.next]) for s in active]
        for item, rendered, page, height, top in _lay_out(ctx, entries, floor, made):
            search = searches[item.case.slug]
            if height <= 1.0:
                search.found = (rendered, page)
            search.record(height, top)
        active = [s for s in active if s.next is not None and s.item.case.slug not in made]
    batch = [s.item for s in searches.values()]
    for slug, search in searches.items():
        if slug in made:
            continue
        item = search.item
        total = markup.words(markup.assemble(item.blocks))
        kept = 0
        try:
            if search.found is None:  # even the header alone overflows: keep what the page shows
                rendered = pdf.render(_one_pager_html(ctx, [_one_pager_view(ctx, item, markup.Cut(0))], floor),
                                      ctx.base_url, ctx.roots, **ctx.render_options)
                search.found = (rendered, 0)
            else:
                kept = markup.words(markup.assemble(item.blocks, search.points[search.lo]))
            pct = round(100 * (total - kept) / total) if total else 0
            note = (f"one-pager cut to fit one page: {total - kept} of {total} words ({pct}%) left out, "
                    f"even at {BASE_PT * floor:.1f} pt; the brochure keeps the full text")
            made[slug] = _single(ctx, item, *search.found, batch, cut=note)
        except BrochureError as exc:
            made[slug] = exc
    return made
