"""A bid as the desk edits it: the same tender manifest as ``tenders/*.toml`` (``manifest.py``),
changed key by key with tomlkit so that the file keeps its comments and layout.

Nothing the browser sends becomes a path as it is: a bid is named by a slug (``[a-z0-9-]``, made
from its title), its file is ``<tenders>/<slug>.toml``; an uploaded annex gets a slug of its own
in ``<tenders>/annexes/``; every file is written through ``outputs.write_atomic(inside=…)``,
which refuses a name that would lead outside the tenders folder (``..``, links).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit

from .. import outputs
from ..annexes import check as check_annex
from ..errors import BrochureError, ConfigError
from ..manifest import load_manifest
from ..settings import LANGUAGES, PDF_VARIANTS

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
ANNEX_FOLDER, LOGO_FOLDER = "annexes", "assets"
# what a logo file starts with, by suffix (an SVG: its XML, checked by the build like any SVG)
LOGO_MAGIC = {".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8",), ".jpeg": (b"\xff\xd8",), ".webp": (b"RIFF",),
              ".svg": (b"<?xml", b"<svg", b"<!--")}
TEXT_KEYS = ("title", "reference", "language", "introduction")  # top-level keys the form edits


class BidError(Exception):
    """A request the desk refuses (a bad name, an upload that is not a usable PDF): one line."""


def slug(text: str, fallback: str = "bid") -> str:
    """A safe file name from ``text``: ASCII letters, digits and hyphens, at most 60."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return made or fallback


def bid_path(tenders: Path, name: str) -> Path:
    """The manifest of bid ``name``; ``BidError`` for a name that is not a slug."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise BidError(f"refused: {name!r} is not a bid name (letters, digits and hyphens)")
    return tenders / f"{name}.toml"


@dataclass
class Bid:
    """What the desk shows of a bid; ``problems``: what ``load_manifest`` says of the file."""

    name: str
    path: Path
    title: str = ""
    reference: str = ""
    date: str = ""
    buyer: str = ""
    logo: str = ""  # the buyer's logo, relative to the tenders folder
    language: str = ""
    pdf_variant: str = ""
    introduction: str = ""
    cases: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)  # selection.projects: the references when no cases
    implicit: bool = False  # the references come from selection.projects, not selection.cases
    annexes: list[dict[str, str]] = field(default_factory=list)
    file: str = ""
    problems: list[str] = field(default_factory=list)


def list_bids(tenders: Path) -> list[tuple[str, str]]:
    """(name, title) of every manifest in the tenders folder whose name is a slug."""
    found = []
    for path in sorted(tenders.glob("*.toml")) if tenders.is_dir() else []:
        if NAME.fullmatch(path.stem):
            try:
                title = str(_parse(path).get("title", path.stem))
            except BidError:
                title = path.stem
            found.append((path.stem, title))
    return found


def read_bid(tenders: Path, name: str) -> Bid:
    path = bid_path(tenders, name)
    if not path.is_file():
        raise BidError(f"no bid named {name}")
    doc = _parse(path)
    table = lambda key: doc.get(key) or {}  # noqa: E731
    when = doc.get("date")
    bid = Bid(name=name, path=path, **{key: str(doc.get(key) or "") for key in TEXT_KEYS},
              date=when.isoformat() if isinstance(when, date) else "", buyer=str(table("buyer").get("name") or ""),
              logo=str(table("buyer").get("logo") or ""),
              pdf_variant=str(table("output").get("pdf_variant") or ""), file=str(table("output").get("file") or ""),
              cases=[str(c) for c in table("selection").get("cases") or []],
              projects=[str(p) for p in table("selection").get("projects") or []],
              annexes=[{"file": str(a.get("file", "")), "title": str(a.get("title", ""))} for a in doc.get("annexes") or []])
    bid.introduction = bid.introduction.strip("\n")
    bid.problems = problems(path)
    return bid


def problems(path: Path) -> list[str]:
    try:
        load_manifest(path)
    except ConfigError as exc:
        return exc.lines()
    except BrochureError as exc:
        return [str(exc)]
    return []


def create(tenders: Path, title: str, buyer: str) -> str:
    """A new bid's manifest, named after its title (``-2``, ``-3``… when taken); its name."""
    base = slug(title)
    name, n = base, 1
    while bid_path(tenders, name).exists():
        n += 1
        name = f"{base[:55]}-{n}"
    doc = tomlkit.document()
    doc.add(tomlkit.comment("A tender bid, made with brochure serve; build it with"))
    doc.add(tomlkit.comment(f"  brochure build --manifest tenders/{name}.toml"))
    doc["title"] = title.strip() or name
    doc["buyer"] = {"name": buyer.strip()}
    doc["selection"] = {"cases": []}
    doc["output"] = {"file": f"{name}.pdf", "one_pagers": True}
    _write(tenders, bid_path(tenders, name), doc)
    return name


def save_fields(tenders: Path, name: str, form: dict[str, str]) -> None:
    """The form's fields into the manifest; an empty field removes its key."""
    path = bid_path(tenders, name)
    doc = _parse(path)
    for key in TEXT_KEYS:
        value = (form.get(key) or "").replace("\r\n", "\n").strip()
        if key == "language" and value not in LANGUAGES:
            value = ""
        if str(doc.get(key) or "").strip() == value or (key == "title" and not value):
            continue  # unchanged (its layout in the file is kept), or a title left empty (it is required)
        _put(doc, key, tomlkit.string(value + "\n", multiline=True) if key == "introduction" and value else value)
    if (form.get("date") or "").strip() != str(doc.get("date") or ""):
        _put(doc, "date", _day(form.get("date", "")))
    if str(_table(doc, "buyer").get("name") or "") != (form.get("buyer") or "").strip():
        _table(doc, "buyer")["name"] = (form.get("buyer") or "").strip()
    variant = form.get("pdf_variant", "")
    _put(_table(doc, "output"), "pdf_variant", variant if variant in PDF_VARIANTS else "")
    _write(tenders, path, doc)


def set_cases(tenders: Path, name: str, cases: list[str]) -> None:
    """The bid's references, in this order (``selection.cases``); none of them stays excluded, and
    ``selection.projects`` goes (it would leave out a reference of another project): the list is
    the selection."""
    path = bid_path(tenders, name)
    doc = _parse(path)
    chosen = list(dict.fromkeys(c for c in cases if isinstance(c, str) and c))
    selection = _table(doc, "selection")
    selection["cases"] = chosen
    selection.pop("projects", None)
    if "exclude" in selection:
        selection["exclude"] = [c for c in selection["exclude"] if c not in chosen]
    _write(tenders, path, doc)


def add_annex(tenders: Path, name: str, data: bytes, filename: str, title: str, max_pages: int) -> list[str]:
    """An uploaded PDF saved as an annex of the bid, after the checks a manifest's annex gets
    (``annexes.check``: readable, not encrypted, within ``max_pages``); the warnings of what the
    build will leave out of it. ``BidError`` when it cannot be used (the file is then removed)."""
    path = bid_path(tenders, name)
    doc = _parse(path)
    if not data.startswith(b"%PDF-"):
        raise BidError("refused: an annex must be a PDF")
    folder = tenders / ANNEX_FOLDER
    base = slug(Path(filename or "annex").stem, "annex")
    target, n = folder / f"{base}.pdf", 1
    while target.exists():
        n += 1
        target = folder / f"{base[:55]}-{n}.pdf"
    _save(tenders, target, data)
    try:
        checked = check_annex(target, max_pages)
    except BrochureError as exc:
        target.unlink(missing_ok=True)
        raise BidError(exc.message) from None
    entry = tomlkit.table()
    entry.update({"file": f"{ANNEX_FOLDER}/{target.name}", "title": title.strip() or Path(filename or base).stem})
    doc.setdefault("annexes", tomlkit.aot()).append(entry)
    _write(tenders, path, doc)
    return checked.warnings


def set_logo(tenders: Path, name: str, data: bytes, filename: str) -> None:
    """An uploaded image as the buyer's logo (``[buyer] logo``), saved in ``<tenders>/assets/``."""
    path = bid_path(tenders, name)
    doc = _parse(path)
    suffix = Path(filename or "").suffix.lower()
    if not any(data.lstrip().startswith(magic) for magic in LOGO_MAGIC.get(suffix, ())):
        raise BidError(f"refused: a logo must be a {', '.join(sorted(LOGO_MAGIC))} file that is one")
    base = slug(Path(filename).stem, "logo")
    target, n = tenders / LOGO_FOLDER / f"{base}{suffix}", 1
    while target.exists():
        n += 1
        target = tenders / LOGO_FOLDER / f"{base[:55]}-{n}{suffix}"
    _save(tenders, target, data)
    _table(doc, "buyer")["logo"] = f"{LOGO_FOLDER}/{target.name}"
    _write(tenders, path, doc)


def remove_annex(tenders: Path, name: str, index: int) -> None:
    """Drop annex ``index`` from the bid (its file stays: another bid may use it)."""
    path = bid_path(tenders, name)
    doc = _parse(path)
    annexes = doc.get("annexes")
    if annexes is not None and 0 <= index < len(annexes):
        del annexes[index]
        if not len(annexes):
            del doc["annexes"]
    _write(tenders, path, doc)


def _parse(path: Path) -> Any:
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as exc:
        raise BidError(f"{path.name}: cannot read: {exc}") from None


def _write(tenders: Path, path: Path, doc: Any) -> None:
    _save(tenders, path, tomlkit.dumps(doc).encode("utf-8"))


def _save(tenders: Path, path: Path, data: bytes) -> None:
    """Write inside the tenders folder only (a link leading out is refused)."""
    try:
        outputs.write_atomic(path, data, inside=tenders)
    except BrochureError as exc:
        raise BidError(exc.message) from None


def _put(table: Any, key: str, value: Any) -> None:
    if value in ("", None):
        table.pop(key, None)
    else:
        table[key] = value


def _table(doc: Any, key: str) -> Any:
    if key not in doc:
        doc[key] = tomlkit.table()
    return doc[key]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None
