"""Part of ranking.py: words to terms, and how much each term of a consultation counts.

A word loses its accents, then becomes a term by Snowball's stemmer of its text's language (French
or English, told by their stop words): "Marchés" → "march", "données" and "DONNEES" → "donne" (a
heading in capitals often drops its accents, so the stemmer never sees them). Stop words
(package data, ``data/stopwords-*.txt``), one-letter words and numbers are no terms.

A consultation's terms are weighed by where they stand: its title ("Objet : …") and the sections
that say what is wanted ("Objet de la consultation", "Contexte", "Scope"…) count more; the sections
every consultation has (submission rules, award criteria, payment, penalties…) count less; and so do
the words of a small built-in boilerplate corpus (``data/boilerplate-*.txt``), whatever the section.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

TOKEN = re.compile(r"[^\W_]+")
BREAK = re.compile(r"[.,;:!?\n•|()\[\]{}«»\"“”]")  # between two words: they are no phrase
LANGUAGES = {"fr": "french", "en": "english"}
TITLE_WEIGHT, SCOPE_WEIGHT, BOILERPLATE_WEIGHT = 4.0, 2.5, 0.25
_TITLE_LINE = re.compile(r"^\W*(objet|intitul[ée]|subject|title|tender title)\b[^:\n]{0,40}:", re.I)
_NUMBERED = re.compile(r"^\s*(?:(?:article|chapitre|section|partie|titre|annexe|part|chapter)\s+[\dIVXivx]+|"
                       r"\d{1,2}(?:\.\d{1,2}){0,3}\.?\s|[IVX]{1,5}[.)-]\s)", re.I)
SCOPE = ("objet", "contexte", "besoin", "perimetre", "presentation", "description", "enjeux", "objectif",
         "attendu", "prestations attendues", "contenu de la mission", "mission", "scope", "background",
         "objective", "requirement", "deliverable", "livrable", "context", "purpose", "statement of work")
BOILERPLATE = ("remise", "candidature", "contenu des offres", "presentation des offres", "critere", "jugement",
               "attribution", "penalite", "paiement", "prix", "resiliation", "litige", "recours", "assurance",
               "confidentialite", "pieces", "signature", "negociation", "variante", "validite", "renseignements",
               "garantie", "sous-traitance", "facturation", "avance", "propriete intellectuelle", "dispositions",
               "conditions de", "donnees personnelles", "modalites", "reglement de la consultation", "ccag",
               "submission", "award", "evaluation criteria", "payment", "penalt", "termination", "liability",
               "insurance", "instructions", "eligibility", "terms and conditions", "invoice", "clarification")


def fold(text: str) -> str:
    """Lower case without accents: "Éléments" → "elements", "œuvre" → "oeuvre"."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def stop_words(lang: str) -> frozenset[str]:
    text = resources.files("brochure").joinpath(f"data/stopwords-{lang}.txt").read_text(encoding="utf-8")
    return frozenset(fold(w) for line in text.splitlines() if not line.startswith("#") for w in line.split())


class Analyzer:
    """Words to terms, each word stemmed once (a cache: a site's words are few, its texts many)."""

    def __init__(self, stem: bool = True):
        self.stem = stem
        self._stemmers: dict[str, object] = {}
        self._terms: dict[tuple[str, str], str | None] = {}

    def language(self, text: str) -> str:
        """"fr" or "en": the one whose stop words are more frequent in the text's beginning."""
        words = Counter(fold(w) for w in TOKEN.findall(text[:20_000]))
        scores = {lang: sum(n for w, n in words.items() if w in stop_words(lang)) for lang in LANGUAGES}
        return "en" if scores["en"] > scores["fr"] else "fr"

    def term(self, word: str, lang: str) -> str | None:
        key = (word, lang)
        if key not in self._terms:
            self._terms[key] = self._term(word, lang)
        return self._terms[key]

    def _term(self, word: str, lang: str) -> str | None:
        folded = fold(word)
        if len(folded) < 2 or folded.isdigit() or folded in stop_words(lang):
            return None
        if not self.stem:
            return folded
        if lang not in self._stemmers:
            import snowballstemmer

            self._stemmers[lang] = snowballstemmer.stemmer(LANGUAGES[lang])
        return self._stemmers[lang].stemWord(folded) or folded

    def terms(self, text: str, lang: str) -> list[str]:
        term = self.term
        return [t for t in (term(w, lang) for w in TOKEN.findall(text)) if t]

    def spans(self, text: str, lang: str) -> list[tuple[str | None, int, int]]:
        """Every word of ``text``: (its term or None for a stop word, start, end)."""
        return [(self.term(m.group(), lang), m.start(), m.end()) for m in TOKEN.finditer(text)]


def pairs(text: str, spans: list[tuple[str | None, int, int]]) -> list[tuple[int, int]]:
    """Indexes (i, j) in ``spans`` of two terms next to each other in the text: at most two stop words
    and no punctuation between them ("données de transport", "maîtrise d'ouvrage")."""
    found, last, gap = [], None, 0
    for index, (term, start, _end) in enumerate(spans):
        if last is not None and BREAK.search(text, spans[last][2], start):
            last, gap = None, 0
        if term is None:
            gap += 1
            if gap > 2:
                last = None
            continue
        if last is not None:
            found.append((last, index))
        last, gap = index, 0
    return found


def section_weights(text: str, sections: bool = True) -> list[tuple[str, float]]:
    """The consultation's lines, each with what its words weigh by where they stand."""
    if not sections:
        return [(text, 1.0)]
    weighed, current = [], 1.0
    for line in text.splitlines():
        heading = _heading(line)
        if heading is not None:
            current = _section_weight(heading)
        weighed.append((line, TITLE_WEIGHT if _TITLE_LINE.match(line) else current))
    return weighed


def _heading(line: str) -> str | None:
    """The folded words of a heading line, None for a line of text."""
    stripped = line.strip()
    if not stripped or len(stripped) > 100:
        return None
    letters = [c for c in stripped if c.isalpha()]
    numbered = bool(_NUMBERED.match(stripped)) and not stripped.endswith((".", ",", ";"))
    capitals = len(letters) >= 4 and all(c.isupper() for c in letters)
    if stripped.startswith("#") or numbered or capitals:
        return fold(stripped)
    return None


def _section_weight(heading: str) -> float:
    if any(word in heading for word in BOILERPLATE):
        return BOILERPLATE_WEIGHT
    if any(word in heading for word in SCOPE):
        return SCOPE_WEIGHT
    return 1.0


@lru_cache(maxsize=8)
def boilerplate_counts(lang: str, stem: bool) -> Counter:
    """How often each term occurs in the built-in boilerplate corpus of ``lang``."""
    text = resources.files("brochure").joinpath(f"data/boilerplate-{lang}.txt").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return Counter(Analyzer(stem).terms(body, lang))


def boilerplate_factor(count: int) -> float:
    """What a term found ``count`` times in the boilerplate corpus keeps of its weight."""
    return 1.0 if not count else max(0.1, 1.0 / (1.0 + count))
