"""One page of a PDF from outside (a tender's annex), read within bounds.

Its box, its annotations (what they show is drawn into the page; web links are kept; actions,
attachments and multimedia are noted for removal, by kind) and its drawing instructions,
decompressed within ``MAX_CONTENT_BYTES``. Used by :mod:`annex_reader`.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContentError

MAX_CONTENT_BYTES = 32 * 1024 * 1024  # one page's drawing instructions, decompressed
MAX_STREAM_BYTES = 256 * 1024 * 1024  # the other streams one page draws with (fonts, forms), decompressed


MAX_PIXELS = 250_000_000  # one image
MAX_OBJECTS = 100_000  # objects one page draws with


MAX_ANNOTATIONS = 5_000  # read on one page; the others are left out
MAX_SIDE = 1_000_000  # points; a page box beyond this is broken


WEB_SCHEMES = ("http://", "https://", "mailto:")


# What a warning calls each action type; None: dropped without a word (moves inside the annex).
ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "Launch action (runs a program)",
           "/SubmitForm": "form submission action", "/ImportData": "data import action",
           **dict.fromkeys(("/GoToR", "/GoToE"), "link to another file"),
           **dict.fromkeys(("/Rendition", "/Sound", "/Movie", "/RichMediaExecute", "/GoTo3DView"), "multimedia action"),
           "/Hide": "form action", "/ResetForm": "form action", "/SetOCGState": "layer action",
           **dict.fromkeys(("/GoTo", "/GoToDp", "/Named", "/Trans", "/Thread"))}


MEDIA = {"/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
ANNOTATIONS = MEDIA | {"/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
                       "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup",
                       "/FileAttachment", "/Widget", "/PrinterMark", "/TrapNet", "/Watermark", "/Redact"}


@dataclass
class AnnexPage:
    number: int  # from 1
    node: Any
    resources: Any  # a new dictionary: the page's resources, and its annotations' appearances
    box: tuple[float, float, float, float]
    rotate: int = 0
    drawings: bytes = b""  # drawing the annotations' appearances, after the page's own content
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)


class Found:
    """What was left out, by kind: the pages where (0: the document itself)."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[int]] = {}
        self.notes: list[str] = []  # what the PDF reader said of a damaged file

    def add(self, kinds, page: int) -> None:
        for kind in [kinds] if isinstance(kinds, str) or kinds is None else kinds:
            if kind:
                self.kinds.setdefault(kind, set()).add(page)

    def lines(self) -> list[str]:
        out = []
        for kind, where in self.kinds.items():
            pages = sorted(p for p in where if p)
            places = ["the document"] if 0 in where else []
            if pages:
                places.append(("page " if len(pages) == 1 else "pages ") + _ranges(pages))
            out.append(f"{kind} removed from {' and '.join(places)}")
        return out + [f"damaged, read as well as possible: {note[:200]}" for note in dict.fromkeys(self.notes)]


def _ranges(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def deref(obj: Any) -> Any:
    return obj.get_object() if hasattr(obj, "get_object") else obj


def action_kinds(value: Any, automatic: bool) -> list[str]:
    """Warning kinds for an action, a chain of actions (/Next) or an /AA dictionary of them."""
    kinds, stack, seen = [], [value], set()
    while stack and len(seen) < 1000:
        obj = deref(stack.pop())
        if id(obj) in seen or not hasattr(obj, "get") and not isinstance(obj, list):
            continue
        seen.add(id(obj))
        if isinstance(obj, list):
            stack += obj
        elif obj.get("/S") is not None:
            kind = str(obj.get("/S"))
            if kind == "/URI":
                web = _web(obj.get("/URI"))
                kinds.append(("action opening a web address" if automatic else None) if web else "link to another file")
            else:
                kinds.append(ACTIONS.get(kind, "unknown action"))
            stack.append(obj.get("/Next"))
        else:  # /AA: trigger -> action
            stack += list(dict.values(obj))
    return [k for k in kinds if k]


def _web(uri: Any) -> str | None:
    """A plain http(s) or mailto address, or None."""
    uri = deref(uri)
    if isinstance(uri, bytes):
        uri = uri.decode("latin-1")
    if not isinstance(uri, str) or len(uri) > 2000 or not uri.isascii() or any(c <= " " or c == "\x7f" for c in uri):
        return None
    return uri if uri.lower().startswith(WEB_SCHEMES) else None


def _numbers(value: Any, count: int) -> list[float] | None:
    value = deref(value)
    if not isinstance(value, list) or len(value) != count:
        return None
    try:
        numbers = [float(deref(v)) for v in value]
    except (TypeError, ValueError):
        return None
    return numbers if all(math.isfinite(n) and abs(n) <= MAX_SIDE for n in numbers) else None


def _rect(value: Any) -> tuple[float, float, float, float] | None:
    n = _numbers(value, 4)
    if n is None:
        return None
    box = (min(n[0], n[2]), min(n[1], n[3]), max(n[0], n[2]), max(n[1], n[3]))
    return box if box[2] - box[0] > 0 and box[3] - box[1] > 0 else None


def read_page(number: int, node: Any, inherit: dict, found: Found, path: Path) -> AnnexPage:
    """The annex's page ``number``: its box, fresh resources, and its annotations read (see ``_annotation``)."""
    from pypdf.generic import DictionaryObject

    def own(key):
        return dict.__getitem__(node, key) if key in node else inherit.get(key)

    box = _box(number, own, path)
    rotate = deref(own("/Rotate"))
    rotate = int(rotate) % 360 if isinstance(rotate, int) and int(rotate) % 90 == 0 else 0
    resources = deref(own("/Resources"))
    fresh = DictionaryObject(dict.items(resources) if isinstance(resources, DictionaryObject) else ())
    page = AnnexPage(number, node, fresh, box, rotate)
    found.add(action_kinds(node.get("/AA"), automatic=True), number)
    annots = deref(node.get("/Annots"))
    for index, raw in enumerate(list(annots)[:MAX_ANNOTATIONS] if isinstance(annots, list) else ()):
        annot = deref(raw)
        if isinstance(annot, DictionaryObject):
            _annotation(page, index, annot, found)
    return page


def _box(number: int, own: Any, path: Path) -> tuple[float, float, float, float]:
    """The visible part of the page: its CropBox within its MediaBox."""
    media = _rect(own("/MediaBox")) if own("/MediaBox") is not None else (0.0, 0.0, 612.0, 792.0)
    if media is None:
        raise ContentError(f"annex page {number} has no usable size (MediaBox)", path)
    crop = _rect(own("/CropBox")) or media
    box = (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))
    if box[2] - box[0] < 1 or box[3] - box[1] < 1:
        raise ContentError(f"annex page {number} has no usable size (CropBox)", path)
    return box


def _annotation(page: AnnexPage, index: int, annot: Any, found: Found) -> None:
    """Note what an annotation would do (its actions, attachment, media); keep a plain web link;
    draw what it shows into the page."""
    number, kind = page.number, str(annot.get("/Subtype"))
    flags = deref(annot.get("/F"))
    hidden = isinstance(flags, int) and flags & (2 | 32)
    found.add(action_kinds(annot.get("/AA"), automatic=True), number)
    web = None
    action = deref(annot.get("/A"))
    if kind == "/Link" and hasattr(action, "get") and action.get("/S") == "/URI" and action.get("/Next") is None:
        web = _web(action.get("/URI"))
    if not web:
        found.add(action_kinds(action, automatic=False), number)
    if kind == "/FileAttachment" or annot.get("/FS") is not None:
        found.add("file attachment", number)
        return
    if kind in MEDIA:
        found.add("multimedia or 3D content", number)
        return
    if kind == "/Widget":
        parent, hops = annot.get("/Parent"), 0
        while hasattr(deref(parent), "get") and hops < 32:
            found.add(action_kinds(deref(parent).get("/AA"), True) + action_kinds(deref(parent).get("/A"), False),
                      number)
            parent, hops = deref(parent).get("/Parent"), hops + 1
    if hidden or kind == "/Popup":
        return
    rect = _rect(annot.get("/Rect"))
    if kind == "/Link":
        if web and rect:
            page.links.append((rect, web))
        return
    _draw_appearance(page, index, annot, rect)


def _draw_appearance(page: AnnexPage, index: int, annot: Any, rect: tuple[float, float, float, float] | None) -> None:
    """Add the annotation's normal appearance to the page's drawing, fitted in its rectangle."""
    from pypdf.generic import DictionaryObject, NameObject

    stored, appearance = _appearance(annot)
    bbox = _rect(appearance.get("/BBox")) if appearance is not None else None
    if bbox is None or rect is None:
        return
    m = _numbers(appearance.get("/Matrix"), 6) or [1, 0, 0, 1, 0, 0]
    xs = [m[0] * x + m[2] * y + m[4] for x in bbox[::2] for y in bbox[1::2]]
    ys = [m[1] * x + m[3] * y + m[5] for x in bbox[::2] for y in bbox[1::2]]
    if max(xs) - min(xs) <= 0 or max(ys) - min(ys) <= 0:
        return
    sx, sy = (rect[2] - rect[0]) / (max(xs) - min(xs)), (rect[3] - rect[1]) / (max(ys) - min(ys))
    xobjects = deref(page.resources.get("/XObject"))
    if not page.drawings:  # the first appearance drawn: the page's own XObjects, copied
        xobjects = page.resources[NameObject("/XObject")] = DictionaryObject(
            dict.items(xobjects) if isinstance(xobjects, DictionaryObject) else ())
    name = f"/BrochureAnnot{index}"
    while name in xobjects:
        name += "x"
    appearance[NameObject("/Type")], appearance[NameObject("/Subtype")] = NameObject("/XObject"), NameObject("/Form")
    xobjects[NameObject(name)] = stored
    place = [sx, 0, 0, sy, rect[0] - min(xs) * sx, rect[1] - min(ys) * sy]
    page.drawings += ("q " + " ".join(f"{v:.6f}" for v in place) + f" cm {name} Do Q\n").encode("ascii")


def _appearance(annot: Any) -> tuple[Any, Any]:
    """The annotation's normal appearance stream for its current state, as stored and resolved, or (None, None)."""
    from pypdf.generic import DictionaryObject, StreamObject

    ap = deref(annot.get("/AP"))
    raw = ap.raw_get("/N") if isinstance(ap, DictionaryObject) and "/N" in ap else None
    if isinstance(deref(raw), DictionaryObject) and not isinstance(deref(raw), StreamObject):
        state = str(annot.get("/AS"))
        raw = deref(raw).raw_get(state) if state in deref(raw) else None
    return (raw, deref(raw)) if isinstance(deref(raw), StreamObject) else (None, None)


def page_content(page: AnnexPage, path: Path) -> bytes:
    """The page's drawing instructions, decompressed within ``MAX_CONTENT_BYTES``."""
    contents = deref(page.node.get("/Contents"))
    streams = list(contents)[:10_000] if isinstance(contents, list) else [contents]
    parts, size = [], 0
    for stream in streams:
        stream = deref(stream)
        if not hasattr(stream, "get_data"):
            continue
        data = _decoded(stream, MAX_CONTENT_BYTES - size)
        if data is None:
            raise ContentError(f"annex page {page.number}: its content decompresses to more than "
                               f"{MAX_CONTENT_BYTES // (1024 * 1024)} MiB", path)
        parts.append(data)
        size += len(data) + 1
    return b"\n".join(parts)


def _filters(stream: Any) -> list[str]:
    filters = deref(stream.get("/Filter"))
    return [str(deref(f)) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []


def _decoded(stream: Any, limit: int) -> bytes | None:
    """The stream's data, or None past ``limit`` bytes (Flate is inflated in bounded steps)."""
    filters = _filters(stream)
    if filters in ([], ["/FlateDecode"], ["/Fl"]) and stream.get("/DecodeParms") is None:
        raw = stream._data
        if not filters:
            return raw if len(raw) <= limit else None
        try:
            data = zlib.decompressobj().decompress(raw, limit + 1)
            return data if len(data) <= limit else None
        except zlib.error:
            pass  # damaged: pypdf's recovery, within its own limits
    data = stream.get_data()
    return data if len(data) <= limit else None


def inflated(stream: Any, budget: int) -> int:
    """How many bytes a Flate stream inflates to, counting at most ``budget + 1`` (nothing kept)."""
    if not _filters(stream)[:1] in (["/FlateDecode"], ["/Fl"]):
        return 0
    inflater, total, data = zlib.decompressobj(), 0, stream._data
    try:
        while data and total <= budget:
            total += len(inflater.decompress(data, 1 << 20))
            data = inflater.unconsumed_tail
    except zlib.error:
        pass
    return total
