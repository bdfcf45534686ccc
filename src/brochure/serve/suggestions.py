"""The desk's suggestions: a consultation's document uploaded on a bid's panel, ranked against the
library by ``brochure suggest``'s own code (``commands.suggest``: ``tender_text``'s bounded readers,
then ``ranking.rank``). The upload is written to a temporary file in the desk's work folder, named
by the desk (only the uploaded name's suffix is kept), and deleted once read."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..commands.common import Choice
from ..commands.suggest import SuggestReport, suggest
from ..errors import BrochureError, DocumentError
from ..tender_text import SUFFIXES, Limits

UPLOADS = "uploads"
TOP = 10


def rank_upload(config, work: Path, data: bytes, filename: str) -> tuple[SuggestReport | None, str]:
    """``(report, "")``, or ``(None, one line)`` when the document cannot be read or ranked."""
    suffix = Path(filename.replace("\\", "/")).suffix.lower()
    if suffix not in SUFFIXES:
        return None, f"unsupported file type {suffix or '(no extension)'}: give a PDF, DOCX, ODT, TXT or MD file"
    folder = work / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=suffix, prefix="consultation-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return suggest(config, Choice(), [Path(name)], top=TOP, limits=Limits()), ""
    except DocumentError as exc:
        earlier = getattr(exc, "earlier", ())
        return None, f"the uploaded {suffix} file: {earlier[0].message if earlier else exc.message}"
    except BrochureError as exc:
        return None, exc.message
    finally:
        Path(name).unlink(missing_ok=True)
