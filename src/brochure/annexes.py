"""Stage 6b: existing PDFs appended to the brochure (certificates, attestations), with pypdf.

The brochure is laid out with one blank page for each page of each annex, so that its
table of contents, links and bookmarks already point at the right pages; the annexes'
pages are then drawn on those blank pages, scaled to fit if their size differs.
"""

from __future__ import annotations

import io
from pathlib import Path

from .errors import ContentError

MAX_ANNEX_BYTES = 50 * 1024 * 1024


def _reader(path: Path):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        if path.stat().st_size > MAX_ANNEX_BYTES:
            raise ContentError(f"annex is larger than {MAX_ANNEX_BYTES // (1024 * 1024)} MiB", path)
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise ContentError("annex is encrypted: give an unprotected copy", path)
        if not reader.pages:
            raise ContentError("annex has no page", path)
        return reader
    except ContentError:
        raise
    except (OSError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise ContentError(f"annex is not a readable PDF: {exc}", path) from None


def page_count(path: Path) -> int:
    """How many pages the annex has. Raises ``ContentError`` for a PDF that cannot be used."""
    return len(_reader(path).pages)


def fill(data: bytes, annexes: list[tuple[Path, int]]) -> bytes:
    """Draw each annex's pages on the blank pages starting at the given page index of ``data``."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for path, start in annexes:
        for offset, page in enumerate(_reader(path).pages):
            target = writer.pages[start + offset]
            box, source = target.trimbox, page.cropbox
            width, height = float(source.width), float(source.height)
            scale = min(float(box.width) / width, float(box.height) / height)
            place = (Transformation()
                     .translate(-float(source.left), -float(source.bottom))
                     .scale(scale)
                     .translate(float(box.left) + (float(box.width) - width * scale) / 2,
                                float(box.bottom) + (float(box.height) - height * scale) / 2))
            target.merge_transformed_page(page, place)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
