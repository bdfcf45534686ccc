"""What a consultation's text says of itself (``brochure suggest``): its title ("Objet :"), its
reference ("Référence :", "Marché n°"), its buyer ("Pouvoir adjudicateur :") and its date (the
deadline for offers, else the date it was issued). Labels in French and English; only what a
label announces is taken, never a guess from the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_LABEL_END = r"\s*(?:[:\-–—]|n°|no\.?)\s*"
TITLE = re.compile(r"^\W*(?:objet\s+(?:du\s+march[ée]|de\s+la\s+consultation|de\s+l['’]accord[- ]cadre)|objet|"
                   r"intitul[ée]\s+(?:du\s+march[ée]|de\s+la\s+consultation)|subject|title\s+of\s+the\s+"
                   r"(?:contract|tender)|tender\s+title)\s*:\s*(?P<value>\S.{3,240})$", re.I | re.M)
REFERENCE = re.compile(r"(?:r[ée]f[ée]rence\s+(?:du\s+march[ée]|de\s+la\s+consultation|de\s+l['’]avis)?|"
                       r"march[ée]|consultation|accord[- ]cadre|avis|dossier|r[ée]f\.?|reference|tender|rfp)"
                       r"\s*(?::\s*|n\s*°\s*:?\s*|no\.?\s*:?\s*|number\s*:?\s*)(?P<value>[A-Z0-9][\w./-]{2,40})",
                       re.I)
BUYER = re.compile(r"^\W*(?:pouvoir\s+adjudicateur|entit[ée]\s+adjudicatrice|acheteur(?:\s+public)?|"
                   r"ma[îi]tre\s+d['’]ouvrage|buyer|contracting\s+authority)\s*:\s*(?P<value>\S.{2,160})$",
                   re.I | re.M)
_DEADLINE = re.compile(r"date\s+(?:et\s+heure\s+)?limites?\s+de\s+(?:r[ée]ception|remise)|remise\s+des\s+offres|"
                       r"deadline|closing\s+date|due\s+date|date\s+d['’]envoi|date\s+de\s+publication|"
                       r"date\s+of\s+issue|issued\s+on", re.I)
MONTHS = {m: i + 1 for i, names in enumerate((
    "janvier january jan", "février fevrier february feb fév fev", "mars march mar", "avril april apr avr",
    "mai may", "juin june jun", "juillet july jul juil", "août aout august aug", "septembre september sep sept",
    "octobre october oct", "novembre november nov", "décembre decembre december dec déc")) for m in names.split()}
_NUMERIC = re.compile(r"\b(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>(?:19|20)\d\d)\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_WORDS = re.compile(r"\b(?P<d>[0-3]?\d)(?:er)?\s+(?P<m>[^\W\d_]{3,9})\.?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_ENGLISH = re.compile(r"\b(?P<m>[A-Za-z]{3,9})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class TenderFacts:
    title: str | None = None
    reference: str | None = None
    buyer: str | None = None
    date: date | None = None


def read_facts(text: str) -> TenderFacts:
    """The consultation's title, reference, buyer and date, where a label announces them."""
    head = text[:200_000]
    return TenderFacts(title=_value(TITLE, head), reference=_reference(head), buyer=_value(BUYER, head),
                       date=tender_date(head))


def _value(pattern: re.Pattern, text: str) -> str | None:
    found = pattern.search(text)
    if not found:
        return None
    value = " ".join(found.group("value").split()).strip(" .;,")
    return value or None


def _reference(text: str) -> str | None:
    for found in REFERENCE.finditer(text):
        value = found.group("value").strip("./-")
        if any(c.isdigit() for c in value) and not re.fullmatch(r"\d{1,2}", value):
            return value
    return None


def tender_date(text: str) -> date | None:
    """The first date after a deadline or issue label (within 120 characters)."""
    for label in _DEADLINE.finditer(text):
        found = first_date(text[label.end():label.end() + 120])
        if found:
            return found
    return None


def first_date(text: str) -> date | None:
    """The first date written in ``text``: 15/03/2026, 2026-03-15, 15 mars 2026, March 15, 2026."""
    found = []
    for pattern in (_NUMERIC, _ISO, _WORDS, _ENGLISH):
        for match in pattern.finditer(text):
            month = match.group("m")
            number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            try:
                found.append((match.start(), date(int(match.group("y")), number or 0, int(match.group("d")))))
            except ValueError:
                continue
    return min(found)[1] if found else None
