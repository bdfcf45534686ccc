from datetime import datetime, timezone
from pathlib import Path

import pytest

from brochure import reader
from brochure.errors import EmptySelection, SelectionError
from brochure.models import CaseStudy, Term
from brochure.selection import hugo_order, select

from conftest import ROOT


def case(slug, weight=0, date=None, title=None, projects=("collectivites",), draft=False):
    when = datetime(*date, tzinfo=timezone.utc) if date else None
    return CaseStudy(path=Path(f"/c/{slug}.md"), slug=slug, title=title or slug, body="", params={},
                     weight=weight, date=when, draft=draft, projects=list(projects))


def test_hugo_order_weight_then_date_then_title_then_path():
    cases = [
        case("unweighted-new", 0, (2024, 1, 1)),
        case("w20", 20, (2020, 1, 1)),
        case("w10-old", 10, (2019, 1, 1)),
        case("w10-new", 10, (2021, 1, 1)),
        case("w10-same-b", 10, (2021, 1, 1), title="zz"),
        case("unweighted-old", 0, (2018, 1, 1)),
        case("neg", -5),
    ]
    order = [c.slug for c in hugo_order(cases)]
    assert order == ["neg", "w10-new", "w10-same-b", "w10-old", "w20", "unweighted-new", "unweighted-old"]


def test_unknown_project_lists_the_known_ones():
    with pytest.raises(SelectionError) as err:
        select([case("a")], {"etat": Term("etat", "État")}, projects=["nope"])
    assert err.value.exit_code == 2
    assert "nope" in str(err.value) and "collectivites" in str(err.value) and "etat" in str(err.value)


def test_unknown_case_slug():
    with pytest.raises(SelectionError):
        select([case("a")], {}, slugs=["b"])


def test_empty_selection_exit_1():
    with pytest.raises(EmptySelection) as err:
        select([case("a", draft=True)], {}, projects=["collectivites"])
    assert err.value.exit_code == 1 and "draft" in str(err.value)


def test_drafts_only_with_the_flag():
    cases = [case("a"), case("b", draft=True)]
    assert [c.slug for c in select(cases, {}).cases] == ["a"]
    assert [c.slug for c in select(cases, {}, drafts=True).cases] == ["a", "b"]


def test_projects_match_lower_cased_and_case_listed_once():
    cases = [case("both", 1, projects=("etat", "collectivites")), case("etat-only", 2, projects=("etat",))]
    terms = {"etat": Term("etat", "État"), "collectivites": Term("collectivites", "Collectivités")}
    chosen = select(cases, terms, projects=["Collectivites", "etat"])
    assert chosen.name == "collectivites+etat"
    assert [(g.term.name, [c.slug for c in g.cases]) for g in chosen.groups] == [
        ("collectivites", ["both"]), ("etat", ["etat-only"])
    ]


def test_term_without_page_gets_a_default():
    chosen = select([case("a", projects=("nouveau",))], {}, projects=["nouveau"])
    assert chosen.groups[0].term.title == "Nouveau"


def test_bundled_collectivites_selection():
    cases, problems = reader.read_cases(ROOT / "content" / "references", "projects")
    assert not problems
    terms, _ = reader.read_terms(ROOT / "content" / "projects")
    chosen = select(cases, terms, projects=["collectivites"])
    slugs = [c.slug for c in chosen.cases]
    assert slugs[0] == "occitanie"
    assert not any(c.draft for c in chosen.cases)
    assert len(slugs) >= 5
    # the bundle covers the cases the issue asks for
    assert len({p for c in cases for p in c.projects}) >= 3
    assert sum(c.draft for c in cases) == 1
    raw = [p.read_text(encoding="utf-8") for p in (ROOT / "content" / "references").glob("*.md")]
    assert any(t.startswith("+++") for t in raw) and any(t.startswith("---") for t in raw)
    assert any('weight = ""' in t for t in raw)


def test_titles_are_ordered_raw_by_the_collator_then_paths_case_insensitively():
    """As Hugo (measured in test_hugo): a leading space and punctuation sort before letters, digits
    before letters, case and accents only break ties; equal titles by path, case-insensitively."""
    titles = ["Zèbre", " Zèbre", "« Abeille »", "10 ans", "2 ans", "abeille", "Abeille", "Ébène", "ebene", "_x"]
    cases = [case(f"t{i}", 6, (2021, 1, 1), title=t) for i, t in enumerate(titles)]
    order = [c.title for c in hugo_order(cases, "fr")]
    assert order == [" Zèbre", "_x", "« Abeille »", "10 ans", "2 ans", "abeille", "Abeille", "ebene", "Ébène", "Zèbre"]
    same = [CaseStudy(path=Path(p), slug=p, title="Même", body="", params={}) for p in ("/c/b.md", "/c/A.md", "/c/a-b.md")]
    assert [c.slug for c in hugo_order(same)] == ["/c/a-b.md", "/c/A.md", "/c/b.md"]
    linked = case("z", 6, (2021, 1, 1), title="Zzz")
    linked.sort_title = " Aaa"  # its linkTitle
    assert hugo_order(cases + [linked], "fr")[0] is linked


def test_order_note_only_where_titles_decide_and_the_language_is_tailored():
    from brochure import collation, selection

    tied = [case("a", 1, (2021, 1, 1)), case("b", 1, (2021, 1, 1))]
    assert selection.order_note(tied, "fr") is None and selection.order_note(tied[:1], "sv") is None
    try:
        import icu  # noqa: F401
    except ImportError:
        assert "PyICU" in selection.order_note(tied, "sv")
    assert collation.note("en-GB") is None and collation.note("pt_BR") is None
