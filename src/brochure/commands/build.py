"""``brochure build``: one-pagers and the merged brochure.

The one orchestrator: config → read → select → Markdown → layout → PDF →
outputs. Each case study is prepared on its own, so one bad case study is
reported and left out while the others are built.

Rendering is organised for speed without changing a byte of the result:

* outputs whose inputs did not change come from a content-addressed cache;
* one-pagers are laid out in batches (one WeasyPrint document, one page per
  case study), and each page is written as its own PDF; case studies that
  overflow are laid out again, smaller, then cut;
* the brochure and the one-pager batches run in a pool of processes.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import __version__, cache as cache_store, layout, markup, outputs
from ..config import Config
from ..errors import MISSING_GLYPHS, BrochureError, RenderError
from ..manifest import COLUMNS
from ..models import Output, Problem
from ..selection import Group
from .common import Choice, load
from . import schedule
from .prepare import Context, Prepared, Report, prepare_all

# One-pager type scales: 9.6 pt body text down to a floor of about 7.5 pt.
SCALES = (1.0, 0.93, 0.86, 0.79)
BASE_PT = 9.6
SHRINK_POWER = 1.15  # measured: a case study's height shrinks as scale ** 0.9 to 1.45 (type, not images)
FIT = 0.985  # aim a little below the foot of the page when predicting
CACHE_FOLDER = ".brochure-cache"


@dataclass(frozen=True)
class BuildOptions:
    choice: Choice = Choice()
    out_dir: Path | None = None
    one_pagers: bool = True
    brochure: bool = True
    paper: str | None = None
    strict: bool = False
    allow_network: bool = False
    jobs: int | None = None  # processes; None: one per core
    cache: bool = True
    cache_dir: Path | None = None  # default: <out>/.brochure-cache
    html: bool = False  # also write the brochure's HTML
    tender: Tender | None = None  # a bid's cover, introduction, summary and annexes
    pdf_variant: str | None = None  # pdf/a-2b, pdf/a-3b or pdf/ua-1
    bleed: str = ""  # a CSS length, e.g. "3mm"
    marks: str = ""  # "crop", "cross" or "crop cross"
    summary: bool = True  # the summary table of references after the contents
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Tender:
    """What a tender manifest adds to the brochure (see ``manifest.py``)."""

    title: str
    buyer: str
    buyer_logo: Path | None = None
    reference: str = ""
    date: datetime | None = None
    introduction: str = ""  # Markdown
    annexes: tuple[tuple[Path, str], ...] = ()  # (file, title)
    file: str = ""  # the brochure's file name
    language: str | None = None  # of the labels and the document (None: the configuration's)
    folder: Path | None = None  # the manifest's folder: its files may be read
    columns: tuple[str, ...] = COLUMNS
    labels: tuple[tuple[str, str], ...] = ()  # column labels replacing the catalogue's
    duration_field: str = ""  # front-matter key of the duration (default: the key fact)


@dataclass
class Made:
    """A PDF made (or found in the cache), with what was said while making it."""

    data: bytes
    pages: int
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cut: str | None = None
    html: str | None = None
    owners: dict[str, list[str]] = field(default_factory=dict)  # message -> slugs it concerns (the brochure's)
    shared: list[str] = field(default_factory=list)  # problems of a one-pager's batch that no case study holds

    def info(self) -> dict[str, Any]:
        return {"pages": self.pages, "messages": self.messages, "notes": self.notes, "cut": self.cut,
                "owners": self.owners, "shared": self.shared}


def build(config: Config, options: BuildOptions) -> Report:
    """Run the whole build. Raises ``BrochureError`` only for problems that stop everything."""
    report = Report(strict=options.strict)
    loaded = load(config, options.choice)
    out_dir = Path(options.out_dir or config.out_dir)
    cache_folder = options.cache_dir or out_dir / CACHE_FOLDER
    cache_dir = cache_folder if options.cache else None
    # Downsampled images are always kept (even with --no-cache), in one place per user: the PDFs
    # then name and hold the same image bytes whatever the output folder and the cache option.
    tender = options.tender
    ctx = Context(config, options.paper, options.allow_network, image_cache_folder(cache_folder),
                  (tender.folder,) if tender and tender.folder else (), options.pdf_variant, options.bleed, options.marks,
                  tender.language if tender else None)
    for folder in (out_dir, out_dir / "one-pagers"):
        outputs.clean_stale(folder)
    prepared = prepare_all(ctx, loaded, report)
    if not prepared:
        return report

    store = None
    if cache_dir is not None:
        store = cache_store.Cache(cache_dir)
        store.prune()
    settings = _settings(ctx)
    keys = {item.case.slug: _one_pager_key(item, settings) for _g, item in prepared}
    extras = _extras(ctx, options, prepared, report)
    brochure_key = _brochure_key(ctx, prepared, keys, settings, extras)

    # Each one-pager is written as soon as it is known (found in the cache or rendered): only
    # what the report needs stays in memory, not 500 PDFs.
    singles: dict[str, Made] = {}
    unwritten: dict[str, BrochureError] = {}  # slug -> why its file could not be written

    def keep(slug: str, made: Made) -> None:
        try:
            _write(_one_pager_path(out_dir, slug), made.data, out_dir)
        except BrochureError as exc:
            unwritten[slug] = exc
        made.data = b""
        singles[slug] = made

    # What the cache already has.
    todo = []
    if options.one_pagers:
        for _group, item in prepared:
            hit = store.get(keys[item.case.slug]) if store else None
            if hit:
                keep(item.case.slug, Made(hit[0], **_made_fields(hit[1])))
            else:
                todo.append(item)
    merged: Made | None = None
    if options.brochure and store and not options.html:  # --html needs the HTML: render it
        hit = store.get(brochure_key)
        if hit:
            merged = Made(hit[0], **_made_fields(hit[1]))
    need_brochure = options.brochure and merged is None

    # Render what is missing, each layout within its budget (see ``schedule``).
    failures: dict[str, str] = {}
    left_out: dict[str, str] = {}  # slug -> why the brochure could not hold it
    brochure_error: BrochureError | None = None
    done, total = 0, (1 if need_brochure else 0) + len(_chunks(todo))

    def brochure_without(without: frozenset[str]) -> tuple[list, dict[str, Any]]:
        kept = [(_group_view(ctx, g), i) for g, i in prepared if i.case.slug not in without]
        summary = extras["summary"] and {**extras["summary"], "rows": [
            r for r in extras["summary"]["rows"] if r["slug"] not in without]}
        return kept, {**extras, "summary": summary}

    limits = config.limits
    for kind, result in schedule.run(lambda task: _do(ctx, *task), brochure_without if need_brochure else None,
                                     {i.case.slug: i for _g, i in prepared},
                                     [[i.case.slug for i in chunk] for chunk in _chunks(todo)],
                                     min(_workers(options.jobs), max(1, total)), limits.layout_seconds,
                                     limits.layout_memory_mb):
        done += 1
        if options.progress:
            options.progress(min(done, total), total)
        if kind == "brochure":
            made, without = result
            if isinstance(made, BrochureError):
                brochure_error = made
            else:
                merged = made
                if store and not without:  # a brochure without some case studies is not the one its key names
                    store.put(brochure_key, made.data, made.info())
            continue
        if kind == "left-out":  # its one-pager may well be built
            left_out.update((slug, error.message) for slug, error in result.items())
            continue
        for slug, made in result.items():
            if isinstance(made, BrochureError):
                failures[slug] = made.message
                continue
            if store:
                store.put(keys[slug], made.data, made.info())
            if options.one_pagers:
                keep(slug, made)

    if brochure_error is not None:
        report.add(Problem(f"brochure not built: {brochure_error.message}", level="error",
                           file=str(out_dir / _brochure_name(loaded.selection.name, tender))))

    # Write the outputs and the report, in the selection's order.
    for _group, item in prepared:
        slug, where = item.case.slug, {"case": item.case.slug, "file": str(item.case.path)}
        if slug in left_out:
            report.add(Problem(f"left out of the brochure: {left_out[slug]}", level="error", **where))
        if slug in failures:
            what = "one-pager not built" if options.one_pagers else "left out of the brochure"
            report.add(Problem(f"{what}: {failures[slug]}", level="error", **where))
            continue
        made = singles.get(slug)
        if made is None:
            continue
        target = _one_pager_path(out_dir, slug)
        if slug in unwritten:  # the file named is the one that could not be written
            report.add(Problem(unwritten[slug].message, level="error", case=slug, file=unwritten[slug].path or str(target)))
            continue
        if made.cut:
            report.add(Problem(made.cut, **where))
        for message in made.messages:
            report.add(Problem(message, **where))
        for message in made.shared:  # the theme's, said once
            report.add(Problem(message, file=str(config.styles_dir)))
        report.notes += [n for n in made.notes if n not in report.notes]
        report.outputs.append(Output("one-pager", target, made.pages, slug))

    if merged is not None:
        target = out_dir / _brochure_name(loaded.selection.name, tender)
        try:
            if options.html and merged.html is not None:
                outputs.write_atomic(target.with_suffix(".html"), merged.html.encode("utf-8"), inside=out_dir)
            _write(target, merged.data, out_dir)
        except BrochureError as exc:
            report.add(Problem(exc.message, level="error", file=str(target)))
        else:
            paths = {i.case.slug: str(i.case.path) for _g, i in prepared}
            for message in merged.messages:
                for slug in merged.owners.get(message) or [None]:
                    report.add(Problem(message, case=slug, file=paths.get(slug, str(target))))
            report.notes += [n for n in merged.notes if n not in report.notes]
            report.outputs.append(Output("brochure", target, merged.pages, None))
    return report


def _brochure_name(selection: str, tender: Tender | None) -> str:
    return tender.file if tender and tender.file else f"{selection}.pdf"


def image_cache_folder(fallback: Path) -> Path:
    """Where downsampled copies of large images live: the user's cache folder, else ``fallback/images``."""
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    folder = Path(base) / "brochure" / "images"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return fallback / "images"


def _one_pager_path(out_dir: Path, slug: str) -> Path:
    return out_dir / "one-pagers" / f"{slug}.pdf"


def _write(target: Path, data: bytes, out_dir: Path) -> None:
    outputs.check_inside(target, out_dir)
    if not outputs.same_content(target, data):
        outputs.write_atomic(target, data, inside=out_dir)


def _made_fields(info: dict[str, Any]) -> dict[str, Any]:
    return {"pages": info.get("pages", 0), "messages": info.get("messages", []),
            "notes": info.get("notes", []), "cut": info.get("cut"), "owners": info.get("owners", {}),
            "shared": info.get("shared", [])}


# --- cache keys -----------------------------------------------------------------------------


def _settings(ctx: Context) -> dict[str, Any]:
    config = ctx.config
    return {
        "versions": [__version__, importlib.metadata.version("weasyprint")],
        "report": 2,  # what a cached PDF's report holds (messages tied to case studies since 2)
        "theme": cache_store.folder_fingerprint(*config.templates_dirs, config.styles_dir),
        "company": {k: v for k, v in ctx.company.items() if k != "fonts"},
        "logo": cache_store.fingerprint(config.company_logo) if config.company_logo else None,
        "fonts": [(f.family, f.weight, f.style, cache_store.fingerprint(f.path)) for f in ctx.company["fonts"]],
        "paper": ctx.paper,
        "render": ctx.render_options,
        "language": ctx.lang,
        "labels": ctx.labels,
        "scales": SCALES,
        "print": [ctx.variant, ctx.bleed, ctx.marks],
    }


def _one_pager_key(item: Prepared, settings: dict[str, Any]) -> str:
    view = {k: v for k, v in item.view.items() if not k.startswith("_")}
    blocks = [(b.html, b.kind, b.parts, b.open, b.close) for b in item.blocks]
    assets = sorted((path, cache_store.fingerprint(path)) for path in item.used)
    return cache_store.key("one-pager", view, blocks, assets, settings)


def _brochure_key(ctx: Context, prepared: list[tuple[Group, Prepared]], keys: dict[str, str],
                  settings: dict[str, Any], extras: dict[str, Any]) -> str:
    groups = [(_group_view(ctx, g), keys[i.case.slug]) for g, i in prepared]
    files = [cache_store.fingerprint(Path(a["file"])) for a in extras["annexes"]]
    if extras["tender"] and extras["tender"].buyer_logo:
        files.append(cache_store.fingerprint(extras["tender"].buyer_logo))
    return cache_store.key("brochure", groups, build_date(prepared, extras["tender"]).isoformat(), settings,
                           repr(extras["tender"]), extras["summary"], extras["annexes"], files)


# --- running the work, in this process or a pool ---------------------------------------------


def _workers(jobs: int | None) -> int:
    return max(1, jobs if jobs else (os.cpu_count() or 1))


BATCH = 12  # case studies laid out in one document, at most
MIN_BATCHES = 4  # a small selection is still split, so that two or more workers share it


def _chunks(items: list[Prepared]) -> list[list[Prepared]]:
    """Batches whose size depends on the number of case studies only, never on the machine's
    number of cores: which case studies share a document is then the same everywhere."""
    size = min(BATCH, max(1, -(-len(items) // MIN_BATCHES)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _do(ctx: Context, kind: str, payload: Any) -> Any:
    if kind == "brochure":
        try:
            return brochure(ctx, *payload)
        except BrochureError as exc:
            return exc
    return one_pagers(ctx, payload)


# --- one-pagers ------------------------------------------------------------------------------


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
            "description": view["long_title"] or view["title"], "keywords": list(item.case.projects),
            "lang": ctx.lang, **_dates(build_date([(None, item)], None))}


def _dates(when: datetime) -> dict[str, str]:
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"created": stamp, "modified": stamp}


def _concerned(message: str, items: list[Prepared]) -> list[Prepared]:
    """The case studies a WeasyPrint message is about: those whose HTML holds a URL it names, or
    whose ids (``<slug>/…``) it names; for characters no font has, the one case study holding them."""
    if message.startswith(MISSING_GLYPHS):
        chars = message[len(MISSING_GLYPHS):].split(" (", 1)[0].split()
        holders = [i for i in items if all(c in _text(i) for c in chars)]
        return holders if len(holders) == 1 else []
    return [i for i in items if any(_names(message, url) for url in i.urls) or _names(message, i.case.slug + "/")]


def _names(message: str, word: str) -> bool:
    """Whether ``message`` holds ``word`` as a whole (not as part of a longer URL or name)."""
    return bool(word) and re.search(rf"(?<![\w.~+@%/-]){re.escape(word)}(?![\w.~+@%-])", message) is not None


def _text(item: Prepared) -> str:
    return "".join(b.html for b in item.blocks) + " ".join(str(v) for v in item.view.values())


def _attributed(result: Any, items: list[Prepared]) -> list[tuple[str, list[str]]]:
    """Each problem of a laid-out document with the slugs of the case studies it concerns (none:
    the document's own, e.g. its theme's). A refused resource belongs to the case studies whose
    HTML holds its URL, never to the others laid out beside them."""
    out = [(message, [i.case.slug for i in items if url in i.urls]) for url, message in result.refused]
    out += [(message, [i.case.slug for i in _concerned(message, items)]) for message in result.messages]
    return out
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


def _fitting_scale(height: float) -> int | None:
    """The index of the largest type scale predicted to fit a case study ``height`` pages tall
    at full size; None if even the smallest will not."""
    for index, scale in enumerate(SCALES[1:], 1):
        if height * scale ** SHRINK_POWER <= FIT:
            return index
    return len(SCALES) - 1 if height * SCALES[-1] ** 1.5 <= 1.0 else None  # may fit: try


def _single(ctx: Context, item: Prepared, rendered: Any, page: int, batch: list[Prepared], cut: str | None = None) -> Made:
    from .. import pdf

    result = pdf.write(rendered, pages=[page], metadata=_metadata(ctx, item))
    attributed = _attributed(result, batch)
    # what no case study of the batch holds is the theme's: said once, for the build
    shared = [m for m, owners in attributed if not owners and not m.startswith(MISSING_GLYPHS)]
    # characters no font has: found while drawing this one page
    mine = [m for m, owners in attributed if item.case.slug in owners or m.startswith(MISSING_GLYPHS)]
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
            target = _fitting_scale(height) if index == 0 else index + 1
            if target is not None and target < len(SCALES):
                steps.setdefault(target, []).append(item)
                continue
            to_cut.append(item)
            ratio = SCALES[-1] / scale
            at_floor[item.case.slug] = (height * ratio ** SHRINK_POWER, top * ratio)
    if to_cut:
        made.update(_cut_to_fit(ctx, to_cut, at_floor))
    return made


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
            height, top = at_floor.get(item.case.slug, (2.0, 0.2))
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


def one_pager(ctx: Context, item: Prepared) -> tuple[Any, str | None]:
    """One one-pager on its own: (result with ``data`` and ``pages``, cut note or None)."""
    made = one_pagers(ctx, [item])[item.case.slug]
    if isinstance(made, BrochureError):
        raise made
    return made, made.cut


# --- the brochure ---------------------------------------------------------------------------


def _group_view(ctx: Context, group: Group) -> dict[str, str]:
    if group.term:
        return {"title": group.term.title, "color": group.term.color}
    return {"title": ctx.labels["other"], "color": ctx.config.default_color}


def _extras(ctx: Context, options: BuildOptions, prepared: list[tuple[Group, Prepared]],
            report: Report) -> dict[str, Any]:
    """What the brochure has besides its case studies: the tender, the summary, the annexes."""
    from .. import annexes as annex_stage  # pypdf, not WeasyPrint

    tender = options.tender
    found = []
    for path, title in tender.annexes if tender else ():
        try:
            checked = annex_stage.check(path, ctx.config.limits.annex_pages)
        except BrochureError as exc:
            report.add(Problem(f"annex left out: {exc.message}", file=str(path), level="error"))
            continue
        # what is removed is part of the brochure's cache key: a bid cached before is not reused
        found.append({"file": str(path), "title": title, "pages": checked.pages, "removed": checked.warnings})
        for warning in checked.warnings:
            report.add(Problem(f"annex: {warning}", file=str(path)))
    if found and ctx.variant:
        report.add(Problem(f"annexes are appended as they are: the brochure may not conform to {ctx.variant} "
                           "(their fonts, colours and tags are not checked)",
                           file=str(tender.folder) if tender and tender.folder else None))
    summary = None
    if options.summary:
        labels = dict(tender.labels) if tender else {}
        columns = tender.columns if tender else COLUMNS
        field_name = tender.duration_field if tender else ""
        summary = {"title": ctx.labels["summary"],
                   "columns": [{"id": c, "label": labels.get(c) or ctx.labels[c]} for c in columns],
                   "rows": [_summary_row(ctx, g, i, columns, field_name) for g, i in prepared]}
    return {"tender": tender, "summary": summary, "annexes": found}


def _summary_row(ctx: Context, group: Group, item: Prepared, columns: tuple[str, ...], duration_field: str):
    from .. import typography

    case, view = item.case, item.view
    duration = case.param(duration_field) if duration_field else None
    values = {
        "client": view["title"],
        "mission": view["long_title"] or "",
        "duration": typography.plain(str(duration).strip(), ctx.config.language) if duration not in (None, "")
        else view.get("answer", ""),
        "year": str(case.date.year) if case.date else "",
        "project": _group_view(ctx, group)["title"],
    }
    return {"slug": case.slug, "cells": [values[c] for c in columns]}


def build_date(items: list[tuple[Any, Prepared]], tender: Tender | None) -> datetime:
    """The date of a PDF: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the newest
    date of its content (the case studies' dates, the tender's date), never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    dates = [i.case.date for _g, i in items if i.case.date is not None]
    if tender and tender.date:
        dates.append(tender.date)
    dates = [d if d.tzinfo else d.replace(tzinfo=timezone.utc) for d in dates]
    return max(dates, default=datetime(2000, 1, 1, tzinfo=timezone.utc))


def brochure(ctx: Context, items: list[tuple[dict[str, str], Prepared]], extras: dict[str, Any]) -> Made:
    from .. import annexes as annex_stage, pdf, typography

    config = ctx.config
    tender: Tender | None = extras["tender"]
    lang = ctx.lang
    groups: list[dict[str, Any]] = []
    for group, item in items:
        if not groups or groups[-1]["title"] != group["title"]:
            groups.append({**group, "cases": []})
        groups[-1]["cases"].append(item.view)
    titles = list(dict.fromkeys(g["title"] for g in groups))
    full_title = f"{ctx.labels['references']} — {', '.join(titles)}" if titles else ctx.labels["references"]
    keywords = list(dict.fromkeys(p for _g, i in items for p in i.case.projects))
    when = build_date(items, tender)
    cover = {
        "kicker": config.company_name or ctx.labels["references"],
        "title": full_title,
        "subtitle": "",
        "date": layout.month_year(when, ctx.labels["months"]),
        "color": groups[0]["color"] if groups else config.default_color,
        "buyer": "", "buyer_logo": "", "reference": "",
    }
    intro_html = ""
    if tender:
        cover.update(title=typography.plain(tender.title, lang), subtitle=ctx.labels["references"],
                     buyer=typography.plain(tender.buyer, lang), reference=tender.reference,
                     buyer_logo=tender.buyer_logo.as_uri() if tender.buyer_logo else "")
        intro_html = typography.apply(markup.sanitize(markup.render(tender.introduction, unsafe=False)), lang)
    title = f"{cover['title']} — {tender.buyer}" if tender else full_title
    meta = {
        "title": title,
        "author": config.company_name,
        "subject": " — ".join(x for x in (title, tender.reference if tender else "", config.company_name) if x),
        "keywords": ", ".join(keywords),
        "date": _dates(when)["created"],
    }
    annexes = extras["annexes"]
    html = layout.brochure(ctx.env, cover=cover, groups=groups, company=ctx.company, paper=ctx.paper,
                           styles=ctx.styles, lang=lang, meta=meta, labels=ctx.labels, intro_html=intro_html,
                           summary=extras["summary"], annexes=annexes, bleed=ctx.bleed, marks=ctx.marks)
    rendered = pdf.render(html, ctx.base_url, ctx.roots, **ctx.render_options)
    starts = [first for first, _end in pdf.spans(rendered, [f"annex-{n}" for n in range(1, len(annexes) + 1)])]
    result = pdf.write(rendered, once=True)
    data = result.data
    if annexes:
        data = annex_stage.fill(data, [(Path(a["file"]), start, a["pages"]) for a, start in zip(annexes, starts)])
    attributed = _attributed(result, [i for _g, i in items])
    return Made(data, result.pages, [m for m, _o in attributed], result.notes, html=html,
                owners={m: o for m, o in attributed if o})
