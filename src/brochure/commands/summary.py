"""The summary table of references: which front-matter value means which column.

In a bid the table is a statement of facts, so a cell holds a value only when that value
means its column; otherwise it stays empty, and ``brochure check`` lists it for the writer:

* each column is read from its own front-matter keys (``[fields]`` client, mission, duration,
  year, amount, role: the first one set wins);
* the key fact (``topQuestion`` → ``topAnswer``) is a duration only when its question asks for
  one (``is_duration``: "Durée de l'intervention", "Duration", "Length of engagement", not
  "Nombre de collectivités" nor "Durée moyenne de traitement");
* a title gives the client, the mission… only through the configuration's
  ``[summary] title_pattern`` ("{client} - {mission}"), never by guessing;
* the year is the front matter's, else the case study's date's (an undated one has none);
* the project is the part of the brochure the case study is in.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from ..markup import typography
from ..config import Config
from ..models import CaseStudy
from ..settings import DEFAULT_COLUMNS
from .prepare import front_matter_text

NBSP = "\u00a0"

# --- is a question about how long the work lasted? ---------------------------------------------

# The question names a duration (one of these, once)…
_HEADS = {"duree", "duration", "length", "periode", "period", "timeframe", "timespan", "howlong", "combiendetemps"}
_JOINED = {("how", "long"): "howlong", ("time", "frame"): "timeframe", ("time", "span"): "timespan",
           ("combien", "de", "temps"): "combiendetemps", ("laps", "de", "temps"): "timespan"}
# …and every other word says whose duration: the work's (not a waiting time, a lifetime, an average).
_WORK = {"intervention", "interventions", "mission", "missions", "accompagnement", "projet", "project", "prestation",
         "contrat", "contract", "engagement", "marche", "programme", "program", "partenariat", "partnership",
         "collaboration", "assistance", "amo", "etude", "study", "deploiement", "deployment", "chantier", "formation",
         "training", "conseil", "consulting", "assignment", "support", "service", "services", "work", "travaux",
         "relation", "relationship", "dispositif", "demarche", "operation", "appui", "audit", "coaching"}
_LINKS = {"de", "du", "des", "d", "l", "la", "le", "les", "notre", "nos", "votre", "vos", "leur", "cette", "ce", "en",
          "au", "aux", "sur", "pour", "a", "of", "the", "our", "your", "their", "this", "that", "in", "for", "on", "an",
          "did", "does", "it", "last", "lasted", "was", "is", "we", "take", "took", "has", "have"}
_HOW = {"totale", "total", "globale", "global", "overall", "effective", "prevue", "estimee", "estimated", "planned",
        "reelle", "actual", "initiale", "initial", "cours", "ongoing", "progress", "still", "running", "couverte",
        "covered", "entire", "whole", "full"}


def _bare(text: str) -> str:
    """A front-matter question without its Markdown images, links' addresses, HTML tags and remarks
    in brackets."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|<[^>]*>|\([^)]*\)|\]\([^)]*\)|[\[*_`]", " ", text)
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    """A question as bare words, lower case, without accents; "how long" is one word."""
    text = "".join(c for c in unicodedata.normalize("NFKD", _bare(text).lower()) if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", text)
    joined: list[str] = []
    while words:
        phrase = next((p for p in _JOINED if tuple(words[:len(p)]) == p), None)
        joined.append(_JOINED[phrase] if phrase else words[0])
        words = words[len(phrase) if phrase else 1:]
    return joined


def is_duration(question: str) -> bool:
    """Whether the key fact's question asks how long the work lasted (French or English):
    one word naming a duration, every other word saying it is the work's."""
    words = _words(question or "")
    heads = [w for w in words if w in _HEADS]
    return len(heads) == 1 and all(w in _HEADS or w in _WORK or w in _LINKS or w in _HOW for w in words)


# --- titles written by a pattern ----------------------------------------------------------------

_SPACE = r"[\s\u00a0\u202f]"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


@lru_cache(maxsize=16)
def _title_regex(pattern: str) -> re.Pattern[str]:
    """``{client} - {mission}`` as a regular expression: spaces stand for any run of spaces, a dash
    for any dash, the space before : ; ! ? may be there or not (French typography or not)."""
    out = []
    for piece in re.findall(r"\{[^{}]+\}|\s+|.", pattern, re.DOTALL):
        if piece.startswith("{"):
            out.append(f"(?P<{piece[1:-1]}>.+?)")
        elif piece.isspace():
            out.append(f"{_SPACE}+")
        elif piece in _DASHES:
            out.append(f"[{_DASHES}]")
        elif piece in ":;!?":
            out.append(f"{_SPACE}*{re.escape(piece)}")
        else:
            out.append(re.escape(piece))
    return re.compile("".join(out).replace(f"{_SPACE}+{_SPACE}*", f"{_SPACE}*"), re.DOTALL)


def split_title(title: str, pattern: str) -> dict[str, str]:
    """The parts of ``title`` the pattern names, or {} when the title is not written that way."""
    if not pattern:
        return {}
    found = _title_regex(pattern).fullmatch(title.strip())
    if not found:
        return {}
    parts = {name: value.strip() for name, value in found.groupdict().items()}
    return parts if all(parts.values()) else {}


# --- the cells ----------------------------------------------------------------------------------

def columns(config: Config, chosen: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The table's columns: a bid's when it chose them, else the configuration's."""
    return tuple(chosen or config.summary.get("columns") or DEFAULT_COLUMNS)


def _key_fact(config: Config, case: CaseStudy) -> tuple[str, str]:
    return (front_matter_text(case, config.fields.get("question", ())),
            front_matter_text(case, config.fields.get("answer", ())))


def _duration(config: Config, case: CaseStudy, first: str) -> str:
    """The front matter's duration, else the key fact's answer when its question asks for one."""
    question, answer = _key_fact(config, case)
    fact = answer if is_duration(question) and "%" not in answer else ""
    answers = {k.lower() for k in config.fields.get("answer", ())}
    for key in ([first] if first else []) + list(config.fields.get("duration", ())):
        value = fact if key.lower() in answers else front_matter_text(case, (key,))
        if value:
            return value
    return fact


def _grouped(amount: str, lang: str) -> str:
    """A bare whole number with its thousands grouped: 150 000 (French), 150,000 (English)."""
    if not re.fullmatch(r"[0-9]{5,}", amount):
        return amount
    grouped = f"{int(amount):,}"
    return grouped.replace(",", "\u202f") if lang.startswith("fr") else grouped


def keep_together(text: str) -> str:
    """No line break between a number and what follows it ("18 mois", "4 / mois", "3 000")."""
    text = re.sub(r"[ \t]+/[ \t]+", f"{NBSP}/{NBSP}", text)
    return re.sub(r"(?<=[0-9])[ \t]+(?=\S)", NBSP, text)


def facts(config: Config, case: CaseStudy, project: str, duration_field: str = "") -> dict[str, str]:
    """Every column's value for ``case`` ("" when nothing means it), as plain text."""
    lang = case.lang or config.language
    title = case.display_title
    parts = split_title(title, config.summary.get("title_pattern", ""))

    def named(column: str) -> str:
        value = front_matter_text(case, config.fields.get(column, ()))
        return value if value and not _same(value, title) else parts.get(column, "")  # the title is not a fact

    found = {column: named(column) for column in ("client", "mission", "role", "year")}
    found["duration"] = _duration(config, case, duration_field) or parts.get("duration", "")
    found["year"] = found["year"] or (str(case.date.year) if case.date else "")
    found["amount"] = _grouped(named("amount"), lang)
    if _same(found["mission"], found["client"]):
        found["mission"] = ""  # a cell never repeats another
    cells = {column: keep_together(typography.plain(value, lang, config.french_quotes)) for column, value in found.items()}
    return {**cells, "project": project}


def _same(one: str, other: str) -> bool:
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return bool(one) and norm(one) == norm(other)


def row(config: Config, case: CaseStudy, project: str, chosen: tuple[str, ...], duration_field: str = "") -> dict[str, Any]:
    found = facts(config, case, project, duration_field)
    return {"slug": case.slug, "cells": [found[c] for c in chosen]}


def gaps(config: Config, case: CaseStudy, chosen: tuple[str, ...], duration_field: str = "") -> str:
    """What a writer can do about the empty cells of ``case``'s row ("" when none is empty)."""
    found = facts(config, case, "", duration_field)
    said = []
    for column in (c for c in chosen if c != "project" and not found[c]):
        keys = ([duration_field] if column == "duration" and duration_field else []) + list(config.fields.get(column, ()))
        hint = f"{column} (front-matter key {' or '.join(keys)}"
        question, answer = _key_fact(config, case)
        if column == "duration" and answer and not is_duration(question):
            hint += f"; the key fact “{_bare(question)}” is not a duration"
        if column == "year" and not case.date:
            hint += "; no date"
        if column in ("client", "mission") and not config.summary.get("title_pattern"):
            hint += "; or [summary] title_pattern"
        said.append(hint + ")")
    return f"empty cells: {', '.join(said)}" if said else ""
