#!/usr/bin/env python3
"""What tagging costs: cold builds of the synthetic library, untagged against tagged.

For each library size N it writes the synthetic site of ``generate.py`` once, then builds it
cold (brochure + every one-pager, ``--no-cache``, an empty output folder and an empty image
folder, as ``run.py``'s cold build) ``--runs`` times in each of two variants, taking turns
(untagged, tagged, untagged, tagged…) so that a change in the machine's load falls on both.
It prints, per N and variant, the median wall time, the median CPU time (user + system of the
build and the pool workers it waited for: steadier than wall time on a shared machine), the
brochure's size, the one-pagers' total size and the peak RSS of the largest process (``os.wait4``'s
ru_maxrss, as ``run.py``), and the tagged variant's cost in per cent.

    python benchmarks/tagging.py                                   # N = 100 and 500, 3 runs
    python benchmarks/tagging.py --sizes 100 --runs 1 --tagged pdf/ua-1

A variant is a ``--pdf-variant`` value (``none``: an untagged file that claims no standard), or
``default`` for a build without the option. Run it with the Python of the environment where brochure is installed.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from pdf_outputs import file_size, outputs  # noqa: E402
from runner import BROCHURE, PY, add_library_options, library_sizes, log, median, run  # noqa: E402

FIGURES = (("seconds", "wall time", "s"), ("cpu", "CPU time", "s"), ("brochure", "brochure size", "MB"),
           ("one_pagers", "one-pagers, total size", "MB"), ("maxrss", "peak RSS, largest process", "MB"))
KEYS = ("seconds", "cpu", "brochure", "one_pagers", "maxrss", "files")


def build(site: Path, work: Path, variant: str, label: str, timeout: float) -> dict[str, float] | None:
    """One cold build in ``variant``: its wall and CPU seconds and its outputs' sizes (None if it failed)."""
    cache, out = work / "user-cache", work / "out"
    for folder in (cache, out):
        shutil.rmtree(folder, ignore_errors=True)
    chosen = [] if variant == "default" else ["--pdf-variant", variant]
    result = run([BROCHURE, "build", "--config", site / "brochure.toml", "--json", "--no-cache", "--out", out, *chosen],
                 site, timeout, env={"XDG_CACHE_HOME": str(cache)})
    if not result.ok:
        log(f"   {label}: FAILED after {result.seconds:.1f} s")
        return None
    brochure, singles = outputs(result, out)
    made = {"seconds": result.seconds, "cpu": result.cpu, "brochure": (file_size(brochure) or 0) / 1e6,
            "one_pagers": sum(file_size(p) or 0 for p in singles) / 1e6, "files": len(singles) + bool(brochure),
            "maxrss": (result.maxrss or 0) / 1e6}
    log(f"   {label}: " + ", ".join(f"{name} {made[key]:.1f} {unit}" for key, name, unit in FIGURES))
    return made


def measure(n: int, variants: tuple[str, str], args) -> dict[str, dict[str, float | None]]:
    """Median figures of each variant for a library of ``n`` case studies."""
    work = Path(tempfile.mkdtemp(prefix=f"tagging-{n}-", dir=args.tmp))
    try:
        site = generate(work / "site", n, args.seed)
        samples: dict[str, list[dict]] = {v: [] for v in variants}
        for r in range(args.runs):
            for variant in variants:
                made = build(site, work, variant, f"N={n} {variant} run {r + 1}", args.timeout)
                if made:
                    samples[variant].append(made)
        return {v: {key: median([s[key] for s in runs]) for key in KEYS}
                | {"runs": len(runs)} for v, runs in samples.items()}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def table(results: dict[int, dict[str, dict]], variants: tuple[str, str]) -> list[str]:
    plain, tagged = variants
    lines = [f"| figure | N | {plain} | {tagged} | cost |", "|---|---|---|---|---|"]
    for n, figures in results.items():
        for key, name, unit in FIGURES:
            a, b = figures[plain][key], figures[tagged][key]
            cost = f"{(b / a - 1) * 100:+.1f} %" if a and b else "n/a"
            shown = [f"{v:.1f} {unit}" if v is not None else "n/a" for v in (a, b)]
            lines.append(f"| {name} | {n} | {shown[0]} | {shown[1]} | {cost} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_library_options(parser, "100,500", "cold builds per variant and size")
    parser.add_argument("--untagged", default="none", help="the variant without tags (default none)")
    parser.add_argument("--tagged", default="pdf/a-2b+ua-1", help="the tagged variant (default pdf/a-2b+ua-1)")
    args = parser.parse_args(argv)
    sizes = library_sizes(parser, args)
    variants = (args.untagged, args.tagged)
    started = time.time()
    results = {}
    for n in sizes:
        results[n] = measure(n, variants, args)
        print("\n".join(table({n: results[n]}, variants)), file=sys.stderr, flush=True)
    print(f"## What tagging costs ({args.runs} cold build(s) per figure, median; {time.time() - started:.0f} s in all)")
    print()
    print(f"- brochure executable: {BROCHURE}")
    print(f"- rerun: `{shlex.join([PY, str(Path(__file__).resolve())] + (argv if argv is not None else sys.argv[1:]))}`")
    print()
    print("\n".join(table(results, variants)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
