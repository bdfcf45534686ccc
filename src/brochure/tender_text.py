"""Reading a consultation's documents (``brochure suggest``): PDF, DOCX, ODT, plain text and
Markdown, to plain text. Every document comes from outside, so every read is bounded.

- A file over ``Limits.file_bytes`` is refused before it is opened.
- A PDF is read in a child process with a time and memory budget (``bounded.run``),
  ``Limits.pages`` pages at most: pypdf opens it, poppler's pdftotext (when installed) or else
  pypdf extracts the text; an encrypted PDF that needs a password, and a PDF without a text
  layer (a scan), are one-line errors.
- A DOCX or an ODT is a ZIP of XML files: the archive's member count, the declared size of the
  one member read and the bytes really inflated (read in a stream, stopped at the cap) are
  capped, so that a ZIP bomb costs at most the cap; the XML is parsed as a stream with
  defusedxml (no DTD, no entities), each paragraph dropped once read.
- The text of any document is cut at ``Limits.text_chars`` (``TenderDocument.truncated``).

Headings the file marks (a DOCX heading style, an ODT ``text:h``) are written ``# …`` as in
Markdown, so that the ranking can tell the sections apart as it does in a Markdown file.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError
from .models import TenderDocument

MIB = 1024 * 1024
SUFFIXES = (".pdf", ".docx", ".odt", ".txt", ".md")
_MAGIC = {b"%PDF-": "a PDF", b"PK\x03\x04": "a ZIP archive (a DOCX or an ODT?)"}
_EXPECTED = {".pdf": "a PDF", ".docx": "a ZIP archive (a DOCX or an ODT?)", ".odt": "a ZIP archive (a DOCX or an ODT?)"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODT_TYPE = b"application/vnd.oasis.opendocument.text"
_HEADING_STYLE = re.compile(r"heading|titre|title|berschrift", re.I)  # Heading1, Titre2, Title…


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 64 * MIB  # any document
    pages: int = 300  # a PDF's pages read (the rest is left out: truncated)
    text_chars: int = 2_000_000  # a document's text (the rest is left out: truncated)
    seconds: float = 30.0  # reading one PDF
    memory: int = 1024 * MIB  # reading one PDF
    zip_members: int = 2000  # a DOCX or ODT
    xml_bytes: int = 16 * MIB  # the one XML member read from a DOCX or ODT, inflated
    xml_elements: int = 100_000  # XML elements in one paragraph of a DOCX or ODT
    min_letters: int = 40  # fewer letters than this in a PDF: a scan without text layer
    pdftotext: bool = True  # poppler's pdftotext, when installed, extracts a PDF's text (pypdf otherwise)


def read_document(path: Path, limits: Limits = Limits()) -> TenderDocument:
    """The text of one document; ``DocumentError`` (one line, naming the file) when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(f"unsupported file type {suffix or '(no extension)'}: give a PDF, DOCX, ODT, "
                            "TXT or MD file", path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DocumentError("not a file", path)
        if size > limits.file_bytes:
            raise DocumentError(f"too large ({size / MIB:.1f} MiB, the cap is {limits.file_bytes / MIB:g} MiB)", path)
        with path.open("rb") as file:
            start = file.read(8)
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}", path) from None
    _check_kind(path, suffix, start)
    if suffix == ".pdf":
        return _pdf(path, limits)
    if suffix in (".docx", ".odt"):
        lines = _docx(path, limits) if suffix == ".docx" else _odt(path, limits)
        return _document(path, "\n".join(lines), limits)
    return _document(path, _plain(path, limits), limits)


def _check_kind(path: Path, suffix: str, start: bytes) -> None:
    """The file is what its name says: a PDF starts with ``%PDF-``, a DOCX or ODT is a ZIP."""
    found = next((kind for magic, kind in _MAGIC.items() if start.startswith(magic)), None)
    expected = _EXPECTED.get(suffix)
    if expected and found != expected:
        raise DocumentError(f"not {expected} as its name {suffix} says: it is {found or 'something else'}", path)
    if not expected and found:
        raise DocumentError(f"not text as its name {suffix} says: it is {found}", path)


def _document(path: Path, text: str, limits: Limits, pages: int = 0, truncated: bool = False) -> TenderDocument:
    if len(text) > limits.text_chars:
        text, truncated = text[:limits.text_chars], True
    if not re.search(r"[^\W\d_]", text):
        raise DocumentError("no text in the document", path)
    return TenderDocument(name=path.name, text=text, pages=pages, truncated=truncated)


def _plain(path: Path, limits: Limits) -> str:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        raise DocumentError(f"a binary file, not text as its name {path.suffix} says", path)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# PDF: pypdf in a child process with a time and memory budget

def _pdf(path: Path, limits: Limits) -> TenderDocument:
    from . import bounded

    tool = shutil.which("pdftotext") if limits.pdftotext else None
    result, stopped = bounded.run(pdf_text, (str(path), limits.pages, limits.text_chars, tool, limits.seconds),
                                  limits.seconds, limits.memory)
    if stopped:
        raise DocumentError(f"reading the PDF {stopped}", path)
    problem, text, pages, truncated = result
    if problem:
        raise DocumentError(problem, path)
    if sum(c.isalpha() for c in text) < limits.min_letters:
        raise DocumentError(f"a scanned PDF with no text layer ({pages} page{'s' if pages > 1 else ''}): "
                            "run OCR on it first (e.g. ocrmypdf) or give the DOCX or ODT", path)
    return _document(path, text, limits, pages, truncated)


def pdf_text(name: str, max_pages: int, max_chars: int, tool: str | None = None,
             seconds: float = 30.0) -> tuple[str, str, int, bool]:
    """(problem, text, pages, truncated), run in the child process: the text of the first pages.
    pypdf opens the file (encryption, pages); ``tool``, poppler's pdftotext, reads the text when
    given (twenty to thirty times faster than pypdf; it inherits the child's memory and CPU caps)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(name)
        if reader.is_encrypted and not _decrypted(reader):
            return "an encrypted PDF: it needs a password to be read (save a copy without one)", "", 0, False
        pages = len(reader.pages)
        text = _pdftotext(tool, name, max_pages, seconds) if tool else None
        if text is not None:
            return "", text, pages, pages > max_pages or len(text) > max_chars
        texts, size = [], 0
        for page in reader.pages[:max_pages]:
            texts.append(page.extract_text() or "")
            size += len(texts[-1])
            if size > max_chars:
                break
        return "", "\n".join(texts), pages, pages > max_pages or size > max_chars
    except DependencyError:
        return "an encrypted PDF (AES): reading it needs the 'cryptography' package", "", 0, False
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return f"not a readable PDF ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})", "", 0, False


def _pdftotext(tool: str, name: str, max_pages: int, seconds: float) -> str | None:
    """The text of the first pages by pdftotext, None when it fails (then pypdf reads it)."""
    try:
        done = subprocess.run([tool, "-q", "-l", str(max_pages), "-enc", "UTF-8", "--", name, "-"],
                              capture_output=True, timeout=seconds, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace").replace("\f", "\n") if done.returncode == 0 else None


def _decrypted(reader) -> bool:
    """Whether the PDF opens without a password (encrypted only to restrict printing or copying)."""
    try:
        return bool(reader.decrypt(""))
    except Exception as exc:  # noqa: BLE001 - pypdf's DependencyError goes up to pdf_text
        if type(exc).__name__ == "DependencyError":
            raise
        return False


# DOCX and ODT: one XML member of a ZIP archive, read within caps, parsed with defusedxml

def _member(path: Path, names: tuple[str, ...], kind: str, limits: Limits) -> tuple[bytes, zipfile.ZipFile]:
    """The first of ``names`` found in the archive, inflated within the caps."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"not {kind} file: a broken ZIP archive ({exc})", path) from None
    infos = archive.infolist()
    if len(infos) > limits.zip_members:
        raise DocumentError(f"a ZIP archive of {len(infos)} files (the cap is {limits.zip_members}): "
                            f"not {kind} file this command reads", path)
    found = {info.filename: info for info in infos}
    info = next((found[name] for name in names if name in found), None)
    if info is None:
        raise DocumentError(f"not {kind} file: the archive has no {names[0]}", path)
    if info.file_size > limits.xml_bytes:
        raise DocumentError(f"{info.filename} declares {info.file_size / MIB:.0f} MiB uncompressed (the cap is "
                            f"{limits.xml_bytes / MIB:g} MiB): a ZIP bomb?", path)
    try:
        with archive.open(info) as stream:
            data = stream.read(limits.xml_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        raise DocumentError(f"{info.filename} cannot be inflated ({' '.join(str(exc).split())})", path) from None
    if len(data) > limits.xml_bytes:
        raise DocumentError(f"{info.filename} inflates to over {limits.xml_bytes / MIB:g} MiB, more than it "
                            "declares: a ZIP bomb?", path)
    return data, archive


def _units(path: Path, data: bytes, member: str, units: tuple[str, ...], text_of, limits: Limits) -> list[str]:
    """The text of each unit (paragraph, heading) of an XML member, parsed as a stream (defusedxml):
    a unit's elements are kept until it ends, every other element is dropped once read, so that
    memory follows the largest paragraph, not the document (at most ``limits.xml_elements`` elements)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    stack, lines, open_units, kept = [], [], 0, 0
    try:
        for event, node in iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                stack.append(node)
                open_units += node.tag in units
                kept += bool(open_units)
                if kept > limits.xml_elements:
                    raise DocumentError(f"{member}: a paragraph of over {limits.xml_elements:,} XML elements", path)
                continue
            stack.pop()
            if node.tag in units:
                open_units -= 1
                lines.append(text_of(node))
                kept = kept if open_units else 0
            if stack and (node.tag in units or not open_units):
                del stack[-1][-1]  # the node just read is its parent's last child
    except DefusedXmlException as exc:
        raise DocumentError(f"{member}: refused ({type(exc).__name__}): no DTD or entities are read", path) from None
    except ParseError as exc:
        raise DocumentError(f"{member}: not well-formed XML ({exc})", path) from None
    return [line for line in lines if line]


def _docx(path: Path, limits: Limits) -> list[str]:
    data, archive = _member(path, ("word/document.xml",), "a DOCX", limits)
    archive.close()
    return _units(path, data, "word/document.xml", (f"{W}p",), _docx_text, limits)


def _docx_text(paragraph) -> str:
    """A paragraph's text, ``# `` before it when its style is a heading's."""
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    heading = text and style is not None and _HEADING_STYLE.search(style.get(f"{W}val", ""))
    return f"# {text}" if heading else text


def _odt(path: Path, limits: Limits) -> list[str]:
    data, archive = _member(path, ("content.xml",), "an ODT", limits)
    try:
        kind = archive.read("mimetype")[:100] if "mimetype" in archive.namelist() else b""
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError):
        kind = b""
    archive.close()
    if kind and not kind.startswith(ODT_TYPE):
        raise DocumentError(f"not an ODT text document (its mimetype is {kind.decode('ascii', 'replace')})", path)
    return _units(path, data, "content.xml", (f"{TEXT}p", f"{TEXT}h"), _odt_line, limits)


def _odt_line(node) -> str:
    text = " ".join(_odt_text(node).split())
    return f"# {text}" if text and node.tag == f"{TEXT}h" else text


def _odt_text(node) -> str:
    """A paragraph's text: spans and links inside it, spaces and tabs; nested paragraphs (notes,
    frames) are left to their own turn."""
    parts, stack = [node.text or ""], [(child, 0) for child in reversed(list(node))]
    while stack:
        child, done = stack.pop()
        if done:
            parts.append(child.tail or "")
            continue
        stack.append((child, 1))
        if child.tag in (f"{TEXT}p", f"{TEXT}h", f"{TEXT}note"):
            continue
        if child.tag in (f"{TEXT}s", f"{TEXT}tab", f"{TEXT}line-break"):
            parts.append(" ")
        parts.append(child.text or "")
        stack.extend((grandchild, 0) for grandchild in reversed(list(child)))
    return "".join(parts)
