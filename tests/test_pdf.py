import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure import pdf
from brochure.errors import RenderError


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
    assert any("refused" in m for m in result.messages)


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
