"""Stage 6: write output files atomically.

A PDF is written to a temporary file in its target folder, flushed and
synced, then renamed over the final name: a build killed at any moment
never leaves a truncated PDF under a final name, and the previous file
stays whole until the new one is complete.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError
from .paths import within

_UMASK = os.umask(0)
os.umask(_UMASK)


def check_inside(path: Path, folder: Path) -> Path:
    """``path`` if it lies inside ``folder`` once both are resolved (symlinks, ``..``), else ``OutputError``.

    Every file a build writes goes through this: no name, however it was made, reaches
    outside the output folder.
    """
    path, folder = Path(path), Path(folder)
    try:
        real_folder = folder.resolve()
        real = path.parent.resolve() / path.name
    except (OSError, RuntimeError, ValueError) as exc:
        raise OutputError(f"cannot write: {exc}", path) from None
    if path.name in ("", ".", "..") or not real.is_relative_to(real_folder) or real == real_folder:
        raise OutputError(f"refused: the file would be written outside the output folder {folder}", path)
    return path


def own_folder(folder: Path, out_dir: Path) -> bool:
    """Whether ``folder`` is the output folder's own: missing (it will be made there), or lying inside
    ``out_dir`` once resolved. A folder that is a link leading elsewhere is not: nothing is written
    or cleaned in it."""
    return not os.path.lexists(folder) or within(folder, out_dir)


def write_atomic(path: Path, data: bytes, sync: bool = True, inside: Path | None = None,
                 mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename; ``sync`` flushes to disk first.

    ``inside``: the output folder; the file must lie in it (checked after the folders exist).
    ``mode``: the file's permissions (default: what the umask leaves of rw for all).
    """
    path = Path(path)
    try:
        if inside is not None:
            check_inside(path, inside)
        path.parent.mkdir(parents=True, exist_ok=True)
        if inside is not None:  # a folder created on the way may be a link that leads out
            check_inside(path, inside)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK if mode is None else mode)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"cannot write: {exc.strerror}", path) from None
    if sync:
        _sync_folder(path.parent)
    return path


def same_content(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds exactly ``data`` (then there is nothing to write)."""
    try:
        info = path.lstat()  # a link is never "the same": it is replaced, not followed
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


STALE_AFTER = 3600  # seconds: a temporary file this old belongs to a build that was killed


def clean_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files left by killed builds (never a final PDF, never a fresh temp file)."""
    import time

    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(Path(folder).glob(".*.tmp"))
    except OSError:
        return removed
    for path in candidates:
        try:
            if path.is_file() and now - path.stat().st_mtime > STALE_AFTER:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed
