"""A client's logo on its project's colour: legible (3:1, measured on the rendered page around
it, as WCAG asks of graphics) and at least 10 mm tall, whatever its colours and shape."""

from __future__ import annotations

import statistics
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from brochure import logos
from conftest import build_site

DPI = 150
PANELS = {"rouge": "#c0392b", "marine": "#1f3a4d"}


def png_logo(path: Path, colour: str) -> Path:
    """A transparent logo of one colour: a disc and a bar."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 60, 320, 340), fill=colour)
    draw.rectangle((360, 150, 560, 250), fill=colour)
    image.save(path)
    return path


def svg_wordmark(colour: str) -> str:
    """A wordmark eight times wider than tall, inside a generous transparent margin."""
    bars = "".join(f'<rect x="{40 + i * 55}" y="40" width="40" height="40" fill="{colour}"/>' for i in range(8))
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="520" height="120" viewBox="0 0 520 120">{bars}</svg>'


def svg_mark(colour: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">'
            f'<circle cx="100" cy="100" r="80" fill="{colour}"/></svg>')


def logo_site(root: Path, project: str, logo_name: str, logo: bytes | str, extra: str = "") -> Path:
    (root / "content" / "projects" / project).mkdir(parents=True)
    (root / "content" / "projects" / project / "_index.md").write_text(
        f'---\ntitle: "Projet"\ncolor: "{PANELS[project]}"\n---\n', encoding="utf-8")
    refs = root / "content" / "references"
    refs.mkdir(parents=True, exist_ok=True)
    data = logo if isinstance(logo, bytes) else logo.encode()
    (refs / logo_name).write_bytes(data)
    (refs / "client.md").write_text(
        f"---\ntitle: Une référence\nprojects: [{project}]\ndate: 2023-04-01\nlogo: {logo_name}\n{extra}---\n"
        "Un texte court.\n", encoding="utf-8")
    (root / "brochure.toml").write_text('[company]\nname = "Test"\n[content]\ndir = "content"\nstatic = []\n',
                                        encoding="utf-8")
    return root


def logo_rect(pdf: Path) -> tuple[float, float, float, float]:
    """(left, top, width, height) in points from the page's top left of the first image drawn."""
    page = PdfReader(pdf).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    height = float(page.mediabox.height)
    found = []

    def visit(operator, operands, cm, _tm):
        if operator == b"Do" and operands and operands[0] in xobjects:
            found.append((cm[4], height - cm[5] - cm[3], cm[0], cm[3]))

    page.extract_text(visitor_operand_before=visit)
    assert found, "no image drawn"
    return found[0]


def measure(pdf: Path, tmp: Path, ink: tuple[int, int, int]) -> tuple[float, float]:
    """(contrast, height mm) of the logo's ink as rendered: the pixels of the ink's colour inside the
    logo image's rectangle, against the median colour of a 1.5 mm ring around them."""
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp / "page")], check=True)
    page = Image.open(tmp / "page.png").convert("RGB")
    scale = DPI / 72
    left, top, width, height = (v * scale for v in logo_rect(pdf))
    box = [int(left), int(top), int(left + width) + 1, int(top + height) + 1]
    hits = [(x, y) for y in range(max(box[1], 0), min(box[3], page.height))
            for x in range(max(box[0], 0), min(box[2], page.width))
            if max(abs(a - b) for a, b in zip(page.getpixel((x, y)), ink)) <= 12]
    assert hits, "the logo's ink is not on the page"
    rows = sorted({y for _, y in hits})
    gap = next((i for i in range(1, len(rows)) if rows[i] - rows[i - 1] > DPI / 25.4), len(rows))
    rows = set(rows[:gap])  # the topmost run of rows: the logo (a title's text of its colour lies lower)
    hits = [(x, y) for x, y in hits if y in rows]
    x0, x1 = min(x for x, _ in hits), max(x for x, _ in hits)
    y0, y1 = min(rows), max(rows)
    ring = int(1.5 / 25.4 * DPI)
    around = [page.getpixel((x, y)) for x in range(x0 - ring, x1 + ring + 1, 2) for y in (y0 - ring, y1 + ring)]
    around += [page.getpixel((x, y)) for y in range(y0 - ring, y1 + ring + 1, 2) for x in (x0 - ring, x1 + ring)]
    behind = tuple(int(statistics.median(c[i] for c in around)) for i in range(3))
    drawn = tuple(int(statistics.median(page.getpixel(p)[i] for p in hits)) for i in range(3))
    return logos.contrast(drawn, behind), (y1 - y0 + 1) / DPI * 25.4


CASES = {
    "grey png on red": ("rouge", "logo.png", "#8a8a8a", "png"),
    "navy png on a dark panel": ("marine", "logo.png", "#1b2a5c", "png"),
    "white svg wordmark": ("marine", "logo.svg", "#ffffff", "wordmark"),
    "black svg logo on red": ("rouge", "logo.svg", "#000000", "mark"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_logo_is_legible_on_its_panel_and_tall_enough(tmp_path, case):
    project, name, colour, kind = CASES[case]
    if kind == "png":
        logo = png_logo(tmp_path / "logo.png", colour).read_bytes()
    else:
        logo = (svg_wordmark if kind == "wordmark" else svg_mark)(colour)
    root = logo_site(tmp_path / "site", project, name, logo)
    report = build_site(root, "dist", brochure=False)  # the one-pager is looked at
    assert not report.errors
    pdf = root / "dist" / "one-pagers" / "client.pdf"
    measured, height = measure(pdf, tmp_path, logos.rgb(colour))
    assert measured >= 3.0, f"{case}: contrast {measured:.2f}"
    assert height >= 9.8, f"{case}: {height:.1f} mm tall"
    assert height <= logos.MAX_HEIGHT + 1


def test_a_light_variant_is_drawn_on_a_dark_panel_rather_than_a_card(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    png_logo(root / "content" / "references" / "logo-white.png", "#ffffff")
    root = logo_site(root, "marine", "logo.png", png_logo(tmp_path / "navy.png", "#1b2a5c").read_bytes(),
                     extra="logoDark: logo-white.png\n")
    build_site(root, "dist", brochure=False)  # the one-pager is looked at
    pdf = root / "dist" / "one-pagers" / "client.pdf"
    measured, height = measure(pdf, tmp_path, (255, 255, 255))
    assert measured >= 3.0 and height >= 9.8
    chosen = logos.choose([("navy", logos.ink(tmp_path / "navy.png")),
                           ("white", logos.ink(root / "content" / "references" / "logo-white.png"))], PANELS["marine"])
    assert chosen[0] == "white" and chosen[2] == ""


def test_the_choice_of_a_card():
    grey = logos.Ink(colours=__import__("collections").Counter({(6, 6, 6): 100}), box=(0, 0, 1, 1), aspect=1)
    white = logos.Ink(colours=__import__("collections").Counter({(15, 15, 15): 100}), box=(0, 0, 1, 1), aspect=1)
    assert logos.choose([("g", grey)], "#c0392b")[2] == "light"
    assert logos.choose([("w", white)], "#f5e6a0")[2] == "dark"
    assert logos.choose([("w", white)], "#173541")[2] == ""
    wide = logos.placement(logos.Ink(colours=grey.colours, box=(0.1, 0.3, 0.9, 0.5), aspect=3), "", 5)
    assert wide["height"] >= logos.MIN_HEIGHT and wide["wide"] and wide["width"] <= logos.MAX_WIDTH
    square = logos.placement(logos.Ink(colours=grey.colours, box=(0.0, 0.0, 1.0, 1.0), aspect=1), "light", 5)
    assert square["height"] <= logos.MAX_HEIGHT and not square["wide"] and square["padding"] > 0


def test_a_variant_outside_the_content_folder_is_not_read(tmp_path):
    outside = png_logo(tmp_path / "outside-white.png", "#ffffff")
    root = logo_site(tmp_path / "site", "marine", "logo.png", png_logo(tmp_path / "navy.png", "#1b2a5c").read_bytes(),
                     extra=f"logoDark: ../../../{outside.name}\nlogo_white: {outside}\n")
    build_site(root, "dist", brochure=False)  # the one-pager is looked at
    pdf = root / "dist" / "one-pagers" / "client.pdf"
    measured, height = measure(pdf, tmp_path, (0x1b, 0x2a, 0x5c))  # the navy logo, on its white card
    assert measured >= 3.0 and height >= 9.8


def test_an_opaque_logo_on_white_is_its_own_card(tmp_path):
    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).rectangle((200, 100, 400, 200), fill="#8a8a8a")
    image.save(tmp_path / "on-white.png")
    found = logos.ink(tmp_path / "on-white.png")
    assert found.background is not None and found.box[1] > 0.3  # the ink, inside its own white
    url, _ink, card, measured = logos.choose([("x", found)], PANELS["rouge"])
    assert card == "" and measured >= 3.0
    box = logos.placement(found, card, measured)
    assert box["height"] >= logos.MIN_HEIGHT and box["top"] < 0 and box["left"] < 0


def test_white_drawn_inside_a_coloured_disc_is_not_judged_against_the_page(tmp_path):
    """todogroup.org's logo: white strokes inside a light green disc are seen against the green."""
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), fill="#a1d33c")
    draw.rectangle((70, 40, 90, 160), fill="#ffffff")
    draw.rectangle((110, 40, 130, 160), fill="#ffffff")
    image.save(tmp_path / "disc.png")
    found = logos.ink(tmp_path / "disc.png")
    assert found.colours[(15, 15, 15)] > 0.05 * sum(found.colours.values())  # a tenth of the ink is white…
    assert logos.ink_contrast(found, (255, 255, 255)) > 1.6  # …but none of its outline


@pytest.mark.parametrize("svg_images", [True, False], ids=["drawn as an image", "drawn as vectors"])
def test_a_mark_in_the_middle_of_its_canvas_is_cropped_to_its_ink(tmp_path, svg_images):
    import base64
    import io

    path = tmp_path / "canvas.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">'
                    '<rect x="27" y="112" width="245" height="76" fill="#0971eb"/></svg>', encoding="utf-8")
    before = path.read_bytes()
    found = logos.ink(path)
    assert found.aspect == 1.0 and found.box[1] > 0.35
    url, aspect = logos.ink_only(path, found, svg_images)
    assert 3.0 < aspect < 3.4  # 245 × 76, and a pixel of the small copy each side
    data = base64.b64decode(url.split(",", 1)[1])
    if svg_images:
        assert Image.open(io.BytesIO(data)).size[0] >= 1000  # sharp enough for the cover
    else:
        assert b'viewBox="25.' in data and b"image/svg+xml" in data  # the vectors, under the ink's viewBox
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]  # nothing written


def test_a_logo_without_margins_is_not_cropped(tmp_path):
    png_logo(tmp_path / "full.png", "#1b2a5c")
    image = Image.open(tmp_path / "full.png")
    image.crop(image.getbbox()).save(tmp_path / "full.png")
    assert logos.ink_only(tmp_path / "full.png", logos.ink(tmp_path / "full.png")) is None


def test_a_cropped_svg_logo_keeps_all_of_its_ink_drawn_at_the_crops_size():
    """The bundled company logo: its words, drawn larger than in the small copy the ink is measured
    on, are a little wider; the crop keeps them whole (the last letter was cut off)."""
    import base64
    import io

    from PIL import Image

    from conftest import ROOT

    path = ROOT / "static" / "images" / "logo-company.svg"
    url, aspect = logos.ink_only(path, logos.ink(path))
    with Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))) as image:
        alpha = image.getchannel("A")
        width, height = image.size
        edges = [alpha.crop(box).getextrema()[1] for box in
                 ((0, 0, 1, height), (width - 1, 0, width, height), (0, 0, width, 1), (0, height - 1, width, height))]
    assert edges == [0, 0, 0, 0]  # a transparent pixel all round: no ink cut at any edge
    assert abs(aspect - width / height) < 0.01
