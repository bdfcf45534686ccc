"""The desk's state: where it reads and writes, the library's cards, the builds, and the events
pushed to the open pages (server-sent events).

It writes only in the tenders folder (``<root>/tenders``: the bids and their uploaded annexes)
and in the output folder the configuration names (the bids' files, the cache, and ``.desk/``:
the thumbnails, the previews, and an uploaded
consultation's document while it is read: ``suggestions``)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from ..commands.build import CACHE_FOLDER
from ..commands.common import Choice, load
from ..commands.tender import request
from ..config import from_command_line
from ..errors import BrochureError
from . import bids, library
from .jobs import Job, Jobs

TENDERS = "tenders"
WORK = ".desk"


class Desk:
    def __init__(self, configuration: dict[str, Any]):
        self.configuration = {k: str(v) if isinstance(v, Path) else v for k, v in configuration.items()}
        self.config = from_command_line(**configuration)
        self.tenders = Path(self.config.root) / TENDERS
        self.out = Path(self.config.out_dir)
        self.work = self.out / WORK
        self.cache = self.out / CACHE_FOLDER
        self.cards: list[library.Card] = []
        self.problems: list[str] = []
        self.checked: dict[str, list[dict[str, str]]] = {}  # slug -> what check and the build said
        self.jobs = Jobs(self.finished)
        self.listeners: set[asyncio.Queue] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.lock = threading.Lock()
        self.version = 0  # how many times the library's one-pagers were built (the thumbnails' version)
        self.read()

    # --- the library ---------------------------------------------------------------------

    def read(self) -> None:
        """The cards again (after a change on disk): the configuration too, it may have changed."""
        with self.lock:
            try:
                self.config = from_command_line(**self.configuration)
                self.cards, self.problems = library.cards(self.config)
            except BrochureError as exc:
                self.cards, self.problems = [], [str(exc)]

    def card(self, slug: str) -> library.Card | None:
        return next((c for c in self.cards if c.slug == slug), None)

    def refresh_library(self) -> Job:
        return self.jobs.start("library", {"kind": "library", "configuration": self.configuration,
                                           "work": str(self.work), "cache": str(self.cache)})

    def badge(self, slug: str) -> dict[str, Any]:
        said = self.checked.get(slug, [])
        count = {level: sum(1 for p in said if p["level"] == level) for level in ("error", "warning", "summary")}
        return {**count, "messages": [p["message"] for p in said], "known": bool(self.version),
                "gaps": [p["message"] for p in said if p["level"] == "summary"]}

    # --- bids ---------------------------------------------------------------------------

    def bid(self, name: str) -> bids.Bid:
        """The bid; a manifest that selects by projects only lists what they select, as its build
        would (a change then writes them in ``selection.cases``)."""
        bid = bids.read_bid(self.tenders, name)
        if not bid.cases and bid.projects and not bid.problems:
            try:
                config, options = request(Choice(), self.configuration, {}, bid.path)
                bid.cases = [c.slug for c in load(config, options.choice).selection.order]
                bid.implicit = True
            except BrochureError as exc:
                bid.problems.append(str(exc))
        return bid

    def start_bid(self, kind: str, name: str, manifest: Path) -> Job:
        """A preview (into ``.desk/preview/<bid>/``, pages drawn) or a build (into the output folder,
        one-pagers zipped), both through the build and its cache."""
        preview = kind == "preview"
        out = self.work / "preview" / name if preview else self.out
        return self.jobs.start(f"{kind}:{name}", {
            "kind": "bid", "configuration": self.configuration, "manifest": str(manifest), "out": str(out),
            "cache": str(self.cache), "pages": str(self.pages(name)) if preview else "", "zip": not preview})

    def renew_preview(self, name: str) -> None:
        """The bid changed: its preview, if one was asked for, is made again (the open page learns
        it, and follows its progress)."""
        manifest = self.tenders / f"{name}.toml"
        if self.jobs.get(f"preview:{name}") is not None and manifest.is_file():
            self.start_bid("preview", name, manifest)
            self.notify(f"preview:{name}")

    def pages(self, name: str) -> Path:
        return self.work / "preview" / name / "pages"

    # --- events --------------------------------------------------------------------------

    def finished(self, job: Job) -> None:
        if job.key == "library" and job.state == "done":
            merged: dict[str, list[dict[str, str]]] = {}
            for part in ("check", "build"):
                for slug, said in job.result.get(part, {}).items():
                    merged.setdefault(slug, []).extend(p for p in said if p not in merged.get(slug, []))
            self.checked = merged
            self.version += 1
        self.notify(job.key.split(":")[0] if job.key == "library" else job.key)

    def changed(self) -> None:
        """Something changed on disk: cards read again, one-pagers and open previews rebuilt."""
        self.read()
        self.notify("library")
        self.refresh_library()
        for key in [k for k in self.jobs.jobs if k.startswith("preview:")]:
            self.renew_preview(key.split(":", 1)[1])

    def notify(self, event: str) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        for queue in list(self.listeners):
            loop.call_soon_threadsafe(queue.put_nowait, event)
