"""A content-addressed cache of finished PDFs, on disk.

A key is the SHA-256 of everything an output depends on (the caller lists
it: sources, the fingerprints of the files they use, theme, settings,
versions). An entry is the PDF and a small JSON file with what the build
reported while making it, so that a cached build reports the same things.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from . import paths
from .outputs import write_atomic

KEEP_DAYS = 30


def key(*parts: Any) -> str:
    """A stable key for JSON-able ``parts``."""
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


_FINGERPRINTS: dict[tuple[str, int, int], str] = {}


def fingerprint(path: Path | str) -> str:
    """A file's identity for cache keys: its bytes' hash (remembered by path, size, times and
    inode once the file has settled: see :func:`paths.version`)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    known = paths.version(stat)
    marker = (str(path), *known) if known else None
    found = _FINGERPRINTS.get(marker) if marker else None
    if found is None:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        found = digest.hexdigest()
        if marker:
            _FINGERPRINTS[marker] = found
    return found


def folder_fingerprint(*folders: Path) -> str:
    """One hash for every file under ``folders`` (names and contents)."""
    parts = []
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            parts.append((str(path.relative_to(folder)), fingerprint(path)))
    return key(parts)


class Cache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def get(self, name: str) -> tuple[bytes, dict[str, Any]] | None:
        pdf, meta = self.folder / f"{name}.pdf", self.folder / f"{name}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            data = pdf.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(info, dict) or hashlib.sha256(data).hexdigest() != info.get("sha256"):
            return None  # damaged: rebuild
        now = time.time()
        try:
            os.utime(meta, (now, now))
        except OSError:
            pass
        return data, info

    def put(self, name: str, data: bytes, info: dict[str, Any]) -> None:
        try:
            write_atomic(self.folder / f"{name}.pdf", data, sync=False, inside=self.folder)
            write_atomic(self.folder / f"{name}.json",
                         json.dumps({**info, "sha256": hashlib.sha256(data).hexdigest()}, ensure_ascii=False).encode(),
                         sync=False, inside=self.folder)
        except Exception:  # a cache that cannot be written only makes the next build slower
            pass

    def prune(self, days: int = KEEP_DAYS) -> None:
        """Forget entries not used for ``days`` days."""
        limit = time.time() - days * 86400
        try:
            metas = list(self.folder.glob("*.json"))
        except OSError:
            return
        for meta in metas:
            try:
                if meta.stat().st_mtime < limit:
                    meta.unlink()
                    (meta.with_suffix(".pdf")).unlink(missing_ok=True)
            except OSError:
                continue
