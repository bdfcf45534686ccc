"""Site mode: a Hugo site read as it is (``--site DIR``)."""

import json
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from brochure.commands.common import Choice, load
from brochure.config import load_config
from brochure.errors import ConfigError, SelectionError
from brochure.site import load_site, read_config

from conftest import ROOT, build_site, outline_tree


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def hugo_site(tmp_path: Path) -> Path:
    """A bilingual site: config/_default, per-language content, a theme with static files."""
    root = tmp_path / "site"
    write(root / "config/_default/hugo.toml",
          'baseURL = "https://corp.example/"\ntitle = "Corp Studio"\ntheme = "corp"\n'
          'defaultContentLanguage = "en"\nenableEmoji = true\n[taxonomies]\nproject = "projects"\ntag = "tags"\n')
    write(root / "config/_default/languages.yaml", "en:\n  contentDir: content/en\nfr:\n  contentDir: content/fr\n")
    write(root / "config/_default/markup.json", '{"goldmark": {"renderer": {"unsafe": false}}}')
    (root / "themes/corp/static/img").mkdir(parents=True)
    (root / "static/images").mkdir(parents=True)
    Image.new("RGB", (120, 60), "white").save(root / "themes/corp/static/img/logo.png")
    Image.new("RGB", (90, 60), "teal").save(root / "static/images" / unicodedata.normalize("NFD", "équipe.png"))
    bundle = root / "content/en/work/bundle"
    bundle.mkdir(parents=True)
    Image.new("RGB", (160, 90), "orange").save(bundle / "shot.png")
    write(bundle / "index.md",
          '---\ntitle: " Bundle page"\ndate: 2023-05-01\nprojects: ["Open Data"]\ntags: [portal]\nimage: /img/logo.png\n---\n'
          "Intro :smile: with <span>raw</span> html.<!--more-->\n\n![Shot](shot.png)\n\n"
          '{{< figure src="/images/équipe.png" caption="The team" >}}\n\n{{< youtube xyz >}}\n\n'
          "![Missing](/images/nowhere.png)\n\n## Results {#results}\n\nDone.\n")
    write(root / "content/en/work/small.md",
          '+++\ntitle = "Small"\nweight = 1\nprojects = ["open data"]\ntags = ["api"]\n+++\nShort text.\n')
    write(root / "content/en/work/future.md", "---\ntitle: Future\npublishDate: 2999-01-01\nprojects: [open data]\n---\nLater\n")
    write(root / "content/en/work/expired.md", "---\ntitle: Expired\nexpiryDate: 2001-01-01\nprojects: [open data]\n---\nGone\n")
    write(root / "content/en/work/other.fr.md", "---\ntitle: Autre\nprojects: [open data]\n---\nEn français\n")
    write(root / "content/fr/work/petit.md", "---\ntitle: Petit\nprojects: [open data]\n---\nTexte.\n")
    write(root / "content/en/projects/open-data/_index.md", '---\ntitle: Open data\ncolor: "#0b5d4b"\n---\n')
    write(root / "content/fr/projects/open-data/_index.md", '---\ntitle: Données ouvertes\ncolor: "#0b5d4b"\n---\n')
    return root


def test_site_configuration(hugo_site: Path):
    site = load_site(hugo_site)
    assert site.title == "Corp Studio" and site.base_url == "https://corp.example/"
    assert site.default_lang == "en" and site.languages == {"en", "fr"}
    assert site.content_for("fr") == hugo_site / "content/fr"
    assert site.static_dirs == ((hugo_site / "static").resolve(), (hugo_site / "themes/corp/static").resolve())
    assert site.taxonomies == {"project": "projects", "tag": "tags"}
    assert site.unsafe is False and site.emoji is True


def test_site_config_file_forms(tmp_path: Path):
    write(tmp_path / "a/hugo.yaml", "title: A\nstaticDir: [assets-static, static]\ntheme: [t1, t2]\n")
    (tmp_path / "a/static").mkdir()
    (tmp_path / "a/assets-static").mkdir()
    (tmp_path / "a/themes/t2/static").mkdir(parents=True)
    site = load_site(tmp_path / "a")
    assert [p.name for p in site.static_dirs] == ["assets-static", "static", "static"]
    write(tmp_path / "b/config.json", '{"title": "B", "markup": {"goldmark": {"renderer": {"unsafe": true}}}}')
    assert load_site(tmp_path / "b").unsafe is True
    with pytest.raises(ConfigError):
        load_site(tmp_path / "nothing-here")
    write(tmp_path / "c/hugo.toml", "title = [\n")
    with pytest.raises(ConfigError) as err:
        load_site(tmp_path / "c")
    assert "hugo.toml" in str(err.value)


def test_selection_follows_hugo_rules(hugo_site: Path):
    config = load_config(site=hugo_site, overrides={"content.section": "work"}, cwd=hugo_site)
    assert config.company_name == "Corp Studio" and config.language == "en"
    slugs = [c.slug for c in load(config, Choice()).cases]
    assert slugs == ["small", "bundle"]  # no future, no expired, no French file
    slugs = [c.slug for c in load(config, Choice(future=True, expired=True)).cases]
    assert set(slugs) == {"small", "bundle", "future", "expired"}
    fr = load_config(site=hugo_site, lang="fr", overrides={"content.section": "work"}, cwd=hugo_site)
    assert [c.slug for c in load(fr, Choice()).cases] == ["petit"]
    assert fr.language == "fr"


def test_language_suffix_in_a_shared_content_folder(tmp_path: Path):
    root = tmp_path / "s"
    write(root / "hugo.toml", 'defaultContentLanguage = "fr"\n[languages.fr]\nweight = 1\n[languages.en]\nweight = 2\n')
    write(root / "content/references/a.md", "---\ntitle: A fr\n---\n")
    write(root / "content/references/a.en.md", "---\ntitle: A en\n---\n")
    fr = load_config(site=root, cwd=root)
    en = load_config(site=root, lang="en", cwd=root)
    assert [c.title for c in load(fr, Choice()).cases] == ["A fr"]
    assert [(c.slug, c.title) for c in load(en, Choice()).cases] == [("a", "A en")]


def test_one_config_file_per_language_in_the_config_folder(tmp_path: Path):
    """``config/_default/languages.fr.yaml`` configures French, as Hugo reads it; translations
    (``a.fr.md``, ``b/index.fr.md``) then stay out of the English brochure."""
    root = tmp_path / "s"
    write(root / "config/_default/hugo.yaml", "defaultContentLanguage: en\ntitle: Site\n")
    write(root / "config/_default/languages.en.yaml", "weight: 1\nlanguageName: English\n")
    write(root / "config/_default/languages.fr.yaml", "weight: 2\nlanguageName: Français\n")
    write(root / "config/_default/params.fr.yaml", "description: Le site\n")
    write(root / "config/_default/menus.fr.yaml", "main:\n  - name: Accueil\n")
    for name, title in (("a.md", "A en"), ("a.fr.md", "A fr"), ("b/index.md", "B en"), ("b/index.fr.md", "B fr")):
        write(root / "content/references" / name, f"---\ntitle: {title}\n---\n")
    config, _files = read_config(root)
    assert load_site(root).languages == {"en", "fr"}
    assert config["languages"]["fr"] == {"weight": 2, "languagename": "Français",
                                         "params": {"description": "Le site"}, "menus": {"main": [{"name": "Accueil"}]}}
    en = load_config(site=root, cwd=root)
    fr = load_config(site=root, lang="fr", cwd=root)
    assert sorted((c.slug, c.title) for c in load(en, Choice()).cases) == [("a", "A en"), ("b", "B en")]
    assert sorted((c.slug, c.title) for c in load(fr, Choice()).cases) == [("a", "A fr"), ("b", "B fr")]


def test_goldmark_hard_wraps_setting_is_read(tmp_path: Path):
    root = tmp_path / "s"
    write(root / "hugo.toml", "[markup.goldmark.renderer]\nhardWraps = true\n")
    write(root / "content/references/a.md", "---\ntitle: A\n---\nune\nligne\n")
    assert load_site(root).hard_wraps is True and load_config(site=root, cwd=root).hard_wraps is True
    write(root / "hugo.toml", 'title = "S"\n')
    assert load_config(site=root, cwd=root).hard_wraps is False


def test_a_taxonomy_the_site_lacks_is_a_warning_naming_the_site_configuration(tmp_path: Path):
    """Said only when projects are asked for: a site without the taxonomy hears nothing otherwise."""
    root = tmp_path / "s"
    write(root / "hugo.toml", '[taxonomies]\ntag = "tags"\n')
    write(root / "content/references/a.md", "---\ntitle: A\nprojects: [p]\n---\nTexte.\n")
    assert load(load_config(site=root, cwd=root), Choice()).problems == []
    problems = load(load_config(site=root, cwd=root), Choice(projects=("p",))).problems
    assert [(p.level, p.file) for p in problems] == [("warning", str(root.resolve() / "hugo.toml"))]
    assert "taxonomy 'projects' is not among the site's (tags)" in problems[0].message
    (root / "hugo.toml").unlink()  # a config folder: its main file, not the first in name order
    write(root / "config/_default/hugo.toml", '[taxonomies]\ntag = "tags"\n')
    write(root / "config/_default/languages.en.yaml", "weight: 1\n")
    problems = load(load_config(site=root, cwd=root), Choice(projects=("p",))).problems
    assert [p.file for p in problems] == [str(root.resolve() / "config/_default/hugo.toml")]


def test_an_unknown_term_names_its_taxonomy_and_says_no_page_uses_it(tmp_path: Path):
    root = tmp_path / "s"
    write(root / "hugo.toml", '[taxonomies]\ntag = "tags"\n')
    write(root / "content/references/a.md", "---\ntitle: A\n---\nTexte.\n")
    with pytest.raises(SelectionError) as err:
        load(load_config(site=root, cwd=root, overrides={"content.taxonomy": "tags"}), Choice(projects=("ia",)))
    assert str(err.value) == "unknown tags term 'ia'; no page of this section uses the taxonomy 'tags'"
    write(root / "content/references/b.md", "---\ntitle: B\ntags: [Open Data]\n---\nTexte.\n")
    with pytest.raises(SelectionError) as err:
        load(load_config(site=root, cwd=root, overrides={"content.taxonomy": "tags"}), Choice(projects=("ia",)))
    assert str(err.value) == "unknown tags term 'ia'; known tags: open-data"


def test_unknown_language_is_a_config_error(hugo_site: Path):
    with pytest.raises(ConfigError) as err:
        load_config(site=hugo_site, lang="de", cwd=hugo_site)
    assert "de" in str(err.value) and "fr" in str(err.value)


def test_site_build(hugo_site: Path, tmp_path: Path):
    config = load_config(site=hugo_site, overrides={"content.section": "work"}, cwd=hugo_site)
    report = build_site(hugo_site, tmp_path / "out", config=config, choice=Choice(projects=("Open Data",)))
    assert report.exit_code == 0, report.problems
    messages = [p.message for p in report.warnings]
    assert any("image not found: /images/nowhere.png" in m for m in messages)
    assert any("youtube" in m for m in messages)
    assert len([m for m in messages if "image not found" in m]) == 1  # the bundle and NFD images are found
    one = tmp_path / "out/one-pagers/bundle.pdf"
    page = PdfReader(one).pages[0]
    text = page.extract_text()
    assert "Bundle page" in text and "The team" in text and "Results" in text
    assert "{{<" not in text and "![" not in text and "<!--more-->" not in text
    assert "raw html" in text and "<span>" not in text  # unsafe = false: the tag is omitted, the words stay
    assert "😄" in text or "\U0001f604" in text
    brochure = tmp_path / "out/open-data.pdf"
    tree = outline_tree(PdfReader(brochure))
    assert tree[0][0] == "Open data" and [c[0] for c in tree[0][2]] == ["Small", "Bundle page"]
    assert [s[0] for s in tree[0][2][1][2]] == ["Results"]
    # links to the site become absolute with its baseURL; the logo comes from the theme's static folder
    assert len(page.images) >= 3


def test_taxonomy_and_term(hugo_site: Path):
    config = load_config(site=hugo_site, overrides={"content.section": "work", "content.taxonomy": "tags"}, cwd=hugo_site)
    assert [c.slug for c in load(config, Choice(projects=("api",))).cases] == ["small"]


def test_brand_fonts(tmp_path: Path, site):
    from fontTools.ttLib import TTFont

    font = TTFont(str(ROOT / "styles/fonts/Inter-Regular.otf"))
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            record.string = "Brandface" if record.nameID != 6 else "Brandface-Regular"
    root = site(["toml_front_matter.md"],
                config_extra='[theme]\nfonts = ["fonts/Brandface-Regular.otf"]\n')
    (root / "fonts").mkdir()
    font.save(str(root / "fonts/Brandface-Regular.otf"))
    report = build_site(root, brochure=False)
    assert report.exit_code == 0, report.problems
    reader = PdfReader(root / "dist/one-pagers/toml_front_matter.pdf")
    fonts = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("Brandface" in f for f in fonts), fonts


def test_cli_site_flags(hugo_site: Path, tmp_path: Path):
    from click.testing import CliRunner

    from brochure.__main__ import cli

    result = CliRunner().invoke(cli, ["list", "--site", str(hugo_site), "--section", "work", "--lang", "fr", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["slug"] for r in json.loads(result.stdout)] == ["petit"]
    result = CliRunner().invoke(cli, ["list", "--site", str(hugo_site), "--section", "work",
                                      "--taxonomy", "tags", "--term", "portal", "--json"])
    assert [r["slug"] for r in json.loads(result.stdout)] == ["bundle"]


def test_file_names_with_spaces_and_accents_give_the_site_slugs_and_live_links(tmp_path: Path):
    """The one-pagers are named, and the brochure's contents and summary link, by Hugo's URL: no
    space, no trailing hyphen, no dead internal link; a leaf bundle's other .md file is no page."""
    root = tmp_path / "s"
    write(root / "hugo.toml", 'title = "S"\nremovePathAccents = true\n[taxonomies]\nproject = "projects"\n')
    pages = {"conférence- comprendre-et-protéger-nos-sols .md": "title: Sols", "Étude Régionale.md": "title: Étude",
             "x.md": 'title: X\nslug: " Mon Slug "', "vitrine/index.md": "title: Vitrine"}
    for day, (name, front_matter) in enumerate(pages.items(), 1):
        write(root / "content/references" / name, f"---\n{front_matter}\ndate: 2022-01-0{day}\n---\nTexte.\n")
    write(root / "content/references/vitrine/bio.md", "Une biographie, ressource de la vitrine.\n")
    report = build_site(root, tmp_path / "out", config=load_config(site=root, cwd=root))
    assert not report.errors and not [w for w in report.warnings if "anchor" in w.message.lower()], report.problems
    names = sorted(p.name for p in (tmp_path / "out/one-pagers").glob("*.pdf"))
    assert names == ["conference-comprendre-et-proteger-nos-sols.pdf", "etude-regionale.pdf", "mon-slug.pdf",
                     "vitrine.pdf"]
    brochure = PdfReader(tmp_path / "out/references.pdf")
    targets = [annot.get_object().get("/Dest") or (annot.get_object().get("/A") or {}).get("/D")
               for page in brochure.pages for annot in page.get("/Annots") or []]
    named = [t for t in targets if isinstance(t, str)]
    assert len(named) >= 4 and all(t in brochure.named_destinations for t in named), named


# --- module mounts ---------------------------------------------------------------------------


def test_module_mounts_give_the_content_and_the_static_files(tmp_path: Path):
    """A site that keeps its pages in content/en, mapped to content by ``[[module.mounts]]`` (the
    rotational.io layout), and its pictures in a folder mounted under /pics: its pages are read,
    its pictures found, as Hugo serves them."""
    root = tmp_path / "s"
    write(root / "hugo.toml", 'title = "Rotational Labs"\nbaseURL = "https://r.example/"\n[module]\n'
          '[[module.mounts]]\nsource = "content/en"\ntarget = "content"\n'
          '[[module.mounts]]\nsource = "pictures"\ntarget = "static/pics"\n'
          '[[module.mounts]]\nsource = "static"\ntarget = "assets"\n')
    (root / "pictures").mkdir(parents=True)
    Image.new("RGB", (200, 100), "teal").save(root / "pictures/shot.png")
    write(root / "content/en/case-studies/_index.md", "---\ntitle: Case Studies\n---\n")
    write(root / "content/en/case-studies/a.md", "---\ntitle: A\nweight: 1\n---\n![Shot](/pics/shot.png)\n")
    write(root / "content/en/case-studies/b/index.md", "---\ntitle: B\nweight: 2\nslug: bee\n---\nB.\n")
    site = load_site(root)
    assert site.content_for("en") == (root / "content/en").resolve()
    assert site.static_dirs == ((root / "pictures").resolve(),)  # a static mount replaces staticDir
    config = load_config(site=root, overrides={"content.section": "case-studies"}, cwd=root)
    loaded = load(config, Choice())
    assert [(c.slug, c.content_path, c.url) for c in loaded.cases] == [
        ("a", "case-studies/a.md", "/case-studies/a/"), ("bee", "case-studies/b/index.md", "/case-studies/bee/")]
    report = build_site(root, tmp_path / "out", config=config)
    assert report.exit_code == 0 and not report.warnings, report.problems
    assert len(PdfReader(tmp_path / "out/one-pagers/a.pdf").pages[0].images) == 1


@pytest.mark.parametrize("lang", ['lang = "{}"', '[mounts.sites.matrix]\nlanguages = ["{}"]'], ids=["lang", "matrix"])
def test_mounts_by_language_and_into_the_section(tmp_path: Path, lang: str):
    """A mount's language (``lang``, or Hugo 0.153's ``sites.matrix.languages``) gives its files
    theirs; a mount into the section adds its pages where Hugo sees them; where two mounts hold the
    same page, the first one's is read."""
    root = tmp_path / "s"
    write(root / "config/_default/hugo.toml", 'title = "S"\ndefaultContentLanguage = "en"\n'
          "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n")
    write(root / "config/_default/module.toml",
          f'[[mounts]]\nsource = "content/english"\ntarget = "content"\n{lang.format("en")}\n'
          f'[[mounts]]\nsource = "content/francais"\ntarget = "content"\n{lang.format("fr")}\n'
          '[[mounts]]\nsource = "more"\ntarget = "content/work/more"\n'
          f'[[mounts]]\nsource = "shadow"\ntarget = "content/work"\n{lang.format("en")}\n')
    write(root / "content/english/work/a.md", "---\ntitle: A en\nweight: 1\n---\n")
    write(root / "content/francais/work/a.md", "---\ntitle: A fr\n---\n")
    write(root / "more/m.md", "---\ntitle: More en\nweight: 2\n---\n")
    write(root / "more/m.fr.md", "---\ntitle: More fr\n---\n")
    write(root / "shadow/a.md", "---\ntitle: Shadowed\n---\n")
    en = load(load_config(site=root, overrides={"content.section": "work"}, cwd=root), Choice())
    assert [(c.title, c.content_path, c.url) for c in en.cases] == [
        ("A en", "work/a.md", "/work/a/"), ("More en", "work/more/m.md", "/work/more/m/")]
    fr = load(load_config(site=root, lang="fr", overrides={"content.section": "work"}, cwd=root), Choice())
    assert sorted((c.title, c.url) for c in fr.cases) == [("A fr", "/fr/work/a/"), ("More fr", "/fr/work/more/m/")]


@pytest.mark.parametrize("files, named", [
    ({"hugo.toml": 'title = "S"\n[[module.mounts]]\nsource = "../elsewhere"\ntarget = "content"\n'}, "hugo.toml"),
    ({"config/_default/hugo.toml": 'title = "S"\n',
      "config/_default/module.yaml": "mounts:\n  - source: /tmp\n    target: static\n"}, "config/_default/module.yaml")])
def test_a_mount_outside_the_site_is_refused_naming_the_config_file(tmp_path: Path, files: dict, named: str):
    root = tmp_path / "s"
    for name, text in files.items():
        write(root / name, text)
    write(tmp_path / "elsewhere/references/a.md", "---\ntitle: A\n---\n")
    with pytest.raises(ConfigError) as err:
        load_config(site=root, cwd=root)
    lines = err.value.lines()
    assert len(lines) == 1 and lines[0].startswith(f"{root / named}: ") and "outside the site folder" in lines[0]


# --- the company's name ----------------------------------------------------------------------


@pytest.mark.parametrize("config, name", [
    ('title = "SICADE | Métallerie | Tolerie | Serrurerie | LiLLE | Hauts de France"\nauthor = "Phil K"\n'
     'copyright = "| Copyright &copy; 2023 [SARL SICADE](https://sicade.com) Tous Droits Réservés |"', "SICADE"),
    ('title = "Ænix — Amplify your data center"\n[params]\nauthor = "Ænix"', "Ænix"),
    ('title = "PragmaTech GmbH - Build & Ship Software w/ Confidence"', "PragmaTech GmbH"),
    ('title = "TODO Group // TODO: Talk openly"\n[languages.en]\ntitle = "TODO Group // Talk openly"', "TODO Group"),
    ('title = "Naos Atelier"\n[params]\nauthor = "Robin Foguenne | Studio Colibri"', "Naos Atelier"),
    ("title = \"L'Agence Sauvage | IA & Automatisation\"\n[params.organization]\nname = \"L'Agence Sauvage SAS\"",
     "L'Agence Sauvage SAS"),
    ('title = "Acme · Home"', "Acme"), ('title = "Acme: cloud for all"', "Acme"),
    ('title = ""\n[params]\nauthor = "Rotational Labs, Inc."', "Rotational Labs, Inc."),
    ('title = ""\ncopyright = "© 2021–{year} Acme-Corp. All rights reserved."', "Acme-Corp"),
])
def test_the_company_is_named_by_the_site_not_by_its_seo_title(tmp_path: Path, config: str, name: str):
    """A name the site's parameters hold for the company, else its title's first part, else its
    author, else its copyright's holder (on the real sites, ``author`` is as often the web designer
    or a person as the company: it comes after the title); ``[company] name`` wins over them all."""
    root = tmp_path / "s"
    write(root / "hugo.toml", config + "\n")
    write(root / "content/references/a.md", "---\ntitle: A\n---\n")
    assert load_config(site=root, cwd=root).company_name == name
    write(root / "brochure.toml", f'site = "."\n[company]\nname = "Chosen Name"\n')
    assert load_config(root / "brochure.toml").company_name == "Chosen Name"
