"""Case studies readied for layout (commands/prepare.py), without laying anything out: each one
alone, with the problems it carries; one that cannot be prepared is reported and the others go on."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure import markup
from brochure.commands.common import Choice, load
from brochure.commands.prepare import Context, Prepared, Report, prepare, prepare_all
from brochure.config import load_config
from brochure.errors import ContentError

from conftest import plain

GOOD = """---
title: "Ville : test"
projects: [collectivites]
logo: /images/logo-company.svg
subtitle: Un sous-titre
topQuestion: "**Durée** ?"
topAnswer: 8 mois
---
## Objectifs

Un texte avec [un lien](https://example.org/projet) et ![Graphique](/images/chart.svg).

> Un encadré final.
"""
WARNED = """---
title: Avertie
projects: [collectivites]
topAnswer: {mois: 8}
---
![Absente](/images/absente.png) et encore ![Absente](/images/absente.png).

{{< youtube abc >}}
"""
TOO_DEEP = "---\ntitle: Profonde\nprojects: [collectivites]\n---\n" + "> " * 60 + "fond\n"


def context(root: Path, **overrides) -> Context:
    return Context(load_config(root / "brochure.toml", overrides=overrides or None))


def readied(root: Path, slug: str) -> Prepared:
    ctx = context(root)
    group, case = next((g, c) for g in load(ctx.config, Choice()).selection.groups for c in g.cases if c.slug == slug)
    return prepare(ctx, case, group.term)


def test_a_case_study_is_readied_alone_with_its_view_resolved(site):
    root = site({"ville.md": GOOD, "autre.md": TOO_DEEP})
    item = readied(root, "ville")
    view, static = item.view, (root / "static/images").resolve()
    assert plain(view["title"]) == "Ville : test" and view["long_title"] == "Un sous-titre"
    assert (view["group_title"], view["color"]) == ("Collectivités territoriales", "#173541")
    assert view["logo"] == (static / "logo-company.svg").as_uri()
    assert "<strong>Durée</strong>" in view["question_html"] and view["answer"] == "8\u00a0mois"  # a number and what it counts are kept together
    assert "Objectifs" in view["body_html"] and "encadré" not in view["body_html"]
    assert "Un encadré final." in plain(view["callout_html"])
    assert item.used == {str(static / "chart.svg"), str(static / "logo-company.svg")}  # what its cache key follows
    assert {(static / "chart.svg").as_uri(), view["logo"], "https://example.org/projet"} <= item.urls
    assert item.problems == [] and item.case.slug == "ville"


def test_a_case_study_carries_its_problems_each_said_once_in_the_report(site):
    root = site({"avertie.md": WARNED, "ville.md": GOOD})
    item = readied(root, "avertie")
    said = " | ".join(item.problems)
    assert "image not found: /images/absente.png" in said and "topAnswer should be text, not dict" in said
    assert "youtube" in said and item.view["answer"] == ""
    assert "absente.png" not in item.view["body_html"] and "<img" not in item.view["body_html"]  # left out
    report = Report()
    prepared = prepare_all(context(root), load(load_config(root / "brochure.toml"), Choice()), report)
    assert [i.case.slug for _g, i in prepared] == ["avertie", "ville"] and report.errors == []
    missing = [p for p in report.warnings if "absente.png" in p.message]
    assert [(p.case, Path(p.file).name) for p in missing] == [("avertie", "avertie.md")]  # twice in the text


def test_a_case_study_too_deeply_nested_to_lay_out_is_refused_naming_it(site):
    root = site({"profonde.md": TOO_DEEP})
    with pytest.raises(ContentError, match="nested more than"):
        readied(root, "profonde")


def test_case_studies_that_cannot_be_prepared_are_reported_and_the_others_prepared(site, monkeypatch):
    root = site({
        "ville.md": GOOD, "profonde.md": TOO_DEEP, "bogue.md": GOOD.replace("Ville : test", "Bogue"),
        "avertie.md": WARNED}, config_extra='[theme]\nfonts = ["broken.otf"]\n')
    (root / "broken.otf").write_bytes(b"not a font")
    (root / "content/references/illisible.md").write_bytes(b"---\ntitle: [\n---\n")
    original = markup.render_blocks

    def buggy(text, *args, doc_id=None, **kwargs):  # a bug that shows with one case study only
        if doc_id == "bogue":
            raise KeyError("a bug")
        return original(text, *args, doc_id=doc_id, **kwargs)

    monkeypatch.setattr(markup, "render_blocks", buggy)  # the workers are forked: they have it too
    report = Report()
    config = load_config(root / "brochure.toml")
    prepared = prepare_all(Context(config), load(config, Choice()), report)
    assert sorted(i.case.slug for _g, i in prepared) == ["avertie", "ville"]
    errors = {Path(p.file).name: (p.case, p.message) for p in report.errors}
    assert set(errors) == {"profonde.md", "bogue.md", "illisible.md"}
    assert errors["profonde.md"][0] == "profonde" and "nested more than" in errors["profonde.md"][1]
    assert errors["bogue.md"] == ("bogue", "internal error while preparing: KeyError: 'a bug'")
    fonts = [p for p in report.warnings if "font file" in p.message]
    assert len(fonts) == 1 and fonts[0].file == str(config.path) and fonts[0].case is None
    assert any(p.case == "avertie" for p in report.warnings)
