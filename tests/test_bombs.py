"""SVG bombs and file-system errors: one case study fails (or leaves the image out), the others build."""

from __future__ import annotations

import gzip
import os
import resource
import zlib
from pathlib import Path

import pytest

from brochure import assets, paths, pdf
from brochure.svg import SVG_RASTER_PIXELS, SvgBomb, svg_as_image

from conftest import build_site

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg(attributes: str, body: str = '<rect width="10" height="10"/>') -> str:
    return f"<svg {NS} {attributes}>{body}</svg>"


HUGE = {
    "declared": svg('width="30000" height="30000"'),
    "viewbox": svg('viewBox="0 0 30000 30000"'),
    "inches": svg('width="300in" height="300in"'),
    "exponent": svg('width="1e6px" height="1e6px"'),
    "infinite": svg('width="1e400" height="10"'),
    "styled": svg('style="width:30000px;height:30000px"'),
    "css": svg("", "<style>svg{width:30000px;height:30000px}</style>"),
}


def use_chain(levels: int = 12) -> str:
    body = '<defs><rect id="a0" width="1" height="1"/>' + "".join(
        f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, levels)) + "</defs>"
    return svg('width="10" height="10"', body + f'<use href="#a{levels - 1}"/>')


def pattern_chain(levels: int = 9) -> str:
    body = '<defs><pattern id="p0" width="1" height="1"><rect width="1" height="1"/></pattern>' + "".join(
        f'<pattern id="p{i}" width="1" height="1">' + f'<rect width="1" height="1" fill="url(#p{i - 1})"/>' * 10
        + "</pattern>" for i in range(1, levels)) + "</defs>"
    return svg('width="10" height="10"', body + f'<rect width="10" height="10" fill="url(#p{levels - 1})"/>')


def gzip_bomb(megabytes: int = 200) -> bytes:
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunks = [deflate.compress(f'<svg {NS} width="10" height="10">'.encode())]
    chunks += [deflate.compress(b" " * (1 << 20)) for _ in range(megabytes)]
    return b"".join(chunks) + deflate.compress(b"</svg>") + deflate.flush()


BOMBS = {
    **{f"{name}.svg": text.encode() for name, text in HUGE.items()},
    "uses.svg": use_chain().encode(),
    "patterns.svg": pattern_chain().encode(),
    "itself.svg": svg('width="10" height="10"', '<g id="a"><use xlink:href="#a"/></g>').encode(),
    "deep.svg": svg('width="10" height="10"', "<g>" * 300 + "</g>" * 300).encode(),
    "many.svg": svg('width="10" height="10"', "<g/>" * 150_000).encode(),
    "gzip.svgz": gzip_bomb(),
    "late_entities.svg": (b"<!--" + b" " * 70000 + b'-->\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                          + svg('width="10" height="10"', "<text>&a;</text>").encode()),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_image_problem_refuses_bombs_without_drawing(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BOMBS[name])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    problem = assets.image_problem(path)
    assert problem and "\n" not in problem and len(problem) < 200, problem
    with pytest.raises(SvgBomb):  # the renderer checks the same way, whatever reached it
        svg_as_image.__wrapped__(str(path), 0)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024  # KiB: nothing drawn


def test_declared_sizes_are_named(tmp_path):
    for name, text in HUGE.items():
        (tmp_path / f"{name}.svg").write_text(text)
    assert assets.image_problem(tmp_path / "declared.svg") == "declares 30000×30000 pixels (more than 89 million)"
    assert "28800×28800" in assets.image_problem(tmp_path / "inches.svg")
    assert "30000×30000" in assets.image_problem(tmp_path / "viewbox.svg")


def test_large_pattern_or_mask_is_drawn_apart_with_bounded_memory(tmp_path):
    for kind in ("pattern", "mask"):
        units = 'patternUnits="userSpaceOnUse"' if kind == "pattern" else 'maskUnits="userSpaceOnUse" x="0" y="0"'
        use = 'fill="url(#t)"' if kind == "pattern" else 'mask="url(#t)"'
        path = tmp_path / f"{kind}.svg"
        path.write_text(svg('width="3000" height="3000"', f'<defs><{kind} id="t" {units} width="30000" height="30000">'
                            f'<rect width="30000" height="30000" fill="white"/></{kind}></defs>'
                            f'<rect width="3000" height="3000" {use}/>'))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with pytest.raises(SvgBomb, match="cannot be drawn within"):
            svg_as_image.__wrapped__(str(path), 0)
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024


def test_ordinary_svgs_still_draw(tmp_path):
    small = svg('width="64" height="32"', '<rect width="64" height="32" fill="red"/>')
    tiles = svg('width="200" height="100"', '<defs><pattern id="p" patternUnits="userSpaceOnUse" width="10" height="10">'
                '<rect width="5" height="5"/></pattern><mask id="m"><rect width="200" height="100" fill="white"/></mask>'
                '</defs><rect width="200" height="100" fill="url(#p)" mask="url(#m)"/>')
    (tmp_path / "small.svg").write_text(small)
    (tmp_path / "small.svgz").write_bytes(gzip.compress(small.encode()))
    (tmp_path / "tiles.svg").write_text(tiles)
    (tmp_path / "wide.svg").write_text(svg('viewBox="0 0 9000 9000"'))  # 81 million: drawn smaller
    for name in ("small.svg", "small.svgz", "tiles.svg", "wide.svg"):
        assert assets.image_problem(tmp_path / name) is None, name
        assert 'href="data:image/png;base64,' in svg_as_image.__wrapped__(str(tmp_path / name), 0)


def test_scale_keeps_the_surface_under_the_cap(tmp_path, monkeypatch):
    from cairosvg import surface

    sizes = []
    original = surface.PNGSurface._create_surface
    monkeypatch.setattr(surface.PNGSurface, "_create_surface",
                        lambda self, w, h: sizes.append(w * h) or original(self, w, h))
    (tmp_path / "wide.svg").write_text(svg('width="9000" height="9000"'))
    svg_as_image.__wrapped__(str(tmp_path / "wide.svg"), 0)
    assert sizes and max(sizes) <= SVG_RASTER_PIXELS


def test_not_an_svg_is_a_warning(tmp_path):
    for name, data in {"text.svg": b"hello", "html.svg": b"<html><body/></html>",
                       "twice.svgz": gzip.compress(gzip.compress(b"<svg/>")), "cut.svgz": gzip.compress(b"<svg/>")[:12]}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(paths.Unreadable):
            assets.image_problem(tmp_path / name)


def test_svg_bombs_fail_their_case_study_only(site):
    files = {"good.md": "---\ntitle: Bon\n---\nTexte.\n"}
    for name in ("declared", "viewbox", "inches"):
        files[f"{name}.md"] = f"---\ntitle: {name}\n---\n![b](/images/{name}.svg)\n"
    files["uses.md"] = "---\ntitle: uses\n---\n![b](/images/uses.svg)\n"
    files["gzip.md"] = "---\ntitle: gzip\n---\n![b](/images/gzip.svgz)\n"
    root = site(files)
    for name in ("declared", "viewbox", "inches"):
        (root / f"static/images/{name}.svg").write_text(HUGE[name])
    (root / "static/images/uses.svg").write_bytes(BOMBS["uses.svg"])
    (root / "static/images/gzip.svgz").write_bytes(BOMBS["gzip.svgz"])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = build_site(root)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert {Path(p.file).stem for p in report.errors} == {"declared", "viewbox", "inches", "uses", "gzip"}
    assert [o.case for o in report.outputs if o.kind == "one-pager"] == ["good"]
    for problem in report.errors:
        assert "\n" not in problem.message and "internal error" not in problem.message
        assert problem.message.startswith("image /images/"), problem.message
    assert grown < 500 * 1024, f"{grown // 1024} MB"  # KiB


def test_raw_html_svg_bomb_is_refused_by_the_renderer(tmp_path):
    (tmp_path / "big.svg").write_text(HUGE["declared"])
    (tmp_path / "uses.svg").write_bytes(BOMBS["uses.svg"])
    for svg_images in (True, False):
        result = pdf.write(pdf.render('<img src="big.svg"><img src="uses.svg"><p>x</p>', tmp_path.as_uri() + "/",
                                      (tmp_path,), svg_images=svg_images))
        refused = [m for _url, m in result.refused]
        assert any("30000×30000" in m for m in refused) and any("draws more than" in m for m in refused), refused


LONG = "x" * 300 + ".png"


def broken_files(root: Path) -> dict[str, str]:
    """Case studies whose image the file system cannot give; each should warn and leave the image out."""
    images = root / "static/images"
    (images / "loop.png").symlink_to(images / "loop.png")
    (images / "folder.png").mkdir()
    os.mkfifo(images / "fifo.png")
    (images / "fifo.svg").symlink_to(images / "fifo.png")
    return {"long": f"/images/{LONG}", "loop": "/images/loop.png", "folder": "/images/folder.png",
            "fifo": "/images/fifo.png", "fifo_svg": "/images/fifo.svg", "nul_byte": "/images/a%00b.png",
            "control": "/images/a%0Ab%1B.png", "deep": "/images/" + "d/" * 3000 + "x.png"}


def test_file_system_errors_are_warnings_and_the_image_is_left_out(site):
    files = {"good.md": "---\ntitle: Bon\n---\nTexte.\n"}
    root = site(files)
    urls = broken_files(root)
    for name, url in urls.items():
        (root / f"content/references/{name}.md").write_text(f"---\ntitle: {name}\n---\n![i]({url})\n\nTexte {name}.\n")
    report = build_site(root)
    assert not report.errors, [str(p) for p in report.errors]
    built = {o.case for o in report.outputs if o.kind == "one-pager"}
    assert built == {"good", *urls}
    warned = {p.case for p in report.warnings}
    assert set(urls) <= warned
    for problem in report.warnings:
        assert "internal error" not in problem.message
        assert "\n" not in problem.message and "\x1b" not in problem.message and len(problem.message) < 300, problem.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file: no EACCES to test")
def test_unreadable_file_is_a_warning(tmp_path):
    from tests.test_assets import make

    r = make(tmp_path)
    path = tmp_path / "static/images/a.png"
    path.chmod(0)
    folder = tmp_path / "static/images/sub"
    folder.mkdir()
    folder.chmod(0)
    assert r("/images/sub/x.png", "image") is None
    assert "Permission denied" in r.problems[-1]


def test_resolver_messages_stay_one_short_line(tmp_path):
    from tests.test_assets import make

    r = make(tmp_path)
    for url in ("/images/" + "é" * 5000 + ".png", "/images/a\nb\u2028c\x00.png", "zz" + "z" * 5000 + ":x",
                "https://" + "h" * 5000, "/images/" + LONG):
        assert r(url, "image") is None
    assert len(r.problems) == 5
    for message in r.problems:
        assert "\n" not in message and "\u2028" not in message and "\x00" not in message and len(message) < 300, message


def test_fetcher_never_opens_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "x.png")
    os.mkfifo(tmp_path / "y.svg")
    fetcher = pdf.SandboxFetcher((tmp_path,))
    for name in ("x.png", "y.svg", LONG, "a%00.png"):
        with pytest.raises(ValueError):
            fetcher.fetch((tmp_path / "n").as_uri()[:-1] + name)
    assert len(fetcher.refused) == 4 and all(len(m) < 300 for _url, m in fetcher.refused)


def png_bytes(size: tuple[int, int] = (40, 20), colour: str = "red") -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def png_over_the_cap(side: int = 12000) -> bytes:
    """A real PNG of side² black pixels (144 million), one bit each: 18 KB, 18 MB once decoded."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * (side // 8)
    deflate = zlib.compressobj(9)
    body = b"".join(deflate.compress(row) for _ in range(side)) + deflate.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def data_url(mime: str, data: bytes) -> str:
    import base64

    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


ICON = svg('width="64" height="32"', '<rect width="64" height="32" fill="red"/>')
DATA_URLS = {  # case: (the image's data: URL, what its warning says; None: it draws)
    "png_over_the_cap": (data_url("image/png", png_over_the_cap()), "more than 89 million pixels"),
    "svg_declaring_30000": ("data:image/svg+xml," + HUGE["declared"].replace("<", "%3C").replace(">", "%3E")
                            .replace('"', "%22").replace(" ", "%20"), "30000×30000"),
    "svg_use_bomb": (data_url("image/svg+xml", use_chain().encode()), "draws more than"),
    "svg_entities": (data_url("image/svg+xml", BOMBS["late_entities.svg"]), "entities"),
    "not_an_image": ("data:text/plain;base64,aGVsbG8=", "is not an image"),
    "damaged_png": (data_url("image/png", b"\x89PNG not really"), "is not a readable image/png"),
    "damaged_base64": ("data:image/png;base64,@@@@", "damaged base64"),
    "small_png": (data_url("image/png", png_bytes()), None),
    "small_svg": (data_url("image/svg+xml", ICON.encode()), None),
    "small_svg_text": ("data:image/svg+xml;utf8," + ICON.replace("<", "%3C").replace(">", "%3E").replace('"', "'")
                       .replace(" ", "%20"), None),
}


def test_data_url_images_get_the_checks_files_get(tmp_path):
    from tests.test_assets import make

    for case, (url, said) in DATA_URLS.items():
        r = make(tmp_path / case)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        answer = r(url, "image")
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024, case  # KiB: nothing drawn
        if said is None:
            assert answer == url and not r.problems, (case, r.problems)
            continue
        assert answer is None and not r.errors and len(r.problems) == 1, (case, r.problems)
        message = r.problems[0]
        assert said in message and message.startswith("image data:") and "\n" not in message, (case, message)
        assert len(message) < 200 and url.split(",", 1)[1][:12] not in message, (case, message)  # the payload is not quoted


def test_data_url_over_the_size_caps_is_refused_before_decoding(tmp_path):
    from brochure import image_checks
    from tests.test_assets import make

    r = make(tmp_path)
    big = "data:image/png;base64," + "A" * (image_checks.MAX_DATA_BYTES * 4 // 3 + 400)
    assert r(big, "image") is None and "over 40 MiB" in r.problems[-1]
    assert r("data:image/png;base64," + "A" * (image_checks.MAX_DATA_URL + 1), "image") is None
    assert len(r.problems) == 2


def test_large_data_url_png_is_downsampled_like_a_file(tmp_path):
    from tests.test_assets import make

    r = make(tmp_path)
    r.image_cache = tmp_path / "cache"
    answer = r(data_url("image/png", png_bytes((3000, 200), "blue")), "image")
    assert answer.startswith("file:") and Path(answer[7:]).parent == tmp_path / "cache", answer
    from PIL import Image

    with Image.open(Path(answer[7:])) as copy:
        assert copy.size[0] == r.max_size[0]


def test_fetcher_checks_data_urls_as_it_checks_files(tmp_path):
    """Raw HTML reaching the renderer without the resolver: the fetcher decodes and checks the same way."""
    html = "".join(f'<img src="{DATA_URLS[case][0]}">' for case in
                   ("png_over_the_cap", "svg_declaring_30000", "svg_use_bomb", "small_png", "small_svg")) + "<p>x</p>"
    for svg_images in (True, False):
        result = pdf.write(pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,), svg_images=svg_images))
        refused = [m for _url, m in result.refused]
        assert len(refused) == 3, refused
        for said in ("more than 89 million", "30000×30000", "draws more than"):
            assert any(said in m for m in refused), (said, refused)
        assert all(len(m) < 300 and "base64," not in m for m in refused), refused
        from pypdf import PdfReader
        import io

        drawn = len(PdfReader(io.BytesIO(result.data)).pages[0].images)
        assert drawn == (2 if svg_images else 1), (svg_images, drawn)  # the small PNG, and the SVG drawn as one


def test_data_url_images_warn_under_their_case_study_and_small_ones_draw(site, capfd):
    files = {f"{case}.md": f"---\ntitle: {case}\n---\n![i]({url})\n\nTexte {case}.\n"
             for case, (url, _said) in DATA_URLS.items()}
    files["raw_html.md"] = f'---\ntitle: raw\n---\n<p><img src="{DATA_URLS["svg_use_bomb"][0]}"></p>\n\nTexte.\n'
    files["plain.md"] = "---\ntitle: plain\n---\nTexte.\n"
    root = site(files)
    report = build_site(root, brochure=False, jobs=1)
    assert not report.errors, [str(p) for p in report.errors]
    assert {o.case for o in report.outputs if o.kind == "one-pager"} == {Path(f).stem for f in files}
    warned = {}
    for problem in report.warnings:
        warned.setdefault(Path(problem.file).stem, []).append(problem.message)
    refused = {case for case, (_url, said) in DATA_URLS.items() if said} | {"raw_html"}
    assert set(warned) == refused, warned
    for case, messages in warned.items():
        assert len(messages) == 1 and len(messages[0]) < 300 and "base64," not in messages[0], (case, messages)
    from pypdf import PdfReader

    def images(case: str) -> int:
        return len(PdfReader(root / "dist" / "one-pagers" / f"{case}.pdf").pages[0].images)

    for case in ("small_png", "small_svg", "small_svg_text"):
        assert images(case) == images("plain") + 1, case
    assert images("png_over_the_cap") == images("plain")
    err = capfd.readouterr().err
    assert "DecompressionBomb" not in err and "Pango" not in err, err[-2000:]
