"""Stage 3b (assets), continued: how a client's logo is set on its project's colour.

A logo's ink (its opaque pixels, looked at on a small copy) is measured against the header
panel's colour by WCAG's contrast ratio; below 3:1 (WCAG's figure for graphics) the logo is set
on a white card, or a dark one for a light logo, unless the case study names another version of
it (``[fields] logo_variants``) that reaches 3:1 on the panel. The logo's drawn size follows its
ink's aspect ratio: its ink (transparent margins cropped) is at least ``MIN_HEIGHT`` tall, a
wordmark gets a band of its own above the titles, a square logo is no taller than
``MAX_HEIGHT``. Contrast is measured on the ink's outline, where the logo meets what is behind
it: white drawn inside a coloured disc is seen against the disc. The company's logo is cropped
to its ink (:func:`ink_only`, in memory) for the cover, the back cover and the footers. Images
are read as ``pictures`` reads them (a bounded small copy) and SVGs drawn as ``svg`` draws them
(checked first, bounded); nothing here draws the page.
"""

from __future__ import annotations

import base64
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .pictures import MAX_LOOKED_AT

GRAPHICS = 3.0  # WCAG 2.1, 1.4.11: the contrast a graphic needs against what is next to it
WHITE, DARK = "#ffffff", "#1b1b1b"  # the cards' colours
MIN_HEIGHT, MAX_HEIGHT = 10.0, 17.0  # mm: the ink's height
AREA = 300.0  # mm²: the ink's area between those heights (logos of every shape weigh alike)
ROW_WIDTH = 46.0  # mm: the widest logo kept beside the titles; a wider one gets a band of its own
MAX_WIDTH = 150.0  # mm: a wordmark's widest (one up to 15 times wider than tall is still 10 mm tall)
CARD_PADDING = 2.5  # mm around the ink on a card
SAMPLE = 256  # pixels: the long side of the copy looked at
SOLID = 192  # alpha: a pixel at least this opaque is ink
MAJOR = 0.05  # share of the ink: a colour covering less is an edge or a detail


@dataclass
class Ink:
    """What a logo's pixels say: its ink's colours (quantized, with their counts, on transparency
    or on the image's own background), where the ink lies (fractions of the image: left, top,
    right, bottom) and the image's background when it has one (an opaque image)."""

    colours: Counter
    box: tuple[float, float, float, float]
    aspect: float  # the image's own width / height
    background: tuple[int, int, int] | None = None
    edge: Counter | None = None  # the colours of the ink's outline: what meets what is behind the logo


def rgb(color: str) -> tuple[int, int, int]:
    c = color.strip().lstrip("#")
    c = "".join(ch * 2 for ch in c) if len(c) == 3 else c
    try:
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return (47, 72, 88)


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def sample(path: Path):
    """A small RGBA copy of the image at ``path`` (at most ``SAMPLE`` pixels either way), or None.
    An SVG is checked and drawn by ``svg.svg_as_image`` (bounded); a raster image larger than
    ``pictures.MAX_LOOKED_AT`` pixels is not decoded."""
    import io
    import warnings

    from PIL import Image

    try:
        if _is_svg(path):
            source = io.BytesIO(_svg_png(path, SAMPLE))
        else:
            source = path
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(source) as image:
                if image.size[0] * image.size[1] > MAX_LOOKED_AT:
                    return None
                image.draft("RGB", (SAMPLE, SAMPLE))
                small = image.convert("RGBA")
                small.thumbnail((SAMPLE, SAMPLE), Image.Resampling.BOX)
                return small
    except Exception:  # an SVG refused or not drawable, a damaged raster: not looked at
        return None


def _is_svg(path: Path) -> bool:
    return path.suffix.lower() in (".svg", ".svgz")


def _svg_png(path: Path, long_side: int) -> bytes:
    """The SVG at ``path`` drawn as a PNG by ``svg.svg_as_image`` (checked first, bounded)."""
    from .svg import svg_as_image

    drawn = svg_as_image(str(path), path.stat().st_mtime, long_side)
    return base64.b64decode(drawn.split("base64,", 1)[1].split('"', 1)[0])


@paths.per_version  # case studies share logos
def ink(path: Path) -> Ink | None:
    """The ink of the logo at ``path``, or None when it cannot be looked at. Looked at once per
    version of the file in a process."""
    image = sample(path)
    if image is None or not image.size[0] or not image.size[1]:
        return None
    width, height = image.size
    data = image.tobytes()
    pixels = [tuple(data[i:i + 4]) for i in range(0, len(data), 4)]
    background = _own_background(pixels, width, height)

    def inked(p) -> bool:
        if background is None:
            return p[3] >= SOLID
        return max(abs(p[0] - background[0]), abs(p[1] - background[1]), abs(p[2] - background[2])) > 24

    mask = [inked(p) for p in pixels]
    where = [i for i, on in enumerate(mask) if on]
    if not where:
        return None
    xs, ys = [i % width for i in where], [i // width for i in where]
    box = (min(xs) / width, min(ys) / height, (max(xs) + 1) / width, (max(ys) + 1) / height)

    def quantized(i: int) -> tuple[int, int, int]:
        return pixels[i][0] >> 4, pixels[i][1] >> 4, pixels[i][2] >> 4

    # (an opaque image's outline is smoothed into its background: all its ink is looked at)
    edge = Counter(quantized(i) for i in _outline(where, mask, width, height)) if background is None else None
    return Ink(colours=Counter(quantized(i) for i in where), box=box, aspect=width / height,
               background=background, edge=edge)


def _outline(where: list[int], mask: list[bool], width: int, height: int) -> list[int]:
    """The ink pixels (indices in ``where``) next to a pixel that is not ink, or on the image's
    border: the logo's outline against the page. Ink drawn inside other ink (white strokes in a
    coloured disc, a letter's counter filled) is seen against that ink, not against the page."""
    last = width * height - 1
    return [i for i in where if i % width in (0, width - 1) or i < width or i > last - width
            or not (mask[i - 1] and mask[i + 1] and mask[i - width] and mask[i + width])]


def _own_background(pixels: list, width: int, height: int) -> tuple[int, int, int] | None:
    """The colour of an opaque image's border when nine tenths of it is that colour (a logo on
    white, on its brand colour): the image is then its own card. None for a transparent image."""
    border = pixels[:width] + pixels[-width:] + [pixels[y * width] for y in range(height)] + [
        pixels[y * width + width - 1] for y in range(height)]
    if any(p[3] < 250 for p in border):
        return None
    common, count = Counter((p[0] >> 3, p[1] >> 3, p[2] >> 3) for p in border).most_common(1)[0]
    if count * 10 < len(border) * 9:
        return None
    return tuple(v * 8 + 4 for v in common)


def ink_contrast(found: Ink, behind: tuple[int, int, int]) -> float:
    """The lowest contrast between ``behind`` and a colour covering ``MAJOR`` or more of the ink's
    outline (:func:`_outline`; all its ink when the outline is not known)."""
    colours = found.edge or found.colours
    total = sum(colours.values())
    major = [c for c, n in colours.items() if n >= total * MAJOR] or [colours.most_common(1)[0][0]]
    return min(contrast(tuple(v * 16 + 8 for v in c), behind) for c in major)


def choose(candidates: list[tuple[str, Ink | None]], panel: str) -> tuple[str, Ink | None, str, float]:
    """(url, ink, card, contrast): the first candidate whose ink reaches 3:1 on the panel, with no
    card; else the first on a white card (``light``) reaching 3:1, else the first on a dark card;
    else the candidate and card with the highest contrast. An opaque image is its own card; one
    that cannot be looked at gets a white card."""
    behind = rgb(panel)
    looked = [(url, found) for url, found in candidates if found is not None]
    if not looked:
        return candidates[0][0], None, "light", 0.0
    for url, found in looked:
        if found.background is not None:
            return url, found, "", ink_contrast(found, found.background)
        on_panel = ink_contrast(found, behind)
        if on_panel >= GRAPHICS:
            return url, found, "", on_panel
    options = [(ink_contrast(found, rgb(colour)), url, found, card)
               for card, colour in (("light", WHITE), ("dark", DARK)) for url, found in looked]
    measured, url, found, card = next((o for o in options if o[0] >= GRAPHICS), None) or max(
        options, key=lambda o: o[0])
    return url, found, card, measured


def placement(found: Ink | None, card: str, measured: float) -> dict:
    """The view's ``logo_box``: the ink's drawn ``width`` and ``height`` (mm), the whole image's
    ``image_width`` and its offset ``left``, ``top`` (mm, negative: the margins cropped), ``card``
    ("", ``light``, ``dark``), ``padding`` (mm), ``wide`` (a band of its own) and ``contrast``."""
    left, top, right, bottom = found.box if found else (0.0, 0.0, 1.0, 1.0)
    if found is not None and found.background is not None:  # keep some of its own background round it
        margin = (bottom - top) * 0.15
        left, top = max(0.0, left - margin / found.aspect), max(0.0, top - margin)
        right, bottom = min(1.0, right + margin / found.aspect), min(1.0, bottom + margin)
    aspect = (found.aspect if found else 1.0) * (right - left) / max(bottom - top, 1e-6)
    height = min(MAX_HEIGHT, max(MIN_HEIGHT, math.sqrt(AREA / aspect)))
    width = height * aspect
    if width > MAX_WIDTH:
        width, height = MAX_WIDTH, MAX_WIDTH / aspect
    image_width = width / max(right - left, 1e-6)
    return {
        "width": round(width, 2), "height": round(height, 2), "image_width": round(image_width, 2),
        "left": round(-left * image_width, 2), "top": round(-top * image_width / (found.aspect if found else 1.0), 2),
        "card": card, "padding": CARD_PADDING if card else 0.0, "wide": width > ROW_WIDTH,
        "contrast": round(measured, 2),
    }


CROPPED = 1600  # pixels: the long side of a logo cropped to its ink, drawn as an image
WORTH_CROPPING = 0.97  # the ink's share of the image's width or height under which its margins are cropped


def ink_only(path: Path, found: Ink, svg_images: bool = True) -> tuple[str, float] | None:
    """(a ``data:`` URL, its width / height): the logo at ``path`` cropped to its ink, so that a
    mark drawn in the middle of a large canvas gets the height meant for the logo. An SVG drawn
    as vectors (``svg_images`` false) keeps its vectors under a viewBox set to the ink's bounds; a
    raster image, or an SVG drawn as an image, is cropped to its ink at ``CROPPED`` pixels at most.
    None when the margins are thin, the image has a background of its own (its own card) or it
    cannot be read. The site's file is only read: nothing is written anywhere."""
    if found.background is not None:
        return None
    width, height = SAMPLE * min(1.0, found.aspect), SAMPLE * min(1.0, 1 / found.aspect)
    left, top, right, bottom = found.box  # one pixel of the small copy more each side: its edges' smoothing
    left, top = max(0.0, left - 1 / width), max(0.0, top - 1 / height)
    right, bottom = min(1.0, right + 1 / width), min(1.0, bottom + 1 / height)
    if min(right - left, bottom - top) >= WORTH_CROPPING:
        return None
    box = (left, top, right, bottom)
    try:
        if _is_svg(path) and not svg_images:
            return _svg_cropped(path, box), found.aspect * (right - left) / (bottom - top)
        return _raster_cropped(path, box)
    except Exception:  # a file that cannot be read again: drawn as it is
        return None


@paths.per_version  # the same logo on every page, and in every build of a process (the desk's, the tests')
def _raster_cropped(path: Path, box: tuple[float, float, float, float]) -> tuple[str, float]:
    import io

    from PIL import Image

    if _is_svg(path):
        long_side = int(min(4 * CROPPED, CROPPED / max(box[2] - box[0], box[3] - box[1])))
        source = io.BytesIO(_svg_png(path, long_side))
    else:
        source = path
    with Image.open(source) as image:
        if image.size[0] * image.size[1] > MAX_LOOKED_AT:
            raise ValueError("too large to look at")
        width, height = image.size
        picture = image.convert("RGBA")
    # the small copy's box and the ink of this drawing (text drawn at another size is not exactly
    # as wide), one pixel more each side
    drawn = picture.getchannel("A").getbbox() or (0, 0, width, height)
    picture = picture.crop((max(0, min(drawn[0], math.floor(box[0] * width)) - 1),
                            max(0, min(drawn[1], math.floor(box[1] * height)) - 1),
                            min(width, max(drawn[2], math.ceil(box[2] * width)) + 1),
                            min(height, max(drawn[3], math.ceil(box[3] * height)) + 1)))
    picture.thumbnail((CROPPED, CROPPED), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    picture.save(output, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(output.getvalue()).decode("ascii"), picture.width / picture.height


def _svg_cropped(path: Path, box: tuple[float, float, float, float]) -> str:
    """The SVG at ``path`` under an SVG whose viewBox is ``box`` (fractions) of its intrinsic size."""
    from .paths import read_regular
    from .svg import MAX_SVG_BYTES, svg_text, svg_tree

    data = svg_text(read_regular(path, MAX_SVG_BYTES))
    _, width, height = svg_tree(data)  # checked again, as the fetcher would
    x, y = box[0] * width, box[1] * height
    w, h = (box[2] - box[0]) * width, (box[3] - box[1]) * height
    inner = base64.b64encode(data).decode("ascii")
    outer = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.3f}" height="{h:.3f}" '
             f'viewBox="{x:.3f} {y:.3f} {w:.3f} {h:.3f}"><image width="{width:.3f}" height="{height:.3f}" '
             f'href="data:image/svg+xml;base64,{inner}"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(outer.encode()).decode("ascii")
