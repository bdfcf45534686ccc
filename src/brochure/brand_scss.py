"""A site's SCSS compiled as Hugo compiles it, with libsass when it is installed (the optional
extra ``scss``), for ``brand.py``: in a child process with a time and memory budget (a theme's
``@while`` may never end), every ``@import`` read by brochure inside the site's folder only.
"""

from __future__ import annotations

from pathlib import Path

from . import bounded
from .brand_css import scss_partials
from .paths import read_regular, within

SECONDS = 20  # the whole site's SCSS
MEMORY = 1024 * 1024 * 1024  # bytes the child may use
MAX_IMPORTS = 500
MAX_FILE = 4 * 1024 * 1024


def available() -> bool:
    try:
        import sass  # noqa: F401  (libsass, optional)
    except ImportError:
        return False
    return True


def compile_all(entries: dict[Path, str], folders: list[Path], root: Path) -> dict[Path, str | None]:
    """Each entry's CSS (None when it does not compile: an import from node_modules…); {} without
    libsass or when the budget runs out. ``folders``: where an import is also looked for."""
    if not entries or not available():
        return {}
    found, _ = bounded.run(_compile_each, (entries, folders, root), SECONDS, MEMORY)
    return found or {}


def _compile_each(entries: dict[Path, str], folders: list[Path], root: Path) -> dict[Path, str | None]:
    return {path: _compile(path, text, folders, root) for path, text in entries.items()}


def _compile(path: Path, text: str, folders: list[Path], root: Path) -> str | None:
    import sass

    count = [0]

    def importer(name: str, previous: str):
        count[0] += 1
        base = Path(previous).parent if previous and previous != "stdin" else path.parent
        for folder in (base, path.parent, *folders):
            for candidate in scss_partials(folder, name):
                if count[0] < MAX_IMPORTS and candidate.is_file() and within(candidate, root):
                    try:
                        return ((str(candidate.resolve()), read_regular(candidate, MAX_FILE).decode("utf-8", "replace")),)
                    except Exception:  # unreadable: imports nothing
                        break
        return ((name, ""),)  # not inside the site: imports nothing

    try:
        return sass.compile(string=text, importers=((0, importer),), indented=path.suffix == ".sass",
                            output_style="expanded")
    except Exception:  # sass.CompileError, a bad file
        return None
