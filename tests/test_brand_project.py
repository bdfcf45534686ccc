"""`brochure brand` on a brochure project (a brochure.toml without a Hugo site): the bundled
content, a project with its own styles folder, where each thing was found, `--write` and `--force`,
and `--site` pointed at a project."""

import json
import shutil
import tomllib
from pathlib import Path

from conftest import ROOT
from brochure import brand, brand_project
from brochure.config import load_config
from brochure.theme import read_toml
from test_brand import cli, make

INTER = ROOT / "styles" / "fonts" / "Inter-Regular.otf"


def test_the_bundled_content_gives_its_logo_fonts_and_colours():
    shown = cli("--json", cwd=ROOT)
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)
    assert found["logo"] == {"value": "static/images/logo-company.svg", "origin": "brochure.toml: company.logo"}
    assert found["logo_light"]["value"] == "static/images/logo-company-white.svg"
    assert found["font"]["value"] == "Inter" and found["heading_font"]["value"] == "Inter Display"
    assert {f["value"] for f in found["font_files"]["Inter"]} >= {"styles/fonts/Inter-Regular.otf",
                                                                   "styles/fonts/Inter-Bold.otf"}
    assert found["font_files"]["Inter"][0]["origin"].startswith("styles/common.css: @font-face")
    assert found["colors"]["accent"] == {"value": "#173541", "origin": "content/projects/collectivites/_index.md: color"}
    assert {"#173541", "#7a2e4d"} <= set(found["brand_colors"])
    assert found["contacts"]["email"]["origin"] == "brochure.toml: company.email"


def test_site_dot_on_a_project_says_how_to_read_it():
    shown = cli("--site", ".", cwd=ROOT)
    assert shown.returncode == 2 and shown.stderr.count("\n") == 1
    assert "brochure project" in shown.stderr and "without --site" in shown.stderr


def own_styles_project(root: Path) -> Path:
    files = {
        "look/site.css": '@font-face { font-family: "Acme Sans"; src: url(fonts/acme.otf); }\n'
                         ':root { --brand-primary: #0e7c7b; }\n'
                         'html { font-family: "Acme Sans", sans-serif; color: #222222; }\n'
                         'h2 { color: #e95459; }\n',
        "content/projects/eau/_index.md": '---\ntitle: "Eau"\ncolor: "#1d65a6"\n---\n',
        "static/img/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                               '<rect width="40" height="20" fill="#7a2e4d"/></svg>',
        "static/img/logo-white.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>',
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "look" / "fonts").mkdir()
    shutil.copy(INTER, root / "look" / "fonts" / "acme.otf")
    (root / "content" / "references").mkdir()
    (root / "brochure.toml").write_text('[company]\nname = "Acme"\n\n[theme]\nstyles = "look"\n', encoding="utf-8")
    return root


def test_a_project_with_its_own_styles_folder(tmp_path):
    root = own_styles_project(tmp_path)
    path = root / "brochure.toml"
    found = brand_project.discover_project(load_config(path), read_toml(path))
    assert found.logo == brand.Found("static/img/logo.svg", "a file named logo in the static folder")
    assert found.logo_light.value == "static/img/logo-white.svg"
    assert found.font.value == "Acme Sans" and found.local(found.font)
    assert found.font_files["Acme Sans"] == [brand.Found("look/fonts/acme.otf", "look/site.css: @font-face Acme Sans 400 normal")]
    assert found.colors["heading"] == brand.Found("#e95459", "look/site.css: h2 {color}")
    assert found.colors["accent"].value == "#1d65a6"  # the project's colour before the styles' variable
    assert found.colors["logo"].value == "#7a2e4d"
    assert {"#e95459", "#1d65a6", "#7a2e4d"} <= set(brand.brand_colours(found))


def test_write_on_a_project_refuses_its_theme_block_and_force_keeps_its_folders(tmp_path):
    root = own_styles_project(tmp_path)
    before = (root / "brochure.toml").read_text(encoding="utf-8")
    refused = cli("--write", cwd=root)
    assert refused.returncode == 2 and "--force" in refused.stderr and refused.stderr.count("\n") == 1
    assert (root / "brochure.toml").read_text(encoding="utf-8") == before
    assert cli("--write", "--force", cwd=root).returncode == 0
    theme = tomllib.loads((root / "brochure.toml").read_text(encoding="utf-8"))["theme"]
    assert theme["styles"] == "look" and theme["fonts"] == ["look/fonts/acme.otf"] and theme["font"] == "Acme Sans"
    assert theme["heading_color"] == "#e95459" and theme["logo"] == "static/img/logo.svg"
    assert "site" not in tomllib.loads((root / "brochure.toml").read_text(encoding="utf-8"))
    assert load_config(root / "brochure.toml").fonts == ((root / "look/fonts/acme.otf").resolve(),)


def test_without_a_brochure_toml_it_says_what_to_pass(tmp_path):
    shown = cli(cwd=tmp_path)
    assert shown.returncode == 2 and shown.stderr.count("\n") == 1 and "--site DIR" in shown.stderr


def test_a_project_naming_its_site_gives_the_sites_brand(tmp_path):
    site = make(tmp_path / "named_site", {"themes/corp/static/css/site.css": "h2 { color: #e95459; }"})
    work = tmp_path / "work"
    work.mkdir()
    (work / "brochure.toml").write_text('site = "../named_site"\n', encoding="utf-8")
    shown = cli(cwd=work)
    assert shown.returncode == 0, shown.stderr
    assert "heading colour #e95459  (themes/corp/static/css/site.css: h2 {color})" in shown.stdout
    assert cli("--write", cwd=work).returncode == 0 and site.is_dir()
    written = tomllib.loads((work / "brochure.toml").read_text(encoding="utf-8"))
    assert written["site"] == "../named_site" and written["theme"]["heading_color"] == "#e95459"
