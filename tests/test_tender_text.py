"""Reading a consultation's documents (brochure suggest): each file type, and each bad input as a
one-line error naming the file, bounded in size and memory."""

import io
import os
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from brochure.errors import DocumentError
from brochure.tender_text import Limits, read_document

OBJET = "Objet : assistance à maîtrise d'ouvrage pour l'ouverture des données de transport"
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
              'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_xml(paragraphs: list[tuple[str | None, str]]) -> str:
    styled = '<w:pPr><w:pStyle w:val="{}"/></w:pPr>'
    body = "".join(f"<w:p>{styled.format(style) if style else ''}<w:r><w:t>{text}</w:t></w:r><w:r><w:tab/></w:r></w:p>"
                   for style, text in paragraphs)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def pdf_of(html: str, path: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def two_page_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    return pdf_of(f"<h1>Règlement de la consultation</h1><p>{OBJET}</p>"
                  "<p style='break-before: page'>Critères de jugement des offres : valeur technique.</p>",
                  folder / "rc.pdf")


@pytest.fixture(params=["pdftotext", "pypdf"])
def pdf_limits(request) -> Limits:
    """Each PDF test with either text extractor (pdftotext is used when installed)."""
    if request.param == "pdftotext" and not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    return Limits(pdftotext=request.param == "pdftotext")


def test_pdf_text_and_pages(two_page_pdf, pdf_limits):
    document = read_document(two_page_pdf, pdf_limits)
    assert document.pages == 2 and not document.truncated
    assert "ouverture des données de transport" in " ".join(document.text.split())
    assert "Critères de jugement" in document.text


def test_pdf_page_cap_reads_the_first_pages(two_page_pdf, pdf_limits):
    document = read_document(two_page_pdf, replace(pdf_limits, pages=1))
    assert document.truncated and "Critères" not in document.text and "transport" in document.text


def test_docx_paragraphs_and_headings(tmp_path):
    xml = docx_xml([("Heading1", "Objet de la consultation"), (None, OBJET), ("Titre2", "Contexte du projet")])
    path = write_zip(tmp_path / "cctp.docx", {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": xml})
    assert read_document(path).text.splitlines() == ["# Objet de la consultation", OBJET, "# Contexte du projet"]


def test_odt_paragraphs_headings_spans_and_spaces(tmp_path):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               '<text:h text:outline-level="1">Objet du marché</text:h>'
               '<text:p>Ouverture des <text:span>données</text:span><text:s/>de transport</text:p>'
               '<text:list><text:list-item><text:p>Horaires GTFS</text:p></text:list-item></text:list>'
               '</office:text></office:body></office:document-content>')
    path = write_zip(tmp_path / "cctp.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                             "content.xml": content})
    assert read_document(path).text.splitlines() == ["# Objet du marché", "Ouverture des données de transport",
                                                     "Horaires GTFS"]


def test_text_and_markdown_files(tmp_path):
    (tmp_path / "rc.txt").write_bytes(OBJET.encode("cp1252"))  # not UTF-8: read as Windows' encoding
    (tmp_path / "rc.md").write_text(f"# Objet\n\n{OBJET}\n", encoding="utf-8-sig")
    assert read_document(tmp_path / "rc.txt").text == OBJET
    assert read_document(tmp_path / "rc.md").text.startswith("# Objet")


def test_text_cap(tmp_path):
    (tmp_path / "long.txt").write_text("transport " * 100, encoding="utf-8")
    document = read_document(tmp_path / "long.txt", Limits(text_chars=50))
    assert document.truncated and len(document.text) == 50


def error(path: Path, limits: Limits = Limits()) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(path, limits)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path)), message
    return caught.value.message


def test_scanned_pdf_without_text_layer(tmp_path, pdf_limits):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.write(tmp_path / "scan.pdf")
    assert "scanned PDF with no text layer (2 pages)" in error(tmp_path / "scan.pdf", pdf_limits)


def test_encrypted_pdf_needs_a_password(two_page_pdf, tmp_path, pdf_limits):
    writer = PdfWriter(clone_from=PdfReader(two_page_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    message = error(tmp_path / "locked.pdf", pdf_limits)
    assert "encrypted PDF" in message and "password" in message


def test_pdf_encrypted_without_a_user_password_is_read(two_page_pdf, tmp_path, pdf_limits):
    """Encrypted only to restrict copying or printing: it opens without a password, so it is read."""
    writer = PdfWriter(clone_from=PdfReader(two_page_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    writer.write(tmp_path / "restricted.pdf")
    assert "transport" in read_document(tmp_path / "restricted.pdf", pdf_limits).text


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as file:  # sparse: 65 MiB on paper, nothing on disk
        file.write(b"%PDF-1.7\n")
        file.truncate(65 * 1024 * 1024)
    assert "too large (65.0 MiB, the cap is 64 MiB)" in error(path)


def test_docx_zip_bomb_declared_size(tmp_path):
    """A member that inflates to far more than the cap: refused from its declared size, not read."""
    xml = docx_xml([(None, "x")]).replace("</w:body>", " " * (20 * 1024 * 1024) + "</w:body>")
    path = write_zip(tmp_path / "bomb.docx", {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": xml})
    assert os.path.getsize(path) < 100_000
    assert "declares 20 MiB uncompressed" in error(path) and "ZIP bomb" in error(path)


def test_docx_zip_bomb_lying_about_its_size(tmp_path):
    """A member declaring a small size that inflates to more: at most the cap is inflated, then refused."""
    xml = docx_xml([(None, "x")]).replace("</w:body>", " " * (4 * 1024 * 1024) + "</w:body>").encode()
    path = write_zip(tmp_path / "liar.docx", {"word/document.xml": xml})
    data = bytearray(path.read_bytes())
    size = len(xml).to_bytes(4, "little")
    for found in range(2):  # the sizes in the local header and in the central directory
        at = data.find(size, data.find(b"word/document.xml") - 30 if not found else data.rfind(b"PK\x01\x02"))
        data[at:at + 4] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    message = error(path, Limits(xml_bytes=1024 * 1024))
    assert "word/document.xml" in message and ("cannot be inflated" in message or "ZIP bomb" in message)


def test_docx_with_too_many_members(tmp_path):
    path = write_zip(tmp_path / "many.docx", {f"word/media/{n}.xml": "" for n in range(30)})
    assert "a ZIP archive of 30 files (the cap is 20)" in error(path, Limits(zip_members=20))


def test_docx_with_entities_is_refused(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>'
              f'<w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    path = write_zip(tmp_path / "laughs.docx", {"word/document.xml": laughs})
    assert "refused" in error(path) and "no DTD or entities" in error(path)


def test_not_a_zip(tmp_path):
    (tmp_path / "cctp.docx").write_text("Objet : rien", encoding="utf-8")
    assert "not a ZIP archive (a DOCX or an ODT?) as its name .docx says: it is something else" in \
        error(tmp_path / "cctp.docx")


def test_broken_zip(tmp_path):
    (tmp_path / "cctp.odt").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert "broken ZIP archive" in error(tmp_path / "cctp.odt")


def test_wrong_extension(two_page_pdf, tmp_path):
    (tmp_path / "rc.docx").write_bytes(two_page_pdf.read_bytes())
    assert "it is a PDF" in error(tmp_path / "rc.docx")
    write_zip(tmp_path / "rc.pdf", {"word/document.xml": docx_xml([(None, OBJET)])})
    assert "not a PDF as its name .pdf says: it is a ZIP archive" in error(tmp_path / "rc.pdf")
    write_zip(tmp_path / "odt.docx", {"content.xml": "<x/>"})
    assert "not a DOCX file: the archive has no word/document.xml" in error(tmp_path / "odt.docx")
    (tmp_path / "rc.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "unsupported file type .doc" in error(tmp_path / "rc.doc")
    (tmp_path / "rc.txt").write_bytes(b"\x00\x01binary")
    assert "a binary file" in error(tmp_path / "rc.txt")


def test_missing_file(tmp_path):
    assert "cannot read" in error(tmp_path / "nope.pdf")


def test_pdf_reading_is_bounded_in_time(two_page_pdf):
    """The PDF is read in a child process that is stopped when its time is up."""
    assert "reading the PDF took over 0.01 s" in error(two_page_pdf, Limits(seconds=0.01))


def test_pdftotext_reads_the_first_pages(two_page_pdf):
    from brochure.tender_text import _pdftotext

    tool = shutil.which("pdftotext")
    if not tool:
        pytest.skip("poppler-utils' pdftotext is not installed")
    text = _pdftotext(tool, str(two_page_pdf), 1, 10.0)
    assert "transport" in text and "Critères" not in text
    assert _pdftotext(tool, str(two_page_pdf.parent / "missing.pdf"), 1, 10.0) is None  # then pypdf reads


def test_docx_is_read_as_a_stream_and_one_huge_paragraph_is_refused(tmp_path):
    """Each paragraph is dropped once read: many paragraphs are fine, one paragraph of too many
    elements (what would fill memory) is an error."""
    many = docx_xml([(None, f"mot{n}") for n in range(300)])
    path = write_zip(tmp_path / "many.docx", {"word/document.xml": many})
    assert len(read_document(path, Limits(xml_elements=50)).text.splitlines()) == 300
    huge = docx_xml([(None, "x")]).replace("<w:tab/>", "<w:tab/>" * 200)
    path = write_zip(tmp_path / "huge.docx", {"word/document.xml": huge})
    assert "a paragraph of over 50 XML elements" in error(path, Limits(xml_elements=50))


def test_odt_that_is_not_a_text_document(tmp_path):
    spreadsheet = write_zip(tmp_path / "prix.odt", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                                    "content.xml": "<x/>"})
    assert "not an ODT text document (its mimetype is application/vnd.oasis.opendocument.spreadsheet)" in \
        error(spreadsheet)
    word = write_zip(tmp_path / "cctp.odt", {"word/document.xml": docx_xml([(None, OBJET)])})
    assert "not an ODT file: the archive has no content.xml" in error(word)
