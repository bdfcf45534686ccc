"""Where a file really is: the one rule every stage applies before it reads a file.

A file is read only if, once resolved (symlinks and ``..`` followed), it lies inside one of
the folders allowed for it: the content folder for case studies and term pages, the site's
folder for its configuration, a templates folder for templates, a manifest's folder for its
annexes. A link that stays inside keeps working.
"""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from .errors import printable


def user_cache(name: str) -> Path | None:
    """brochure's folder ``name`` in the user's cache folder (``$XDG_CACHE_HOME``, else
    ``~/.cache``), or None when there is neither (no home folder to expand ``~`` with)."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:
        return None
    return Path(base) / "brochure" / name


def resolved(path: Path) -> Path | None:
    """``path`` with every link and ``..`` followed, or None if that fails (a loop, a bad name)."""
    try:
        return Path(path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None


def within(path: Path, *folders: Path) -> bool:
    """Whether ``path``, resolved, lies inside one of ``folders`` (resolved too)."""
    real = resolved(path)
    if real is None:
        return False
    for folder in folders:
        root = resolved(folder)
        if root is not None and real.is_relative_to(root):
            return True
    return False


def outside_message(path: Path, what: str) -> str:
    """One line saying that ``path`` leads outside ``what``."""
    real = resolved(path)
    where = f" (it leads to {real})" if real is not None else ""
    return f"refused: the file lies outside {what}{where}; not read"


class Unreadable(Exception):
    """A file that cannot be read as an image: left out of the page, with a warning."""


def short(text: object, head: int = 60, tail: int = 20) -> str:
    """``text`` for a one-line message: control characters escaped, the middle of a long text left out."""
    text = printable(text)
    return text if len(text) <= head + tail + 1 else f"{text[:head]}…{text[len(text) - tail:]}"


def why(exc: BaseException) -> str:
    """What an OS error (or a path Python refuses) means, in a few words."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, RuntimeError):
        return "symbolic link loop"
    if isinstance(exc, ValueError):
        return "invalid file name"
    return short(exc) or type(exc).__name__


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Never opens a FIFO or a device (it would block or never end). Raises OSError or :class:`Unreadable`.
    """
    import stat

    if not stat.S_ISREG(os.stat(path).st_mode):
        raise Unreadable("not a regular file")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb", closefd=True) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a regular file")
        if info.st_size > limit:
            raise Unreadable(f"{info.st_size // 1_048_576} MiB, over the {limit // 1_048_576} MiB limit")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(f"over the {limit // 1_048_576} MiB limit")
    return data


SETTLED_NS = 3_000_000_000  # a file untouched for longer than this may be known by its size and times


def per_version(function):
    """``function(path, *more)`` worked out once per version of the file (:func:`version`) and
    ``more`` (hashable) in a process; a file changed just now, or that cannot be looked at, is
    worked out afresh each time."""
    cached = functools.lru_cache(maxsize=4096)(lambda path, _version, *more: function(path, *more))

    @functools.wraps(function)
    def once(path, *more):
        try:
            known = version(path.stat())
        except OSError:
            known = None
        return cached(path, known, *more) if known else function(path, *more)

    return once


def version(stat: os.stat_result) -> tuple[int, int, int, int] | None:
    """What tells one version of a file from another without reading it (size, times, inode),
    or None while the file was changed too recently for that: a file rewritten with as many
    bytes within one tick of the file system's clock keeps its times (git's "racy" files)."""
    changed = max(stat.st_mtime_ns, stat.st_ctime_ns)
    if time.time_ns() - changed < SETTLED_NS:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
