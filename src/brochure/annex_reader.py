"""Reading a PDF from outside (a tender's annex) and keeping only what its pages show.

``open_annex`` walks the page tree (bounded: pages, nodes, depth), each page's resources and
annotations (bounded: objects, decompressed bytes, pixels), and marks for removal what could
act or reach outside: actions, JavaScript, attachments, multimedia, references to other files
and to other parts of the document. What it found is kept by kind, for one warning each.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContentError, one_line

MAX_ANNEX_BYTES = 50 * 1024 * 1024
MAX_CONTENT_BYTES = 32 * 1024 * 1024  # one page's drawing instructions, decompressed
MAX_STREAM_BYTES = 256 * 1024 * 1024  # the other streams one page draws with (fonts, forms), decompressed
MAX_PIXELS = 250_000_000  # one image
MAX_OBJECTS = 100_000  # objects one page draws with
MAX_ANNOTATIONS = 5_000  # read on one page; the others are left out
MAX_TREE_DEPTH = 64
MAX_SIDE = 1_000_000  # points; a page box beyond this is broken
HARD_LIMIT = 100_000  # pages, whatever the configuration says
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
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
STRUCTURE = {"/Annot", "/Page", "/Pages", "/Catalog", "/Sig", "/Outlines", "/Action", "/Filespec", "/EmbeddedFile"}
OTHER_PART = "reference to another part of the annex"
EXTERNAL = "reference to an external file"


class TooManyPages(Exception):
    def __init__(self, claimed: Any):
        self.claimed = claimed


@dataclass
class AnnexPage:
    number: int  # from 1
    node: Any
    resources: Any  # a new dictionary: the page's resources, and its annotations' appearances
    box: tuple[float, float, float, float]
    rotate: int = 0
    drawings: bytes = b""  # drawing the annotations' appearances, after the page's own content
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)


class _Found:
    """What was left out, by kind: the pages where (0: the document itself)."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[int]] = {}

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
        return out


def _ranges(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


# --- reading and cleaning ----------------------------------------------------------------------


def open_annex(path: Path, max_pages: int):
    """(reader, pages, found): the annex's pages ready to draw, cleaned; raises ``TooManyPages``."""
    from pypdf import PdfReader
    from pypdf.generic import NullObject

    try:
        if path.stat().st_size > MAX_ANNEX_BYTES:
            raise ContentError(f"annex is larger than {MAX_ANNEX_BYTES // (1024 * 1024)} MiB", path)
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise ContentError("annex is encrypted: give an unprotected copy", path)
        catalog = reader.trailer["/Root"].get_object()
        found = _Found()
        nodes = _page_tree(catalog, min(max_pages, HARD_LIMIT), path)
        if not nodes:
            raise ContentError("annex has no page", path)
        structure = _structure(catalog, nodes)
        _document(catalog, found)
        pages, removals = [], []
        for number, (node, inherit) in enumerate(nodes, 1):
            page = _page(number, node, inherit, found, path)
            page_content(page, path)  # bounded: checked here, decoded again when drawn
            removals += _walk(page, structure, found, path)
            pages.append(page)
        for container, key in removals:  # after every page is walked: shared objects are named on each
            if isinstance(key, int):
                container[key] = NullObject()
            else:
                container.pop(key, None)
        return reader, pages, found
    except (ContentError, TooManyPages):
        raise
    except Exception as exc:  # pypdf on a damaged or hostile file: RecursionError, KeyError, limits...
        raise ContentError(f"annex is not a readable PDF: {one_line(exc) or type(exc).__name__}", path) from None


def deref(obj: Any) -> Any:
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _page_tree(catalog: Any, limit: int, path: Path) -> list[tuple[Any, dict]]:
    """The leaves of the page tree, with what they inherit; stops past ``limit`` pages; a node
    met twice (a loop, a shared subtree) or a tree too deep makes the annex unusable."""
    from pypdf.generic import ArrayObject, DictionaryObject

    top = deref(catalog.get("/Pages"))
    if not isinstance(top, DictionaryObject):
        raise ContentError("annex has no page tree", path)
    pages: list[tuple[Any, dict]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, dict, int]] = [(top, {}, 0)]
    while stack:
        raw, inherit, depth = stack.pop()
        node = deref(raw)
        if not isinstance(node, DictionaryObject) or not node:
            continue
        if id(node) in seen or depth > MAX_TREE_DEPTH or len(seen) > 4 * limit + 100:
            raise ContentError("annex's page tree is malformed (a loop, a shared node or too many levels)", path)
        seen.add(id(node))
        kind = node.get("/Type") or ("/Pages" if "/Kids" in node else "/Page")
        if kind == "/Pages":
            inherit = {**inherit, **{k: dict.__getitem__(node, k) for k in INHERITED if k in node}}
            kids = deref(node.get("/Kids"))
            if isinstance(kids, ArrayObject):
                stack += [(kid, inherit, depth + 1) for kid in reversed(kids)]
        else:
            pages.append((node, inherit))
            if len(pages) > limit:
                raise TooManyPages(deref(top.get("/Count")))
    return pages


def _structure(catalog: Any, nodes: list[tuple[Any, dict]]) -> set[int]:
    """Objects a page's resources must not reach: the catalog and what it holds, the pages, their annotations."""
    ids = {id(catalog)} | {id(deref(v)) for v in dict.values(catalog)}
    for node, _inherit in nodes:
        ids.add(id(node))
        parent, hops = node.get("/Parent"), 0
        while parent is not None and hops < MAX_TREE_DEPTH:
            ids.add(id(deref(parent)))
            parent, hops = deref(parent).get("/Parent") if hasattr(deref(parent), "get") else None, hops + 1
        annots = deref(node.get("/Annots"))
        for annot in list(annots)[:MAX_ANNOTATIONS] if isinstance(annots, list) else ():
            ids.add(id(deref(annot)))
    return ids


def _document(catalog: Any, found: _Found) -> None:
    """What the annex's catalog holds (never copied), said once."""
    found.add(_action_kinds(catalog.get("/OpenAction"), automatic=False), 0)
    found.add(_action_kinds(catalog.get("/AA"), automatic=True), 0)
    names = deref(catalog.get("/Names"))
    if hasattr(names, "get"):
        if names.get("/JavaScript") is not None:
            found.add("JavaScript", 0)
        if names.get("/EmbeddedFiles") is not None:
            found.add("embedded file", 0)
    form = deref(catalog.get("/AcroForm"))
    if hasattr(form, "get") and form.get("/XFA") is not None:
        found.add("XFA form (scripts)", 0)


def _action_kinds(value: Any, automatic: bool) -> list[str]:
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


def _page(number: int, node: Any, inherit: dict, found: _Found, path: Path) -> AnnexPage:
    from pypdf.generic import DictionaryObject, NameObject

    def own(key):
        return dict.__getitem__(node, key) if key in node else inherit.get(key)

    media = _rect(own("/MediaBox")) if own("/MediaBox") is not None else (0.0, 0.0, 612.0, 792.0)
    if media is None:
        raise ContentError(f"annex page {number} has no usable size (MediaBox)", path)
    crop = _rect(own("/CropBox")) or media
    box = (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))
    if box[2] - box[0] < 1 or box[3] - box[1] < 1:
        raise ContentError(f"annex page {number} has no usable size (CropBox)", path)
    rotate = deref(own("/Rotate"))
    rotate = int(rotate) % 360 if isinstance(rotate, int) and int(rotate) % 90 == 0 else 0
    resources = deref(own("/Resources"))
    fresh = DictionaryObject(dict.items(resources) if isinstance(resources, DictionaryObject) else ())
    page = AnnexPage(number, node, fresh, box, rotate)
    found.add(_action_kinds(node.get("/AA"), automatic=True), number)
    annots = deref(node.get("/Annots"))
    xobjects = None
    for index, raw in enumerate(list(annots)[:MAX_ANNOTATIONS] if isinstance(annots, list) else ()):
        annot = deref(raw)
        if not isinstance(annot, DictionaryObject):
            continue
        kind = str(annot.get("/Subtype"))
        flags = deref(annot.get("/F"))
        hidden = isinstance(flags, int) and flags & (2 | 32)
        found.add(_action_kinds(annot.get("/AA"), automatic=True), number)
        web = None
        action = deref(annot.get("/A"))
        if kind == "/Link" and hasattr(action, "get") and action.get("/S") == "/URI" and action.get("/Next") is None:
            web = _web(action.get("/URI"))
        if not web:
            found.add(_action_kinds(action, automatic=False), number)
        if kind == "/FileAttachment" or annot.get("/FS") is not None:
            found.add("file attachment", number)
            continue
        if kind in MEDIA:
            found.add("multimedia or 3D content", number)
            continue
        if kind == "/Widget":
            parent, hops = annot.get("/Parent"), 0
            while hasattr(deref(parent), "get") and hops < 32:
                found.add(_action_kinds(deref(parent).get("/AA"), True) + _action_kinds(deref(parent).get("/A"), False),
                          number)
                parent, hops = deref(parent).get("/Parent"), hops + 1
        if hidden or kind == "/Popup":
            continue
        rect = _rect(annot.get("/Rect"))
        if kind == "/Link":
            if web and rect:
                page.links.append((rect, web))
            continue
        stored, appearance = _appearance(annot)
        bbox = _rect(appearance.get("/BBox")) if appearance is not None else None
        if bbox is None or rect is None:
            continue
        m = _numbers(appearance.get("/Matrix"), 6) or [1, 0, 0, 1, 0, 0]
        xs = [m[0] * x + m[2] * y + m[4] for x in bbox[::2] for y in bbox[1::2]]
        ys = [m[1] * x + m[3] * y + m[5] for x in bbox[::2] for y in bbox[1::2]]
        if max(xs) - min(xs) <= 0 or max(ys) - min(ys) <= 0:
            continue
        sx, sy = (rect[2] - rect[0]) / (max(xs) - min(xs)), (rect[3] - rect[1]) / (max(ys) - min(ys))
        if xobjects is None:
            old = deref(fresh.get("/XObject"))
            xobjects = fresh[NameObject("/XObject")] = DictionaryObject(
                dict.items(old) if isinstance(old, DictionaryObject) else ())
        name = f"/BrochureAnnot{index}"
        while name in xobjects:
            name += "x"
        appearance[NameObject("/Type")], appearance[NameObject("/Subtype")] = NameObject("/XObject"), NameObject("/Form")
        xobjects[NameObject(name)] = stored
        place = [sx, 0, 0, sy, rect[0] - min(xs) * sx, rect[1] - min(ys) * sy]
        page.drawings += ("q " + " ".join(f"{v:.6f}" for v in place) + f" cm {name} Do Q\n").encode("ascii")
    return page


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


def _inflated(stream: Any, budget: int) -> int:
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


def _walk(page: AnnexPage, structure: set[int], found: _Found, path: Path) -> list[tuple[Any, Any]]:
    """What to remove from the objects the page draws with (its resources, its annotations'
    appearances, its group): actions, scripts, files, multimedia, the annex's other parts."""
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    removals: list[tuple[Any, Any]] = []
    start = [page.resources] + ([deref(page.node.get("/Group"))] if page.node.get("/Group") is not None else [])
    stack, seen, budget = start, set(), MAX_STREAM_BYTES
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if len(seen) > MAX_OBJECTS:
            raise ContentError(f"annex page {page.number} draws with more than {MAX_OBJECTS} objects", path)
        if isinstance(obj, StreamObject):
            if obj.get("/Subtype") == "/Image":
                width, height = deref(obj.get("/Width")), deref(obj.get("/Height"))
                if isinstance(width, int) and isinstance(height, int) and width * height > MAX_PIXELS:
                    raise ContentError(f"annex page {page.number} has an image of {width}×{height} pixels, "
                                       f"over {MAX_PIXELS // 1_000_000} million", path)
            else:
                budget -= _inflated(obj, budget)
                if budget < 0:
                    raise ContentError(f"annex page {page.number}: its fonts and forms decompress to more than "
                                       f"{MAX_STREAM_BYTES // (1024 * 1024)} MiB", path)
        if isinstance(obj, DictionaryObject):
            items = [(key, dict.__getitem__(obj, key)) for key in list(obj)]
        elif isinstance(obj, ArrayObject):
            items = list(enumerate(obj))
        else:
            continue
        for key, raw in items:
            kinds = _unsafe(obj, key, deref(raw), structure)
            if kinds is not None:
                found.add(kinds, page.number)
                removals.append((obj, key))
            elif isinstance(deref(raw), (DictionaryObject, ArrayObject)):
                stack.append(deref(raw))
    return removals


def _unsafe(container: Any, key: Any, value: Any, structure: set[int]) -> list[str] | None:
    """The warning kinds if ``container[key]`` must go (an empty list: goes without a word), else None."""
    from pypdf.generic import DictionaryObject, StreamObject

    if key in ("/JS", "/JavaScript"):
        return ["JavaScript"]
    if key in ("/A", "/AA", "/OpenAction", "/Next"):
        return _action_kinds(value, automatic=key != "/A")
    if key in ("/EF", "/EmbeddedFiles", "/FS"):
        return ["embedded file"]
    if key in ("/RichMediaContent", "/RichMediaSettings", "/3DD", "/Movie", "/Sound"):
        return ["multimedia or 3D content"]
    if key in ("/Ref", "/OPI") or isinstance(container, StreamObject) and key in ("/F", "/FFilter", "/FDecodeParms"):
        return [EXTERNAL]
    if not isinstance(value, DictionaryObject):
        return None
    if id(value) in structure:
        return [OTHER_PART]
    kind, subtype = str(value.get("/Type")), str(value.get("/Subtype"))
    if kind == "/Action" or str(value.get("/S")) in (*ACTIONS, "/URI"):
        return _action_kinds(value, automatic=True)
    if kind in ("/Filespec", "/EmbeddedFile"):
        return ["embedded file" if value.get("/EF") is not None or kind == "/EmbeddedFile" else EXTERNAL]
    if subtype == "/PS":
        return ["PostScript code"]
    if subtype in MEDIA or kind in ("/3D", "/RichMediaContent"):
        return ["multimedia or 3D content"]
    if subtype == "/FileAttachment":
        return ["file attachment"]
    if kind in STRUCTURE or subtype in ANNOTATIONS and value.get("/Rect") is not None:
        return [OTHER_PART]
    return None


# --- drawing -----------------------------------------------------------------------------------


