"""`brochure brand` and site mode's brand: each source of each element (params, the header
partial, CSS, SCSS, Hugo's compiled resources, nothing found), the sandbox, `--write`, and the
PDFs' facts (the font list, the heading colour in rendered pixels)."""

import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from brochure import brand
from brochure.commands import brand as command
from brochure.config import load_config
from brochure.errors import ConfigError, printable
from brochure.site import load_site

INTER = ROOT / "styles" / "fonts"
# a face of the repository's own, under another family name in the fixtures' CSS
SERIF = ROOT / "styles" / "fonts" / "InterDisplay-Bold.otf"
CASE = "---\ntitle: Réseau de chaleur\n---\n\nUn texte d'introduction.\n\n## Le contexte\n\nDu texte.\n"


def make(root: Path, files: dict[str, str | bytes | Path], config: str = 'title = "Acme"\ntheme = "corp"\n') -> Path:
    """A Hugo site in ``root`` (named after its case) with ``files`` (a Path: copied)."""
    root.mkdir(parents=True)
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def found(root: Path) -> brand.Brand:
    return brand.discover(load_site(root))


def test_logo_from_params_with_its_light_version(tmp_path):
    root = make(tmp_path / "params_logo", {"static/img/acme.svg": "<svg/>", "static/img/acme-white.svg": "<svg/>"},
                'title = "Acme"\n[params]\nlogo = "img/acme.svg"\nlogoWhite = "/img/acme-white.svg"\n')
    b = found(root)
    assert (b.logo.value, b.logo.origin) == ("static/img/acme.svg", "params.logo")
    assert (b.logo_light.value, b.logo_light.origin) == ("static/img/acme-white.svg", "params.logowhite")


def test_logo_from_the_theme_header_partial(tmp_path):
    header = '<header><a href="/"><img src="{{ "images/brand-logo.png" | relURL }}" alt="Acme"></a></header>'
    root = make(tmp_path / "header_partial_logo", {"themes/corp/layouts/partials/header.html": header,
                                                   "themes/corp/static/images/brand-logo.png": b"\x89PNG"})
    b = found(root)
    assert b.logo.value == "themes/corp/static/images/brand-logo.png"
    assert b.logo.origin == "themes/corp/layouts/partials/header.html: images/brand-logo.png"


def test_a_white_header_logo_with_its_version_for_white_beside_it(tmp_path):
    root = make(tmp_path / "header_partial_white_logo", {
        "themes/corp/layouts/partials/header.html": '<img src="/images/logo-full-white.svg" alt="Acme">',
        "static/images/logo-full-white.svg": "<svg/>", "static/images/logo-full.svg": "<svg/>"})
    b = found(root)
    assert (b.logo.value, b.logo_light.value) == ("static/images/logo-full.svg", "static/images/logo-full-white.svg")


def test_a_logo_on_white_and_on_black_from_params(tmp_path):
    """todogroup.org's theme: "logo_on_white" is the logo for white pages (dark ink), not a white one."""
    root = make(tmp_path / "params_logo_on_white", {"static/img/todo-logo-on-white.svg": "<svg/>",
                                                    "static/img/todo-logo-on-black.svg": "<svg/>"},
                'title = "Acme"\n[params]\nlogo_on_white = "/img/todo-logo-on-white.svg"\n'
                'logo_on_black = "/img/todo-logo-on-black.svg"\n')
    b = found(root)
    assert (b.logo.value, b.logo.origin) == ("static/img/todo-logo-on-white.svg", "params.logo_on_white")
    assert (b.logo_light.value, b.logo_light.origin) == ("static/img/todo-logo-on-black.svg", "params.logo_on_black")
    alone = make(tmp_path / "params_logo_on_white_alone", {"static/img/todo-logo-on-white.svg": "<svg/>",
                                                           "static/img/todo-logo-on-black.svg": "<svg/>"},
                 'title = "Acme"\n[params]\nlogo_on_white = "/img/todo-logo-on-white.svg"\n')
    assert found(alone).logo.value == "static/img/todo-logo-on-white.svg"


def test_a_font_weight_between_hundreds_is_rounded(tmp_path):
    """Poppins ExtraLight's files say 275: WeasyPrint ignores a @font-face weight that is not a hundred."""
    from fontTools.ttLib import TTFont
    from brochure import assets

    font = TTFont(str(INTER / "Inter-Regular.otf"))
    font["OS/2"].usWeightClass = 275
    font.save(str(tmp_path / "font_weight_275.otf"))
    assert assets.font_face(tmp_path / "font_weight_275.otf").weight == 300


def test_an_inline_svg_logo_is_reported_not_used(tmp_path):
    root = make(tmp_path / "inline_svg_logo", {"layouts/partials/site-header.html": '<a class="logo"><svg viewBox="0 0 1 1"/></a>'},
                'title = "Acme"\n')
    b = found(root)
    assert b.logo is None and b.inline_logo == "layouts/partials/site-header.html: an inline <svg>"


def test_fonts_and_colours_from_css(tmp_path):
    css = """@import url("https://fonts.googleapis.com/css2?family=Open+Sans:wght@400&display=swap");
:root { --brand-red: #e95459; --ink: #2b2b2b; }
@font-face { font-family: "Brand Serif"; font-weight: 400; src: url("../fonts/brand-serif.otf") format("opentype"); }
body { font-family: "Open Sans", sans-serif; color: var(--ink); background-color: #fdf8ef; }
h1, h2, h3 { font-family: 'Brand Serif', serif; color: var(--brand-red); }
a { color: #00796b; }
.btn { background: #0a5c36; }
"""
    root = make(tmp_path / "css_font_face", {"themes/corp/static/css/site.css": css,
                                             "themes/corp/static/fonts/brand-serif.otf": SERIF})
    b = found(root)
    assert (b.heading_font.value, b.local(b.heading_font)) == ("Brand Serif", True)
    assert b.heading_font.origin == "themes/corp/static/css/site.css: h1, h2, h3 {font-family}"
    assert [f.value for f in b.font_files["Brand Serif"]] == ["themes/corp/static/fonts/brand-serif.otf"]
    assert (b.font.value, b.local(b.font)) == ("Open Sans", False)  # remote: reported, not fetched
    assert [r.value for r in b.remote_fonts] == ["Open Sans"]
    assert {k: v.value for k, v in b.colors.items()} == {
        "heading": "#e95459", "link": "#00796b", "button": "#0a5c36", "text": "#2b2b2b",
        "background": "#fdf8ef", "accent": "#0a5c36"}
    assert len(brand.brand_colours(b)) >= 2


def test_tailwind_theme_variables_and_apply(tmp_path):
    css = """@import "tailwindcss";
@theme { --color-brand-600: #0284c7; --font-heading: 'Space Grotesk', sans-serif; }
@layer base {
  body { font-family: 'Inter', sans-serif; }
  .project-content h2 { @apply font-heading text-brand-600; }
}
"""
    root = make(tmp_path / "tailwind_theme", {"themes/corp/assets/css/main.css": css})
    b = found(root)
    assert b.colors["heading"].value == "#0284c7" and b.colors["accent"].value == "#0284c7"
    assert (b.font.value, b.heading_font.value) == ("Inter", "Space Grotesk")


def test_scss_compiled_by_libsass(tmp_path):
    pytest.importorskip("sass")
    root = make(tmp_path / "scss_libsass", {
        "themes/corp/assets/scss/_colors.scss": "$red: #e95459;\n",
        "themes/corp/assets/scss/main.scss": '@import "colors";\n.article { h2 { color: $red; } }\nh2 { color: darken($red, 10%); }\n'})
    b = found(root)
    assert b.colors["heading"].value == "#e3272d"  # darken(#e95459, 10%), as Sass computes it
    assert b.colors["heading"].origin == "themes/corp/assets/scss/main.scss: h2 {color}"


def test_scss_that_never_ends_or_imports_from_outside_is_stopped(tmp_path, monkeypatch):
    pytest.importorskip("sass")
    from brochure import brand_scss

    monkeypatch.setattr(brand_scss, "SECONDS", 3)
    (tmp_path / "secret.scss").write_text("h2 { color: #ff0000; }", encoding="utf-8")
    outside = make(tmp_path / "scss_import_outside", {"assets/scss/main.scss": '@import "../../../secret";\n'}, 'title = "Acme"\n')
    assert "heading" not in found(outside).colors
    endless = make(tmp_path / "scss_endless_loop", {"assets/scss/main.scss": "$i: 0;\n@while $i < 1 { $x: $i; }\n"},
                   'title = "Acme"\n')
    assert found(endless).colors == {}


def test_colours_and_fonts_from_scss_variables(tmp_path):
    variables = "// colours\n$primary-color: #5AB51E;\n$text-color: #333 !default;\n$primary-font: 'Quicksand', sans-serif;\n"
    typography = "// General rules\nbody {\n  color: $text-color; // the text\n  font-family: $primary-font;\n}\nh2 { color: darken($primary-color, 0%); }\n"
    root = make(tmp_path / "scss_variables", {"themes/corp/assets/scss/_variables.scss": variables,
                                              "themes/corp/assets/scss/_typography.scss": typography,
                                              "themes/corp/assets/scss/style.scss": '@import "variables";\n@import "typography";\n'})
    b = found(root)
    assert b.colors["accent"] == brand.Found("#5ab51e", "themes/corp/assets/scss/_variables.scss: $primary-color")
    assert b.colors["text"].value == "#333333"
    assert b.font.value == "Quicksand"


def test_colours_from_hugo_compiled_resources(tmp_path):
    compiled = "body{color:#222}h2{color:#dc0814}a{color:#dc0814}"
    root = make(tmp_path / "compiled_resources", {
        "assets/sass/main.scss": "@use 'sass:math';\nbody { color: math.div(1, 2); }\n",
        "resources/_gen/assets/scss/sass/main.scss_0123456789abcdef.content": compiled}, 'title = "Acme"\n')
    b = found(root)
    assert b.colors["heading"].value == "#dc0814"
    assert b.colors["heading"].origin.startswith("resources/_gen/assets/scss/sass/main.scss_")


def test_nothing_found_keeps_the_neutral_design(tmp_path):
    root = make(tmp_path / "nothing_found", {"content/references/a.md": CASE}, 'title = "Acme"\n')
    b = found(root)
    assert b.empty and not b.contacts
    config = load_config(site=root, cwd=root)
    assert (config.fonts, config.font, config.default_color) == ((), "", "#2f4858")
    assert not any(config.colors.values())


def test_nothing_is_read_outside_the_site(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "evil.css").write_text("h2 { color: #ff0000; }", encoding="utf-8")
    root = make(tmp_path / "outside_link", {}, 'title = "Acme"\n[params]\nlogo = "../../elsewhere/logo.svg"\n')
    (outside / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (root / "static").mkdir()
    os.symlink(outside / "evil.css", root / "static" / "evil.css")
    b = found(root)
    assert b.logo is None and "heading" not in b.colors


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "brochure", "brand", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_write_puts_a_theme_block_and_keeps_the_rest(tmp_path):
    root = make(tmp_path / "write_theme", {"themes/corp/static/css/site.css": "h2 { color: #e95459; }"})
    work = tmp_path / "work"
    work.mkdir()
    (work / "brochure.toml").write_text('# ours\n[company]\nname = "Acme"\n', encoding="utf-8")
    shown = cli("--site", str(root), "--write", cwd=work)
    assert shown.returncode == 0, shown.stderr
    assert "heading colour #e95459  (themes/corp/static/css/site.css: h2 {color})" in shown.stdout
    text = (work / "brochure.toml").read_text(encoding="utf-8")
    assert text.startswith("# ours\n") and tomllib.loads(text)["theme"]["heading_color"] == "#e95459"
    again = cli("--site", str(root), "--write", cwd=work)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "--force" in again.stderr
    assert (work / "brochure.toml").read_text(encoding="utf-8") == text
    assert cli("--site", str(root), "--write", "--force", cwd=work).returncode == 0
    assert tomllib.loads((work / "brochure.toml").read_text(encoding="utf-8"))["company"] == {"name": "Acme"}


def brand_site(root: Path, extra_config: str = "") -> Path:
    css = """@font-face { font-family: "Brand Serif"; src: url("../fonts/brand-serif.otf"); }
h1, h2, h3 { font-family: "Brand Serif", serif; color: #e95459; }
body { font-family: "Brand Serif", serif; }
.btn { background: #0a5c36; }
"""
    return make(root, {"themes/corp/static/css/site.css": css, "themes/corp/static/fonts/brand-serif.otf": SERIF,
                       "content/references/chaleur.md": CASE},
                'title = "Acme"\ntheme = "corp"\n' + extra_config)


def red_pixels(pdf: Path, tmp: Path) -> int:
    """Pixels of the one-pager's body (below its header band) near the heading colour #e95459."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp / "page")], check=True)
    image = Image.open(tmp / "page.png").convert("RGB")
    width, height = image.size
    body = image.crop((0, int(height * 0.12), width, height))
    data = body.tobytes()
    return sum(1 for i in range(0, len(data), 3) if abs(data[i] - 233) + abs(data[i + 1] - 84) + abs(data[i + 2] - 89) < 60)


def test_site_mode_uses_the_brand_in_the_pdf(tmp_path):
    root = brand_site(tmp_path / "brand_in_pdf")
    config = load_config(site=root, cwd=root)
    assert config.default_color == "#0a5c36" and config.colors["heading"] == "#e95459"
    build_site(root, "out", config=config)
    pdf = root / "out" / "one-pagers" / "chaleur.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Brand-Serif" in fonts  # WeasyPrint names an embedded face by its CSS family
    assert red_pixels(pdf, tmp_path) > 30


def test_a_theme_block_overrides_the_brand(tmp_path):
    root = brand_site(tmp_path / "theme_overrides_brand")
    (root / "brochure.toml").write_text('[theme]\nbrand = false\n', encoding="utf-8")
    config = load_config(root / "brochure.toml", site=root)
    assert config.fonts == () and config.default_color == "#2f4858"
    build_site(root, "out", config=config)
    pdf = root / "out" / "one-pagers" / "chaleur.pdf"
    assert "Brand-Serif" not in subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert red_pixels(pdf, tmp_path) == 0
    (root / "brochure.toml").write_text('[theme]\nheading_color = "#1f4e9c"\n', encoding="utf-8")
    config = load_config(root / "brochure.toml", site=root)
    assert config.colors["heading"] == "#1f4e9c" and config.font == "Brand Serif"


def test_the_company_logo_stays_on_white_unless_it_is_white(tmp_path):
    from PIL import Image

    from brochure.commands.front import company_logo

    def logo(name: str, colour: tuple) -> Path:
        image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
        image.paste(colour + (255,), (20, 20, 280, 80))
        image.save(tmp_path / name)
        return tmp_path / name

    white, blue = logo("logo-white.png", (255, 255, 255)), logo("logo.png", (40, 170, 230))  # cyan: 2.4:1 on white
    config = load_config(site=make(tmp_path / "white_logo", {"content/references/a.md": CASE}, 'title = "Acme"\n'), cwd=tmp_path)
    alone = company_logo(replace_config(config, company_logo=white, logo_light=None))
    assert (ink_of(alone["logo"]), alone["logo_card"], round(alone["logo_aspect"])) == ((255, 255, 255), "dark", 4)
    both = company_logo(replace_config(config, company_logo=white, logo_light=blue))
    assert ink_of(both["logo"]) == (40, 170, 230) and both["logo_card"] == ""


def ink_of(url: str) -> tuple[int, int, int]:
    """The colour in the middle of the logo at ``url``: a data: URL of it cropped to its ink."""
    import base64
    import io

    from PIL import Image

    assert url.startswith("data:image/png;base64,")  # cropped to its ink (its transparent margins left out)
    image = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA")
    return image.getpixel((image.width // 2, image.height // 2))[:3]


def replace_config(config, **changes):
    from dataclasses import replace

    return replace(config, **changes)


# todogroup.org's logo: white strokes drawn inside a light green disc, then its name in dark grey
DISC_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="131" height="57" viewBox="0 0 131 57">'
             '<circle cx="25" cy="26" r="25" fill="#a1d33c"/>'
             '<path d="M14 38 L22 12 L26 12 L18 38 Z M25 38 L33 12 L37 12 L29 38 Z" fill="#fff"/>'
             '<rect x="60" y="20" width="66" height="15" fill="#a1d33c"/></svg>')
# aenix.io's logo-full.svg: a 300 × 300 canvas with the word mark across its middle quarter
CANVAS_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">'
               '<rect x="27" y="112" width="245" height="76" fill="#0971eb"/></svg>')
WHITE_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" viewBox="0 0 200 80">'
              '<rect x="0" y="0" width="200" height="80" rx="20" fill="#ffffff"/></svg>')
FOOTER_DPI = 150


def logo_site(root: Path, logo: str) -> Path:
    """A site whose params name ``logo`` (an SVG's text) as its logo, with one case study."""
    return make(root, {"static/img/logo.svg": logo, "content/references/chaleur.md": CASE},
                'title = "Acme"\n[params]\nlogo = "img/logo.svg"\n')


def footer(root: Path, tmp: Path):
    """The one-pager's footer (its bottom 13 mm, left half) built with zero configuration and
    rendered at ``FOOTER_DPI``."""
    from PIL import Image

    build_site(root, "out", config=load_config(site=root, cwd=tmp), brochure=False)
    pdf = root / "out" / "one-pagers" / "chaleur.pdf"
    subprocess.run(["pdftoppm", "-r", str(FOOTER_DPI), "-png", "-singlefile", str(pdf), str(tmp / "page")], check=True)
    image = Image.open(tmp / "page.png").convert("RGB")
    return image.crop((0, image.height - round(13 * FOOTER_DPI / 25.4), image.width // 2, image.height))


def drawn(image, colour: tuple[int, int, int], box=None) -> tuple[float, tuple | None]:
    """(height in mm, bounding box) of the pixels near ``colour`` in ``image`` (inside ``box``)."""
    from PIL import Image

    part = (image.crop(box) if box else image).convert("RGB")
    data = part.tobytes()
    near = bytes(255 if max(abs(data[i + k] - colour[k]) for k in range(3)) <= 40 else 0 for i in range(0, len(data), 3))
    mask = Image.frombytes("L", part.size, near)
    found = mask.getbbox()
    return ((found[3] - found[1]) * 25.4 / FOOTER_DPI if found else 0.0), found


def test_a_logo_with_white_inside_a_coloured_disc_is_shown_on_white_without_a_card(tmp_path):
    from brochure.commands.front import company_logo

    root = logo_site(tmp_path / "white_inside_a_disc", DISC_LOGO)
    assert company_logo(load_config(site=root, cwd=tmp_path))["logo_card"] == ""  # white on the green, not the page
    image = footer(root, tmp_path)
    height, _ = drawn(image, (0xa1, 0xd3, 0x3c))
    assert height >= 3.2  # the disc, in the footer, on the page's white
    assert drawn(image, (0x1b, 0x1b, 0x1b))[0] == 0.0  # no dark card


def test_an_svg_logo_whose_ink_fills_the_middle_quarter_of_its_canvas_is_full_height_in_the_footer(tmp_path):
    root = logo_site(tmp_path / "mark_in_the_middle_of_its_canvas", CANVAS_LOGO)
    height, _ = drawn(footer(root, tmp_path), (0x09, 0x71, 0xeb))
    assert height >= 3.2  # the ink 3.6 mm high, not the canvas (the mark was 0.9 mm)


def test_a_white_logo_is_drawn_on_a_dark_card_in_the_footer(tmp_path):
    root = logo_site(tmp_path / "white_logo_in_the_footer", WHITE_LOGO)
    image = footer(root, tmp_path)
    card, box = drawn(image, (0x1b, 0x1b, 0x1b))
    assert card >= 4.5  # the card: the logo's 3.6 mm and 1 mm more each side
    assert drawn(image, (0xff, 0xff, 0xff), box)[0] >= 3.0  # the white logo on it


def test_tailwind_arbitrary_colours_in_templates(tmp_path):
    """Colours only in the templates' classes (``bg-[#1D65A6]``): counted by use, at rest only,
    the role taken from the element; the next most used is the secondary."""
    nav = '<nav class="bg-[#192E5B] md:bg-[#192E5B] hover:bg-[#FF0000]"><a class="text-[#1D65A6]">x</a></nav>\n'
    body = '<h2 class="text-[#1D65A6] font-bold">T</h2><p class="text-[#757575]">p</p>\n' * 3
    root = make(tmp_path / "tailwind-arbitrary", {"themes/corp/layouts/partials/header.html": nav,
                                                  "layouts/_default/single.html": body})
    colors = found(root).colors
    assert colors["accent"].value == "#192e5b" and "header.html: <nav class=bg-[#192E5B]>" in colors["accent"].origin
    assert colors["heading"].value == "#1d65a6" and "<h2 class=text-[#1D65A6]>" in colors["heading"].origin
    assert colors["link"].value == "#1d65a6" and colors["secondary"].value == "#1d65a6"
    assert "#ff0000" not in brand.brand_colours(found(root)) and "#757575" not in brand.brand_colours(found(root))


def test_tailwind_palette_classes_take_the_sites_own_variables(tmp_path):
    """``bg-indigo-600`` takes ``--color-indigo-600`` when the site defines it, else ``--color-indigo``,
    else Tailwind's default palette (``text-emerald-700``: #047857); its greys (slate…) are not counted."""
    css = "@theme { --color-indigo: #1D3FAA; --color-brand-400: #38bdf8; }\nh1, h2, h3 { color: #0f172a; }\n"
    page = ('<a class="bg-indigo-600">a</a><a class="bg-indigo-700">b</a><i class="text-brand-400">c</i>'
            '<i class="text-brand-400 text-emerald-700">d</i><p class="text-slate-700 bg-stone-200">e</p>\n')
    root = make(tmp_path / "tailwind-palette", {"assets/css/main.css": css, "layouts/index.html": page})
    colors = found(root).colors
    assert colors["accent"].value == "#1d3faa" and colors["button"].value == "#1d3faa"
    assert colors["heading"].value == "#0f172a"  # the stylesheet's, kept
    assert colors["secondary"].value == "#38bdf8"
    assert brand.brand_colours(found(root)) == ["#1d3faa", "#38bdf8"]


def test_tailwind_default_palette_names_count_as_brand_colours(tmp_path):
    """A site that only uses Tailwind's palette names (``bg-indigo-600``), defining none."""
    page = ('<header class="bg-indigo-600">x</header><h2 class="text-rose-700">T</h2><h2 class="text-rose-700">U</h2>'
            '<p class="text-slate-700">p</p><p class="text-gray-600">q</p><span class="text-amber-500">s</span>\n')
    root = make(tmp_path / "tailwind-default-palette", {"layouts/index.html": page})
    colors = found(root).colors
    assert colors["accent"].value == "#4f46e5" and "<header class=bg-indigo-600>" in colors["accent"].origin
    assert colors["heading"].value == "#be123c" and colors["secondary"].value == "#be123c"
    assert set(brand.brand_colours(found(root))) == {"#4f46e5", "#be123c"}
    assert "#334155" not in [f.value for f in colors.values()]  # slate-700: Tailwind's grey


def test_a_gradient_button_gives_its_first_stop_and_the_secondary(tmp_path):
    """A gradient's stops are colours: the button's is the first, the secondary the last; a
    colour a few units from one already counted is not another brand colour."""
    css = (":root { --primary-color: #5AB51E; }\n"
           ".btn-primary { background: linear-gradient(27deg, #59b51e 0%, #95d239 100%); }\n")
    root = make(tmp_path / "gradient-button", {"themes/corp/assets/css/style.css": css})
    colors = found(root).colors
    assert colors["button"].value == "#59b51e"
    assert colors["secondary"].value == "#95d239" and "gradient" in colors["secondary"].origin
    assert brand.brand_colours(found(root)) == ["#5ab51e", "#95d239"]


def test_a_secondary_variable_and_near_black_or_slate_text_are_not_brand_colours(tmp_path):
    css = (":root { --color-secondary: #F9AA1F; --primary: #dc0814; }\n"
           "body { color: #0f172a; background-color: #fdfbf7; }\nh1 { color: #94a3b8; }\n")
    root = make(tmp_path / "secondary-variable", {"themes/corp/static/css/site.css": css})
    b = found(root)
    assert b.colors["secondary"].value == "#f9aa1f" and "--color-secondary" in b.colors["secondary"].origin
    assert brand.brand_colours(b) == ["#dc0814", "#f9aa1f"]


def test_the_logos_own_colours_and_the_band_from_them(tmp_path):
    """A PNG logo in green and orange with a darker green shade, grey lettering and a transparent
    margin: its two colours (the shade counted with its green, the grey left out); with nothing
    else found, the band takes the logo's green."""
    from PIL import Image, ImageDraw

    root = make(tmp_path / "logo-colours", {"content/references/a.md": CASE}, 'title = "Acme"\n[params]\nlogo = "images/logo.png"\n')
    (root / "static" / "images").mkdir(parents=True)
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 99, 99), fill="#2e7d32")
    draw.rectangle((100, 0, 119, 99), fill="#38873c")  # a shade of the green
    draw.rectangle((120, 0, 169, 99), fill="#fd7700")
    draw.rectangle((170, 0, 189, 99), fill="#6d6467")  # grey lettering
    image.save(root / "static" / "images" / "logo.png")
    b = found(root)
    assert b.colors["logo"].value == "#2e7d32" and b.colors["logo"].origin.startswith("static/images/logo.png: ")
    assert b.colors["logo_2"].value == "#fd7700"
    assert brand.brand_colours(b) == ["#2e7d32", "#fd7700"]
    assert load_config(site=root, cwd=root).default_color == "#2e7d32"


def test_brand_named_variables_the_primary_first(tmp_path):
    """``--brand-primary`` is the accent before ``--brand-accent`` written after it; ``--brand-secondary``
    the secondary; ``--bg-secondary`` (a background) is not."""
    css = (":root { --brand-primary: #01A5FF; --brand-secondary: #0971EB; --brand-accent: #661BE1;"
           " --bg-secondary: #111827; }\n")
    root = make(tmp_path / "brand-prefixed-variables", {"themes/corp/assets/css/main.css": css})
    colors = found(root).colors
    assert colors["accent"].value == "#01a5ff" and "--brand-primary" in colors["accent"].origin
    assert colors["secondary"].value == "#0971eb"


def test_colours_named_in_the_hugo_params_win(tmp_path):
    """``params.primaryColor`` is the accent over the stylesheet's variable; ``params.colors.secondary``
    the secondary; a key naming no role (``params.colors.footer_note``) is not read."""
    config = ('title = "Acme"\ntheme = "corp"\n[params]\nprimaryColor = "#E4572E"\n'
              '[params.colors]\nsecondary = "#29335C"\nfooter_note = "#00ff00"\n')
    root = make(tmp_path / "params-colours", {"themes/corp/static/css/site.css": ":root { --primary: #123abc; }\n"},
                config)
    colors = found(root).colors
    assert (colors["accent"].value, colors["accent"].origin) == ("#e4572e", "params.primarycolor")
    assert (colors["secondary"].value, colors["secondary"].origin) == ("#29335c", "params.colors.secondary")
    assert "#00ff00" not in brand.brand_colours(found(root))


def test_tailwind_config_colours_read_as_text(tmp_path):
    """``theme.extend.colors`` of ``tailwind.config.js``, never run: ``primary`` is the accent, a
    shade table (``brand: {DEFAULT, 600}``) resolves the templates' ``bg-brand-600``."""
    config_js = ("module.exports = { theme: { extend: { colors: {\n  primary: '#0E7C7B',\n"
                 "  'brand': { DEFAULT: \"#D62246\", 600: '#B01C3A' },\n  'icon-hover': 'rgba(217,217,217,0.4)',\n"
                 "}, fontFamily: { sans: ['Inter'] } } } };\n")
    page = '<header class="bg-brand-600"><h1 class="text-primary">x</h1></header>\n'
    root = make(tmp_path / "tailwind-config", {"tailwind.config.js": config_js, "layouts/index.html": page})
    colors = found(root).colors
    assert colors["accent"].value == "#0e7c7b" and colors["accent"].origin == "tailwind.config.js: colors.primary"
    assert colors["secondary"].value == "#b01c3a" and "<header class=bg-brand-600>" in colors["secondary"].origin


HOSTILE_CSS = 'main\n[output]\ndir = ".."\n#.css'


def test_a_stylesheet_named_to_inject_toml_cannot_add_a_table_to_brochure_toml(tmp_path):
    """A site file name with line breaks (its origin, after ``#``) stays in its comment."""
    root = make(tmp_path / "injected_origin", {f"themes/corp/static/css/{HOSTILE_CSS}": ":root{--brand-primary:#1d65a6}",
                                               "themes/corp/static/css/x\x1b[2J\u2028.css": "h2 { color: #e95459; }"})
    work = tmp_path / "work"
    work.mkdir()
    (work / "brochure.toml").write_text('[company]\nname = "Acme"\n', encoding="utf-8")
    shown = cli("--site", str(root), "--write", cwd=work)
    assert shown.returncode == 0, shown.stderr
    written = tomllib.loads((work / "brochure.toml").read_text(encoding="utf-8"))
    assert set(written) == {"company", "theme"} and written["company"] == {"name": "Acme"}
    assert written["theme"]["accent_color"] == "#1d65a6" and written["theme"]["heading_color"] == "#e95459"
    assert "\x1b" not in shown.stdout and "\u2028" not in shown.stdout and "\\n[output]" in shown.stdout
    assert not any(line.startswith("[output]") for line in shown.stdout.splitlines())


def test_a_value_with_control_characters_and_line_breaks_reads_back_as_it_was():
    value = 'a\n[output]\r\x00\x1f\x7f\x85\u2028\u2029"\\\t\u202e\U000e0001é'
    line = f"x = {command.toml_string(value)}  # {printable(value)}\n"
    assert len(line.splitlines()) == 1 and tomllib.loads(line) == {"x": value}


def test_accent_color_written_in_theme_sets_the_band_colour(tmp_path):
    root = brand_site(tmp_path / "written_accent")
    assert load_config(site=root, cwd=root).default_color == "#0a5c36"  # the site's
    (root / "brochure.toml").write_text('[theme]\naccent_color = "#1D65A6"\n', encoding="utf-8")
    assert load_config(root / "brochure.toml", site=root).default_color == "#1d65a6"
    (root / "brochure.toml").write_text('[theme]\naccent_color = "#1d65a6"\ndefault_color = "#222"\n', encoding="utf-8")
    assert load_config(root / "brochure.toml", site=root).default_color == "#222"


def test_theme_colours_that_are_not_hex_are_reported_at_once(tmp_path):
    root = brand_site(tmp_path / "bad_colours")
    (root / "brochure.toml").write_text('[theme]\ntext_color = "nonsense"\nlink_color = "red; } body { x: y"\n'
                                        'heading_color = "#abc"\ndefault_color = "blue"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(root / "brochure.toml", site=root)
    lines = caught.value.lines()
    assert len(lines) == 3 and all(line.startswith(str(root / "brochure.toml")) for line in lines)
    assert {line.split(": ")[1] for line in lines} == {"theme.default_color", "theme.text_color", "theme.link_color"}
    assert all("#rgb or #rrggbb" in line for line in lines)


def test_a_site_colour_that_is_not_hex_is_left_out(tmp_path, monkeypatch):
    from brochure import brand_theme

    root = brand_site(tmp_path / "bad_site_colour")
    bad = brand.Brand(colors={"heading": brand.Found("red;}", "x.css"), "accent": brand.Found("#12345g", "y.css"),
                              "link": brand.Found("#1d65a6", "z.css")})
    monkeypatch.setattr(brand_theme, "read_brand", lambda site: (bad, ""))  # (discover runs in a child)
    config = load_config(site=root, cwd=root)
    assert config.colors["heading"] == "" and config.colors["link"] == "#1d65a6"
    assert config.default_color == "#1d65a6"  # the band from the link's colour, the accent being no colour
    block = command.theme_block(command.theme_entries(load_site(root), bad, root))
    assert "red;}" not in block and "#12345g" not in block and "link_color" in block


def test_a_brochure_toml_that_is_not_utf8_is_one_line_naming_it(tmp_path):
    root = make(tmp_path / "not_utf8", {"themes/corp/static/css/site.css": "h2 { color: #e95459; }"})
    (tmp_path / "brochure.toml").write_bytes(b'[company]\nname = "Soci\xe9t\xe9"\n')
    shown = cli("--site", str(root), "--write", cwd=tmp_path)
    assert shown.returncode == 2 and shown.stderr.count("\n") == 1
    assert "brochure.toml" in shown.stderr and "UTF-8" in shown.stderr and "internal" not in shown.stderr


def test_a_fifo_as_config_is_refused_and_kept(tmp_path):
    root = make(tmp_path / "fifo_config", {"themes/corp/static/css/site.css": "h2 { color: #e95459; }"})
    os.mkfifo(tmp_path / "fifo.toml")
    shown = cli("--site", str(root), "--write", "--config", "fifo.toml", cwd=tmp_path)
    assert shown.returncode == 2 and shown.stderr.count("\n") == 1 and "fifo.toml" in shown.stderr
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo.toml").st_mode)


def test_rewriting_brochure_toml_keeps_its_mode(tmp_path):
    root = make(tmp_path / "kept_mode", {"themes/corp/static/css/site.css": "h2 { color: #e95459; }"})
    (tmp_path / "brochure.toml").write_text('[company]\nname = "Acme"\n', encoding="utf-8")
    os.chmod(tmp_path / "brochure.toml", 0o600)
    assert cli("--site", str(root), "--write", cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(os.stat(tmp_path / "brochure.toml").st_mode) == 0o600


def test_force_with_a_theme_line_inside_a_multiline_string(tmp_path):
    root = make(tmp_path / "theme_in_string", {"themes/corp/static/css/site.css": "h2 { color: #e95459; }"})
    note = 'note = """\n[theme]\nnot a table\n"""\n'
    (tmp_path / "brochure.toml").write_text(note + '[company]\nname = "Acme"\n', encoding="utf-8")
    assert cli("--site", str(root), "--write", cwd=tmp_path).returncode == 0  # no [theme] table yet
    assert cli("--site", str(root), "--write", "--force", cwd=tmp_path).returncode == 0
    text = (tmp_path / "brochure.toml").read_text(encoding="utf-8")
    written = tomllib.loads(text)
    assert text.startswith(note) and written["note"] == "[theme]\nnot a table\n"
    assert written["company"] == {"name": "Acme"} and written["theme"]["heading_color"] == "#e95459"


def test_the_colour_keys_are_defined_once():
    from brochure import brand_theme, config

    assert set(brand_theme.COLOUR_KEYS) <= set(config.SCHEMA["theme"])
    assert command.COLOUR_KEYS is brand_theme.COLOUR_KEYS
