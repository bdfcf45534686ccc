"""Watching the content: an edit on disk (by a web editor, a ``git pull`` in the Hugo content
repository) reads the cards again and rebuilds the one-pagers and the open previews; the pages
learn it by server-sent events (``Desk.notify``). A thread running ``watchfiles.watch``."""

from __future__ import annotations

import threading
from pathlib import Path

from .desk import Desk

DEBOUNCE_MS = 600


def folders(desk: Desk) -> list[Path]:
    """What is watched: the content and static folders (never the output folder, never the
    tenders folder the desk writes itself)."""
    config = desk.config
    found = [config.content_dir, *(m.folder for m in config.mounts), *config.static_dirs]
    return [p for p in dict.fromkeys(Path(f).resolve() for f in found) if p.is_dir()]


def start(desk: Desk) -> threading.Event:
    """Start watching; set the returned event to stop."""
    stop = threading.Event()
    threading.Thread(target=_watch, args=(desk, stop), daemon=True, name="brochure-watch").start()
    return stop


def _watch(desk: Desk, stop: threading.Event) -> None:
    from watchfiles import watch

    out = desk.out.resolve()
    ignored = lambda _change, path: not Path(path).resolve().is_relative_to(out)  # noqa: E731
    watched = folders(desk)
    if not watched:
        return
    for _changes in watch(*watched, stop_event=stop, debounce=DEBOUNCE_MS, watch_filter=ignored,
                          raise_interrupt=False):
        desk.changed()
