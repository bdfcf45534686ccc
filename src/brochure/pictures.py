"""Stage 3b (assets), continued: what a case study's pictures are.

Which image files a page bundle holds (what Hugo's templates may feature), and what an image
looks like: a drawing (a logo: vector, transparent, or tiny), a flat picture (few colours: a
logo on white, a diagram, a screenshot) or a photo. Only files inside the content folder are
listed (``paths.within``); an image is read only to look at a small copy of its pixels.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from pathlib import Path

from .assets import RASTER
from .models import DRAWING, FLAT, ICON, PHOTO, UNREADABLE, ImageFacts
from .paths import read_regular, version, within

# Hugo's media types whose main type is "image" (Resources.ByType "image"), by file suffix.
HUGO_IMAGES = {".jpg", ".jpeg", ".jpe", ".jif", ".jfif", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".svg",
               ".ico", ".avif", ".heic", ".heif"}
MAX_BUNDLE_ENTRIES = 5000  # files and folders of one bundle looked at, at most

__all__ = ["DRAWING", "FLAT", "ICON", "PHOTO", "UNREADABLE", "bundle_images", "image_facts", "image_look"]
TINY = 160  # pixels: an image no larger either way is an icon or a logo, never a picture
MAX_LOOKED_AT = 40_000_000  # pixels: a larger image is not decoded to be looked at (its slot decides)
# pixels: a figure this wide or tall fills its column (some 84 mm, at most 9 cm tall) at 96 pixels
# to the inch whatever it looks like; its look is not worked out for the body (it costs a decoding)
FILLS_COLUMN = 320


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
    return _raster(path)[0]


def image_facts(path: Path) -> ImageFacts | None:
    """What the image file ``path`` is (:func:`image_look`, its size, whether it is an SVG), or None
    when it cannot be read as an image. The look of a raster ``FILLS_COLUMN`` pixels wide or tall
    is not worked out (""): it is drawn across its column whatever it is. Worked out once per
    version of the file and process."""
    try:
        known = version(path.stat())
    except (OSError, ValueError):
        return None
    work = _facts if known else _facts.__wrapped__
    return work(path, known)


@functools.lru_cache(maxsize=1024)
def _facts(path: Path, _version: tuple | None) -> ImageFacts | None:
    if path.suffix.lower() in (".svg", ".svgz"):
        from .svg import MAX_SVG_BYTES, svg_tree

        try:
            _tree, width, height = svg_tree(read_regular(path, MAX_SVG_BYTES))
        except Exception:  # not an SVG, a bomb, unreadable: the resolver says why when it draws it
            return None
        return ImageFacts(DRAWING, round(width), round(height), vector=True)
    look, width, height = _raster(path, FILLS_COLUMN)
    return None if look in (None, UNREADABLE) and not width else ImageFacts(look or "", width, height)


def _raster(path: Path, looked_below: int | None = None) -> tuple[str | None, int, int]:
    """(look, width, height) of a raster image; (UNREADABLE or None, 0, 0) when Pillow cannot read it;
    the look None without decoding it for an image ``looked_below`` pixels wide or tall."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                width, height = image.size
                if max(width, height) <= TINY:
                    return ICON, width, height
                if width * height > MAX_LOOKED_AT or (looked_below and max(width, height) >= looked_below):
                    return None, width, height
                image.draft("RGB", (256, 256))  # a JPEG is decoded at a fraction of its size
                small = image.convert("RGBA").resize((96, 96), Image.Resampling.NEAREST)
    except Exception:  # Pillow raises many kinds for a damaged or unknown file
        return (UNREADABLE if path.suffix.lower() in RASTER else None), 0, 0
    data = small.tobytes()
    return _look([tuple(data[i:i + 4]) for i in range(0, len(data), 4)]), width, height


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
