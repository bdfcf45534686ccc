"""The cover (the company's logo, the title, the selection or the buyer, the build date) and the
back cover (the company's contact details, no running footer, not in the contents)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from brochure.config import load_config
from conftest import build_site, plain

MM = 36 / 25.4  # pixels per millimetre at 36 dpi
LOGO_BAND_MM = 62  # the cover's white band, above the colour panel


def grey(pdf: Path, page: int) -> Image.Image:
    """Page ``page`` (from 1) rendered in grey at 36 dpi by poppler."""
    out = pdf.parent / f".cover-{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", "36", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out)], check=True)
    return Image.open(f"{out}.pgm")


def logo_box_mm(pdf: Path) -> tuple[float, float]:
    """(width, height) in mm of what is drawn in the cover's white band (the logo)."""
    image = grey(pdf, 1)
    band = image.crop((0, 0, image.width, round(LOGO_BAND_MM * MM) - 2))
    box = band.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert box, "nothing drawn above the cover's panel"
    return (box[2] - box[0]) / MM, (box[3] - box[1]) / MM


def outline_pages(reader: PdfReader, items=None) -> list[int]:
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline_pages(reader, item)
        else:
            found.append(reader.get_destination_page_number(item))
    return found


@pytest.fixture
def dated(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023


CASE = "---\ntitle: Un cas\nprojects: [collectivites]\ndate: 2019-07-01\n---\n## Objectifs\n\nTexte.\n"
CONTACT = ('url = "https://www.test-conseil.example/"\naddress = "3 place du Test, 69000 Lyon"\n'
           'email = "bonjour@test-conseil.example"\nphone = "+33 4 00 00 00 00"\n')


def test_the_cover_shows_the_logo_the_selection_and_the_build_date(site, dated):
    root = site({"un-cas.md": CASE})
    assert build_site(root).exit_code == 0
    pdf = root / "dist" / "references.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages[0].images) >= 1  # the logo is an image…
    width, height = logo_box_mm(pdf)
    assert width >= 40 or height >= 15, (width, height)  # …of a size one reads from afar
    cover = plain(" ".join(reader.pages[0].extract_text().split()))
    assert "Collectivités territoriales" in cover and "Test Conseil" in cover
    assert "14 novembre 2023" in cover and "juillet 2019" not in cover  # the build's date, not the content's
    assert reader.metadata["/CreationDate"].startswith("D:20231114")


def test_the_back_cover_gives_the_contact_details_without_footer_nor_contents_entry(site, dated):
    root = site({"un-cas.md": CASE})
    text = (root / "brochure.toml").read_text(encoding="utf-8")
    (root / "brochure.toml").write_text(text.replace("[content]", CONTACT + "[content]"), encoding="utf-8")
    assert build_site(root).exit_code == 0
    pdf = root / "dist" / "references.pdf"
    reader = PdfReader(pdf)
    last = plain(" ".join(reader.pages[-1].extract_text().split()))
    for fact in ("Test Conseil", "3 place du Test, 69000 Lyon", "bonjour@test-conseil.example", "+33 4 00 00 00 00",
                 "test-conseil.example"):
        assert fact in last, fact
    assert "Page" not in last and "https://" not in last  # no running footer; the address as one writes it
    assert len(reader.pages[-1].images) >= 1  # the logo
    assert len(reader.pages) - 1 not in outline_pages(reader)
    contents = plain(reader.pages[1].extract_text())
    assert "bonjour@" not in contents and str(len(reader.pages)) not in contents.split()
    cover = plain(" ".join(reader.pages[0].extract_text().split()))
    assert "test-conseil.example" in cover and "bonjour@" not in cover
    footer = plain(reader.pages[-2].extract_text())
    assert f"Page {len(reader.pages) - 1} sur {len(reader.pages)}" in footer


def test_without_contact_details_the_back_cover_has_the_name_and_logo_only(site, dated):
    root = site({"un-cas.md": CASE})
    assert build_site(root).exit_code == 0
    reader = PdfReader(root / "dist" / "references.pdf")
    last = " ".join(reader.pages[-1].extract_text().split())
    assert last == "Test Conseil" and len(reader.pages[-1].images) >= 1


def hugo_site(tmp_path: Path, params: str, base_url: str = "https://www.exemple-site.example/") -> Path:
    """A Hugo site whose params name its logo and contact details, as real sites do."""
    root = tmp_path / "hugo"
    (root / "content" / "realisations").mkdir(parents=True)
    (root / "content" / "realisations" / "un-cas.md").write_text(CASE.replace("projects: [collectivites]\n", ""),
                                                                 encoding="utf-8")
    (root / "static" / "images").mkdir(parents=True)
    logo = Path(__file__).parent.parent / "static" / "images" / "logo-company.svg"
    (root / "static" / "images" / "logo.svg").write_bytes(logo.read_bytes())
    (root / "hugo.toml").write_text(f'baseURL = "{base_url}"\ntitle = "Exemple SARL"\nlanguageCode = "fr"\n'
                                    f'defaultContentLanguage = "fr"\n[params]\n{params}', encoding="utf-8")
    return root


def test_a_site_s_params_give_the_logo_and_the_contact_details(tmp_path, dated):
    root = hugo_site(tmp_path, 'logo = "images/logo.svg"\nemail = "contact@exemple-site.example"\n'
                               'mobile = "0600000000"\nlocation = "Lille, France"\n')
    config = load_config(site=root, cwd=tmp_path, overrides={"content.section": "realisations"})
    assert config.company_logo == (root / "static" / "images" / "logo.svg").resolve()
    assert config.company_url == "https://www.exemple-site.example/"
    assert config.company_contact == {"address": "Lille, France", "email": "contact@exemple-site.example",
                                      "phone": "0600000000"}
    assert build_site(root, tmp_path / "out", config=config).exit_code == 0
    pdf = tmp_path / "out" / "realisations.pdf"
    reader = PdfReader(pdf)
    width, height = logo_box_mm(pdf)
    assert len(reader.pages[0].images) >= 1 and (width >= 40 or height >= 15)
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "contact@exemple-site.example" in last and "exemple-site.example" in last and "Lille, France" in last


def test_a_site_logo_whose_mark_fills_the_middle_of_its_canvas_is_full_size_on_the_cover(tmp_path, dated):
    """aenix.io's logo-full.svg: a 300 × 300 canvas with the word mark across its middle quarter."""
    root = hugo_site(tmp_path, 'logo = "images/logo.svg"\n')
    (root / "static" / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">'
        '<rect x="27" y="112" width="245" height="76" fill="#0971eb"/></svg>', encoding="utf-8")
    config = load_config(site=root, cwd=tmp_path, overrides={"content.section": "realisations"})
    assert build_site(root, tmp_path / "out", config=config, one_pagers=False).exit_code == 0
    width, height = logo_box_mm(tmp_path / "out" / "realisations.pdf")
    assert height >= 20 or width >= 75  # the mark at the logo's size, not a quarter of a 26 mm canvas


@pytest.mark.parametrize("written", ["../../outside.svg", "/../../outside.svg", "https://cdn.example/logo.svg",
                                     "images/missing.svg", "hugo.toml"])
def test_a_site_s_logo_outside_its_static_folders_is_not_used(tmp_path, written):
    root = hugo_site(tmp_path, f'logo = "{written}"\n[params.contact]\nemail = "a@b.example"\n', base_url="/")
    (tmp_path / "outside.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    config = load_config(site=root, cwd=tmp_path, overrides={"content.section": "realisations"})
    assert config.company_logo is None and config.company_url == ""  # "/" is no web address
    assert config.company_contact["email"] == "a@b.example"


def test_brochure_toml_s_contact_details_win_over_the_site_s(tmp_path):
    root = hugo_site(tmp_path, 'email = "site@exemple-site.example"\n')
    (tmp_path / "brochure.toml").write_text(f'site = "{root}"\n[company]\nemail = "moi@ici.example"\n'
                                            '[content]\nsection = "realisations"\n', encoding="utf-8")
    config = load_config(tmp_path / "brochure.toml")
    assert config.company_contact["email"] == "moi@ici.example" and config.company_name == "Exemple SARL"


@pytest.mark.parametrize("title, name", [("Ænix — Amplify your data center", "Ænix"),
                                         ("SICADE | Métallerie | Tolerie", "SICADE"),
                                         ("PragmaTech GmbH - Build & Ship Software", "PragmaTech GmbH"),
                                         ("TODO Group // TODO: Talk openly", "TODO Group"),
                                         ("Naos Atelier", "Naos Atelier"), ("Saint-Malo Conseil", "Saint-Malo Conseil")])
def test_a_site_s_title_gives_the_company_s_name_without_its_tagline(title, name):
    from brochure.company import title_name

    assert title_name(title) == name


def test_without_a_logo_key_a_site_s_file_named_logo_is_used(tmp_path):
    root = hugo_site(tmp_path, 'description = "x"\n')
    config = load_config(site=root, cwd=tmp_path, overrides={"content.section": "realisations"})
    assert config.company_logo == (root / "static" / "images" / "logo.svg").resolve()
    assert config.company_name == "Exemple SARL"
    (root / "static" / "images" / "logo.svg").rename(root / "static" / "images" / "logo-company.svg")
    (root / "static" / "img").mkdir()
    (root / "static" / "img" / "logo.png").write_bytes(b"")
    config = load_config(site=root, cwd=tmp_path, overrides={"content.section": "realisations"})
    assert config.company_logo == (root / "static" / "img" / "logo.png").resolve()
