"""Fitting each case study on one page (commands/fitting.py), alone: the type scales, the
prediction from a measured overflow, the search for the largest cut that fits.

WeasyPrint is replaced by ``Paper``, which lays a one-pager document out as one page per case
study, as tall as the words it shows: no PDF is made, every measurement is known in advance."""

from __future__ import annotations

import math
import re
import sys
import types
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import brochure
from brochure import layout, markup
from brochure.commands import fitting
from brochure.commands.fitting import SCALES, one_pagers
from brochure.commands.prepare import Prepared
from brochure.errors import BrochureError, RenderError
from brochure.models import CaseStudy

MORE = "(suite…)"
# A one-pager template reduced to what the fitting reads: the case ids, the scale, the columns.
TEMPLATE = ('{% for case in cases %}<section id="case-{{ case.slug }}" data-scale="{{ scale }}">{{ case.title }}'
            "<!--body-->{{ case.body_html }}<!--right-->{{ case.right_html }}<!--callout-->{{ case.callout_html }}"
            "</section>{% endfor %}")
SECTION = re.compile(r'<section id="case-([^"]+)" data-scale="([^"]+)">(.*?)<!--body-->(.*?)<!--right-->(.*?)'
                     r"<!--callout-->(.*?)</section>", re.S)


class Paper:
    """Stands in for ``brochure.pdf``: each case study of a document is one page, whose height (in
    pages) is its header plus its taller column (the callout across both), in words; type at
    ``scale`` shrinks it as ``scale ** SHRINK``. Remembers each document laid out."""

    HEADER = 0.2  # of a page, at full size
    WORD = 0.004  # of a page, a word of a column, at full size
    SHRINK = 1.3  # real case studies were measured shrinking as scale ** 0.9 to 1.45

    def __init__(self) -> None:
        self.documents: list[tuple[float, list[str]]] = []  # (scale, slugs), in the order laid out
        self.broken: set[str] = set()  # case studies whose documents fail to lay out

    def measure(self, title: str, body: str, right: str, callout: str, scale: float) -> tuple[float, float]:
        """(height, top) of one case study's page: its height in pages, where its body starts."""
        shrink = scale ** self.SHRINK
        top = (self.HEADER + self.WORD * markup.words(title)) * shrink
        column = max(markup.words(body), markup.words(right)) + markup.words(callout) / 2
        return top + column * self.WORD * shrink, top

    def render(self, html: str, base_url: str, roots: tuple, **options) -> list[tuple[str, float, tuple, str]]:
        pages = [(slug, float(scale), self.measure(title, body, right, callout, float(scale)), body + right + callout)
                 for slug, scale, title, body, right, callout in SECTION.findall(html)]
        if pages:  # (one_pagers also lays out an empty document for each type scale no case study needs)
            self.documents.append((pages[0][1], [p[0] for p in pages]))
        if self.broken & {p[0] for p in pages}:
            raise RenderError("layout failed: a broken case study")
        return pages

    def fill(self, rendered: list) -> list[tuple[float, float, float]]:
        return [(height * 1000, 1000.0, top * 1000) for _slug, _scale, (height, top), _text in rendered]

    def spans(self, rendered: list, anchors: list[str]) -> list[tuple[int, int]]:
        pages = [f"case-{slug}" for slug, *_ in rendered]
        return [(pages.index(a), pages.index(a) + 1) if a in pages else (len(pages), len(pages)) for a in anchors]

    def wide_tables(self, rendered: list, pages: list[int] | None = None) -> list[tuple[str, str]]:
        return []

    def write(self, rendered: list, *, pages: list[int], metadata: dict) -> types.SimpleNamespace:
        slug, scale, (height, _top), text = rendered[pages[0]]
        shown = types.SimpleNamespace(slug=slug, scale=scale, height=height, words=markup.visible_text(text).split())
        return types.SimpleNamespace(data=shown, pages=1, messages=[], refused=[], notes=[])


@pytest.fixture
def paper(monkeypatch) -> Paper:
    """Layouts measured by ``Paper``; WeasyPrint is never loaded."""
    fake = Paper()
    module = types.ModuleType("brochure.pdf")
    module.render, module.fill, module.spans, module.write = fake.render, fake.fill, fake.spans, fake.write
    module.wide_tables = fake.wide_tables
    monkeypatch.setitem(sys.modules, "brochure.pdf", module)
    monkeypatch.setattr(brochure, "pdf", module, raising=False)
    return fake


CTX = types.SimpleNamespace(
    env=jinja2.Environment(loader=jinja2.DictLoader({"one-pager.html.j2": TEMPLATE}), autoescape=True),
    company={}, paper="a4", styles={}, lang="fr", labels={"more": MORE}, bleed="", marks="",
    base_url="file:///site/", roots=(), render_options={}, config=types.SimpleNamespace(company_name="Test Conseil"))


def case_study(slug: str, paragraphs: list[int], *, items: list[int] = (), callout: int = 0,
               title: str = "") -> Prepared:
    """A case study of paragraphs of so many words (``p3w7``: paragraph 3's seventh word), then a list
    of ``items`` of so many words, then a callout."""
    text = "\n\n".join(" ".join(f"p{i}w{j}" for j in range(n)) for i, n in enumerate(paragraphs))
    text += "\n\n" + "\n".join("- " + " ".join(f"i{i}w{j}" for j in range(n)) for i, n in enumerate(items))
    text += "\n\n> " + " ".join(f"c{j}" for j in range(callout)) if callout else ""
    case = CaseStudy(path=Path(f"/site/content/references/{slug}.md"), slug=slug, title=title or slug, body=text,
                     params={})
    view = {"slug": slug, "title": title or slug, "long_title": ""}
    return Prepared(case=case, view=view, blocks=markup.render_blocks(text, doc_id=slug), used=set())


def words_of(item: Prepared) -> list[str]:
    return markup.visible_text(markup.assemble(item.blocks)).split()


def measured_at_floor(item: Prepared, cut: markup.Cut | None) -> float:
    """The height ``Paper`` gives the one-pager of ``item`` cut at ``cut``, at the smallest type."""
    html = fitting._one_pager_html(CTX, [fitting._one_pager_view(CTX, item, cut)], SCALES[-1])
    slug, scale, title, body, right, callout = SECTION.findall(html)[0]
    return Paper().measure(title, body, right, callout, SCALES[-1])[0]


# --- the type scales and the prediction -----------------------------------------------------


def test_the_type_scales_go_down_from_full_size_to_the_floor_the_theme_is_checked_at():
    assert SCALES[0] == 1.0
    assert list(SCALES) == sorted(SCALES, reverse=True) and len(set(SCALES)) == len(SCALES)
    assert SCALES[-1] == layout.SCALE_FLOOR


def test_a_small_overflow_is_tried_at_the_next_smaller_type():
    assert fitting._fitting_scale(1.02) == 1


def test_a_longer_text_never_gets_a_larger_type():
    heights = [1 + k / 100 for k in range(1, 200)]
    chosen = [fitting._fitting_scale(h) for h in heights]
    last = len(SCALES) - 1
    ranks = [last + 1 if c is None else c for c in chosen]  # None (cut it) comes after the floor
    assert ranks == sorted(ranks)
    assert set(chosen) == {*range(1, len(SCALES)), None}  # every smaller type is predicted for some height


def test_a_text_far_too_long_is_cut_without_trying_the_smaller_types():
    assert fitting._fitting_scale(3.0) is None


def test_a_text_that_may_fit_at_the_floor_if_it_shrinks_well_is_tried_there_before_being_cut():
    height = 1.35  # shrinking as it usually does, too tall at the floor; as it sometimes does, it fits
    assert height * SCALES[-1] ** fitting.SHRINK_POWER > 1
    assert fitting._fitting_scale(height) == len(SCALES) - 1


# --- one page each, measured --------------------------------------------------------------


def test_case_studies_that_fit_share_one_document_at_full_size(paper):
    items = [case_study(s, [40, 30]) for s in ("a", "b", "c")]
    made = one_pagers(CTX, items)
    assert paper.documents == [(1.0, ["a", "b", "c"])]
    for item in items:
        assert made[item.case.slug].cut is None
        assert made[item.case.slug].data.words == words_of(item)


def test_a_case_study_overflowing_a_little_is_made_at_the_predicted_type_whole(paper):
    short, long = case_study("short", [40]), case_study("long", [54] * 8)  # 1.07 pages at full size
    made = one_pagers(CTX, [short, long])
    assert paper.documents == [(1.0, ["short", "long"]), (SCALES[1], ["long"])]
    assert made["long"].data.scale == SCALES[1] and made["long"].data.height <= 1
    assert made["long"].cut is None and made["long"].data.words == words_of(long)


def test_when_the_prediction_is_too_hopeful_each_smaller_type_is_tried_in_turn(paper):
    paper.SHRINK = 0.6  # shrinks less than predicted
    long = case_study("long", [54] * 8)
    made = one_pagers(CTX, [long])
    assert [scale for scale, _slugs in paper.documents] == list(SCALES[:3])
    assert made["long"].data.scale == SCALES[2] and made["long"].cut is None


def test_a_text_too_long_for_the_smallest_type_is_cut_at_the_largest_cut_that_fits(paper):
    item = case_study("long", [50] * 14, items=[12] * 8, callout=20)
    made = one_pagers(CTX, [item])["long"]
    assert made.data.scale == SCALES[-1] and made.data.height <= 1
    everything = words_of(item)
    kept = made.data.words[:-1]
    assert made.data.words[-1] == MORE and kept == everything[:len(kept)]
    points = markup.cut_points(item.blocks)
    fitting_cuts = [p for p in points if measured_at_floor(item, p) <= 1]
    best = markup.visible_text(markup.assemble(item.blocks, fitting_cuts[-1])).split()
    assert kept == best
    left = len(everything) - len(kept)
    assert made.cut == (f"one-pager cut to fit one page: {left} of {len(everything)} words "
                        f"({round(100 * left / len(everything))}%) left out, even at 7.6 pt; "
                        "the brochure keeps the full text")
    assert paper.documents[0] == (1.0, ["long"]) and len(paper.documents) <= 8  # a few rounds, not one per cut


def test_the_search_for_cuts_lays_the_case_studies_of_a_batch_out_together(paper):
    items = [case_study(s, [45 + 5 * n] * 16) for n, s in enumerate(("a", "b", "c"))]
    made = one_pagers(CTX, items)
    assert all(made[s].cut for s in ("a", "b", "c"))
    rounds = [slugs for scale, slugs in paper.documents if scale == SCALES[-1]]
    assert rounds[0] == ["a", "b", "c"] and len(rounds) <= 8


def test_a_header_taller_than_the_page_keeps_what_the_page_shows_and_says_so(paper):
    item = case_study("huge", [30] * 4, title=" ".join(["Titre"] * 300))
    made = one_pagers(CTX, [item])["huge"]
    total = len(words_of(item))
    assert made.cut.startswith(f"one-pager cut to fit one page: {total} of {total} words (100%) left out")
    assert made.data.words == [MORE]


def test_a_case_study_whose_layout_fails_fails_alone(paper):
    paper.broken = {"bad"}
    items = [case_study("good", [40]), case_study("bad", [40]), case_study("long", [54] * 8)]
    made = one_pagers(CTX, items)
    assert isinstance(made["bad"], BrochureError) and "broken case study" in made["bad"].message
    assert made["good"].cut is None and made["long"].data.scale == SCALES[1]


@settings(max_examples=150, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(st.integers(1, 90), min_size=4, max_size=30),
       items=st.lists(st.integers(1, 20), max_size=40), callout=st.integers(0, 40))
def test_whatever_the_text_the_one_pager_fits_and_one_more_cut_would_not(paper, paragraphs, items, callout):
    item = case_study("x", paragraphs, items=items, callout=callout)
    before = len(paper.documents)
    made = one_pagers(CTX, [item])["x"]
    assert made.data.height <= 1
    if made.cut is None:
        assert made.data.words == words_of(item)
        return
    points = markup.cut_points(item.blocks)
    kept = made.data.words[:-1]
    at = next(n for n, p in enumerate(points) if markup.visible_text(markup.assemble(item.blocks, p)).split() == kept)
    assert at == len(points) - 1 or measured_at_floor(item, points[at + 1]) > 1
    rounds = [scale for scale, _slugs in paper.documents[before:] if scale == SCALES[-1]]
    assert len(rounds) <= 2 + 2 * math.log2(len(points) + 1)  # from both ends, halving: not one per cut
