"""Facts about the PDFs that ``brochure build`` writes, read back with pypdf."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure import reader
from brochure.commands.common import Choice
from brochure.config import load_config
from brochure.selection import select

from conftest import ROOT, build_site, outline_tree, output_pdfs, plain, text_of, uris

A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


def size(page) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def expected_collectivites() -> list[str]:
    cases, _ = reader.read_cases(ROOT / "content" / "references", "projects")
    terms, _ = reader.read_terms(ROOT / "content" / "projects")
    return [c.display_title for c in select(cases, terms, projects=["collectivites"]).cases]


# --- the bundled content ---------------------------------------------------------------


def test_bundled_build_says_what_check_says_and_nothing_else(bundled_build):
    """One truth: build and check report the same problems. The bundled seed (occitanie.md, kept
    as it is) has Markdown right inside an HTML block, which Hugo prints literally: both say so."""
    from brochure.commands.check import check

    report, out = bundled_build
    assert report.exit_code == 0
    checked, _count = check(load_config(ROOT / "brochure.toml"), Choice(projects=("collectivites",)))
    said = [(p.level, p.case, p.message) for p in report.problems]
    # check also lists the summary's empty cells, for a writer to fill: neither warnings nor errors
    assert said == [(p.level, p.case, p.message) for p in checked.problems if p.level != "summary"]
    assert len(said) == 1 and said[0][:2] == ("warning", "occitanie") and "the site shows this differently" in said[0][2]
    kinds = sorted(o.kind for o in report.outputs)
    assert kinds.count("brochure") == 1 and kinds.count("one-pager") == len(expected_collectivites())
    assert (out / "collectivites.pdf").is_file()


def test_every_one_pager_is_exactly_one_a4_page(bundled_build):
    report, out = bundled_build
    for output in report.outputs:
        if output.kind == "one-pager":
            reader_ = PdfReader(output.path)
            assert len(reader_.pages) == 1, output.case
            assert size(reader_.pages[0]) == A4
            assert output.path == out / "one-pagers" / f"{output.case}.pdf"


def test_brochure_outline_project_case_sections_in_hugo_order(bundled_build):
    _report, out = bundled_build
    tree = outline_tree(PdfReader(out / "collectivites.pdf"))
    assert [t[0] for t in tree] == ["Collectivités territoriales"]
    cases = tree[0][2]
    from brochure.markup.typography import plain as typeset

    assert [c[0] for c in cases] == [plain(typeset(t, "fr")) for t in expected_collectivites()]  # l’open data
    occitanie = cases[0]
    assert [s[0] for s in occitanie[2]] == ["Objectifs", "Approche adoptée", "Résultats obtenus"]
    pages = [c[1] for c in cases]
    assert pages == sorted(pages) and pages[0] >= 2  # after the cover and the contents


def test_brochure_contents_links_to_each_case(bundled_build):
    _report, out = bundled_build
    reader_ = PdfReader(out / "collectivites.pdf")
    tree = outline_tree(reader_)
    case_pages = {c[0]: c[1] for c in tree[0][2]}
    toc = reader_.pages[1]
    assert "Sommaire" in toc.extract_text()
    targets = set()
    for annot in toc.get("/Annots") or []:
        annot = annot.get_object()
        dest = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
        assert dest is not None, "contents entries must be internal links"
        targets.add(str(dest))
    assert len(targets) == len(case_pages) + 1  # and the summary table
    # every page number printed in the contents is the page of its case study (1-based)
    text = toc.extract_text()
    for title, page in case_pages.items():
        assert str(page + 1) in text


def test_brochure_running_footer_metadata_and_cover(bundled_build):
    _report, out = bundled_build
    reader_ = PdfReader(out / "collectivites.pdf")
    total = len(reader_.pages)
    assert f"Page 3 sur {total}" in reader_.pages[2].extract_text()
    cover = " ".join(reader_.pages[0].extract_text().split())
    assert "RÉFÉRENCES Collectivités territoriales" in cover  # the label, then the selection
    assert "Open Territoires Conseil" in cover
    meta = reader_.metadata
    assert meta.title == "Références — Collectivités territoriales"
    assert meta.author == "Open Territoires Conseil"
    assert meta["/Keywords"] == "Collectivités territoriales" and meta.subject  # the projects' titles, not slugs
    assert reader_.trailer["/Root"]["/Lang"] == "fr"


def test_brochure_keeps_full_text_and_each_case_starts_a_page(bundled_build):
    _report, out = bundled_build
    reader_ = PdfReader(out / "collectivites.pdf")
    text = text_of(out / "collectivites.pdf")
    assert "décembre 2023 : douze réutilisations".lower() in text.lower()
    for _title, page, _ in outline_tree(reader_)[0][2]:
        first = reader_.pages[page].extract_text()
        assert first.strip()


def test_seed_one_pager(bundled_build):
    _report, out = bundled_build
    path = out / "one-pagers" / "occitanie.pdf"
    page = PdfReader(path).pages[0]
    text = page.extract_text()
    for word in ("Objectifs", "Approche adoptée", "Résultats obtenus", "3\u00a0ans", "Durée de l’intervention"):
        assert word in text
    for literal in ("![", "](", "## "):
        assert literal not in text
    links = uris(path)
    assert any("lagazettedescommunes.com/555166" in u for u in links)
    assert any("lagazettedescommunes.com/649397" in u for u in links)
    assert "https://data.laregion.fr" in links
    # logo (PNG), three section pictos, the clock and the arrow
    assert len(page.images) >= 5
    assert "Open Territoires Conseil" in text and "Collectivités territoriales" in text


def test_no_literal_markdown_in_any_bundled_pdf(bundled_build):
    _report, out = bundled_build
    for path in [out / "collectivites.pdf", *sorted((out / "one-pagers").glob("*.pdf"))]:
        text = text_of(path)
        for literal in ("![", "](", "## ", "**", "{{<"):
            assert literal not in text, (path.name, literal)


def test_long_bundled_case_shrinks_without_cut(bundled_build):
    _report, out = bundled_build
    text = text_of(out / "one-pagers" / "grand-est-mobilites.pdf")
    assert "(suite…)" not in text and "Résultats obtenus" in text


# --- small sites built from fixtures ---------------------------------------------------


def test_bad_files_are_reported_and_the_others_build(site):
    root = site(["toml_front_matter.md", "bad_yaml.md", "missing_image.md", "no_front_matter.md", "empty_weight.md"])
    report = build_site(root, choice=Choice(projects=("collectivites",)))
    assert report.exit_code == 1
    failed = {Path(p.file).name for p in report.errors}
    assert failed == {"bad_yaml.md"}  # a page without front matter is published by Hugo: not an error
    warned = [p for p in report.warnings if p.case == "missing_image"]
    assert any("/images/logos/does-not-exist.png" in p.message for p in warned)
    assert any("/images/screenshots/absente.png" in p.message for p in warned)
    built = {o.case for o in report.outputs if o.kind == "one-pager"}
    assert built == {"toml_front_matter", "missing_image", "empty_weight"}
    assert "Le texte arrive quand même" in text_of(root / "dist" / "one-pagers" / "missing_image.pdf")
    brochure = root / "dist" / "collectivites.pdf"
    titles = [t[0] for t in outline_tree(PdfReader(brochure))[0][2]]
    assert titles == ["Image manquante", "Syndicat des eaux : TOML front matter", "Poids vide"]


@pytest.mark.parametrize("cache", [False, True])
def test_a_one_pager_that_cannot_be_written_leaves_the_others(site, cache):
    root = site(["toml_front_matter.md", "empty_weight.md", "string_weight.md"])
    if cache:  # the second build finds every one-pager in the cache
        build_site(root, choice=Choice(projects=("collectivites",)))
        (root / "dist/one-pagers/empty_weight.pdf").unlink()
    (root / "dist/one-pagers/empty_weight.pdf").mkdir(parents=True)  # a folder where the file goes
    report = build_site(root, choice=Choice(projects=("collectivites",)), cache=cache)
    assert report.exit_code == 1
    assert [(p.case, p.level) for p in report.errors] == [("empty_weight", "error")]
    assert "empty_weight.pdf" in str(report.errors[0])
    built = {o.case for o in report.outputs if o.kind == "one-pager"}
    assert built == {"toml_front_matter", "string_weight"}
    for slug in built:
        assert len(PdfReader(root / "dist/one-pagers" / f"{slug}.pdf").pages) == 1
    assert "Poids vide" in text_of(root / "dist/collectivites.pdf")


def test_characters_no_font_has_are_one_warning_for_their_case_study(site):
    """Both the one-pager and the brochure draw them: one warning, naming the case study's file."""
    root = site({"chinois.md": "---\ntitle: Chinois\nprojects: [collectivites]\n---\nMots \U0010fffd et \U0010fffc.\n",
                 "latin.md": "---\ntitle: Latin\nprojects: [collectivites]\n---\nMots simples.\n"})
    report = build_site(root, choice=Choice(projects=("collectivites",)))
    missing = [p for p in report.warnings if "no font has" in p.message]
    assert [(p.case, Path(p.file).name) for p in missing] == [("chinois", "chinois.md")]
    assert "\U0010fffd \U0010fffc" in missing[0].message and report.exit_code == 0


def test_strict_turns_warnings_into_failure(site):
    root = site(["missing_image.md"])
    assert build_site(root, one_pagers=False).exit_code == 0
    assert build_site(root, one_pagers=False, strict=True).exit_code == 1


def test_too_long_one_pager_is_cut_with_a_mark_and_a_warning(site):
    root = site(["long_text.md"])
    report = build_site(root, choice=Choice(cases=("long_text",)))
    cut = [p for p in report.warnings if "cut" in p.message]
    assert len(cut) == 1 and cut[0].case == "long_text" and "words" in cut[0].message
    one = PdfReader(root / "dist" / "one-pagers" / "long_text.pdf")
    assert len(one.pages) == 1
    text = plain(one.pages[0].extract_text())
    assert "(suite…)" in text and "ZANZIBAR" not in text and "Action numéro 1 " in text
    brochure_text = text_of(root / "dist" / "references.pdf")
    assert "ZANZIBAR" in brochure_text and "Action numéro 89" in brochure_text


def test_letter_paper(site):
    root = site(["toml_front_matter.md"])
    build_site(root, paper="letter")
    assert size(PdfReader(root / "dist" / "one-pagers" / "toml_front_matter.pdf").pages[0]) == LETTER
    assert size(PdfReader(root / "dist" / "references.pdf").pages[0]) == LETTER


def test_no_one_pagers_no_brochure_and_drafts(site):
    root = site(["toml_front_matter.md", "draft.md"])
    report = build_site(root, one_pagers=False)
    assert [o.kind for o in report.outputs] == ["brochure"]
    assert "Brouillon" not in text_of(root / "dist" / "references.pdf")
    report = build_site(root, brochure=False, choice=Choice(drafts=True))
    assert sorted(o.case for o in report.outputs) == ["draft", "toml_front_matter"]


def test_html_wrapper_case_renders_its_picto(site):
    root = site(["html_wrapper.md"])
    build_site(root, brochure=False)
    page = PdfReader(root / "dist" / "one-pagers" / "html_wrapper.pdf").pages[0]
    assert "![" not in page.extract_text() and "Objectifs" in page.extract_text()
    assert len(page.images) >= 1


def test_several_projects_nest_in_the_outline(site):
    root = site({
        "a.md": "---\ntitle: A\nprojects: [collectivites]\nweight: 1\n---\n## S\n",
        "b.md": "---\ntitle: B\nprojects: [entreprises, collectivites]\nweight: 2\n---\n## S\n",
    })
    build_site(root, one_pagers=False, choice=Choice(projects=("entreprises", "collectivites")))
    tree = outline_tree(PdfReader(root / "dist" / "entreprises+collectivites.pdf"))
    assert [(t[0], [c[0] for c in t[2]]) for t in tree] == [
        ("Entreprises et associations", ["B"]), ("Collectivités territoriales", ["A"])
    ]


def test_outputs_replace_previous_files_atomically(site):
    root = site(["toml_front_matter.md"])
    build_site(root)
    build_site(root)
    leftovers = [p.name for p in (root / "dist").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize("body", ["", "   \n", "<div>\n</div>\n"])
def test_empty_bodies_still_make_a_page(site, body):
    root = site({"vide.md": f"---\ntitle: Vide\n---\n{body}"})
    report = build_site(root)
    assert report.exit_code == 0
    assert len(PdfReader(root / "dist" / "one-pagers" / "vide.pdf").pages) == 1


def test_cache_gives_the_same_bytes_and_the_same_report(site):
    root = site(["toml_front_matter.md", "missing_image.md", "long_text.md"])
    config = load_config(root / "brochure.toml")
    fresh = build_site(root, choice=Choice(), cache=False)
    first = {p.relative_to(root / "dist"): p.read_bytes() for p in output_pdfs(root / "dist")}
    cached_build = build_site(root, "cached", config=config)
    warm = build_site(root, "cached", config=config)
    second = {p.relative_to(root / "cached"): p.read_bytes() for p in output_pdfs(root / "cached")}
    assert first == second
    assert [str(p) for p in fresh.problems] == [str(p) for p in cached_build.problems] == [str(p) for p in warm.problems]
    assert (root / "cached" / ".brochure-cache").is_dir()


def test_editing_one_case_rebuilds_it_and_the_brochure_only(site, monkeypatch):
    import brochure.commands.run as build_module

    root = site(["toml_front_matter.md", "empty_weight.md", "string_weight.md"])
    config = load_config(root / "brochure.toml")
    build_site(root, config=config, jobs=1)
    log = root / "rendered.txt"  # layouts run in worker processes: they say what they lay out in a file
    original = build_module.one_pagers

    def logged(ctx, items):
        with log.open("a") as handle:
            handle.writelines(f"{i.case.slug}\n" for i in items)
        return original(ctx, items)

    monkeypatch.setattr(build_module, "one_pagers", logged)
    path = root / "content/references/empty_weight.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    build_site(root, config=config, jobs=1)
    assert log.read_text().split() == ["empty_weight"]
    assert "Une phrase ajoutée" in text_of(root / "dist/one-pagers/empty_weight.pdf")
    assert "Une phrase ajoutée" in text_of(root / "dist/references.pdf")


def test_batched_and_parallel_builds_match_one_by_one(site, monkeypatch):
    from brochure.commands import run as build_command

    slugs = ("toml_front_matter", "empty_weight", "string_weight", "long_text", "html_wrapper")
    root = site([f"{slug}.md" for slug in slugs])
    config = load_config(root / "brochure.toml")
    chunks, sizes = build_command._chunks, []

    def recorded(items):
        made = chunks(items)
        sizes.extend(map(len, made))
        return made

    monkeypatch.setattr(build_command, "_chunks", recorded)
    build_site(root, "pool", config=config, jobs=2, cache=False)
    assert max(sizes) > 1  # batched, in two workers
    monkeypatch.setattr(build_command, "_chunks", lambda items: [[item] for item in items])  # then one by one
    build_site(root, "single", config=config, brochure=False, cache=False, jobs=1)
    for slug in slugs:
        assert (root / "pool/one-pagers" / f"{slug}.pdf").read_bytes() == (root / "single/one-pagers" / f"{slug}.pdf").read_bytes(), slug


def test_html_output(site):
    root = site(["toml_front_matter.md"])
    build_site(root, html=True)
    html = (root / "dist/references.html").read_text(encoding="utf-8")
    assert "<html" in html and "Syndicat des eaux" in html and "file://" in html


def test_large_images_same_bytes_with_and_without_cache(site):
    from PIL import Image

    root = site({"grande.md": "---\ntitle: Grande image\n---\n![capture](/images/grande.png)\n\nTexte.\n"})
    Image.new("RGB", (2600, 300), "teal").save(root / "static/images/grande.png")
    config = load_config(root / "brochure.toml")
    build_site(root, "a", config=config, cache=False)
    build_site(root, "b", config=config)
    build_site(root, "b", config=config)
    for name in ("references.pdf", "one-pagers/grande.pdf"):
        assert (root / "a" / name).read_bytes() == (root / "b" / name).read_bytes(), name
    from brochure.commands.build import image_cache_folder

    copies = list(image_cache_folder(root / "b").glob("*-960x3000.jpg"))  # opaque: a JPEG a column wide
    assert copies and Image.open(copies[0]).size == (960, 111)


def test_images_lighter_for_their_dpi_or_as_they_are(site):
    """Opaque pictures go in as JPEG copies a column wide at the dpi; --original-images keeps them."""
    from PIL import Image
    from pypdf import PdfReader

    root = site({"grande.md": "---\ntitle: Grande image\n---\n![capture](/images/grande.png)\n\nTexte.\n"})
    Image.effect_noise((2600, 1400), 60).convert("RGB").save(root / "static/images/grande.png")
    for label, overrides in (("light", {}), ("plain", {"output.downsample": False}), ("screen", {"output.dpi": 150})):
        build_site(root, label, overrides=overrides, brochure=False, cache=False)
    sizes = {}
    for label in ("light", "plain", "screen"):
        page = PdfReader(root / label / "one-pagers/grande.pdf").pages[0]
        images = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
        images = [x for x in images if x.get("/Subtype") == "/Image"]
        photo = max(images, key=lambda x: x["/Width"])
        sizes[label] = (photo["/Width"], photo.get("/Filter"))
    assert sizes["light"] == (960, "/DCTDecode")
    assert sizes["screen"] == (480, "/DCTDecode")
    assert sizes["plain"] == (2600, "/FlateDecode")


def test_a_case_that_cannot_be_laid_out_leaves_the_brochure_to_the_others(site, monkeypatch):
    from brochure import pdf
    from brochure.errors import RenderError

    root = site(["toml_front_matter.md", "empty_weight.md"])
    original = pdf.render

    def fragile(html, *args, **kwargs):
        if "Poids vide" in html:
            raise RenderError("layout failed: simulated")
        return original(html, *args, **kwargs)

    monkeypatch.setattr(pdf, "render", fragile)
    report = build_site(root, jobs=1, cache=False)
    assert [p.case for p in report.errors] == ["empty_weight"]
    assert {o.kind for o in report.outputs} == {"brochure", "one-pager"}
    assert "Poids vide" not in text_of(root / "dist/references.pdf")


def test_batches_depend_on_the_selection_size_only():
    from brochure.commands import run as build_command

    from types import SimpleNamespace

    light = SimpleNamespace(blocks=[SimpleNamespace(html="<p>x</p>")])
    heavy = SimpleNamespace(blocks=[SimpleNamespace(html="<td>x</td>" * 1500)])
    sizes = {n: [len(c) for c in build_command._chunks([light] * n)] for n in (0, 1, 6, 10, 48, 100)}
    mixed = build_command._chunks([light, heavy] * 5)  # heavy ones alone, the others batched as before
    assert [len(c) for c in mixed] == [2, 2, 1] + [1] * 5 and all(c == [heavy] for c in mixed[3:])
    assert sizes[0] == [] and sizes[1] == [1]
    assert sizes[6] == [2, 2, 2] and sizes[10] == [3, 3, 3, 1]  # small selections still feed two workers
    assert sizes[48] == [12] * 4 and sizes[100] == [12] * 8 + [4]


# --- links -----------------------------------------------------------------------------------


def link_annotations(path: Path) -> list[tuple[int, str, str]]:
    """(page, "dest" or "uri", target) of every link of a PDF."""
    found = []
    for number, page in enumerate(PdfReader(path).pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A") or {}
            if annot.get("/Dest") is not None or action.get("/D") is not None:
                found.append((number, "dest", str(annot.get("/Dest") or action.get("/D"))))
            elif action.get("/URI"):
                found.append((number, "uri", str(action["/URI"])))
    return found


def test_a_link_to_a_local_file_prints_its_words_and_warns(site):
    """As Hugo does (it writes href=""), the words stay; never the Markdown, never the path."""
    from brochure.commands.check import check

    root = site(["link_to_a_local_file.md"])
    report = build_site(root)
    for pdf in (root / "dist" / "one-pagers" / "link_to_a_local_file.pdf", root / "dist" / "references.pdf"):
        text = " ".join(text_of(pdf).split())
        assert "Voir le guide des Académies nationales, et aussi ce script ou le site." in text
        assert "](" not in text and "Users" not in text and "file:" not in text and "javascript" not in text
        assert {target for _page, kind, target in link_annotations(pdf) if kind == "uri"} == {"https://example.org/guide"}
    said = [p for p in report.warnings if "removed" in p.message]
    assert [p.message.split(":")[0] for p in said] == ["link to file", "link to javascript"]
    assert all(p.file == str(root / "content/references/link_to_a_local_file.md") for p in said)
    checked, _count = check(load_config(root / "brochure.toml"), Choice())
    assert [p.message for p in checked.warnings] == [p.message for p in report.warnings]


LINKED = {
    "alpha.md": '---\ntitle: Alpha\nweight: 1\nprojects: [collectivites]\n---\nVoir [bêta](/references/beta/), '
                '[gamma]({{< ref "gamma.md" >}}), [delta](../delta) et [le site](https://www.example.org/references/beta/).\n',
    "beta.md": '---\ntitle: Bêta\nweight: 2\nprojects: [collectivites]\n---\nRetour à [alpha]({{< relref "/references/alpha" >}}).\n',
    "gamma.md": '---\ntitle: Gamma\nweight: 3\nprojects: [entreprises]\n---\nGamma.\n',
    "sous/delta.md": '---\ntitle: Delta\nweight: 4\nslug: delta\nurl: /references/delta/\nprojects: [collectivites]\n---\nDelta.\n',
}


@pytest.mark.parametrize("base_url", ["https://example.org/", ""])
def test_a_link_to_another_case_study_leads_to_its_page_in_the_brochure(site, base_url):
    """A link to a case study of the same brochure (its site URL, an absolute or relative path, a ref
    or relref shortcode) leads to its anchor, the contents' own; in a one-pager, to its address on
    the site (plain words without a base URL); a case study left out of the brochure is the site's."""
    root = site(LINKED, config_extra=f'base_url = "{base_url}"\n')
    report = build_site(root, choice=Choice(projects=("collectivites",)))
    assert report.exit_code == 0 and not report.warnings, report.problems
    brochure = root / "dist" / "collectivites.pdf"
    reader_ = PdfReader(brochure)
    starts = {title: page for title, page, _children in outline_tree(reader_)[0][2]}
    links = [link for link in link_annotations(brochure) if link[0] >= starts["Alpha"]]
    dests = sorted({(page, target) for page, kind, target in links if kind == "dest"})
    # (alpha and bêta may share a page)
    assert dests == sorted([(starts["Alpha"], "case-beta"), (starts["Alpha"], "case-delta"), (starts["Bêta"], "case-alpha")])
    for _page, target in dests:  # the same anchors as the contents'
        assert reader_.get_destination_page_number(reader_.named_destinations[target]) == starts[
            {"case-beta": "Bêta", "case-delta": "Delta", "case-alpha": "Alpha"}[target]]
    # gamma is not in the brochure: its address on the site; without a base URL, the site's own
    # address is not known as the site's
    other = "https://www.example.org/references/beta/"
    uris_ = {target for _page, kind, target in links if kind == "uri"}
    assert uris_ == ({"https://example.org/references/gamma/"} if base_url else {other})
    one = link_annotations(root / "dist" / "one-pagers" / "alpha.pdf")
    assert not [link for link in one if link[1] == "dest"]
    expected = {"https://example.org/references/beta/", "https://example.org/references/gamma/",
                "https://example.org/references/delta/"}
    assert {target for _page, _kind, target in one} == (expected if base_url else {other})
    assert "Voir bêta, gamma, delta et le site." in " ".join(text_of(root / "dist" / "one-pagers" / "alpha.pdf").split())


# --- the footer ------------------------------------------------------------------------------


def footer_lines(pdf: Path, page: int, height_mm: float = 20) -> list[str]:
    """The lines of words (``pdftotext -bbox``) in the bottom ``height_mm`` of a page, top to bottom."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    found = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', found).group(1))
    lines: dict[float, list[str]] = {}
    for y, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', found):
        if float(y) > height - height_mm * 72 / 25.4:
            lines.setdefault(round(float(y)), []).append(word)
    return [" ".join(words) for _y, words in sorted(lines.items())]


LONG_NAME = "SICADE | Métallerie | Tolerie | Serrurerie | Chaudronnerie | LiLLE | Hauts de France | Nord | Pas-de-Calais"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_footer_stays_on_one_line_whatever_the_company_name(site, paper):
    root = site(["toml_front_matter.md"])
    build_site(root, paper=paper, overrides={"company.name": LONG_NAME})
    one_pager = footer_lines(root / "dist" / "one-pagers" / "toml_front_matter.pdf", 0)
    assert len(one_pager) == 1 and one_pager[0].startswith("SICADE | Métallerie") and "Collectivités" in one_pager[0]
    brochure = root / "dist" / "references.pdf"
    total = len(PdfReader(brochure).pages)
    lines = footer_lines(brochure, total - 2)  # the last page with a footer: the back cover has none
    assert len(lines) == 1 and lines[0].startswith("SICADE | Métallerie") and f"sur {total}" in lines[0]
