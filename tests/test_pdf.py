import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure import pdf, weasy
from brochure.errors import RenderError

from conftest import ROOT


def test_fetcher_serves_files_inside_roots_only(tmp_path: Path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.css").write_text("p{}")
    (tmp_path / "secret.txt").write_text("TOPSECRET")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = pdf.SandboxFetcher((root,))
    assert fetcher.fetch((root / "a.css").as_uri()).read() == b"p{}"
    for url in ((tmp_path / "secret.txt").as_uri(), (root / "link.txt").as_uri(), (root / ".." / "secret.txt").as_uri(),
                "http://127.0.0.1:9/x", "ftp://x/y", "file://otherhost/etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_fetcher_size_cap(tmp_path: Path):
    (tmp_path / "big.png").write_bytes(b"0" * 2048)
    fetcher = pdf.SandboxFetcher((tmp_path,), max_bytes=1024)
    with pytest.raises(ValueError):
        fetcher.fetch((tmp_path / "big.png").as_uri())


def test_secret_never_reaches_the_pdf(tmp_path: Path):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("TOPSECRET")
    html = (f'<p>x</p><img src="{(tmp_path / "secret.txt").as_uri()}">'
            f'<a rel="attachment" href="{(tmp_path / "secret.txt").as_uri()}">a</a>'
            f'<link rel="stylesheet" href="{(tmp_path / "secret.txt").as_uri()}">')
    result = pdf.write(pdf.render(html, root.as_uri() + "/", (root,)))
    assert b"TOPSECRET" not in result.data
    reader = PdfReader(io.BytesIO(result.data))
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    assert any("refused" in m for _url, m in result.refused)


def test_weasyprint_log_lines_are_captured(tmp_path: Path):
    result = pdf.write(pdf.render("<style>p { colr: red }</style><p>x</p>", tmp_path.as_uri() + "/", (tmp_path,)))
    assert any("colr" in m for m in result.messages)
    assert result.pages == 1


def test_capture_does_not_leak_to_the_root_logger(tmp_path: Path, caplog):
    with caplog.at_level(logging.WARNING):
        pdf.write(pdf.render("<style>p { colr: red }</style><p>x</p>", tmp_path.as_uri() + "/", (tmp_path,)))
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]


def test_svg_reaches_the_pdf_as_an_image(tmp_path: Path):
    (tmp_path / "p.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32">'
                                    '<rect width="64" height="32" fill="red"/></svg>')
    result = pdf.write(pdf.render('<img src="p.svg">', tmp_path.as_uri() + "/", (tmp_path,)))
    images = PdfReader(io.BytesIO(result.data)).pages[0].images
    assert len(images) == 1 and images[0].image.width >= 190  # 64 px shown at 300 dpi


def test_svg_cannot_fetch_what_it_references(tmp_path: Path):
    (tmp_path / "secret.png").write_bytes(b"not really")
    (tmp_path / "p.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                    f'<image href="{(tmp_path / "secret.png").as_uri()}" width="10" height="10"/></svg>')
    result = pdf.write(pdf.render('<img src="p.svg">', tmp_path.as_uri() + "/", (tmp_path,)))
    assert b"not really" not in result.data


def test_max_pages_keeps_the_first(tmp_path: Path):
    html = '<p style="break-after: page">1</p><p>2</p>'
    rendered = pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,))
    assert rendered.pages == 2
    result = pdf.write(rendered, max_pages=1)
    assert result.pages == 1 and len(PdfReader(io.BytesIO(result.data)).pages) == 1


def test_render_errors_are_one_line(tmp_path: Path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bad\nthing")

    monkeypatch.setattr(pdf.HTML, "render", boom)
    with pytest.raises(RenderError) as err:
        pdf.render("<p>x</p>", tmp_path.as_uri() + "/", (tmp_path,))
    assert "\n" not in str(err.value)


LISTS = ("<style>li::marker { color: #c00 }</style>"
         "<ol><li>un</li><li>deux<ul><li>a</li><li>b</li></ul></li></ol><p>texte <em>suivi</em></p>")


def test_lean_user_agent_stylesheet_gives_the_same_pdf(tmp_path: Path, monkeypatch):
    lean = pdf.write(pdf.render(LISTS, tmp_path.as_uri() + "/", (tmp_path,))).data
    monkeypatch.setattr(weasy, "LeanHTML", pdf.HTML)  # WeasyPrint's own stylesheet
    full = pdf.write(pdf.render(LISTS, tmp_path.as_uri() + "/", (tmp_path,))).data
    assert lean == full
    text = PdfReader(io.BytesIO(lean)).pages[0].extract_text()
    assert "1." in text and "2." in text and "deux" in text


CONTENTS = ("<style>a.toc::after { content: target-counter(attr(href), page) }"
            " h2 { break-before: page }</style>"
            '<a class="toc" href="#b">B page </a>'
            '<h2 id="a">A</h2><p>un</p><h2 id="b">B</h2><p>deux</p>')


def test_what_the_layout_no_longer_reads_is_freed_between_passes(tmp_path: Path, monkeypatch):
    import gc

    from weasyprint import document, layout

    trees = []
    original = document.layout_document
    monkeypatch.setattr(document, "layout_document", lambda html, root, *a: trees.append(root) or original(html, root, *a))
    passes, tree = layout.make_all_pages, document.layout_document
    calls = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append(a) or 0)
    rendered = pdf.render(CONTENTS, tmp_path.as_uri() + "/", (tmp_path,))
    assert calls  # a contents with page numbers is laid out again: collected before each later pass
    assert trees and trees[0].children == []  # the tree built from the HTML, let go once laid out
    assert layout.make_all_pages is passes and document.layout_document is tree  # WeasyPrint is left as it was
    data = pdf.write(rendered).data
    assert "B page 3" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert [o.title for o in PdfReader(io.BytesIO(data)).outline] == ["A", "B"]
    calls.clear()
    pdf.render("<p>x</p>", tmp_path.as_uri() + "/", (tmp_path,))
    assert calls == []  # one pass: nothing to collect


@pytest.mark.parametrize("css, full", [
    (".footnotes { font-size: 8pt }", False),  # markdown-it's footnote list: plain HTML
    ("aside { float: footnote }", True),
    ("aside { float:footnote }", True),
    ("::footnote-call { color: red }", True),
    ("aside { position: note(side) }", True),
    ("@import url(other.css);", True),
])
def test_footnotes_and_notes_keep_the_full_user_agent_stylesheet(tmp_path: Path, css, full):
    (tmp_path / "theme.css").write_text(css)
    linked = f'<link rel="stylesheet" href="{(tmp_path / "theme.css").as_uri()}"><p>x</p>'
    assert pdf._needs_full_ua(linked, (tmp_path,)) is full
    (tmp_path / "theme").write_text(css)  # a stylesheet need not end in .css
    linked = f'<link href="{(tmp_path / "theme").as_uri()}" rel=stylesheet><p>x</p>'
    assert pdf._needs_full_ua(linked, (tmp_path,)) is full
    assert pdf._needs_full_ua(f"<style>{css}</style><p>x</p>", (tmp_path,)) is full


def test_css_footnotes_still_get_their_call_numbers(tmp_path: Path):
    html = ("<style>@page { size: A6 } .fn { float: footnote }</style>"
            "<p>Texte<span class=fn>Source : Insee.</span> suivi.</p>")
    result = pdf.write(pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,)))
    text = PdfReader(io.BytesIO(result.data)).pages[0].extract_text()
    assert "Texte1" in text.replace(" ", "") and "1. Source" in text


@pytest.mark.parametrize("variant", [None, "pdf/ua-1"])
def test_writing_once_frees_the_layout_and_gives_the_same_pdf(tmp_path: Path, variant):
    html = ('<html lang="fr"><title>t</title><h1>Titre</h1><p style="break-after: page">' + "mot " * 400
            + '</p><p><a href="#x">lien</a></p><h2 id="x">Fin</h2>')
    kept = pdf.write(pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,), variant=variant)).data
    rendered = pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,), variant=variant)
    result = pdf.write(rendered, once=True)
    assert result.data == kept and result.pages == 2
    released = [page._page_box is None for page in rendered.document.pages]
    assert released == ([False, False] if variant else [True, True])  # tagging reads the layout after painting


@pytest.mark.parametrize("variant, claim_ua, claims", [
    ("pdf/a-2b+ua-1", True, {"pdfaid", "pdfuaid"}), ("pdf/a-2b+ua-1", False, {"pdfaid"}), ("pdf/ua-1", True, {"pdfuaid"}),
    ("pdf/ua-1", False, set()), ("pdf/a-3b", True, {"pdfaid"}), (None, True, set())])
def test_a_file_claims_the_standards_it_is_written_for(tmp_path: Path, variant, claim_ua, claims):
    """``claim_ua=False`` (a bid with annexes): tagged all the same, without PDF/UA's identification."""
    html = '<html lang="fr"><title>t</title><h1>Titre</h1><p>Texte</p>'
    data = pdf.write(pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,), variant=variant), claim_ua=claim_ua).data
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8") if "/Metadata" in root else ""
    assert {name for name in ("pdfaid", "pdfuaid") if f"{name}:part=" in xmp} == claims
    assert ("pdfaSchema:prefix>pdfuaid<" in xmp) is ("pdfaid" in claims and "pdfuaid" in claims)
    assert ("/StructTreeRoot" in root) is ("ua-1" in (variant or ""))


def test_a_text_whose_trailing_space_overflows_keeps_its_words_on_the_line():
    """WeasyPrint 70 counted the space before ``<code>`` as part of the line: at some widths it
    then hyphenated the line's first word and ended the line there ("observab-" / "ility,")."""
    words = ("We carved the 1,412-resource state into <strong>31 scoped Spacelift stacks</strong>, each owning a "
             "coherent slice of infrastructure (one per product team’s service tier, plus the shared networking, "
             "observability, and ML-platform stacks). Every migration step was done with <code>tofu state mv</code> "
             "and module refactoring — never a destroy-and-recreate. Three months in, <strong>we had not lost a "
             "single resource.</strong>")
    widths = [w / 2 for w in range(150, 190)]  # 75 to 94.5 mm: the bug showed at two of them
    body = "".join(f'<div class="case-body" style="width:{w}mm; font-size: 7.58pt; break-after: page"><p>{words}</p></div>'
                   for w in widths)
    html = (f'<html lang="en"><link rel="stylesheet" href="{(ROOT / "styles/common.css").as_uri()}">'
            f"<style>@page {{ size: A4 }}</style>{body}</html>")
    from weasyprint.layout import inline

    split = inline.split_first_line
    reader = PdfReader(io.BytesIO(pdf.write(pdf.render(html, ROOT.as_uri() + "/", (ROOT,))).data))
    assert inline.split_first_line is split  # WeasyPrint is left as it was
    assert len(reader.pages) == len(widths)
    for width, page in zip(widths, reader.pages):
        lines = page.extract_text().splitlines()
        longest = max(len(line) for line in lines)
        assert [line for line in lines[:-1] if len(line) < 0.6 * longest] == [], width


def test_characters_no_font_has_are_reported_in_one_line(tmp_path: Path):
    """WeasyPrint logs each missing character on its own: 24 lines for one page of Chinese."""
    html = "<p>Texte \U0010fffd et \U0010fffc puis \U0010fffd.</p>"  # private-use characters: no font has them
    result = pdf.write(pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,)))
    missing = [m for m in result.messages if "no font has" in m]
    assert len(missing) == 1 and "notdef" not in " ".join(result.messages)
    assert set(missing[0].split(": ", 1)[1].split(" (")[0].split()) == {"\U0010fffd", "\U0010fffc"}
    assert "private-use" in missing[0]


def test_characters_no_font_has_stay_in_the_text_and_leave_the_rest_readable(tmp_path: Path):
    """WeasyPrint drew them as .notdef under an encoding of its own for the whole font: pypdf
    then read every word of that font as garbage. They are drawn as boxes from a font of their
    own, and every word, theirs included, is extracted as written."""
    text = "Texte accentué \U0010fffd et \U0010fffc puis \U0010fffd, fin."
    html = f'<html><head><title>\U0010fffd titre</title></head><body><p title="\U0010fffc">{text}</p></body></html>'
    rendered = pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,))
    assert rendered.missing == {"\U0010fffd", "\U0010fffc"}
    reader = PdfReader(io.BytesIO(pdf.write(rendered).data))
    assert reader.pages[0].extract_text().split() == text.split()
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert {str(f["/Encoding"]) for f in fonts} == {"/Identity-H"}  # no encoding of WeasyPrint's own
    assert any("brochure-missing-glyph" in str(f["/BaseFont"]) for f in fonts)


@pytest.mark.parametrize("html", [
    '<p lang="en" style="width: 24mm; hyphens: auto">Observability <b>x</b></p>',  # a word too long for the line
    '<p lang="en" style="width: 30mm; hyphens: auto">A <i>b</i> infrastructure <b>x</b></p>',  # ... not at its start
    '<p lang="en" style="width: 24mm">Observabilityengineering <b>x</b></p>',  # no hyphenation: it overflows alone
    '<p style="width: 30mm; white-space: pre">keep   this as it is <b>x</b></p>',
])
def test_words_that_do_not_fit_are_broken_as_weasyprint_breaks_them(tmp_path: Path, monkeypatch, html):
    """The trailing-space workaround changes nothing when the words themselves are too wide."""
    import contextlib

    def text(document: str) -> str:
        result = pdf.write(pdf.render(document, tmp_path.as_uri() + "/", (tmp_path,)))
        return PdfReader(io.BytesIO(result.data)).pages[0].extract_text()

    patched = text(html)
    monkeypatch.setattr(weasy, "trailing_space_hangs", contextlib.nullcontext)
    assert patched == text(html)


EMOJI = ("---\ntitle: Sols vivants\nprojects: [collectivites]\n---\n"
         "Des vers de terre 🪱 et une fusée 🚀 dans un texte accentué, sans rien perdre.\n")
NO_EMOJI_FONT = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="family"><string>Noto Color Emoji</string></patelt></pattern>
    <pattern><patelt name="family"><string>Noto Emoji</string></patelt></pattern>
    <pattern><patelt name="family"><string>Symbola</string></patelt></pattern>
  </rejectfont></selectfont>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def _emoji_build(root: Path, env: dict | None = None) -> tuple[subprocess.CompletedProcess, str, set[str]]:
    run = subprocess.run([sys.executable, "-m", "brochure", "build", "--out", str(root / "dist")], cwd=root,
                         capture_output=True, text=True, timeout=600, env=env)
    reader = PdfReader(root / "dist" / "one-pagers" / "sols-vivants.pdf")
    fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    text = " ".join(reader.pages[0].extract_text().split()).replace("\u2010 ", "")  # words hyphenated at a line end
    return run, text, fonts


def test_emoji_are_drawn_in_colour_with_the_emoji_font(site):
    """.ci/run and the README install fonts-noto-color-emoji: emoji come out in colour."""
    run, text, fonts = _emoji_build(site({"sols-vivants.md": EMOJI}))
    assert run.returncode == 0 and "no font has" not in run.stderr, run.stderr
    assert "vers de terre 🪱 et une fusée 🚀 dans un texte accentué" in text
    assert any("Emoji" in font for font in fonts), f"no colour emoji font used (fonts-noto-color-emoji?): {fonts}"


def test_without_an_emoji_font_the_text_stays_whole_and_the_warning_names_the_package(site, tmp_path):
    """One emoji no font had switched the whole body font to an encoding pypdf misreads, and the
    warning suggested a CJK font."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_EMOJI_FONT.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    run, text, fonts = _emoji_build(site({"sols-vivants.md": EMOJI}), env)
    assert run.returncode == 0, run.stderr
    warned = [line for line in run.stderr.splitlines() if "no font has" in line]
    assert len(warned) == 1 and "sols-vivants.md" in warned[0] and "fonts-noto-color-emoji" in warned[0]
    assert "cjk" not in warned[0].lower()
    assert "vers de terre 🪱 et une fusée 🚀 dans un texte accentué, sans rien perdre" in text
    assert not any("Emoji" in font for font in fonts)
