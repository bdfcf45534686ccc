"""An image written into many PDFs of one document is encoded once.

Each one-pager is written as its own PDF from its batch's document (twelve case studies
laid out together), and WeasyPrint encodes every image again for every PDF
(``RasterImage.get_x_object``: decoded, scaled to the dpi asked for, compressed as PNG with
its alpha channel apart): the same pictos and logos, page after page (in the text-heavy
benchmark library, 420 encodings for 60 one-pagers).

:func:`images_encoded_once` keeps, for each image, what its last encoding made, and gives
a fresh copy of it (WeasyPrint and brochure's finishers change the objects they are given)
when the same image is asked for again in the same way. The bytes are the same:

* a PNG is encoded again from pixels that did not change (WeasyPrint's second encoding
  starts from its first scaled copy, already at the size asked for, which Pillow does not
  scale again);
* a JPEG, which WeasyPrint scales from its last scaled copy and saves again with loss each
  time, is left to WeasyPrint;
* an image asked for at another scale than the last time is left to WeasyPrint too, and
  what it makes then is what is kept.

What is kept goes with the image (a weak reference), that is with its document.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator

import pydyf
from weasyprint.images import RasterImage

_last: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # image -> (interpolate, ratio, recipe)


def _recipe(stream) -> tuple[list, dict, tuple | None]:
    extra = dict(stream.extra)
    mask = extra.pop("SMask", None)
    return list(stream.stream), extra, _recipe(mask) if isinstance(mask, pydyf.Stream) else None


def _fresh(recipe: tuple[list, dict, tuple | None]) -> pydyf.Stream:
    parts, extra, mask = recipe
    copy = pydyf.Dictionary({k: pydyf.Dictionary(v) if isinstance(v, pydyf.Dictionary) else v
                             for k, v in extra.items()})
    if mask is not None:
        copy["SMask"] = _fresh(mask)
    return pydyf.Stream(list(parts), copy)


@contextlib.contextmanager
def images_encoded_once() -> Iterator[None]:
    """While a document's pages are written: a PNG image asked for again at the same scale is
    not encoded again. WeasyPrint's function is put back afterwards."""
    encode = RasterImage.get_x_object

    def once(self, interpolate, dpi_ratio):
        if self.format == "JPEG":
            return encode(self, interpolate, dpi_ratio)
        kept = _last.get(self)
        if kept is not None and kept[0] == interpolate and kept[1] == dpi_ratio:
            return _fresh(kept[2])
        x_object = encode(self, interpolate, dpi_ratio)
        _last[self] = (interpolate, dpi_ratio, _recipe(x_object))
        return x_object

    RasterImage.get_x_object = once
    try:
        yield
    finally:
        RasterImage.get_x_object = encode
