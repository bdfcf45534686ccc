"""``brochure build``: one-pagers and the merged brochure.

The one orchestrator: config → read → select → Markdown → layout → PDF →
outputs. Each case study is prepared on its own, so one bad case study is
reported and left out while the others are built.

A build whose inputs did not change since the last one gives back that build's report
(``uptodate.py``: checked before anything is read or imported for the layout); otherwise
``run.py`` takes from the content-addressed cache what did not change and lays out the rest.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .. import outputs
from ..config import Config
from ..models import Problem
from ..paths import user_cache
from .options import BuildOptions, Tender
from .results import Report
from .uptodate import Stamp

__all__ = ["BuildOptions", "Tender", "build", "image_cache_folder"]

CACHE_FOLDER = ".brochure-cache"


def build(config: Config, options: BuildOptions) -> Report:
    """Run the whole build. Raises ``BrochureError`` only for problems that stop everything.

    The one orchestrator: read and select, prepare each case study, take from the cache what it
    has, lay out the rest within budgets (one-pager batches and the brochure, in worker
    processes), write the outputs, and report, in the selection's order.
    """
    report = Report(strict=options.strict)
    out_dir = Path(options.out_dir or config.out_dir)
    cache_folder = options.cache_dir or out_dir / CACHE_FOLDER
    own_cache = options.cache_dir is not None or outputs.own_folder(cache_folder, out_dir)
    stamp = Stamp(config, options, cache_folder) if (
        options.cache and own_cache and not options.allow_network) else None
    if stamp and stamp.replay(report):
        return report
    from .common import load  # the reading and the layout's modules: only when something is built
    from .prepare import Context, prepare_all
    from .run import Run

    loaded = load(config, options.choice)
    tender = options.tender
    # Downsampled images are always kept (even with --no-cache), in one place per user: the PDFs
    # then name and hold the same image bytes whatever the output folder and the cache option.
    ctx = Context(config, options.paper, options.allow_network, image_cache_folder(cache_folder if own_cache else None),
                  (tender.folder,) if tender and tender.folder else (), options.pdf_variant, options.bleed, options.marks,
                  tender.language if tender else None)
    singles = one_pagers_folder(out_dir, tender)
    for folder in (out_dir, singles):
        if outputs.own_folder(folder, out_dir):  # never cleaned through a link leading out
            outputs.clean_stale(folder)
    prepared = prepare_all(ctx, loaded, report)
    if not prepared:
        return report
    if options.cache and not own_cache:
        report.add(Problem("the cache folder is a link leading outside the output folder: no cache used, "
                           "nothing written or removed there", file=str(cache_folder)))
        options = replace(options, cache=False)
    run = Run(ctx, options, report, prepared, out_dir, cache_folder if options.cache else None,
              out_dir / _brochure_name(loaded.selection.name, tender), singles)
    run.from_cache()
    run.render()
    run.report_one_pagers()
    run.write_brochure()
    if stamp:
        stamp.record(report, loaded.read, run.written, options)
    return report


def _brochure_name(selection: str, tender: Tender | None) -> str:
    return tender.file if tender and tender.file else f"{selection}.pdf"


def image_cache_folder(fallback: Path | None) -> Path | None:
    """Where downsampled copies of large images live: the user's cache folder, else ``fallback/images``
    (else none: images are embedded as they are)."""
    folder = user_cache("images")
    try:
        if folder is None:
            raise OSError("no user cache folder")
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return fallback / "images" if fallback is not None else None


def one_pagers_folder(out_dir: Path, tender: Tender | None) -> Path:
    """Where the one-pagers go: ``DIR/one-pagers/``; a bid's in a folder of its own beside its PDF,
    ``DIR/<the PDF's name>-one-pagers/``, not among other bids' (its selection is its own)."""
    if tender and tender.file:
        return out_dir / f"{Path(tender.file).stem}-one-pagers"
    return out_dir / "one-pagers"


