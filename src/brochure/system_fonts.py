"""The font families installed on this machine, as fontconfig lists them (``fc-list``): a brand's
typeface the site only loads from Google Fonts (reported, never fetched) is used when a family of
that name is installed (Debian's fonts-open-sans, fonts-quicksand, fonts-lato…), since WeasyPrint
finds installed fonts through fontconfig, which reads the system's font folders, never the content.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

SECONDS = 20  # fc-list's budget (it builds its cache on a first run)


@lru_cache(maxsize=1)
def families() -> frozenset[str]:
    """Every installed family's names, lower-cased (a face of "Open Sans,Open Sans Light" gives both);
    empty without fontconfig or when it fails."""
    command = shutil.which("fc-list")
    if command is None:
        return frozenset()
    try:
        done = subprocess.run([command, ":", "family"], capture_output=True, timeout=SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    text = done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""
    return frozenset(name.strip().lower() for line in text.splitlines() for name in line.split(",") if name.strip())


def installed(family: str) -> bool:
    """Whether a family named ``family`` (case aside) is installed on this machine."""
    return bool(family.strip()) and family.strip().lower() in families()
