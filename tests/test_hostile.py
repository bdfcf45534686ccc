"""Hostile and broken case studies: nothing leaks, nothing is fetched, every bad file is named."""

from __future__ import annotations

import http.server
import struct
import threading
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from brochure.config import load_config

from conftest import build_site, output_pdfs

SECRET = "CANARY-7f3a9c-SECRET"


class Listener:
    """An HTTP server on 127.0.0.1 that records every request it receives."""

    def __init__(self):
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(SECRET.encode())

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def all_bytes(path: Path) -> bytes:
    """The PDF's raw bytes and every stream decompressed."""
    reader = PdfReader(path)
    chunks = [path.read_bytes()]
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    assert numbers
    for number, generation in sorted(numbers):
        try:
            obj = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:
            continue
        if isinstance(obj, StreamObject):
            try:
                chunks.append(obj.get_data())
            except Exception:
                pass
    return b"".join(chunks)


def assert_clean(pdf: Path):
    data = all_bytes(pdf)
    assert SECRET.encode() not in data, pdf.name
    assert SECRET not in "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    root = PdfReader(pdf).trailer["/Root"]
    names = root.get("/Names")
    assert not names or "/EmbeddedFiles" not in names.get_object(), pdf.name
    for page in PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"


def vectors(secret: Path, url: str) -> dict[str, str]:
    s = secret.as_uri()
    return {
        "img_file": f'<img src="{s}">',
        "md_relative_escape": "![x](../../../../../secret.txt)\n\n![y](/../../secret.txt)",
        "img_http": f'<img src="{url}/img.png">\n\n![z]({url}/md.png)',
        "link_stylesheet": f'<link rel="stylesheet" href="{url}/x.css"><link rel="stylesheet" href="{s}">',
        "style_import": f'<style>@import url("{url}/i.css"); @import url("{s}"); body {{ background: url({s}) }}</style>',
        "style_attribute": f'<div style="background: url({url}/bg.png)">a</div><div style="background-image:url({s})">b</div>',
        "font_face": f'<style>@font-face {{ font-family: x; src: url({url}/f.woff) }} p {{ font-family: x }}</style>',
        "object_embed": f'<object data="{s}"></object><embed src="{s}"><iframe src="{url}/frame"></iframe>',
        "attachment": f'<a rel="attachment" href="{s}">a</a><link rel="attachment" href="{s}">'
                      f'<a rel="attachment" href="{url}/att">b</a>',
        "base_href": f'<base href="{url}/">\n\n<img src="relative.png">\n\n<base href="file:///">\n\n<img src="{secret.as_posix().lstrip("/")}">',
        "symlink": "![l](/images/leak.png)",
        "svg_image_inside": "![svg](/images/evil.svg)",
        "script": f'<script>fetch("{url}/js")</script><img src=x onerror="fetch(\'{url}/onerror\')">',
        "link_to_file": f"[clic]({s}) <a href=\"{s}\">brut</a>",
        "front_matter": "",  # its front matter carries the hostile URLs
    }


@pytest.fixture
def hostile_site(site, tmp_path, listener):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    files = {}
    for name, body in vectors(secret, listener.url).items():
        extra = ""
        if name == "front_matter":
            extra = f'image: "{listener.url}/logo.png"\ntopPicto: "{secret.as_uri()}"\n'
        files[f"{name}.md"] = f"---\ntitle: {name}\nprojects: [collectivites]\n{extra}---\n{body}\n\nTexte visible de {name}.\n"
    root = site(files)
    (root / "static/images/leak.png").symlink_to(secret)
    (root / "static/images/evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">'
        f'<image href="{listener.url}/svg.png" width="10" height="10"/>'
        f'<image xlink:href="{secret.as_uri()}" width="10" height="10"/></svg>')
    return root


@pytest.mark.parametrize("svg", ["image", "vector"])
def test_no_secret_no_request_no_embedded_file(hostile_site, listener, svg):
    report = build_site(hostile_site, overrides={"output.svg": svg})
    pdfs = output_pdfs(hostile_site / "dist")
    assert len(pdfs) == len(vectors(Path("/x"), "")) + 1  # every case study built, and the brochure
    for pdf in pdfs:
        assert_clean(pdf)
    assert listener.requests == []
    assert report.errors == []
    text = "".join(p.extract_text() for p in PdfReader(hostile_site / "dist/references.pdf").pages)
    for name in vectors(Path("/x"), ""):
        assert f"Texte visible de {name}" in text.replace("\n", " ")
    assert any("refused" in w.message or "not found" in w.message for w in report.warnings)


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


def test_resource_bombs_fail_their_case_only(site, tmp_path):
    lol = '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n' + "".join(
        f'<!ENTITY a{i} "{("&a;" if i == 1 else f"&a{i - 1};") * 10}">\n' for i in range(1, 10)
    ) + ']>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&a9;</text></svg>\n'
    root = site({
        "good.md": "---\ntitle: Bon\n---\nTexte.\n",
        "svg_bomb.md": "---\ntitle: Bombe SVG\n---\n![b](/images/bomb.svg)\n",
        "xxe.md": "---\ntitle: XXE\n---\n![b](/images/xxe.svg)\n",
        "pixels.md": "---\ntitle: Pixels\n---\n![b](/images/huge.png)\n",
        "nested.md": "---\ntitle: Imbriqué\n---\n" + "- " * 10000 + "x\n",
        "quotes.md": "---\ntitle: Citations\n---\n" + "> " * 10000 + "x\n",
    })
    (root / "static/images/bomb.svg").write_text(lol)
    (root / "static/images/xxe.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>')
    (root / "static/images/huge.png").write_bytes(png_header(30000, 30000))
    big = root / "content/references/big.md"
    with big.open("wb") as handle:  # 50 MB, mostly a hole on disk
        handle.write(b"---\ntitle: Gros\n---\n")
        handle.truncate(50 * 1024 * 1024)
    report = build_site(root)
    assert report.exit_code == 1
    failed = {Path(p.file).stem for p in report.errors}
    assert failed == {"svg_bomb", "xxe", "pixels", "nested", "quotes", "big"}
    assert all("\n" not in p.message for p in report.errors)
    assert [o.case for o in report.outputs if o.kind == "one-pager"] == ["good"]
    messages = " ".join(p.message for p in report.errors)
    assert "entities" in messages and "89 million pixels" in messages and "nested" in messages and "KiB" in messages


def test_broken_files_are_named_and_the_others_build(site):
    root = site({
        "good.md": "---\ntitle: Bon\nprojects: [collectivites]\n---\nTexte.\n",
        "bad_yaml.md": "---\ntitle: [\n---\n",
        "bad_toml.md": "+++\ntitle = \n+++\n",
        "bad_json.md": '{"title": }\n',
        "no_front_matter.md": "# Titre\n",
        "empty_front_matter.md": "---\n---\nCorps\n",
        "empty.md": "",
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        "weight_abc.md": "---\ntitle: W\nweight: abc\n---\n",
        "bad_date.md": "---\ntitle: D\ndate: 2024-13-45\n---\n",
        "numeric_title.md": "---\ntitle: 2024\nprojects: [collectivites]\n---\nTitre numérique.\n",
        "projects_string.md": "---\ntitle: P\nprojects: collectivites\n---\nTexte.\n",
        "word.md": "---\ntitle: Word\nprojects: [collectivites]\n---\nL’été à Noël\n".encode("cp1252"),
        "dup_a.md": "---\ntitle: A\nslug: same\n---\n",
        "dup_b.md": "---\ntitle: B\nslug: same\n---\n",
    })
    report = build_site(root)
    assert report.exit_code == 1
    failed = {Path(p.file).name for p in report.errors}
    assert failed == {"bad_yaml.md", "bad_toml.md", "bad_json.md", "binary.md", "dup_b.md"}
    # what Hugo publishes (no front matter, an empty file, a weight or a date it cannot use) is built, with a warning
    warned = {Path(p.file).name for p in report.warnings}
    assert {"word.md", "empty_front_matter.md", "no_front_matter.md", "empty.md", "weight_abc.md", "bad_date.md"} <= warned
    built = {o.case for o in report.outputs if o.kind == "one-pager"}
    assert {"good", "numeric_title", "projects_string", "word", "same", "empty_front_matter", "no_front_matter",
            "empty", "weight_abc", "bad_date"} == built
    text = PdfReader(root / "dist/one-pagers/word.pdf").pages[0].extract_text()
    assert "L’été à Noël" in text


def test_strict_and_exit_codes(site):
    root = site({"a.md": "---\ntitle: A\n---\n![x](/images/nope.png)\n"})
    config = load_config(root / "brochure.toml")
    assert build_site(root, "d1", config=config).exit_code == 0
    assert build_site(root, "d2", config=config, strict=True).exit_code == 1


def test_content_files_are_never_written(hostile_site):
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (hostile_site / "content").rglob("*") if p.is_file()}
    build_site(hostile_site, brochure=False)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (hostile_site / "content").rglob("*") if p.is_file()}
    assert before == after


def test_allow_network_fetches_remote_images(site, listener):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    png = buffer.getvalue()

    class Png(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            listener.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    listener.server.RequestHandlerClass = Png
    root = site({"remote.md": f"---\ntitle: R\n---\n![r]({listener.url}/r.png)\n"})
    config = load_config(root / "brochure.toml")
    report = build_site(root, "off", config=config, brochure=False)
    assert listener.requests == [] and any("--allow-network" in w.message for w in report.warnings)
    report = build_site(root, "on", config=config, brochure=False, allow_network=True)
    assert listener.requests and report.exit_code == 0
    assert len(PdfReader(root / "on/one-pagers/remote.pdf").pages[0].images) >= 1
