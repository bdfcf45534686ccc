"""The measurements of the benchmark harness (``run.py``) for one library size N: a synthetic
site (``generate.py``) in a fresh work folder; the floor (plain WeasyPrint on the brochure's
HTML); cold builds (default ``--jobs``, ``--jobs 1``, ``--jobs 2``) and their peak memory;
the ``--screen`` brochure; warm rebuilds, with nothing changed and after editing one case
study; whether cached and uncached builds give the same bytes. And ``brochure --help``
against ``import weasyprint``."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generate import generate
from machine_info import source_fingerprint
from pdf_outputs import compare, file_size, outputs, pdf_pages
from runner import BROCHURE, PROBLEMS, PY, Result, log, median, run

OPTIONS = ("--jobs", "--no-cache", "--html", "--screen", "--out", "--config", "--json", "--no-one-pagers",
           "--original-images")


def supported_options(timeout: float) -> set[str]:
    result = run([BROCHURE, "build", "--help"], Path.cwd(), timeout)
    return {opt for opt in OPTIONS if re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", result.stdout)}


@dataclass
class Figures:
    n: int
    kind: str = "images"  # which library: "images" (image-heavy) or "text" (text-heavy, generate.py --text)
    values: dict[str, Any] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)  # figure -> reason it is n/a

    def na(self, key: str, reason: str) -> None:
        self.values[key] = None
        self.why.setdefault(key, reason)


Outputs = tuple[Path | None, list[Path]]  # a build's brochure and one-pagers


class _Bench:
    """One library size being measured: its work folder, site, build command and figures."""

    def __init__(self, fig: Figures, args, options: set[str], work: Path, site: Path):
        self.fig, self.options, self.work, self.site = fig, options, work, site
        self.base = [BROCHURE, "build", "--config", site / "brochure.toml", "--json"]
        self.runs, self.timeout = args.runs, args.timeout
        self.user_cache = work / "user-cache"
        self.reference: Outputs | None = None  # the first default cold build's PDFs

    def build(self, label: str, extra: list[str], sample: bool = False, cold: bool = False) -> Result:
        # brochure keeps its downsampled images in the user's cache folder (XDG_CACHE_HOME), even
        # with --no-cache: here, one inside the work folder, emptied before each cold build. (Its
        # path stays the same: WeasyPrint names images after their URL, so PDF bytes depend on it.)
        if cold:
            shutil.rmtree(self.user_cache, ignore_errors=True)
        result = run(self.base + extra, self.site, self.timeout, sample=sample,
                     env={"XDG_CACHE_HOME": str(self.user_cache)})
        log(f"   {label}: {result.seconds:.1f} s{'' if result.ok else ' FAILED'}")
        return result

    def needs(self, key: str, *opts: str) -> bool:
        missing = [o for o in opts if o not in self.options]
        if missing:
            self.fig.na(key, f"brochure build has no {', '.join(missing)}")
        return not missing

    def record_sizes(self, made: Outputs) -> None:
        values = self.fig.values
        values["brochure_size"] = file_size(made[0])
        values["brochure_pages"] = pdf_pages(made[0])
        values["one_pagers_size"] = sum(file_size(p) or 0 for p in made[1])
        values["one_pagers_count"] = len(made[1])

    # floor: the brochure's HTML, rendered by plain WeasyPrint in a fresh process.
    def floor_html(self) -> Path | None:
        if not self.needs("floor", "--html", "--no-cache", "--no-one-pagers"):
            return None
        out = self.work / "floor-out"
        # The page as the site has it: images as they are, not brochure's lighter copies.
        plain = ["--original-images"] if "--original-images" in self.options else []
        result = self.build("brochure HTML for the floor",
                            ["--no-one-pagers", "--html", "--no-cache", *plain, "--out", out])
        brochure, _ = outputs(result, out)
        candidates = [brochure.with_suffix(".html")] if brochure else []
        candidates += sorted(out.glob("*.html"))
        floor_html = next((p for p in candidates if p.exists()), None)
        if not result.ok or floor_html is None:
            self.fig.na("floor", "the --html build failed" if not result.ok else f"no HTML written in {out}")
            return None
        return floor_html

    def floor(self) -> None:
        fig, work = self.fig, self.work
        floor_html = self.floor_html()
        if not floor_html:
            fig.na("floor_size", fig.why.get("floor", "no floor"))
            return
        times, size, floor_rss = [], None, []
        for r in range(self.runs):
            pdf = work / f"floor-{r}.pdf"
            code = f"from weasyprint import HTML; HTML(filename={str(floor_html)!r}).write_pdf({str(pdf)!r})"
            result = run([PY, "-c", code], self.site, self.timeout)
            log(f"   floor (plain WeasyPrint) run {r + 1}: {result.seconds:.1f} s")
            if result.ok:
                times.append(result.seconds)
                floor_rss.append(result.maxrss)
                size = file_size(pdf)
                if r:
                    pdf.unlink(missing_ok=True)
        fig.values["floor"] = median(times)
        fig.values["floor_size"] = size
        fig.values["floor_pages"] = pdf_pages(work / "floor-0.pdf")
        fig.values["floor_rss"] = max((x for x in floor_rss if x), default=None)
        if not times:
            fig.na("floor", "plain WeasyPrint failed on the brochure's HTML")

    # cold builds: --no-cache into an empty folder; default jobs, --jobs 1, --jobs 2.
    def cold(self) -> None:
        fig = self.fig
        variants = [("cold", [])]
        if all([self.needs("cold_j1", "--jobs"), self.needs("cold_j2", "--jobs")]):
            variants += [("cold_j1", ["--jobs", "1"]), ("cold_j2", ["--jobs", "2"])]
        if "--no-cache" not in self.options:
            for key in ("cold", "cold_j1", "cold_j2"):
                fig.na(key, "brochure build has no --no-cache")
            for key in ("rss_max", "rss_tree"):
                fig.na(key, "brochure build has no --no-cache")
            return
        samples, same_as_first = self.cold_runs(variants)
        for key, _ in variants:
            fig.values[key] = median([res.seconds for res in samples[key]])
            if fig.values[key] is None:
                fig.na(key, "every run failed")
        # The whole tree's memory is sampled in one more cold build, not timed: reading
        # /proc/PID/smaps_rollup of GB-sized processes ten times a second slowed a 341 s
        # build to 388 s on this 2-CPU machine.
        out = self.work / "cold-sampled"
        sampled = self.build("cold run, memory sampled (not timed)", ["--no-cache", "--out", out], sample=True, cold=True)
        shutil.rmtree(out, ignore_errors=True)
        cold_runs = samples["cold"] + ([sampled] if sampled.ok else [])
        fig.values["rss_max"] = max((res.maxrss for res in cold_runs if res.maxrss), default=None)
        fig.values["rss_tree"] = max((res.tree_peak for res in cold_runs if res.tree_peak), default=None)
        fig.values["same_as_first"] = {
            key: (sum(c for c, _ in found), sorted({d for _, ds in found for d in ds}))
            for key, found in same_as_first.items()}

    def cold_runs(self, variants: list[tuple[str, list[str]]]):
        """Every variant ``runs`` times: (variant -> successful results, variant -> comparisons
        of its PDFs with the first default cold build's)."""
        samples: dict[str, list[Result]] = {key: [] for key, _ in variants}
        same_as_first: dict[str, list[tuple[int, list[str]]]] = {}
        for r in range(self.runs):
            for key, extra in variants:
                out = self.work / f"{key}-{r}"
                result = self.build(f"{key} run {r + 1}", extra + ["--no-cache", "--out", out], cold=True)
                if not result.ok:
                    continue
                samples[key].append(result)
                made = outputs(result, out)
                if key == "cold" and self.reference is None:
                    self.reference = made
                    self.record_sizes(made)
                else:
                    if self.reference is not None:
                        same_as_first.setdefault(key, []).append(compare(self.reference, made))
                    shutil.rmtree(out, ignore_errors=True)  # keep the disk use bounded
        return samples, same_as_first

    # --screen: the brochure only, into an empty folder (so an empty cache).
    def screen(self) -> None:
        fig = self.fig
        if self.needs("screen_size", "--screen", "--no-one-pagers"):
            out = self.work / "screen"
            result = self.build("--screen brochure", ["--screen", "--no-one-pagers", "--out", out])
            fig.values["screen_size"] = file_size(outputs(result, out)[0]) if result.ok else None
            if fig.values["screen_size"] is None:
                fig.na("screen_size", "the --screen build failed")

    # warm: a cached build, then rebuilds with nothing changed.
    def warm(self) -> None:
        fig = self.fig
        out = self.work / "cached"
        first = self.build("cached build (setup)", ["--out", out])
        if not first.ok:
            for key in ("warm", "edit", "identical"):
                fig.na(key, "the first cached build failed")
            return
        if fig.values.get("brochure_size") is None and "brochure_size" not in fig.why:
            self.record_sizes(outputs(first, out))  # no cold build: sizes from this first build (empty cache)
            fig.why["brochure_size"] = fig.why["one_pagers_size"] = "from the first cached build (no cold build)"
        times, last = [], None
        for r in range(self.runs):
            result = self.build(f"warm rebuild run {r + 1}", ["--out", out])
            if result.ok:
                times.append(result.seconds)
                last = result
        fig.values["warm"] = median(times)
        if last is None:
            fig.na("warm", "the rebuilds failed")
        # cached rebuild vs --no-cache build: the same bytes?
        if last is not None and self.reference is not None:
            fig.values["identical"] = compare(self.reference, outputs(last, out))
        else:
            fig.na("identical", "needs a --no-cache build and a cached rebuild")
        self.edit(out)

    def edit(self, out: Path) -> None:
        """Edit one case study (append a sentence), rebuild; ``runs`` times."""
        cases = sorted((self.site / "content" / "references").glob("*.md"))
        times = []
        for r in range(self.runs):
            case = cases[(r * 7919) % len(cases)]
            lines = case.read_text(encoding="utf-8").rstrip("\n").split("\n")
            lines[-1] += f" Phrase ajoutée pour le banc d'essai, passage {r + 1}."
            case.write_text("\n".join(lines) + "\n", encoding="utf-8")
            result = self.build(f"rebuild after editing {case.name}, run {r + 1}", ["--out", out])
            if result.ok:
                times.append(result.seconds)
        self.fig.values["edit"] = median(times)
        if not times:
            self.fig.na("edit", "the rebuilds failed")


def measure(n: int, args, options: set[str], base_tmp: Path | None, kind: str = "images") -> Figures:
    fig = Figures(n, kind)
    work = Path(tempfile.mkdtemp(prefix=f"brochure-bench-{kind}-n{n}-", dir=base_tmp))
    log(f"\n== N={n} ({kind}): {work}")
    source = source_fingerprint()
    try:
        start = time.perf_counter()
        site = generate(work / "site", n, args.seed, text_only=kind == "text")
        log(f"   generated {n} case studies in {time.perf_counter() - start:.1f} s")
        bench = _Bench(fig, args, options, work, site)
        bench.floor()
        bench.cold()
        bench.screen()
        bench.warm()
        if source != source_fingerprint():
            message = (f"N={n}: brochure's code or theme changed while it was being measured; "
                       "the figures (and the identical-bytes check) for this N mix two versions")
            log("   WARNING: " + message)
            PROBLEMS.append(message)
            fig.values["source_changed"] = True
    finally:
        if args.keep:
            log(f"   kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return fig


def measure_help(timeout: float) -> dict[str, float | None]:
    values = {}
    for key, cmd in (("help", [BROCHURE, "--help"]), ("import", [PY, "-c", "import weasyprint"])):
        run(cmd, Path.cwd(), timeout, quiet=True)  # warm the page cache
        results = [run(cmd, Path.cwd(), timeout) for _ in range(5)]
        values[key] = median([r.seconds for r in results if r.ok])
    return values
