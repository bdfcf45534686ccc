"""SVG files from outside, checked before anything draws them.

An SVG is parsed without being drawn (entities refused, elements, nesting and attributes
counted as they stream in), then CairoSVG's own tree gives the size it declares and what it
draws again through ``<use>`` and ``url(#…)``: a file that would cost too much to draw is
refused (:class:`SvgBomb`: its case study fails), one that is not an SVG is
:class:`~brochure.paths.Unreadable` (left out of the page, with a warning).

:func:`svg_as_image` draws a checked SVG as a PNG for the PDF, with bounded memory and time.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

from .paths import Unreadable, read_regular, short

MAX_PIXELS = 89_478_485  # Pillow's own limit for a decompression bomb, for raster images and SVGs alike
_ENTITY = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.I)
ENTITIES = "declares XML entities (a 'billion laughs' or external-entity file)"
MAX_SVG_BYTES = 40 * 1024 * 1024  # an SVG's text, a .svgz once decompressed
MAX_SVG_ELEMENTS = 100_000  # elements drawn, those a <use> or url(#…) draws again counted again
MAX_SVG_WEIGHT = 4_000_000  # attribute and style values held by those elements, inherited ones included
MAX_SVG_DEPTH = 200  # elements inside one another, through <use> and url(#…) too


class SvgBomb(Exception):
    """An SVG file that must not be drawn at all: its case study fails."""


def svg_text(data: bytes) -> bytes:
    """``data`` itself, or decompressed (gzip, as in .svgz) to at most MAX_SVG_BYTES."""
    import zlib

    if not data.startswith(b"\x1f\x8b"):
        return data
    parts, total = [], 0
    while data.startswith(b"\x1f\x8b"):  # a gzip file may hold several members
        inflate = zlib.decompressobj(31)
        try:
            part = inflate.decompress(data, MAX_SVG_BYTES + 1 - total)
        except zlib.error as exc:
            raise Unreadable(f"damaged gzip data ({short(exc)})") from None
        total += len(part)
        parts.append(part)
        if total > MAX_SVG_BYTES:
            raise SvgBomb(f"expands to more than {MAX_SVG_BYTES // 1_048_576} MiB once decompressed (a gzip bomb)")
        if not inflate.eof:
            raise Unreadable("truncated gzip data")
        data = inflate.unused_data
    text = b"".join(parts)
    if text.startswith(b"\x1f\x8b"):
        raise Unreadable("compressed twice")
    return text


def _prescan(text: bytes) -> None:
    """Count elements, depth and attributes while parsing (stopping at a limit), before a tree is built."""
    import io

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    elements = weight = depth = declarations = 0
    live: dict[str, int] = {}  # attribute names on the current branch: what a node may inherit
    names: list[list[str]] = []
    try:
        for event, element in iterparse(io.BytesIO(text), events=("start", "end")):
            if event == "end":
                depth -= 1
                for name in names.pop():
                    live[name] -= 1
                    if not live[name]:
                        del live[name]
                if element.tag in ("{http://www.w3.org/2000/svg}style", "style"):
                    declarations += "".join(element.itertext()).count(":")
                continue
            if not elements and element.tag not in ("{http://www.w3.org/2000/svg}svg", "svg"):
                raise Unreadable(f"is not an SVG file (its root element is {short(element.tag, 40, 0)})")
            own = [*element.attrib, *re.findall(r"([\w-]+)\s*:", element.get("style", ""))]
            names.append(own)
            for name in own:
                live[name] = live.get(name, 0) + 1
            elements, depth, weight = elements + 1, depth + 1, weight + len(live) + 1
            if elements > MAX_SVG_ELEMENTS:
                raise SvgBomb(f"has more than {MAX_SVG_ELEMENTS:,} elements")
            if depth > MAX_SVG_DEPTH:
                raise SvgBomb(f"nests elements more than {MAX_SVG_DEPTH} deep")
            if weight > MAX_SVG_WEIGHT:
                raise SvgBomb(f"holds more than {MAX_SVG_WEIGHT:,} attributes (counting inherited ones)")
    except DefusedXmlException:
        raise SvgBomb(ENTITIES) from None
    except ParseError as exc:
        raise Unreadable(f"is not an SVG file (XML error: {short(exc, 50, 0)})") from None
    if not elements:
        raise Unreadable("is not an SVG file (empty)")
    if elements * declarations > MAX_SVG_WEIGHT:
        raise SvgBomb("has more style declarations than it can apply to its elements")


_URL = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
_REFERENCES = ("fill", "stroke", "mask", "clip-path", "filter", "marker", "marker-start", "marker-mid", "marker-end")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _drawn(tree) -> None:
    """Refuse a tree whose drawing would draw too much: every <use>, pattern, mask, marker… draws
    what it refers to again (a chain of them multiplies), a reference to itself never ends."""
    ids: dict[str, object] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        ids.setdefault(node.get("id"), node)
        stack.extend(node.children)
    done: dict[int, tuple[int, int, int]] = {}  # id(node): (elements, weight, depth)
    busy: set[int] = set()

    def measure(node) -> tuple[int, int, int]:
        key = id(node)
        if key in done:
            return done[key]
        if key in busy:
            raise SvgBomb("refers to itself (a <use> or url(#…) loop)")
        busy.add(key)
        elements, weight, depth = 1, 1 + len(node), 0
        targets = [(node.get_href() or "", 1)] if node.get_href() else []
        for name in _REFERENCES:
            value = node.get(name)
            if value and "url(" in str(value):
                times = len(_NUMBER.findall(node.get("d", "") + node.get("points", ""))) + 2 if "marker" in name else 1
                targets += [("#" + m, times) for m in _URL.findall(str(value))]
        parts = [(child, 1) for child in node.children]
        parts += [(ids[t[1:]], times) for t, times in targets if t.startswith("#") and t[1:] in ids]
        for part, times in parts:
            e, w, d = measure(part)
            elements, weight, depth = elements + e * times, weight + w * times, max(depth, d + 1)
            if elements > MAX_SVG_ELEMENTS:
                raise SvgBomb(f"draws more than {MAX_SVG_ELEMENTS:,} elements (through <use> or url(#…) references)")
            if weight > MAX_SVG_WEIGHT or depth > MAX_SVG_DEPTH:
                raise SvgBomb("draws too much (through <use> or url(#…) references)")
        busy.discard(key)
        done[key] = elements, weight, depth
        return done[key]

    try:
        measure(tree)
    except RecursionError:
        raise SvgBomb(f"nests elements more than {MAX_SVG_DEPTH} deep (through references)") from None


def _refuse_url(url: str, resource_type: str) -> bytes:
    raise ValueError("resources referenced from inside an SVG file are not fetched")


def svg_tree(data: bytes):
    """The checked SVG ``data`` as a CairoSVG tree (parsed, nothing drawn) and its intrinsic size.

    Returns ``(tree, width, height)`` in CSS pixels (0 for a size it does not declare). Raises
    :class:`SvgBomb` for a file that must not be drawn, :class:`Unreadable` for one that is not an SVG.
    """
    import math
    from types import SimpleNamespace

    text = svg_text(data)
    if _ENTITY.search(text[:65536]):
        raise SvgBomb(ENTITIES)
    _prescan(text)
    from cairosvg.helpers import node_format, size
    from cairosvg.parser import Tree

    try:
        tree = Tree(bytestring=text, unsafe=False, url_fetcher=_refuse_url)
        probe = SimpleNamespace(dpi=96, context_width=None, context_height=None, font_size=0)
        probe.font_size = size(probe, "12pt")
        width, height, _ = node_format(probe, tree)
        width, height = abs(float(width)), abs(float(height))
    except SvgBomb:
        raise
    except RecursionError:
        raise SvgBomb(f"nests elements more than {MAX_SVG_DEPTH} deep") from None
    except Exception as exc:  # CairoSVG raises many kinds on a damaged file
        raise Unreadable(f"cannot be read as SVG ({type(exc).__name__})") from None
    if not (math.isfinite(width) and math.isfinite(height)):
        raise SvgBomb(f"declares an impossible size ({short(tree.get('width'), 20, 0)}×{short(tree.get('height'), 20, 0)})")
    if width * height > MAX_PIXELS:
        raise SvgBomb(f"declares {width:.0f}×{height:.0f} pixels (more than 89 million)")
    _drawn(tree)
    return tree, width, height


SVG_RASTER_PIXELS = 16_000_000  # the most pixels an SVG is drawn on (64 MB), well under MAX_PIXELS


@functools.lru_cache(maxsize=256)
def svg_as_image(path: str, mtime: float, long_side: int = 1200) -> str:
    """An SVG file as an SVG holding one PNG of the same intrinsic size.

    The drawing then reaches the PDF as an image (what PDF tools and
    checks count as images) at a resolution ample for print, and nothing
    the SVG references from outside is ever fetched. The file is checked
    before anything is drawn (its size, what it draws, entities, a .svgz's
    expansion: see :func:`svg_tree`) and drawn on at most
    ``SVG_RASTER_PIXELS`` pixels, whatever it declares.
    """
    return _as_image(read_regular(Path(path), MAX_SVG_BYTES), long_side)


_DRAWN: dict[str, str] = {}  # the SHA-256 of a data: URL's SVG and a long side: what it was drawn as


def svg_data_as_image(data: bytes, long_side: int = 1200) -> str:
    """The SVG ``data`` (a ``data:`` URL's) as :func:`svg_as_image` gives a file; the last few kept."""
    import hashlib

    key = f"{hashlib.sha256(data).hexdigest()}-{long_side}"
    if key not in _DRAWN:
        drawn = _as_image(data, long_side)
        while len(_DRAWN) >= 16:
            del _DRAWN[next(iter(_DRAWN))]
        _DRAWN[key] = drawn
    return _DRAWN[key]


def _as_image(data: bytes, long_side: int) -> str:
    import io
    import math

    from cairosvg.surface import PNGSurface

    tree, width, height = svg_tree(data)
    if not (width and height):
        raise Unreadable("the SVG declares no size")
    scale = max(1.0, min(8.0, long_side / max(width, height)))
    scale = min(scale, math.sqrt(SVG_RASTER_PIXELS / (width * height)))
    if _has_tiles(tree):
        png = _draw_apart(data, scale)
    else:
        output = io.BytesIO()
        try:
            PNGSurface(tree, output, 96, scale=scale).finish()
            png = output.getvalue()
        except Exception:  # cairo's state in this process may be spoilt (by another file): try afresh, apart
            png = _draw_apart(data, scale)
    width, height = round(width, 3), round(height, 3)
    encoded = base64.b64encode(png).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<image width="{width}" height="{height}" href="data:image/png;base64,{encoded}"/></svg>'
    )


SVG_DRAW_MEMORY = 1024 * 1024 * 1024  # bytes of address space for drawing an SVG with patterns or masks
SVG_DRAW_SECONDS = 30  # CPU seconds for the same


def _has_tiles(tree) -> bool:
    """Whether ``tree`` has a pattern or a mask: CairoSVG draws each on a surface of its own, sized by
    what it declares times every transform on the way (a pattern 30000 wide took 3.5 GB)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.tag in ("pattern", "mask"):
            return True
        stack.extend(node.children)
    return False


_DRAW_CHILD = """
import resource, sys
memory, seconds, scale = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
sys.path.insert(0, sys.argv[4])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
import io
from cairosvg.surface import PNGSurface
from brochure import svg
tree, _, _ = svg.svg_tree(sys.stdin.buffer.read())
output = io.BytesIO()
PNGSurface(tree, output, 96, scale=scale).finish()
sys.stdout.buffer.write(output.getvalue())
"""


def _draw_apart(data: bytes, scale: float) -> bytes:
    """The SVG ``data`` drawn as a PNG by a process of its own, with bounded memory and CPU time."""
    import subprocess
    import sys

    source = str(Path(__file__).resolve().parent.parent)  # this brochure's own modules, whatever is installed
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _DRAW_CHILD, str(SVG_DRAW_MEMORY), str(SVG_DRAW_SECONDS),
                               repr(scale), source], input=data, capture_output=True, timeout=SVG_DRAW_SECONDS * 4)
    except subprocess.TimeoutExpired:
        raise SvgBomb("takes too long to draw") from None
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        raise SvgBomb(f"cannot be drawn within {SVG_DRAW_MEMORY >> 20} MiB and {SVG_DRAW_SECONDS} s "
                             "(what it draws is too large)")
    return done.stdout
