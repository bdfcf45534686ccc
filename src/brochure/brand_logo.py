"""The colours of a site's logo (part of stage 0, for ``brand.py``): the chromatic colours that
cover most of its ink, read on the small bounded copy ``logos.sample`` makes (an SVG drawn by
``svg``, checked first; a raster image too large is not decoded). Greys, black and white are not
brand colours; a colour covering less than ``MAJOR`` of the chromatic ink is an edge or a detail.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .brand_css import grey
from .logos import SOLID, sample

MAJOR = 0.15  # share of the logo's chromatic ink
MOST = 2  # colours kept
SHADE = 40  # a colour this close to a kept one on each channel is its shade


def logo_colours(path: Path) -> list[tuple[str, float]]:
    """The logo's main colours, most used first, each with its share of the chromatic ink."""
    image = sample(path)
    if image is None:
        return []
    data = image.tobytes()
    exact = Counter("#%02x%02x%02x" % tuple(data[i:i + 3]) for i in range(0, len(data), 4) if data[i + 3] >= SOLID)
    bins: dict[tuple[int, int, int], Counter] = {}
    for hex_colour, count in exact.items():
        if not grey(hex_colour):
            key = tuple(int(hex_colour[i:i + 2], 16) >> 4 for i in (1, 3, 5))
            bins.setdefault(key, Counter())[hex_colour] += count
    total = sum(sum(c.values()) for c in bins.values())
    kept: dict[str, int] = {}  # colour -> pixels, shades of a kept colour (a gradient, antialiasing) added to it
    for counter in sorted(bins.values(), key=lambda c: -sum(c.values())):
        colour = counter.most_common(1)[0][0]
        like = next((k for k in kept if _alike(k, colour)), colour)
        kept[like] = kept.get(like, 0) + sum(counter.values())
    ranked = sorted(kept.items(), key=lambda item: -item[1])[:MOST]
    return [(colour, count / total) for colour, count in ranked if count / total >= MAJOR]


def _alike(one: str, other: str) -> bool:
    return all(abs(int(one[i:i + 2], 16) - int(other[i:i + 2], 16)) <= SHADE for i in (1, 3, 5))
