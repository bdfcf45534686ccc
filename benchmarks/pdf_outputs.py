"""The PDFs one build wrote, for the benchmark harness (``run.py``): where they are, their
sizes and page counts, and whether two builds' PDFs are the same bytes."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

from runner import Result


def pdf_pages(path: Path | None) -> int | None:
    if not path or not path.exists():
        return None
    try:
        from pypdf import PdfReader
        return len(PdfReader(path).pages)
    except Exception:  # noqa: BLE001 - pypdf missing or unreadable: a rough count
        try:
            return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))
        except OSError:
            return None


def outputs(result: Result, out: Path) -> tuple[Path | None, list[Path]]:
    """The brochure and the one-pagers a build wrote (from --json, else from the folder)."""
    data = result.json()
    if data and isinstance(data.get("outputs"), list):
        brochure = next((Path(o["path"]) for o in data["outputs"] if o.get("kind") == "brochure"), None)
        singles = sorted(Path(o["path"]) for o in data["outputs"] if o.get("kind") == "one-pager")
        return brochure, singles
    pdfs = sorted(out.glob("*.pdf"))
    return (pdfs[0] if pdfs else None), sorted((out / "one-pagers").glob("*.pdf"))


def file_size(path: Path | None) -> int | None:
    try:
        return path.stat().st_size if path else None
    except OSError:
        return None


def compare(a: tuple[Path | None, list[Path]], b: tuple[Path | None, list[Path]]) -> tuple[int, list[str]]:
    """Compare two builds' PDFs byte for byte: (files compared, names that differ or are missing)."""
    pairs = []
    if a[0] or b[0]:
        pairs.append((a[0], b[0]))
    names_a = {p.name: p for p in a[1]}
    names_b = {p.name: p for p in b[1]}
    for name in sorted(set(names_a) | set(names_b)):
        pairs.append((names_a.get(name), names_b.get(name)))
    differ = []
    for x, y in pairs:
        if x is None or y is None or not x.exists() or not y.exists() or not filecmp.cmp(x, y, shallow=False):
            differ.append((x or y).name)
    return len(pairs), differ

