import unicodedata
from pathlib import Path

from brochure.assets import Resolver, find_file


def make(tmp_path: Path):
    static = tmp_path / "static"
    content = tmp_path / "content"
    (static / "images").mkdir(parents=True)
    (content / "references" / "bundle").mkdir(parents=True)
    (static / "images" / "a.png").write_bytes(b"png")
    (content / "references" / "bundle" / "shot.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret")
    return Resolver(page_dir=content / "references" / "bundle", static_dirs=(static,), content_dir=content)


def test_site_absolute_and_bundle_relative(tmp_path: Path):
    r = make(tmp_path)
    assert r("/images/a.png", "image") == (tmp_path / "static/images/a.png").as_uri()
    assert r("shot.png", "image") == (tmp_path / "content/references/bundle/shot.png").as_uri()
    assert not r.problems


def test_missing_image_is_left_out_with_a_problem(tmp_path: Path):
    r = make(tmp_path)
    assert r("/images/nope.png", "image") is None
    assert "image not found: /images/nope.png" in r.problems[0]
    static, content, page = tmp_path / "static", tmp_path / "content", tmp_path / "content/references/bundle"
    assert r.problems[0].endswith(f"(looked in {static}, {content})")
    r("img/nope.png", "image")  # relative: the page's folder, then the static folders, as themes do
    assert r.problems[1] == f"image not found: img/nope.png (looked in {page}, {static})"
    r("./nope.png", "image")
    assert r.problems[2] == f"image not found: ./nope.png (looked in {page})"


def test_nothing_outside_the_roots(tmp_path: Path):
    r = make(tmp_path)
    for url in ("../../../secret.txt", "/../secret.txt", "file:///etc/passwd", "/etc/passwd",
                "http://127.0.0.1/x.png", "//evil.example/x.png"):
        assert r(url, "image") is None, url
    assert len(r.problems) == 6


def test_symlink_escape_is_refused(tmp_path: Path):
    r = make(tmp_path)
    (tmp_path / "static" / "images" / "link.png").symlink_to(tmp_path / "secret.txt")
    assert r("/images/link.png", "image") is None


def test_nfd_file_names_match_nfc_references(tmp_path: Path):
    r = make(tmp_path)
    nfd = unicodedata.normalize("NFD", "équipe.png")
    (tmp_path / "static" / "images" / nfd).write_bytes(b"png")
    assert r("/images/équipe.png", "image").endswith(".png")
    assert find_file(tmp_path / "static", "images/équipe.png") is not None


def test_links(tmp_path: Path):
    r = make(tmp_path)
    assert r("https://x.fr/a", "link") == "https://x.fr/a"
    assert r("mailto:a@b.fr", "link") == "mailto:a@b.fr"
    assert r("javascript:alert(1)", "link") is None
    assert r("/references/autre/", "link") is None  # no base URL: plain text
    assert r("#note", "link") == "#note"
    r.base_url = "https://www.exemple.fr/"
    assert r("/references/autre/", "link") == "https://www.exemple.fr/references/autre/"


def test_data_images(tmp_path: Path):
    r = make(tmp_path)
    assert r("data:image/png;base64,AAAA", "image") is None  # no image: checked as a file is (tests/test_bombs.py)
    assert r("data:text/html,<b>x</b>", "image") is None


def test_a_heavy_opaque_png_of_modest_size_gets_a_lighter_copy(tmp_path):
    """An opaque PNG over COPY_ABOVE bytes is copied as a JPEG even when its pixels fit: WeasyPrint
    would decode and compress it again for every document (the copy was skipped on an error)."""
    import os as _os

    from PIL import Image as _Image

    from brochure import assets

    path = tmp_path / "photo.png"
    _Image.frombytes("RGB", (600, 600), _os.urandom(600 * 600 * 3)).save(path)
    assert path.stat().st_size > assets.COPY_ABOVE
    copy = assets.downsampled(path, tmp_path / "copies", (2000, 2000))
    assert copy.suffix == ".jpg" and copy.parent == tmp_path / "copies"
    with _Image.open(copy) as image:
        assert image.size == (600, 600)


def test_the_resolver_tells_what_an_image_is_for_the_markdown_stage(tmp_path: Path):
    """Kind "facts": what a local image is (its look and size), None when it cannot be told; the
    file is then part of what the case study depends on."""
    from PIL import Image

    from brochure.models import ImageFacts

    r = make(tmp_path)
    Image.new("RGB", (300, 200), "white").save(tmp_path / "static/images/shot.png")
    Image.new("RGB", (1200, 700), "white").save(tmp_path / "static/images/large.png")
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(tmp_path / "static/images/icon.png")
    (tmp_path / "static/images/p.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="32"/>')
    assert r("/images/shot.png", "facts") == ImageFacts("flat", 300, 200)
    assert r("/images/large.png", "facts") == ImageFacts("", 1200, 700)  # fills its column whatever it is: not decoded
    assert r("/images/icon.png", "facts") == ImageFacts("icon", 64, 64)
    assert r("/images/p.svg", "facts") == ImageFacts("drawing", 48, 32, vector=True)
    for url in ("/images/a.png", "/images/nope.png", "https://x.org/a.png", "data:image/png;base64,AA", "../../../secret.txt"):
        assert r(url, "facts") is None, url  # a.png is no image; the others are not local files
    assert str(tmp_path / "static/images/shot.png") in r.used and not r.problems  # the image ask says what is wrong
