"""Whether anything a build may read changed since it last ran: a stamp of its inputs.

A snapshot is one hash of: the request (the configuration and the options, as data), every file
and folder under the folders a build may read (names, kinds, sizes, times and inodes: nothing is
read), a few files read on their own, brochure's own files, the Python packages' folders, the
fonts' and the system packages' records, and the environment variables that change a PDF. It is
taken before anything is read; a build that ends without an error keeps it beside what it reported
and what it wrote (see ``commands/uptodate.py``). Standard library only: checking a stamp must cost
far less than the build it saves.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .outputs import write_atomic
from .paths import SETTLED_NS

FORMAT = 1  # what a stamp holds; a stamp of another format is never trusted
LIMIT = 50_000  # files and folders looked at, at most: past that, no stamp (each build is a full one)
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "FONTCONFIG", "FC_", "PANGO", "CAIRO", "GDK", "LANG", "LC_", "TZ", "HOME",
               "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_DIRS", "XDG_DATA_DIRS")
SYSTEM_RECORDS = ("/var/lib/dpkg/status", "/var/cache/fontconfig", "$XDG_CACHE_HOME/fontconfig", "~/.fonts.conf")
# fontconfig's configuration: every file (conf.d's links followed; a file edited in place keeps its folder's times)
FONT_CONFIGURATION = ("/etc/fonts", "$XDG_CONFIG_HOME/fontconfig")
# the font folders: every folder, as fontconfig itself tells a font added (to a folder already there) from none
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "$XDG_DATA_HOME/fonts")
XDG = {"$XDG_CACHE_HOME": "~/.cache", "$XDG_CONFIG_HOME": "~/.config", "$XDG_DATA_HOME": "~/.local/share"}


class TooMany(Exception):
    """More files than a stamp looks at."""


def canonical(value: Any) -> Any:
    """``value`` as JSON-able data that is the same in every process (sets sorted, paths as text,
    dataclasses by the fields they are compared by; a callable or anything else unknown by its
    type only)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (Path, date, datetime)):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)
                                       if f.compare}]  # not compared: not what it is (a progress callback)
    if isinstance(value, dict):
        return [[canonical(k), canonical(v)] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if callable(value):
        return f"<{type(value).__name__}>"
    return repr(value)


def key(*parts: Any) -> str:
    data = json.dumps(canonical(parts), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclasses.dataclass
class Snapshot:
    digest: str
    taken: float  # time.time() when it was taken
    settled: bool  # no input changed within SETTLED_NS of it (else a change may hide in one tick of the clock)


def snapshot(request: Any, folders: list[Path], files: list[Path], skip: list[Path]) -> Snapshot | None:
    """The state of everything a build may read (None: more than ``LIMIT`` entries).

    ``folders`` are walked without following links to folders (a link's target is stat'ed);
    ``skip``: folders left out (the build cache; a site's .git), wherever they are linked from."""
    taken, newest, count = time.time(), 0, [0]
    skipped = {found for found in map(_identity, skip) if found}
    digest = hashlib.sha256(json.dumps([FORMAT, sys.version, canonical(request)], sort_keys=True).encode())
    try:
        for folder in dict.fromkeys(folders):
            newest = max(newest, _walk(Path(folder), skipped, digest, count))
        for path in [*files, *_own_files(count), *_system_paths()]:
            state = file_state(path)
            digest.update(json.dumps([str(path), state]).encode())
            newest = max(newest, state[2] if state else 0)
    except TooMany:
        return None
    digest.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith(ENVIRONMENT))).encode())
    settled = time.time_ns() - newest >= SETTLED_NS
    return Snapshot(digest.hexdigest(), taken, settled)


def file_state(path: Path | str) -> list[int] | None:
    """What tells one version of a file from another without reading it (follows links), or None."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return [stat.S_IFMT(info.st_mode), info.st_size, max(info.st_mtime_ns, info.st_ctime_ns), info.st_mtime_ns,
            info.st_ino]


def _walk(folder: Path, skip: set[tuple[int, int]], digest: Any, count: list[int]) -> int:
    """Every name under ``folder`` with its state, in order; the newest change seen."""
    top = file_state(folder)
    digest.update(json.dumps([str(folder), top]).encode())
    if not top or not stat.S_ISDIR(top[0]):  # (a folder read that is also the output folder is walked)
        return top[2] if top else 0
    newest, pending = 0, [str(folder)]
    while pending:
        where, below = pending.pop(), []
        for name, is_dir, is_link in _entries(where, digest, count):
            path = os.path.join(where, name)
            if is_dir and _identity(path) in skip:
                continue
            state = file_state(path)
            digest.update(json.dumps([os.path.relpath(path, folder), state]).encode())
            newest = max(newest, state[2] if state else 0)
            below += [path] if is_dir and not is_link else []  # a link to a folder: its target's state only
        pending += reversed(below)
    return newest


def _entries(folder: str, digest: Any, count: list[int]) -> list[tuple[str, bool, bool]]:
    """(name, a folder?, a link?) of each entry of ``folder``, by name; counted as they are listed,
    so that a folder of millions of names costs no more than ``LIMIT`` of them."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                count[0] += 1
                if count[0] > LIMIT:
                    raise TooMany
                try:
                    found.append((entry.name, entry.is_dir(), entry.is_symlink()))
                except OSError:
                    found.append((entry.name, False, False))
    except OSError as exc:
        digest.update(f"{exc.errno}".encode())
    return sorted(found)


def _identity(path: Path | str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def _own_files(count: list[int]) -> list[Path]:
    """brochure's own files (code, templates, messages), the Python that runs it and the folders
    its packages are installed in (a package installed or removed changes its folder)."""
    own = Path(__file__).parent
    found = [Path(sys.executable)]
    for where, dirs, names in os.walk(own):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [Path(where, n) for n in sorted(names) if not n.endswith((".pyc", ".pyo"))]
        count[0] += len(names)
    # the folders packages are installed in; not the others on sys.path (the current folder, the
    # tests' folder), whose every new file would otherwise count as a change
    return found + [Path(p) for p in sys.path if p and Path(p).name in ("site-packages", "dist-packages")]


def _system_paths() -> list[Path]:
    """The system's package records, fontconfig's cache, configuration files and font folders
    (at most ``LIMIT`` entries looked at: past that, no stamp)."""
    found, count = [_expanded(p) for p in SYSTEM_RECORDS], 0
    for top, every_file in [*((p, True) for p in FONT_CONFIGURATION), *((p, False) for p in FONT_FOLDERS)]:
        for where, dirs, names in os.walk(_expanded(top)):
            dirs.sort()
            count += len(dirs) + len(names)
            if count > LIMIT:
                raise TooMany
            found += [Path(where)] + ([Path(where, n) for n in sorted(names)] if every_file else [])
    return found


def installed_fonts() -> str:
    """One hash of the fonts fontconfig finds: its configuration files and every font folder's
    state (a font added, removed or replaced there changes it), not its cache; "" past ``LIMIT``."""
    try:
        found = _system_paths()[len(SYSTEM_RECORDS):]
    except (TooMany, RuntimeError, OSError):  # (RuntimeError: no home folder to expand ~ with)
        return ""
    return key([[str(path), file_state(path)] for path in found])


def _expanded(path: str) -> Path:
    """``path`` with the home folder and the XDG folders (``$XDG_DATA_HOME``…) it names."""
    head, _, rest = path.partition("/")
    if head not in XDG:
        return Path(path).expanduser()
    return Path(os.environ.get(head[1:]) or XDG[head], rest).expanduser()


def load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def save(path: Path, folder: Path, data: dict[str, Any]) -> None:
    """Keep a stamp (never fails: without it, the next build is a full one)."""
    try:
        write_atomic(path, json.dumps({**data, "format": FORMAT}).encode("ascii"), sync=False, inside=folder)
    except Exception:
        pass


def forget(path: Path) -> None:
    try:
        Path(path).unlink(missing_ok=True)
    except OSError:
        pass
