"""Stage 3b (assets), continued: what a case study's pictures are.

Which image files a page bundle holds (what Hugo's templates may feature), and what an image
looks like: a drawing (a logo: vector, transparent, or tiny), a flat picture (few colours: a
logo on white, a diagram, a screenshot) or a photo. Only files inside the content folder are
listed (``paths.within``); an image is read only to look at a small copy of its pixels.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from .assets import RASTER
from .paths import within

# Hugo's media types whose main type is "image" (Resources.ByType "image"), by file suffix.
HUGO_IMAGES = {".jpg", ".jpeg", ".jpe", ".jif", ".jfif", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".svg",
               ".ico", ".avif", ".heic", ".heif"}
MAX_BUNDLE_ENTRIES = 5000  # files and folders of one bundle looked at, at most

ICON, DRAWING, FLAT, PHOTO, UNREADABLE = "icon", "drawing", "flat", "photo", "unreadable"
TINY = 160  # pixels: an image no larger either way is an icon or a logo, never a picture
MAX_LOOKED_AT = 40_000_000  # pixels: a larger image is not decoded to be looked at (its slot decides)


def bundle_images(page: Path, content_dir: Path) -> list[str]:
    """The image files of the leaf bundle whose page is ``page`` (``name/index.md``): their paths
    relative to its folder, with ``/``, as Hugo names page resources. Links leading out of the
    content folder, and folders that are links, are left out; so is whatever lies past the first
    ``MAX_BUNDLE_ENTRIES`` entries."""
    folder = page.parent
    found: list[str] = []
    seen = 0
    try:
        if not within(folder, content_dir):
            return []
        for current, folders, files in os.walk(folder, followlinks=False):
            folders.sort()
            for name in sorted(files):
                seen += 1
                if seen > MAX_BUNDLE_ENTRIES:
                    return found
                path = Path(current) / name
                if Path(name).suffix.lower() in HUGO_IMAGES and path.is_file() and within(path, content_dir):
                    found.append(path.relative_to(folder).as_posix())
            seen += len(folders)
    except (OSError, ValueError):  # the file system cannot answer: no resources
        return found
    return found


def image_look(path: Path) -> str | None:
    """What ``path`` looks like: ``ICON`` (a raster no larger than ``TINY`` pixels either way),
    ``DRAWING`` (an SVG, a transparent image), ``FLAT`` (an opaque raster of few colours) or
    ``PHOTO``; ``UNREADABLE`` for a raster image Pillow (so WeasyPrint) cannot read; None when it
    cannot be told (too large to look at, or not a raster image)."""
    if path.suffix.lower() in (".svg", ".svgz"):
        return DRAWING
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                width, height = image.size
                if max(width, height) <= TINY:
                    return ICON
                if width * height > MAX_LOOKED_AT:
                    return None
                image.draft("RGB", (256, 256))  # a JPEG is decoded at a fraction of its size
                small = image.convert("RGBA").resize((96, 96), Image.Resampling.NEAREST)
    except Exception:  # Pillow raises many kinds for a damaged or unknown file
        return UNREADABLE if path.suffix.lower() in RASTER else None
    data = small.tobytes()
    return _look([tuple(data[i:i + 4]) for i in range(0, len(data), 4)])


def _look(pixels: list[tuple[int, int, int, int]]) -> str:
    """DRAWING if a twentieth or more of the pixels is see-through; FLAT if few colours (to a
    sixteenth of each channel) cover 95% of it: at most 24, or at most 48 when one covers half
    of it (a logo, a diagram, a screenshot, an object on white); else PHOTO (a dark photo has
    one colour over half of it too, but many more to cover the rest)."""
    clear = sum(1 for p in pixels if p[3] < 128)
    if clear * 20 >= len(pixels):
        return DRAWING
    colours = Counter((r >> 4, g >> 4, b >> 4) for r, g, b, _a in pixels).most_common()
    covered, needed = 0, 0
    while covered * 20 < len(pixels) * 19:
        covered += colours[needed][1]
        needed += 1
    if needed <= 24 or (colours[0][1] * 2 >= len(pixels) and needed <= 48):
        return FLAT
    return PHOTO
