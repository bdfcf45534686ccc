"""A build with nothing changed since the last one: its report again, nothing read or laid out.

The stamp (``stamp.py``) is taken before the build reads anything: the request (the configuration
and the options), every file under the folders the build may read, brochure's own files and
the packages', the environment. A build that ends without an error keeps it, with what it
reported, the outputs it wrote (their bytes' hash, checked once written, then their size, times
and inode) and until when the same inputs still make the same PDFs: the end of the day (the
cover's date), or sooner when a case study's publishDate, expiryDate or age limit is reached
in between. The next build whose snapshot, outputs and clock all agree gives back that report.
Anything else is a full build (which takes from the content cache what did not change).

Not used with ``--no-cache``, with ``--allow-network`` (what a URL gives is not a file here),
when the cache folder is not the output folder's own, or when an input changed within seconds
of the build (a change within one tick of the file system's clock keeps a file's times).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .. import cache, selection, stamp
from ..config import Config
from ..models import CaseStudy, Output, Problem
from .options import BuildOptions

MARGIN = 86400.0  # a case study's date may carry no time zone: the stamp stops a day before it
NOTE = "nothing changed since the last build: its PDFs are up to date, and what it reported is said again"


class Stamp:
    """The stamp of one build: checked before it, kept after it."""

    def __init__(self, config: Config, options: BuildOptions, cache_folder: Path):
        self.path = cache_folder / f"stamp-{stamp.key('build', config.root, options)[:32]}.json"
        self.folder = cache_folder
        tender = options.tender
        try:  # a stamp never stops a build: without one, the build is a full one
            folders = [*config.roots, *((tender.folder,) if tender and tender.folder else ())]
            files = [p for p in (config.path, config.site.main_file if config.site else None,
                                 *((tender.buyer_logo, *(a for a, _t in tender.annexes)) if tender else ())) if p]
            # the cache folder is never an input; the output folder is, when it lies in a folder read
            # (``--out static/pdfs``): what a build writes there then makes one more full build
            self.snapshot = stamp.snapshot([config, options], folders, files, [cache_folder])
        except Exception:
            self.snapshot = None

    def replay(self, report: Any) -> bool:
        """Fill ``report`` with the last build's if nothing changed since (else False; a damaged
        stamp is not one)."""
        try:
            return self._replay(report)
        except Exception:
            report.outputs, report.problems, report.notes = [], [], []
            return False

    def _replay(self, report: Any) -> bool:
        kept = stamp.load(self.path) if self.snapshot else None
        if not kept or kept.get("inputs") != self.snapshot.digest or not self.snapshot.settled:
            return False
        if not (kept.get("built", 0) <= self.snapshot.taken < kept.get("until", 0)):
            return False
        outputs = kept.get("outputs") or []
        if not outputs or any(stamp.file_state(path) != state for path, state in kept.get("files", [])):
            return False
        report.outputs = [Output(o["kind"], Path(o["path"]), int(o["pages"]), o["case"]) for o in outputs]
        report.problems = [Problem(str(p["message"]), p["case"], p["file"], p["level"]) for p in kept["problems"]]
        report.notes = [str(n) for n in kept.get("notes", [])] + [NOTE]
        return True

    def record(self, report: Any, read: list[CaseStudy], written: dict[Path, str], options: BuildOptions) -> None:
        """Keep the stamp if the build made every output without an error, from settled inputs."""
        stamp.forget(self.path)
        try:
            self._keep(report, read, written, options)
        except Exception:  # a stamp never fails a build: the next one is a full one
            stamp.forget(self.path)

    def _keep(self, report: Any, read: list[CaseStudy], written: dict[Path, str], options: BuildOptions) -> None:
        snapshot = self.snapshot
        if snapshot is None or not snapshot.settled or report.errors or not report.outputs:
            return
        files = []
        for path in [o.path for o in report.outputs] + [p for p in written if p.suffix == ".html"]:
            before = stamp.file_state(path)
            if written.get(path) is None or cache.fingerprint(path) != written[path] \
                    or stamp.file_state(path) != before:
                return  # written over since (another build into the same folder?): no stamp
            files.append([str(path), before])
        stamp.save(self.path, self.folder, {
            "inputs": snapshot.digest, "built": snapshot.taken, "until": deadline(snapshot.taken, read, options),
            "files": files, "outputs": [o.as_json() for o in report.outputs],
            "problems": [{"message": p.message, "case": p.case, "file": p.file, "level": p.level}
                         for p in report.problems],
            "notes": list(report.notes)})


def deadline(since: float, read: list[CaseStudy], options: BuildOptions) -> float:
    """Until when the same inputs make the same PDFs: the end of the UTC day (the cover's date),
    or sooner when a case study read is published, expires or grows too old for the selection."""
    start = datetime.fromtimestamp(since, timezone.utc)
    limit = (datetime(start.year, start.month, start.day, tzinfo=timezone.utc) + timedelta(days=1)).timestamp()
    marks: list[tuple[float | None, float]] = []  # (when, how long before it the stamp stops)
    for case in read:
        marks += [(_seconds(case.publish_date), MARGIN), (_seconds(case.expiry_date), MARGIN)]
    choice = options.choice
    if choice.max_age_years is not None and choice.reference_date is None:
        marks += _aging(start, limit, read, choice.max_age_years)
    return min([limit] + [when - early for when, early in marks if when is not None and when >= since])


def _aging(start: datetime, limit: float, read: list[CaseStudy], years: int) -> list[tuple[float | None, float]]:
    """When a case study read grows too old for the selection before ``limit``: within one day, the
    date it is compared with (``selection.age_limit``) moves with the clock, second for second."""
    first = selection.age_limit(start, years)
    last = selection.age_limit(datetime.fromtimestamp(limit, timezone.utc) - timedelta(microseconds=1), years)
    dated = [case.date.replace(tzinfo=None) for case in read if case.date is not None]
    return [(start.timestamp() + (day - first).total_seconds(), 0.0) for day in dated if first <= day <= last]


def _seconds(when: datetime | None) -> float | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()
