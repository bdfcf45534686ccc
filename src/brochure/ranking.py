"""Stage: which case studies answer a consultation best (``brochure suggest``), and why.

Okapi BM25 over the case studies, each a bag of terms from weighed fields (BM25F's simple form:
a title word counts three times, a client's or a taxonomy term's twice, a body word once), the
consultation being the query: each of its terms weighs by how often it occurs there (saturated),
where it stands and whether every consultation writes it (``ranking_terms.py``). The score of a case
study is the sum of its terms' contributions, so the terms that contributed most are the
explanation: the words and phrases shown are those terms as the case study writes them.

``rank(documents, cases)`` is the API: documents are ``TenderDocument`` (or plain strings), cases
``CaseStudy``; it knows nothing of files, click or the command line.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .models import CaseStudy, TenderDocument
from .ranking_terms import Analyzer, boilerplate_counts, boilerplate_factor, pairs, section_weights

K1, B, K3 = 1.2, 0.75, 4.0  # BM25's term saturation and length normalisation; K3: the query's saturation
TITLE, STRONG, KEY_FACT, PLAIN = 3.0, 2.0, 1.5, 1.0  # what a word weighs in each field
_FIELDS = (("long_title", ("longTitle", "subtitle", "description"), STRONG), ("client", ("client",), STRONG),
           ("mission", ("mission",), STRONG), ("question", ("topQuestion",), KEY_FACT),
           ("answer", ("topAnswer",), KEY_FACT), ("summary", ("summary", "description"), KEY_FACT))
TERM_KEYS = ("tags", "categories", "keywords", "services", "sectors", "industries", "industry", "sector",
             "technologies", "expertises", "domaines", "secteurs", "themes")
# front-matter keys that hold no words of the case study
SKIP = {"title", "date", "lastmod", "publishdate", "expirydate", "draft", "weight", "slug", "url", "aliases", "layout",
        "type", "image", "images", "logo", "featured_image", "cover", "thumbnail", "toppicto", "linktitle",
        "projects", "translationkey", "markup", "outputs", "build", "cascade", "menu", "menus"}
_MARKDOWN = [(re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "), (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
             (re.compile(r"\{\{[<%].*?[%>]\}\}", re.S), " "), (re.compile(r"<[^>\n]{0,500}>"), " "),
             (re.compile(r"https?://\S+"), " ")]
EXTRA_CHARS = 20_000  # the front matter's other text, per case study


@dataclass(frozen=True)
class Method:
    """One way of ranking, for the evaluation (``benchmarks/suggest``): ``full`` is the command's."""

    name: str
    stem: bool = True  # Snowball stems (else: words, accents folded)
    fields: bool = True  # front matter, fields weighed (else: the body only)
    sections: bool = True  # the consultation's title and scope count more, its rules less
    boilerplate: bool = True  # the boilerplate corpus's words count less


METHODS = {"body": Method("body", stem=False, fields=False, sections=False, boilerplate=False),
           "fields": Method("fields", sections=False, boilerplate=False),
           "sections": Method("sections", boilerplate=False),
           "full": Method("full")}


@dataclass(frozen=True)
class Suggestion:
    rank: int
    slug: str
    title: str
    score: float
    matched: tuple[str, ...]  # words and phrases as the case study writes them, the strongest first
    date: date | None
    age_years: float | None  # the case study's age at the consultation's date
    path: str

    def as_json(self) -> dict[str, Any]:
        return {"rank": self.rank, "slug": self.slug, "title": self.title, "score": self.score,
                "matched": list(self.matched), "date": self.date.isoformat() if self.date else None,
                "age_years": self.age_years, "path": self.path}


def rank(documents: Sequence[TenderDocument | str], cases: Sequence[CaseStudy], *, top: int | None = 10,
         tender_date: date | None = None, method: str | Method = "full",
         fields: Mapping[str, Sequence[str]] | None = None, explain: bool = True) -> list[Suggestion]:
    """The case studies by relevance to the consultation's documents, the best first (``top`` of
    them; None: all). ``fields``: the configuration's ``[fields]`` (which front-matter keys hold the
    long title, the client, the key fact…). ``tender_date``: what ages are counted against (default: today)."""
    method = METHODS[method] if isinstance(method, str) else method
    analyzer = Analyzer(method.stem)
    texts = [d.text if isinstance(d, TenderDocument) else str(d) for d in documents]
    lang = analyzer.language("\n".join(t[:20_000] for t in texts))
    query = build_query(texts, analyzer, lang, method)
    bags = [case_fields(case, fields, method.fields) for case in cases]
    langs = [analyzer.language(" ".join(text for text, _ in bag)) for bag in bags]
    contributions = bm25(query, [_terms(bag, analyzer, case_lang) for bag, case_lang in zip(bags, langs)])
    scores = [sum(c.values()) for c in contributions]
    order = sorted(range(len(cases)), key=lambda i: (-scores[i], cases[i].slug))[:top]
    bigrams = _bigrams(texts, analyzer, lang) if explain and order else set()
    when = tender_date or date.today()
    return [_suggestion(n + 1, cases[i], round(scores[i], 2), _matched(bags[i], contributions[i], analyzer, langs[i],
                                                                       bigrams) if explain else (), when)
            for n, i in enumerate(order)]


def build_query(texts: Sequence[str], analyzer: Analyzer, lang: str, method: Method) -> dict[str, float]:
    """Each term of the consultation with its weight: how often, where, whether it is boilerplate."""
    counts: Counter = Counter()
    for text in texts:
        for line, weight in section_weights(text, method.sections):
            for term in analyzer.terms(line, lang):
                counts[term] += weight
    common = boilerplate_counts(lang, method.stem) if method.boilerplate else Counter()
    return {term: n * (K3 + 1) / (K3 + n) * boilerplate_factor(common.get(term, 0)) for term, n in counts.items()}


def bm25(query: Mapping[str, float], bags: Sequence[tuple[Counter, float]]) -> list[dict[str, float]]:
    """Each case study's terms in common with the query, with what each adds to its score."""
    n = len(bags)
    if not n:
        return []
    df: Counter = Counter()
    for tf, _length in bags:
        df.update(term for term in tf if term in query)
    average = sum(length for _tf, length in bags) / n or 1.0
    idf = {term: math.log(1 + (n - k + 0.5) / (k + 0.5)) for term, k in df.items()}
    found = []
    for tf, length in bags:
        norm = K1 * (1 - B + B * length / average)
        found.append({term: query[term] * idf[term] * f * (K1 + 1) / (f + norm) for term, f in tf.items() if term in idf})
    return found


def case_fields(case: CaseStudy, fields: Mapping[str, Sequence[str]] | None = None,
                weighed: bool = True) -> list[tuple[str, float]]:
    """A case study's texts, each with what its words weigh: title, long title, client, key fact,
    taxonomy terms, the front matter's other text, the body (as plain text)."""
    body = plain_markdown(case.body)
    if not weighed:
        return [(body, PLAIN)]
    bag, used = [(case.display_title, TITLE)], set(SKIP)
    for name, default, weight in _FIELDS:
        for key in tuple((fields or {}).get(name) or default):
            value = _dotted(case.params, key)
            if isinstance(value, str) and key.lower() not in used:
                bag.append((value, weight))
                used.add(key.lower())
    terms = [*case.projects, *(str(v) for k in TERM_KEYS for v in _as_list(case.param(k)))]
    used.update(TERM_KEYS)
    bag.append((" ".join(terms), STRONG))
    bag.append((" ".join(_strings(case.params, used))[:EXTRA_CHARS], PLAIN))
    bag.append((body, PLAIN))
    return bag


def plain_markdown(text: str) -> str:
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


def _dotted(params: Mapping[str, Any], key: str) -> Any:
    value: Any = params
    for part in key.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part, next((v for k, v in value.items() if str(k).lower() == part.lower()), None))
    return value


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


def _strings(value: Any, skip: set[str], depth: int = 0) -> list[str]:
    """The front matter's other text: strings that are not paths, URLs or colours, three levels deep."""
    if isinstance(value, str):
        return [] if re.fullmatch(r"\S*[/#.]\S*|\S+\.\w{2,4}", value.strip()) else [value]
    if depth > 3:
        return []
    if isinstance(value, Mapping):
        return [s for k, v in value.items() if str(k).lower() not in skip for s in _strings(v, skip, depth + 1)]
    if isinstance(value, list):
        return [s for v in value[:200] for s in _strings(v, skip, depth + 1)]
    return []


def _terms(bag: list[tuple[str, float]], analyzer: Analyzer, lang: str) -> tuple[Counter, float]:
    tf: Counter = Counter()
    length = 0.0
    for text, weight in bag:
        found = analyzer.terms(text, lang)
        length += weight * len(found)
        for term in found:
            tf[term] += weight
    return tf, length


def _bigrams(texts: Sequence[str], analyzer: Analyzer, lang: str) -> set[tuple[str, str]]:
    found = set()
    for text in texts:
        spans = analyzer.spans(text, lang)
        found.update((spans[i][0], spans[j][0]) for i, j in pairs(text, spans))
    return found


def _matched(bag: list[tuple[str, float]], contributions: dict[str, float], analyzer: Analyzer, lang: str,
             bigrams: set[tuple[str, str]], limit: int = 6) -> tuple[str, ...]:
    """The terms that contributed most, as the case study writes them; two or more next to each
    other, also next to each other in the consultation, as one phrase."""
    surfaces: dict[str, Counter] = defaultdict(Counter)
    candidates: dict[str, tuple[float, frozenset]] = {}
    for text, _weight in bag:
        spans = analyzer.spans(text, lang)
        for term, start, end in spans:
            if term in contributions:
                surfaces[term][text[start:end]] += 1
        for run in _runs(spans, pairs(text, spans), contributions, bigrams):
            phrase = " ".join(text[spans[run[0]][1]:spans[run[-1]][2]].split())
            terms = frozenset(spans[i][0] for i in run)
            candidates.setdefault(phrase.lower(), (sum(contributions[t] for t in terms), terms, phrase))
    for term, forms in surfaces.items():
        candidates.setdefault(term, (contributions[term], frozenset([term]), forms.most_common(1)[0][0]))
    shown, covered = [], set()
    ordered = sorted(candidates.values(), key=lambda c: (-c[0], c[2]))
    floor = ordered[0][0] / 10 if ordered else 0  # a tenth of the strongest: weaker words explain nothing
    for score, terms, phrase in ordered:
        if not terms <= covered and score > floor:
            shown.append(phrase)
            covered |= terms
        if len(shown) == limit:
            break
    return tuple(shown)


def _runs(spans, found_pairs, contributions, bigrams) -> list[list[int]]:
    """Chains of word pairs that both the case study and the consultation write, four words at most."""
    runs: list[list[int]] = []
    for i, j in found_pairs:
        a, b = spans[i][0], spans[j][0]
        if a == b or a not in contributions or b not in contributions or (a, b) not in bigrams:
            continue
        if runs and runs[-1][-1] == i and len(runs[-1]) < 4:
            runs[-1].append(j)
        else:
            runs.append([i, j])
    return runs


def _suggestion(number: int, case: CaseStudy, score: float, matched: tuple[str, ...], when: date) -> Suggestion:
    day = case.date.date() if isinstance(case.date, datetime) else case.date
    age = round((when - day).days / 365.25, 1) if day else None
    return Suggestion(rank=number, slug=case.slug, title=case.display_title, score=score, matched=matched,
                      date=day, age_years=age, path=str(case.path))
