"""Hostile content, paths: outputs stay in the output folder, content files stay in the content.

Every case here is one an outsider controls: a front-matter ``slug``, a file name, a link in
the content, the site's or the theme's folders, a manifest's annexes.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from brochure import layout
from brochure.config import load_config
from brochure.errors import ConfigError, OutputError
from brochure.outputs import check_inside, write_atomic
from brochure.reader import MAX_SLUG_BYTES, safe_slug

from conftest import build_site, output_pdfs, text_of

SECRET = "CANARY-slug-7c1e-SECRET"


def tree(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@pytest.mark.parametrize("slug, expected", [
    ("../../x", "x"),
    ("/etc/passwd", "etc-passwd"),
    ("x/y", "x-y"),
    ("..\\..\\win", "win"),
    ("conférence- comprendre-et-protéger-nos-sols ", "conférence-comprendre-et-protéger-nos-sols"),
    ("a\x00b\x07c\nd", "abc-d"),
    (".hidden", "hidden"),
    ("CON", "CON-"),
    ("lpt1.txt", "lpt1-.txt"),  # "lpt1.txt-.pdf" would still be LPT1 on Windows
    ("LPT9.pdf", "LPT9-.pdf"),
    ("con.tar.gz", "con-.tar.gz"),
    ("com\u00b9", "com"),
    ("CONIN$", "CONIN"),
    ("-rf", "rf"),
    ("..", ""),
    ("a  b", "a-b"),
])
def test_a_slug_is_a_safe_file_name(slug, expected):
    assert safe_slug(slug) == expected


def test_a_long_slug_is_cut_on_a_character():
    slug = safe_slug("é" * 500)
    assert len(slug.encode()) <= MAX_SLUG_BYTES and set(slug) == {"é"}


def test_hostile_slugs_write_inside_the_output_folder_only(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    slugs = {
        "up.md": "../../up",
        "abs.md": str(elsewhere / "abs"),
        "sub.md": "x/y",
        "dots.md": "..",
        "ctrl.md": "a\\u0000b\\nc",
        "long.md": "z" * 400,
        "reserved.md": "NUL",
    }
    files = {name: f'---\ntitle: "{name}"\nslug: "{slug}"\n---\nTexte de {name}.\n' for name, slug in slugs.items()}
    root = site(files)
    before = tree(tmp_path) - tree(root)
    out = root / "dist"
    report = build_site(root, out)
    assert report.errors == []
    assert tree(tmp_path) - tree(root) == before  # nothing new anywhere but in the site
    written = [p for p in output_pdfs(out) if p.parent.name == "one-pagers"]
    assert len(written) == len(slugs)
    for pdf in written:
        assert pdf.parent == out / "one-pagers"  # no sub-folder either
        assert len(pdf.name.encode()) <= MAX_SLUG_BYTES + 4
        assert not pdf.name.startswith((".", "-")) and " " not in pdf.name
        assert all(ch.isprintable() for ch in pdf.name)
    assert (out / "one-pagers/up.pdf").is_file() and (out / "one-pagers/x-y.pdf").is_file()
    assert (out / "one-pagers/dots.pdf").is_file()  # an empty slug falls back to the file name
    assert {o.case for o in report.outputs if o.kind == "one-pager"} == {p.stem for p in written}


def test_two_case_studies_with_one_file_name_is_an_error_naming_both(site):
    root = site({
        "a.md": "---\ntitle: A\nslug: Mon Projet\n---\nA.\n",
        "b.md": "---\ntitle: B\nslug: mon-projet\n---\nB.\n",  # one URL on the site: Hugo lower-cases it
        "c.md": "---\ntitle: C\nslug: ../c\n---\nC.\n",
        "d.md": "---\ntitle: D\nslug: c\n---\nD.\n",
    })
    report = build_site(root, brochure=False)
    errors = {Path(p.file).name: p.message for p in report.errors}
    assert set(errors) == {"b.md", "d.md"}
    assert "a.md" in errors["b.md"] and "c.md" in errors["d.md"]
    assert {o.case for o in report.outputs} == {"mon-projet", "c"}  # lower-cased, as Hugo's URLs


def test_a_folder_link_inside_the_output_folder_cannot_lead_out(tmp_path):
    out, outside = tmp_path / "dist", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "one-pagers").symlink_to(outside)
    with pytest.raises(OutputError, match="outside the output folder"):
        write_atomic(out / "one-pagers" / "x.pdf", b"%PDF", inside=out)
    with pytest.raises(OutputError):
        check_inside(out / ".." / "x.pdf", out)
    assert list(outside.iterdir()) == []


def test_a_case_study_linked_from_outside_the_content_is_not_read(site, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(f"---\ntitle: Secret\n---\n{SECRET}\n")
    root = site({"good.md": "---\ntitle: Bon\n---\nTexte bon.\n", "inner/inside.md": "---\ntitle: Dedans\n---\nLien interne.\n"})
    refs = root / "content/references"
    (refs / "leak.md").symlink_to(secret)
    (refs / "alias.md").symlink_to(refs / "inner/inside.md")  # a link that stays inside keeps working
    term = root / "content/projects/fuite"
    term.mkdir()
    (term / "_index.md").symlink_to(secret)
    report = build_site(root)
    assert [Path(p.file).name for p in report.errors] == ["leak.md"]
    assert "outside the content folder" in report.errors[0].message
    assert {o.case for o in report.outputs if o.kind == "one-pager"} == {"good", "inside", "alias"}
    for pdf in output_pdfs(root / "dist"):
        assert SECRET not in text_of(pdf)
    for path in (root / "dist").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes()
    assert any("fuite" in (p.file or "") and "outside" in p.message for p in report.warnings)


def test_a_site_configuration_or_folder_leading_out_of_the_site_is_refused(tmp_path):
    site_dir = tmp_path / "site"
    (site_dir / "content/references").mkdir(parents=True)
    (tmp_path / "secret.toml").write_text('title = "Secret"\n')
    (site_dir / "config/_default").mkdir(parents=True)
    (site_dir / "config/_default/params.toml").symlink_to(tmp_path / "secret.toml")
    (site_dir / "hugo.toml").write_text('title = "Site"\n')
    with pytest.raises(ConfigError, match="outside the site folder"):
        load_config(site=site_dir, cwd=tmp_path)
    (site_dir / "config/_default/params.toml").unlink()
    (tmp_path / "static").mkdir()
    (site_dir / "hugo.toml").write_text('title = "Site"\nstaticDir = ["static", "../static"]\n')
    with pytest.raises(ConfigError, match="outside the site folder"):
        load_config(site=site_dir, cwd=tmp_path)
    (site_dir / "hugo.toml").write_text('title = "Site"\n')
    assert load_config(site=site_dir, cwd=tmp_path).site.title == "Site"


def test_a_template_linked_from_outside_the_theme_is_not_read(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (tmp_path / "secret.html").write_text(SECRET)
    (theme / "one-pager.html.j2").symlink_to(tmp_path / "secret.html")
    (theme / "ok.html.j2").write_text("ok")
    env = layout.environment((theme,))
    with pytest.raises(jinja2.TemplateNotFound, match="outside the templates folders"):
        env.get_template("one-pager.html.j2")
    assert env.get_template("ok.html.j2").render() == "ok"


def test_a_manifest_file_linked_out_of_its_folder_is_refused(tmp_path):
    from brochure.manifest import load_manifest

    bid = tmp_path / "bid"
    (bid / "annexes").mkdir(parents=True)
    (tmp_path / "private.pdf").write_bytes(b"%PDF-1.7\n")
    (bid / "annexes/kbis.pdf").symlink_to(tmp_path / "private.pdf")
    (bid / "bid.toml").write_text('title = "Offre"\n[buyer]\nname = "Ville"\n'
                                  '[[annexes]]\nfile = "annexes/kbis.pdf"\ntitle = "K"\n')
    with pytest.raises(ConfigError, match="outside the folder of the file naming it"):
        load_manifest(bid / "bid.toml")
    assert os.path.islink(bid / "annexes/kbis.pdf")


def test_a_file_name_cannot_forge_or_break_a_line_of_output(site):
    from test_cli import invoke

    root = site({"good.md": "---\ntitle: Bon\n---\nTexte.\n",
                 "evil\nerror: forged \x1b[31mred.md": "---\ntitle: [\n---\n"})  # unreadable: named in an error
    result = invoke("build", "--no-brochure", cwd=root)
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(("error: ", "warning: ", "note: ", "built ")) for line in lines), lines
    assert not any(line.startswith("error: forged") for line in lines)
    assert "\x1b" not in result.stderr and "evil\\nerror: forged \\x1b[31mred.md" in result.stderr


def test_entries_that_are_not_files_are_named_and_deep_json_fails_alone(site, tmp_path):
    root = site({"good.md": "---\ntitle: Bon\n---\nTexte.\n",
                 "json-deep.md": '{"title": "x", "x": ' + "[" * 5000 + "]" * 5000 + "}\nbody\n"})
    refs = root / "content/references"
    (refs / "loop.md").symlink_to(refs / "loop.md")
    os.mkfifo(refs / "fifo.md")
    (refs / "dir.md").mkdir()
    (refs / "broken.md").symlink_to(tmp_path / "nowhere")
    (refs / "zero.md").symlink_to("/dev/zero")
    (refs / "linked-folder").symlink_to(tmp_path)
    report = build_site(root)
    errors = {Path(p.file).name: p.message for p in report.errors}
    assert set(errors) == {"loop.md", "fifo.md", "dir.md", "broken.md", "zero.md", "json-deep.md"}
    assert "nested too deep" in errors["json-deep.md"] and "not a regular file" in errors["fifo.md"]
    assert any(Path(p.file).name == "linked-folder" for p in report.warnings)
    assert [o.case for o in report.outputs if o.kind == "one-pager"] == ["good"]


def test_nothing_is_written_or_removed_through_links_inside_the_output_folder(site, tmp_path):
    import time

    root = site({"good.md": "---\ntitle: Bon\n---\nTexte.\n"})
    out, cache_victim, dir_victim = root / "dist", tmp_path / "victim-cache", tmp_path / "victim-dir"
    for folder in (out, cache_victim, dir_victim):
        folder.mkdir()
    old = time.time() - 60 * 86400
    for path in (cache_victim / "important.json", cache_victim / "important.pdf", dir_victim / ".x.pdf.1.tmp"):
        path.write_text("keep me")
        os.utime(path, (old, old))
    (out / ".brochure-cache").symlink_to(cache_victim)
    (out / "one-pagers").symlink_to(dir_victim)
    report = build_site(root, out)
    assert sorted(p.name for p in cache_victim.iterdir()) == ["important.json", "important.pdf"]
    assert [p.name for p in dir_victim.iterdir()] == [".x.pdf.1.tmp"]
    assert any("cache folder is a link" in p.message for p in report.warnings)
    assert any("outside the output folder" in p.message for p in report.errors)  # the one-pager refused
