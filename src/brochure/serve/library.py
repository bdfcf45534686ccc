"""The library: every case study as a card (title, client, year, project and its colour, key
fact), and the filters (project or any taxonomy term, year, words). Reads the content through
the one path every command takes (``commands.common.load``); builds nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..commands.common import Choice, load
from ..commands.prepare import front_matter_text
from ..config import Config
from ..models import Term
from ..reader import term_key


@dataclass
class Card:
    slug: str
    title: str
    client: str = ""
    year: str = ""
    project: str = ""  # the title of its group (its first project)
    color: str = "#2f4858"
    question: str = ""  # the key fact
    answer: str = ""
    terms: list[str] = field(default_factory=list)  # "taxonomy:term" of every taxonomy the site knows
    labels: dict[str, str] = field(default_factory=dict)  # "taxonomy:term" -> what the filter shows
    text: str = ""  # what the words filter searches, lower case
    path: str = ""


def cards(config: Config) -> tuple[list[Card], list[str]]:
    """The cards in Hugo's order, and the problems reading the content (one line each)."""
    loaded = load(config, Choice())
    colors = {}
    for group in loaded.selection.groups:
        for case in group.cases:
            colors[case.slug] = (group.term.title, group.term.color) if group.term else ("", config.default_color)
    taxonomies = _taxonomies(config)
    made = []
    for case in loaded.selection.order:
        fields = config.fields
        project, color = colors.get(case.slug, ("", config.default_color))
        labels = {f"{name}:{value}": _label(loaded.terms, name, value, config.taxonomy)
                  for name in taxonomies for value in _values(case.param(name))}
        title = case.display_title
        client = front_matter_text(case, fields.get("client", ()))
        made.append(Card(case.slug, title, client, str(case.date.year) if case.date else "", project, color,
                         _plain(front_matter_text(case, fields.get("question", ()))),
                         _plain(front_matter_text(case, fields.get("answer", ()))), list(labels), labels,
                         " ".join((title, client, case.body)).lower(), str(case.path)))
    return made, [str(p) for p in loaded.problems if p.level == "error"]


def _label(terms: dict[str, Term], taxonomy: str, value: str, projects: str) -> str:
    """``Projects: <the term page's title>``, ``tags: <the term>``."""
    term = terms.get(term_key(value)) if taxonomy == projects else None
    return f"{taxonomy.capitalize()}: {term.title if term and term.title else value}"


def _plain(markdown: str) -> str:
    """A key fact's text without its Markdown: images left out, links' words kept."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`]+", "", text).split())


def _taxonomies(config: Config) -> list[str]:
    names = [config.taxonomy]
    if config.site is not None:
        names += [t for t in config.site.taxonomies.values() if t not in names]
    return names


def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int))]
    return []


def facets(found: list[Card]) -> dict[str, list]:
    """What the filters offer: the terms ("taxonomy:term", label), by label, and the years present."""
    terms = sorted({t: label for c in found for t, label in c.labels.items()}.items(), key=lambda t: t[1].lower())
    years = sorted({c.year for c in found if c.year}, reverse=True)
    return {"terms": terms, "years": years}


def matching(found: list[Card], term: str = "", year: str = "", words: str = "") -> list[Card]:
    """The cards having ``term`` ("taxonomy:term"), of ``year``, holding every word of ``words``."""
    wanted = words.lower().split()
    return [c for c in found
            if (not term or term in c.terms) and (not year or c.year == year)
            and all(w in c.text for w in wanted)]
