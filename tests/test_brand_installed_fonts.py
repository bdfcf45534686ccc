"""A site's typeface it only loads from Google Fonts (reported, never fetched): used in the PDF
when a family of that name is installed on the machine (fontconfig), reported as such by
`brochure brand`, and left out ("remote only") when it is not."""

import subprocess

from brochure import system_fonts
from brochure.commands import brand as command
from brochure.config import load_config
from conftest import build_site
from test_brand import CASE, make

LINK = '<link href="https://fonts.googleapis.com/css2?family={0}&display=swap" rel="stylesheet">'


def remote_font_site(root, family: str):
    css = f'body {{ font-family: "{family}", sans-serif; }}\nh2 {{ color: #e95459; }}\n'
    head = LINK.format(family.replace(" ", "+"))
    return make(root, {"themes/corp/static/css/site.css": css, "themes/corp/layouts/partials/head.html": head,
                       "content/references/chaleur.md": CASE})


def test_a_remote_family_installed_here_is_used_and_said_so(tmp_path, monkeypatch):
    monkeypatch.setattr(system_fonts, "families", lambda: frozenset({"brand remote"}))
    root = remote_font_site(tmp_path / "installed_remote_font", "Brand Remote")
    site, found = command.read_brand(root)
    lines = "\n".join(command.describe(site, found))
    assert "text font      Brand Remote (installed on this machine: embedded)" in lines
    assert "remote font    Brand Remote (reported, not fetched)" in lines
    assert load_config(site=root, cwd=root).font == "Brand Remote"
    assert ("font", "Brand Remote") in [(k, v) for k, v, _ in command.theme_entries(site, found, root)]


def test_a_remote_family_not_installed_is_remote_only(tmp_path, monkeypatch):
    monkeypatch.setattr(system_fonts, "families", lambda: frozenset())
    root = remote_font_site(tmp_path / "remote_only_font", "Brand Remote")
    site, found = command.read_brand(root)
    assert "(remote only: install it or put its files in static/; not embedded)" in "\n".join(
        command.describe(site, found))
    config = load_config(site=root, cwd=root)
    assert config.font == "" and config.colors["heading"] == "#e95459"
    assert "font" not in [k for k, _v, _o in command.theme_entries(site, found, root)]


def test_the_pdf_embeds_the_installed_family(tmp_path):
    # DejaVu Serif comes with fontconfig itself (fonts-dejavu-core): no font package for this test
    assert system_fonts.installed("dejavu serif")
    root = remote_font_site(tmp_path / "installed_font_in_pdf", "DejaVu Serif")
    build_site(root, "out", config=load_config(site=root, cwd=root))
    fonts = subprocess.run(["pdffonts", str(root / "out" / "one-pagers" / "chaleur.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "DejaVuSerif" in fonts.replace("-", "")


def test_families_lists_every_name_of_a_face():
    assert "dejavu sans" in system_fonts.families() and not system_fonts.installed("  ")
