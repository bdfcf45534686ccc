"""A case study's featured picture and logo, told apart and laid out; text kept in front matter;
what an undated site or a site without projects shows. Facts read back from the PDFs."""

from __future__ import annotations

import math
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from brochure import hugo_rules, layout, pictures
from brochure.config import builtin_theme, messages
from conftest import build_site, plain, text_of

MM = 25.4 / 72


def photo(path: Path, size: tuple[int, int] = (1200, 800)) -> Path:
    """A photo-like image: coarse noise over two gradients, thousands of colours."""
    path.parent.mkdir(parents=True, exist_ok=True)
    coarse = (size[0] // 6, size[1] // 6)
    noise = Image.effect_noise(coarse, 60).resize(size, Image.Resampling.NEAREST).point(lambda v: v // 2 + 60)
    green = Image.linear_gradient("L").resize(size).point(lambda v: v // 2 + 50)
    blue = Image.radial_gradient("L").resize(size)
    Image.merge("RGB", (noise, green, blue)).save(path, quality=90)
    return path


def flat_logo(path: Path, transparent: bool = False) -> Path:
    """A logo: two flat shapes on white (or on nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGBA", (900, 400), (255, 255, 255, 0 if transparent else 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((50, 50, 350, 350), fill="#c0392b")
    draw.rectangle((400, 150, 850, 250), fill="#2c3e50")
    image.save(path)
    return path


def drawn_images(pdf: Path, page: int = 0) -> list[tuple[int, float, float]]:
    """(pixel width, drawn width mm, drawn height mm) of each image a page's content draws."""
    sheet = PdfReader(pdf).pages[page]
    xobjects = sheet["/Resources"].get("/XObject", {})
    found = []

    def visit(operator, operands, cm, _tm):
        if operator == b"Do" and operands and operands[0] in xobjects:
            image = xobjects[operands[0]].get_object()
            if image.get("/Subtype") == "/Image":
                found.append((int(image["/Width"]), math.hypot(cm[0], cm[1]) * MM, math.hypot(cm[2], cm[3]) * MM))

    sheet.extract_text(visitor_operand_before=visit)
    return found


def photo_rows_mm(pdf: Path, page: int, tmp: Path) -> float:
    """How tall the test photo shows on the page, in mm: rows mostly of saturated colours (text is
    grey) and of many colours (a coloured band is one)."""
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(page + 1), "-l", str(page + 1), str(pdf),
                    str(tmp / "page")], check=True)
    png = next(tmp.glob("page*.png"))
    image = Image.open(png).convert("RGB")
    png.unlink()
    width, height = image.size
    pixels = image.load()
    rows = 0
    for y in range(height):
        row = [pixels[x, y] for x in range(width)]
        saturated = sum(1 for c in row if max(c) - min(c) > 40)
        rows += saturated > width / 2 and len(set(row)) > 40
    return rows / 50 * 25.4


def case(front: str, body: str = "Un texte.\n") -> str:
    return f"---\ntitle: Une référence\nprojects: [collectivites]\ndate: 2023-04-01\n{front}---\n{body}"


# --- the featured picture -------------------------------------------------------------------


def test_featured_picture_in_images_is_laid_out_as_a_picture(site, tmp_path):
    root = site({"photo_in_images.md": case('images: ["/images/photo.jpg"]\n')})
    photo(root / "static" / "images" / "photo.jpg")
    report = build_site(root)
    assert report.exit_code == 0, report.problems
    one = root / "dist" / "one-pagers" / "photo_in_images.pdf"
    assert len(PdfReader(one).pages) == 1
    widths = [w for px, w, _h in drawn_images(one) if px == 1200]
    assert widths and widths[0] >= 200  # across the page
    assert photo_rows_mm(one, 0, tmp_path) >= 25
    brochure = root / "dist" / "references.pdf"
    page = next(i for i, p in enumerate(PdfReader(brochure).pages) if "Un texte" in (p.extract_text() or ""))
    assert [w for px, w, _h in drawn_images(brochure, page) if px == 1200][0] >= 150
    assert photo_rows_mm(brochure, page, tmp_path) >= 60


def test_a_photo_in_the_logo_slot_is_the_picture_not_a_small_logo(site):
    root = site({"photo_in_logo_slot.md": case('image: "/images/photo.jpg"\n')})
    photo(root / "static" / "images" / "photo.jpg")
    report = build_site(root, brochure=False)
    assert report.exit_code == 0 and not report.warnings, report.problems
    drawn = drawn_images(root / "dist" / "one-pagers" / "photo_in_logo_slot.pdf")
    assert [round(w) for px, w, _h in drawn if px == 1200] == [210]  # once, across the page, not 17 mm wide


def test_a_photo_in_the_logo_slot_beside_a_picture_is_left_out_with_a_warning(site):
    root = site({"photo_logo_and_picture.md": case('image: "/images/photo.jpg"\nfeatured_image: "/images/other.jpg"\n')})
    photo(root / "static" / "images" / "photo.jpg")
    photo(root / "static" / "images" / "other.jpg", (1000, 700))
    report = build_site(root, brochure=False)
    said = [p for p in report.warnings if "not a logo" in p.message]
    assert len(said) == 1 and said[0].file.endswith("photo_logo_and_picture.md") and "\n" not in said[0].message
    drawn = drawn_images(root / "dist" / "one-pagers" / "photo_logo_and_picture.pdf")
    assert [px for px, _w, _h in drawn if px >= 1000] == [1000]


def test_a_logo_stays_a_logo_and_one_named_as_the_picture_is_the_logo(site):
    root = site({"logo_as_logo.md": case('logo: "/images/client.png"\n'),
                 "logo_as_thumbnail.md": case('thumbnail: "/images/client-logo.png"\n'),
                 "illustration_as_thumbnail.md": case('thumbnail: "/images/client.png"\n')})
    flat_logo(root / "static" / "images" / "client.png", transparent=True)
    flat_logo(root / "static" / "images" / "client-logo.png", transparent=True)
    assert build_site(root, brochure=False).exit_code == 0

    def widths(name: str) -> list[float]:  # the client's image: 9 by 4 (WeasyPrint keeps 300 dpi of it)
        drawn = drawn_images(root / "dist" / "one-pagers" / f"{name}.pdf")
        return [round(w) for _px, w, h in drawn if abs(w / h - 2.25) < 0.05]

    assert [w < 45 for w in widths("logo_as_logo")] == [True]  # the logo's slot
    assert [w < 45 for w in widths("logo_as_thumbnail")] == [True]  # its name says it is a logo, and the slot is free
    assert widths("illustration_as_thumbnail")[0] > 60  # a transparent picture stays a picture, shown whole


def test_an_unreadable_picture_is_not_an_empty_frame(site):
    root = site({"dummy_picture.md": case('featured_image: "/images/dummy.jpg"\n')})
    (root / "static" / "images" / "dummy.jpg").write_text("These dummy files will need to be replaced", encoding="utf-8")
    report = build_site(root, brochure=False)
    said = [p.message for p in report.warnings]
    assert said == ["featured_image: /images/dummy.jpg cannot be read as an image; not drawn"], said


def test_tables_lists_and_nested_keys_name_the_picture(site):
    root = site({
        "cover_table.md": case('cover:\n  image: "/images/photo.jpg"\n  alt: Un chantier\n'),
        "images_of_tables.md": case('images:\n  - image: "/images/photo.jpg"\n  - image: "/images/none.jpg"\n'),
        "nested_key.md": case('hero:\n  picture: "/images/photo.jpg"\n'),
    }, config_extra='[fields]\npicture = ["images", "cover", "hero.picture"]\n')
    photo(root / "static" / "images" / "photo.jpg")
    report = build_site(root, brochure=False)
    assert report.exit_code == 0 and not report.warnings, report.problems
    for name in ("cover_table", "images_of_tables", "nested_key"):
        assert [px for px, w, _h in drawn_images(root / "dist" / "one-pagers" / f"{name}.pdf") if w > 100] == [1200], name


def test_bundle_picture_by_hugos_rule(site):
    root = site({"bundle/index.md": case(""), "in_folder/index.md": case("")})
    photo(root / "content" / "references" / "bundle" / "a-cover.jpg", (900, 600))
    photo(root / "content" / "references" / "bundle" / "z-Feature.jpg", (1100, 700))
    photo(root / "content" / "references" / "in_folder" / "images" / "cover.jpg", (1000, 600))
    assert build_site(root, brochure=False).exit_code == 0
    bundle = drawn_images(root / "dist" / "one-pagers" / "bundle.pdf")
    assert [px for px, w, _h in bundle if w > 100] == [1100]  # *feature* first, case-insensitive
    assert not [px for px, w, _h in drawn_images(root / "dist" / "one-pagers" / "in_folder.pdf") if w > 100]


def test_pictures_never_read_outside_the_content(site, tmp_path):
    secret = photo(tmp_path / "secret" / "cover.jpg", (1300, 700))
    root = site({"escape/index.md": case('images: ["../../../../secret/cover.jpg"]\n'),
                 "linked/index.md": case("")})
    (root / "content" / "references" / "linked" / "cover.jpg").symlink_to(secret)
    report = build_site(root, brochure=False)
    for name in ("escape", "linked"):
        assert not [px for px, _w, _h in drawn_images(root / "dist" / "one-pagers" / f"{name}.pdf") if px == 1300]
    assert any("not found" in p.message for p in report.warnings if p.case == "escape")


def test_a_picture_gives_way_to_the_words(site):
    """A text that fits at the smallest type only without its picture is laid out without it; one
    cut all the same keeps it; a short one keeps it without a word said."""
    def paragraphs(n: int) -> str:
        return "\n\n".join(f"Paragraphe {k} : " + "du texte qui prend de la place sur la page " * 7 for k in range(n))

    root = site({f"picture_and_{n}_paragraphs.md": case('images: ["/images/photo.jpg"]\n', paragraphs(n))
                 for n in (6, 21, 30)})
    photo(root / "static" / "images" / "photo.jpg")
    report = build_site(root, brochure=False)
    said = {p.case: p.message for p in report.warnings}
    assert set(said) == {"picture_and_21_paragraphs", "picture_and_30_paragraphs"}, said
    assert said["picture_and_21_paragraphs"].startswith("one-pager without its featured picture")
    assert said["picture_and_30_paragraphs"].startswith("one-pager cut")
    for n, has_picture, last in ((6, True, 5), (21, False, 20), (30, True, None)):
        one = root / "dist" / "one-pagers" / f"picture_and_{n}_paragraphs.pdf"
        assert len(PdfReader(one).pages) == 1
        assert bool([px for px, _w, _h in drawn_images(one) if px == 1200]) == has_picture, n
        if last is not None:
            assert f"Paragraphe {last} " in plain(PdfReader(one).pages[0].extract_text()), n


# --- text kept in front matter --------------------------------------------------------------


def test_text_kept_in_front_matter_fills_the_page(site):
    root = site({
        "summary_only.md": case("summary: Le résumé **tenu** en front matter.\ndescription: Une autre phrase.\n", ""),
        "description_only.md": case("description: Seulement une description, *telle quelle*.\n", ""),
        "nested_summary.md": case("card:\n  summary: Le texte de la carte.\n", ""),
        "results_list.md": case("results:\n  - Premier résultat\n  - Second résultat\n", ""),
    }, config_extra='[fields]\nsummary = ["summary", "description", "card.summary", "results"]\n')
    report = build_site(root)
    assert report.exit_code == 0 and not report.warnings, report.problems
    dist = root / "dist" / "one-pagers"
    assert "Le résumé tenu en front matter." in plain(text_of(dist / "summary_only.pdf"))
    description = " ".join(plain(text_of(dist / "description_only.pdf")).split())
    assert description.count("Seulement une description, *telle quelle*.") == 1  # plain text, not repeated
    assert "Le texte de la carte." in text_of(dist / "nested_summary.pdf")
    assert "Premier résultat" in text_of(dist / "results_list.pdf") and "Second résultat" in text_of(dist / "results_list.pdf")
    brochure = plain(text_of(root / "dist" / "references.pdf"))
    assert "Le résumé tenu en front matter." in brochure and "Premier résultat" in brochure


def test_a_blank_case_study_is_one_warning_naming_its_file(site):
    root = site({"blank.md": case("", ""), "full.md": case("")})
    report = build_site(root)
    blank = [p for p in report.warnings if p.message.startswith("no text")]
    assert len(blank) == 1 and blank[0].file.endswith("blank.md") and "\n" not in str(blank[0])
    assert report.exit_code == 0


# --- no invented facts ----------------------------------------------------------------------


def test_an_undated_site_shows_the_build_date_and_no_made_up_one(site, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = site({"undated_a.md": "---\ntitle: Sans date A\nprojects: [collectivites]\n---\nTexte.\n",
                 "undated_b.md": "---\ntitle: Sans date B\nprojects: [collectivites]\n---\nTexte.\n"})
    days = [datetime.now(timezone.utc)]
    assert build_site(root).exit_code == 0
    days.append(datetime.now(timezone.utc))  # (a build across midnight shows either day)
    brochure = root / "dist" / "references.pdf"
    text = text_of(brochure)
    assert "2000" not in text and "1er janvier" not in text.lower()
    cover = " ".join(PdfReader(brochure).pages[0].extract_text().split())
    shown = [layout.full_date(d, messages("fr", (builtin_theme()[0],))["months"], "fr") for d in days]
    assert "Test Conseil" in cover and any(s in cover for s in shown), cover  # the day it was built
    created = PdfReader(brochure).metadata["/CreationDate"]
    assert any(created.startswith(d.strftime("D:%Y%m%d")) for d in days)
    assert "2000" not in text_of(root / "dist" / "one-pagers" / "undated_a.pdf")


def test_an_undated_case_study_shows_no_year_in_the_summary_table(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site({"dated.md": "---\ntitle: Datée\nprojects: [collectivites]\ndate: 2019-05-01\n---\nTexte.\n",
                 "undated.md": "---\ntitle: Pas datée\nprojects: [collectivites]\n---\nTexte.\n"})
    assert build_site(root).exit_code == 0
    reader = PdfReader(root / "dist" / "references.pdf")
    table = plain(reader.pages[2].extract_text())
    assert "2019" in table and table.count("2019") == 1 and "2023" not in table and "2000" not in table
    cover = plain(reader.pages[0].extract_text())
    assert "14 novembre 2023" in cover and "mai 2019" not in cover  # SOURCE_DATE_EPOCH dates the build
    assert reader.metadata["/CreationDate"].startswith("D:20231114")


@pytest.mark.parametrize("index, title", [("---\ntitle: Nos réalisations\n---\n", "Nos réalisations"),
                                          (None, "References")])
def test_a_site_without_projects_uses_the_sections_title(site, index, title):
    root = site({"plain_a.md": "---\ntitle: Alpha\ndate: 2022-01-01\n---\nTexte A.\n",
                 "plain_b.md": "---\ntitle: Beta\ndate: 2021-01-01\n---\nTexte B.\n"})
    if index:
        (root / "content" / "references" / "_index.md").write_text(index, encoding="utf-8")
    assert build_site(root).exit_code == 0
    brochure = text_of(root / "dist" / "references.pdf")
    one = text_of(root / "dist" / "one-pagers" / "plain_a.pdf")
    for text in (brochure, one):
        assert title in text and "Autres références" not in text and "Other references" not in text
    cover = " ".join(PdfReader(root / "dist" / "references.pdf").pages[0].extract_text().split())
    assert ("RÉFÉRENCES Nos réalisations" if index else "TEST CONSEIL Références") in cover
    assert "— References" not in cover


# --- the rules, unit by unit ----------------------------------------------------------------


def test_image_looks(tmp_path):
    assert pictures.image_look(photo(tmp_path / "p.jpg")) == pictures.PHOTO
    assert pictures.image_look(flat_logo(tmp_path / "l.png")) == pictures.FLAT
    assert pictures.image_look(flat_logo(tmp_path / "t.png", transparent=True)) == pictures.DRAWING
    Image.new("RGB", (120, 90), "red").save(tmp_path / "small.png")
    assert pictures.image_look(tmp_path / "small.png") == pictures.ICON
    (tmp_path / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    assert pictures.image_look(tmp_path / "x.svg") == pictures.DRAWING
    (tmp_path / "broken.jpg").write_bytes(b"These dummy files will need to be replaced with actual images")
    assert pictures.image_look(tmp_path / "broken.jpg") == pictures.UNREADABLE


def test_hugo_globs_and_names():
    assert hugo_rules.glob_match("*feature*", "Z-FEATURE.png")
    assert not hugo_rules.glob_match("*cover*", "images/cover.jpg")
    assert hugo_rules.glob_match("**cover*", "images/cover.jpg")
    assert hugo_rules.glob_match("{*cover*,*thumbnail*}", "a-thumbnail.webp")
    assert hugo_rules.glob_match("img-[ab].png", "img-b.png") and not hugo_rules.glob_match("img-[!ab].png", "img-b.png")
    names = hugo_rules.resource_names(["x.jpg", "y.jpg", "z.png"],
                                      {"resources": [{"src": "*.jpg", "name": "photo-:counter"}]})
    assert names == {"x.jpg": "photo-1", "y.jpg": "photo-2", "z.png": "z.png"}
    assert hugo_rules.featured_resource({"b-cover.png": "b-cover.png", "a-thumb.png": "a-thumbnail"}) == "a-thumb.png"
    assert hugo_rules.lookup_path({"Card": {"Summary": "x"}}, "card.summary") == "x"
    assert hugo_rules.lookup_path({"card.summary": "literal"}, "card.summary") == "literal"
    assert hugo_rules.section_title("work") == "Works" and hugo_rules.section_title("work", False) == "Work"
    assert not hugo_rules.glob_match("*a" * 20 + "b", "a" * 250)  # a pattern no site writes: no match, at once


def test_bundle_images_are_bounded_and_inside(tmp_path, monkeypatch):
    content = tmp_path / "content"
    bundle = content / "references" / "b"
    (bundle / "sub").mkdir(parents=True)
    (bundle / "index.md").write_text("---\ntitle: B\n---\n", encoding="utf-8")
    for name in ("a.png", "sub/c.JPG", "notes.txt"):
        (bundle / name).write_bytes(b"x")
    (bundle / "out.png").symlink_to(tmp_path / "elsewhere.png")
    (tmp_path / "elsewhere.png").write_bytes(b"x")
    assert pictures.bundle_images(bundle / "index.md", content) == ["a.png", "sub/c.JPG"]
    monkeypatch.setattr(pictures, "MAX_BUNDLE_ENTRIES", 2)
    assert len(pictures.bundle_images(bundle / "index.md", content)) <= 2
