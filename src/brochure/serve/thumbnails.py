"""PDF pages as PNG images for the desk (thumbnails, the preview), drawn with pypdfium2."""

from __future__ import annotations

from pathlib import Path

MAX_PAGES = 80  # a preview shows at most this many pages


def render(pdf: Path, folder: Path, width: int, pages: int = MAX_PAGES) -> list[Path]:
    """The first ``pages`` pages of ``pdf`` as ``folder/<n>.png`` (1-based), ``width`` pixels wide."""
    import pypdfium2

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    made = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for index in range(min(len(document), pages)):
            page = document[index]
            scale = width / page.get_width()
            image = page.render(scale=scale).to_pil()
            target = folder / f"{index + 1}.png"
            image.save(target, "PNG", optimize=True)
            made.append(target)
            page.close()
    finally:
        document.close()
    return made


def thumbnail(pdf: Path, target: Path, width: int = 360) -> None:
    """The first page of ``pdf`` as the PNG ``target``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0]
        target.parent.mkdir(parents=True, exist_ok=True)
        page.render(scale=width / page.get_width()).to_pil().save(target, "PNG", optimize=True)
        page.close()
    finally:
        document.close()
