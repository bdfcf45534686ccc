"""Which files of a section are its pages, as Hugo finds them (leaf bundles, list pages, hidden
names). Only names are looked at: nothing here opens a file."""

from __future__ import annotations

import os
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")


def find_case_files(section_dir: Path) -> list[Path]:
    """Markdown files of a section that are pages (see :func:`find_case_entries`)."""
    return [p for p in find_case_entries(section_dir) if p.is_file() and not p.is_dir()]


# Hugo's content formats: a folder holding an index file in any of them is a leaf bundle
CONTENT_SUFFIXES = MARKDOWN_SUFFIXES + (".mdown", ".html", ".htm", ".adoc", ".asciidoc", ".ad", ".org",
                                        ".pandoc", ".pdc", ".rst")


def find_case_entries(section_dir: Path, *, section: bool = True) -> list[Path]:
    """What a section holds that may be a case study, as Hugo finds its pages: every Markdown name,
    be it a regular file or not (a folder, a FIFO, a broken link), and the folders that are links
    (never followed): ``reader.read_section`` reads the files and names the others.

    Hugo's rules: list pages (``_index.md``) are not case studies; in a leaf bundle (a folder
    holding ``index.md``, ``index.en.md``…) only the index is a page, every other file below it is
    a resource of that page (``bio.md`` beside ``index.md`` is no case study); a name starting
    with ``.`` or ``#`` is ignored; the pages of a sub-section (a folder with ``_index.md``) and
    of a plain folder are read too, as ``.RegularPagesRecursive`` lists them. ``section``: whether
    ``section_dir`` is the section itself (else a folder mounted below it, maybe a leaf bundle)."""
    entries = []
    for folder, dirs, files in os.walk(section_dir):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "#")))
        names = [f for f in files if not f.startswith((".", "#"))]
        if (here != section_dir or not section) and any(_is_index(f, "index", CONTENT_SUFFIXES) for f in names):
            entries += [here / f for f in names if _is_index(f, "index", MARKDOWN_SUFFIXES)]
            dirs[:] = []  # a leaf bundle: the rest is its resources
            continue
        entries += [here / d for d in dirs if (here / d).is_symlink() or Path(d).suffix.lower() in MARKDOWN_SUFFIXES]
        entries += [here / f for f in names
                    if Path(f).suffix.lower() in MARKDOWN_SUFFIXES and not _is_index(f, "_index", MARKDOWN_SUFFIXES)]
    return sorted(set(entries))


def _is_index(name: str, stem: str, suffixes: tuple[str, ...]) -> bool:
    """``name`` is ``index.md``, ``index.en.md``… (``stem``, maybe a language, one of ``suffixes``)."""
    base, suffix = os.path.splitext(name)
    return suffix.lower() in suffixes and base.partition(".")[0] == stem
