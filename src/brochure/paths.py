"""Where a file really is: the one rule every stage applies before it reads a file.

A file is read only if, once resolved (symlinks and ``..`` followed), it lies inside one of
the folders allowed for it: the content folder for case studies and term pages, the site's
folder for its configuration, a templates folder for templates, a manifest's folder for its
annexes. A link that stays inside keeps working. Imports nothing of brochure's.
"""

from __future__ import annotations

from pathlib import Path


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
