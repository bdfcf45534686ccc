"""The checks every image from outside passes before anything draws it, a file's or a ``data:`` URL's.

A raster image's header gives its size (:func:`raster_problem`: more than ``MAX_PIXELS`` is a bomb);
an SVG is checked by :func:`brochure.svg.svg_tree`. A ``data:`` URL is decoded first, with a cap on
its encoded and decoded bytes (:func:`decode`), then checked like a file (:func:`data_problem`).
"""

from __future__ import annotations

import binascii
import io
import re
from urllib.parse import unquote_to_bytes

from .paths import Unreadable, short
from .svg import MAX_PIXELS, SvgBomb, svg_tree

MAX_DATA_BYTES = 40 * 1024 * 1024  # a data: URL's payload once decoded (a file's cap, MAX_RESOURCE_BYTES)
MAX_DATA_URL = MAX_DATA_BYTES * 3 + 1024  # its text: percent-encoding takes 3 characters a byte
_HEADER = re.compile(r"data:([^,]*),", re.I | re.S)
RASTER_TYPES = {"image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/bmp", "image/tiff"}


def raster_problem(source) -> str | None:
    """Why the raster image ``source`` (a path or a binary file) must not be drawn at all, or None.

    Reads only its header; an image Pillow cannot read is None (the renderer says so)."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "declares more than 89 million pixels"
    except Exception:  # unreadable: WeasyPrint will say so
        return None
    if width * height > MAX_PIXELS:
        return f"declares {width}×{height} pixels (more than 89 million)"
    return None


def label(url: str) -> str:
    """A ``data:`` URL as a message names it: its media type, never its payload."""
    found = _HEADER.match(url[:300])
    kind = found.group(1).split(";", 1)[0] if found else ""
    return f"data:{short(kind, 40, 0)}…"


def decode(url: str) -> tuple[str, bytes]:
    """The media type (lower-cased, without parameters) and the bytes of the ``data:`` URL ``url``.

    Raises :class:`Unreadable` for a URL too large or damaged, before or after decoding."""
    if len(url) > MAX_DATA_URL:
        raise Unreadable(f"is over {MAX_DATA_URL >> 20} MiB")
    found = _HEADER.match(url[:1024])
    if found is None:
        raise Unreadable("is not a data: URL (no comma)")
    header = found.group(1).strip().lower()
    mime = header.split(";", 1)[0].strip() or "text/plain"
    payload = url[found.end():]
    try:
        if header.endswith(";base64"):
            if len(payload) > MAX_DATA_BYTES * 4 // 3 + 8:
                raise Unreadable(f"holds over {MAX_DATA_BYTES >> 20} MiB")
            data = _base64(unquote_to_bytes(payload))
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise Unreadable("holds damaged base64 data") from None
    if len(data) > MAX_DATA_BYTES:
        raise Unreadable(f"holds over {MAX_DATA_BYTES >> 20} MiB")
    return mime, data


_BASE64 = re.compile(rb"[A-Za-z0-9+/]*={0,2}")


def _base64(text: bytes) -> bytes:
    """Decoded as browsers do (forgiving-base64): white space ignored, padding optional, any other
    character an error."""
    text = b"".join(text.split())
    if not _BASE64.fullmatch(text) or len(text.rstrip(b"=")) % 4 == 1:
        raise ValueError("not base64")
    text = text.rstrip(b"=")
    return binascii.a2b_base64(text + b"=" * (-len(text) % 4))


def is_svg(mime: str, data: bytes) -> bool:
    """Whether ``data`` is drawn as an SVG: said so, or XML by another name (WeasyPrint would try)."""
    return mime == "image/svg+xml" or (mime != "text/css" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<") \
        or data.startswith(b"\x1f\x8b")


def data_problem(mime: str, data: bytes) -> str | None:
    """Why the decoded ``data:`` image (``mime``, ``data``) must not be drawn, or None: the checks a
    file gets. Raises :class:`Unreadable` for what is not an image."""
    if is_svg(mime, data):
        try:
            svg_tree(data)
        except SvgBomb as exc:
            return str(exc)
        return None
    if mime not in RASTER_TYPES:
        raise Unreadable(f"is not an image ({short(mime, 40, 0)})")
    problem = raster_problem(io.BytesIO(data))
    if problem is None and not _readable(data):
        raise Unreadable(f"is not a readable {short(mime, 40, 0)} image")
    return problem


def _readable(data: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except Exception:
        return False
