#!/usr/bin/env python3
"""The evaluation of ``brochure suggest``: precision at 5 of each ranking method on the
consultations of ``cases.toml``, then the time of one ``brochure suggest`` on 500 case studies and
a 60-page consultation. Prints Markdown tables (docs/suggest.md holds the latest).

    python benchmarks/suggest/evaluate.py                 # every consultation whose site is here, and the timing
    python benchmarks/suggest/evaluate.py --sites DIR     # where the real sites are (default /work/sites)
    python benchmarks/suggest/evaluate.py --no-timing     # precision only

Precision at 5 (P@5) is the share of the first five suggestions that are expected; a consultation
with fewer than five expected references cannot reach 1, so the share of the expected references
found in the first five (R@5) and the rank of the first expected one (MRR) are printed too.
Times are CPU times (user + system) of a fresh process, the median of ``--runs``; wall times are
printed beside them for information only (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from brochure.commands.common import Choice, load  # noqa: E402
from brochure.config import from_command_line, load_config  # noqa: E402
from brochure.ranking import METHODS, rank  # noqa: E402

WORDS_PER_PAGE = 500  # a consultation's page, in words (a dense A4 page of clauses)


def consultation_text(file: Path) -> str:
    """The consultation with the shared administrative clauses put in their places."""
    text = file.read_text(encoding="utf-8")
    for name in ("rc", "ccap"):
        text = text.replace("{{" + name + "}}", "\n" + (HERE / f"{name}-fr.md").read_text(encoding="utf-8") + "\n")
    return text


def cases_of(site: str, section: str | None, sites: Path, cache: dict) -> list | None:
    key = (site, section)
    if key not in cache:
        if not site:
            config = load_config(ROOT / "brochure.toml")
        elif (sites / site).is_dir():
            config = from_command_line(None, sites / site, None, section=section, taxonomy=None)
        else:
            cache[key] = None
            return None
        cache[key] = load(config, Choice()).selection.order
    return cache[key]


def evaluate(sites: Path, methods: list[str]) -> list[dict]:
    rows, cache = [], {}
    for entry in tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["consultation"]:
        cases = cases_of(entry.get("site", ""), entry.get("section"), sites, cache)
        name = Path(entry["file"]).stem
        if cases is None:
            print(f"skipped {name}: no site {sites / entry['site']}", file=sys.stderr)
            continue
        text, expected = consultation_text(HERE / entry["file"]), set(entry["expected"])
        unknown = expected - {c.slug for c in cases}
        if unknown:
            raise SystemExit(f"{name}: expected slugs not in the site: {sorted(unknown)}")
        row = {"name": name, "cases": len(cases), "expected": len(expected)}
        for method in methods:
            found = [s.slug for s in rank([text], cases, top=None, method=method, explain=False)]
            hits = sum(slug in expected for slug in found[:5])
            first = next((n + 1 for n, slug in enumerate(found) if slug in expected), None)
            row[method] = (hits / 5, hits / min(5, len(expected)), 1 / first if first else 0.0, found[:5])
        rows.append(row)
    return rows


def print_precision(rows: list[dict], methods: list[str]) -> None:
    print("| consultation | case studies | expected | " + " | ".join(f"{m} P@5 / R@5" for m in methods) + " |")
    print("|---|---:|---:|" + "---:|" * len(methods))
    for row in rows:
        cells = " | ".join(f"{row[m][0]:.2f} / {row[m][1]:.2f}" for m in methods)
        print(f"| {row['name']} | {row['cases']} | {row['expected']} | {cells} |")
    for label, index in (("mean P@5", 0), ("mean R@5", 1), ("MRR", 2)):
        means = " | ".join(f"**{statistics.mean(r[m][index] for r in rows):.2f}**" for m in methods)
        print(f"| {label} | | | {means} |")


def print_misses(rows: list[dict], method: str) -> None:
    for row in rows:
        p5, r5, _rr, found = row[method]
        if r5 < 1:
            print(f"- {row['name']} ({method}): first five {', '.join(found)}")


# timing: 500 case studies and a 60-page consultation

def synthetic_site(root: Path, n: int, seed: int = 1) -> Path:
    """``n`` case studies made from the bundled ones: each copy has its own slug and title and a
    tenth of its body's words replaced by words drawn from all of them."""
    rng = random.Random(seed)
    sources = sorted((ROOT / "content" / "references").glob("*.md"))
    texts = [s.read_text(encoding="utf-8") for s in sources]
    vocabulary = sorted({w for t in texts for w in re.findall(r"[^\W\d_]{4,}", t)})
    (root / "content" / "references").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(ROOT / "content" / "projects"), str(root / "content")], check=True)
    (root / "brochure.toml").write_text('[company]\nname = "Bench"\n\n[content]\ndir = "content"\n'
                                        'section = "references"\ntaxonomy = "projects"\nlanguage = "fr"\n',
                                        encoding="utf-8")
    for i in range(n):
        source, text = sources[i % len(sources)], texts[i % len(sources)]
        head, sep, body = text.partition("\n## ")
        body = re.sub(r"[^\W\d_]{4,}", lambda m: rng.choice(vocabulary) if rng.random() < 0.1 else m.group(), body)
        head = re.sub(r'^(title\s*[:=]\s*"?)', rf"\g<1>{i} ", head, count=1, flags=re.M)
        (root / "content" / "references" / f"{source.stem}-{i:03d}.md").write_text(head + sep + body, encoding="utf-8")
    return root


def long_consultation(pages: int) -> list[str]:
    """``pages`` pages of ``WORDS_PER_PAGE`` words, cut from the consultations one after the other."""
    texts = [consultation_text(f) for f in sorted((HERE / "consultations").glob("*.md"))]
    lines = [line for _ in range(pages) for text in texts for line in text.splitlines()]
    out, page, words = [], [], 0
    for line in lines:
        page.append(line)
        words += len(line.split())
        if words >= WORDS_PER_PAGE:
            out.append("\n".join(page))
            page, words = [], 0
            if len(out) == pages:
                break
    return out


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median CPU time (user + system, the process and its children) and wall time of ``command``."""
    cpu, wall = [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for _ in range(runs):
        before, start = _children_cpu(), time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
        wall.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - before)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(cpu), statistics.median(wall)


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timing(n: int, pages: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="suggest-bench-") as folder:
        root = synthetic_site(Path(folder), n)
        sheets = long_consultation(pages)
        text = "\n".join(sheets)
        (root / "consultation.txt").write_text(text, encoding="utf-8")
        pdf = _pdf(root, sheets)
        command = [sys.executable, "-m", "brochure", "suggest", "--top", "10"]
        print(f"\n{n} case studies, a consultation of {len(text.split()):,} words "
              f"({len(sheets)} pages of about {WORDS_PER_PAGE} words)\n")
        print("| what | CPU s (median) | wall s |\n|---|---:|---:|")
        for label, args in (("`brochure --help`", ["--help"]),
                            ("`suggest consultation.txt`", ["consultation.txt"]),
                            (f"`suggest consultation.pdf` ({_pages(pdf)} pages)", ["consultation.pdf"]) if pdf else None):
            if args is None:
                continue
            full = [sys.executable, "-m", "brochure", *args] if args == ["--help"] else command + args
            cpu, wall = timed(full, root, runs)
            print(f"| {label} | {cpu:.2f} | {wall:.2f} |")
        _in_process(root, text, runs)


def _in_process(root: Path, text: str, runs: int) -> None:
    cases = load(load_config(root / "brochure.toml"), Choice()).selection.order
    for method in METHODS:
        times = []
        for _ in range(runs):
            start = time.process_time()
            rank([text], cases, top=10, method=method)
            times.append(time.process_time() - start)
        print(f"| `rank()` alone, {method} | {statistics.median(times):.2f} | |")


def _pdf(root: Path, sheets: list[str]) -> Path | None:
    """The consultation as a PDF (WeasyPrint), one sheet a page."""
    try:
        from weasyprint import HTML
    except ImportError:
        return None
    from html import escape

    pages = "".join("<div>" + "".join(f"<p>{escape(line)}</p>" for line in sheet.splitlines() if line.strip())
                    + "</div>" for sheet in sheets)
    HTML(string="<style>@page { size: A4; margin: 1.5cm } div { break-after: page } "
                f"p {{ margin: 0 0 3pt; font-size: 9pt }}</style>{pages}").write_pdf(root / "consultation.pdf")
    return root / "consultation.pdf"


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=Path, default=Path(os.environ.get("BROCHURE_SITES", "/work/sites")))
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--n", type=int, default=500, help="case studies for the timing")
    parser.add_argument("--pages", type=int, default=60, help="the consultation's pages for the timing")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    methods = list(METHODS)
    rows = evaluate(args.sites, methods)
    print_precision(rows, methods)
    print()
    print_misses(rows, "full")
    if not args.no_timing:
        timing(args.n, args.pages, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
