#!/usr/bin/env python3
"""CPU time of ``brochure build`` as a ratio to the floor, for a machine shared with others.

Wall times on a loaded machine say more about the neighbours than about brochure; CPU time
(user + system of the process and of every worker it waited for, from ``os.wait4``) moves far
less. For each library (the image-heavy one, the text-heavy one of ``generate.py --text``, and
the bundled content, ``build --project collectivites``) and size N, this writes the brochure's
HTML once (``--html --original-images``, as ``run.py``), then takes turns, ``--runs`` times:

* the floor: plain WeasyPrint on that HTML, in a fresh process;
* a cold build: brochure and every one-pager, ``--no-cache``, empty output and image folders;
* a cold build of the brochure alone (``--no-one-pagers``): one process lays it out, so on
  two cores it is the build's critical path, the one-pagers being laid out beside it;

and reports the medians and their ratios. With two cores, a cold build's wall time is about
the larger of the brochure alone and half the whole build's CPU time: the "2-core estimate"
column, as a ratio to the floor (a measure that the machine's other load does not move). Then a cached build and ``--runs`` warm rebuilds with
nothing changed (wall and CPU). Prints a Markdown table.

    python benchmarks/cpu_ratio.py --sizes 60 --library text,images,bundled --runs 3
    python benchmarks/cpu_ratio.py --sizes 500 --library text --runs 1
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from runner import BROCHURE, PY, log, median, run  # noqa: E402

ROOT = HERE.parent


class Library:
    """One library being measured: how brochure is told to build it, and a work folder."""

    def __init__(self, kind: str, n: int, work: Path, seed: int, timeout: float):
        self.kind, self.n, self.work, self.timeout = kind, n, work, timeout
        self.env = {"XDG_CACHE_HOME": str(work / "user-cache")}
        if kind == "bundled":
            self.cwd, self.select = ROOT, ["--project", "collectivites"]
        elif kind.startswith("site:"):  # site:DIR:SECTION, a real Hugo site built in site mode
            _, folder, section = kind.split(":", 2)
            self.cwd, self.select = work, ["--site", folder, "--section", section]
        else:
            site = generate(work / "site", n, seed, text_only=kind == "text")
            self.cwd, self.select = site, ["--config", str(site / "brochure.toml")]

    def build(self, *extra) -> object:
        return run([BROCHURE, "build", *self.select, *map(str, extra)], self.cwd, self.timeout, env=self.env)

    def floor_html(self) -> Path | None:
        out = self.work / "floor-out"
        result = self.build("--no-one-pagers", "--html", "--no-cache", "--original-images", "--out", out)
        found = sorted(out.glob("*.html"))
        return found[0] if result.ok and found else None

    def floor(self, html: Path):
        code = f"from weasyprint import HTML; HTML(filename={str(html)!r}).write_pdf({str(self.work / 'floor.pdf')!r})"
        return run([PY, "-c", code], self.cwd, self.timeout)

    def cold(self, *extra):
        shutil.rmtree(self.work / "user-cache", ignore_errors=True)
        out = self.work / "cold"
        shutil.rmtree(out, ignore_errors=True)
        return self.build("--no-cache", *extra, "--out", out)


def measure(kind: str, n: int, args) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"cpu-ratio-{kind.split(':')[0]}-{n}-", dir=args.tmp))
    lib = Library(kind, n, work, args.seed, args.timeout)
    html = lib.floor_html()
    if html is None:
        log(f"{kind} {n}: the --html build failed")
        return {}
    floors, colds, alone = [], [], []
    for r in range(args.runs):  # taking turns: a change in the machine's load falls on all three
        floors.append(lib.floor(html))
        colds.append(lib.cold())
        alone.append(lib.cold("--no-one-pagers"))
        log(f"   {kind} N={n} run {r + 1}: floor {floors[-1].cpu:.1f} s CPU, cold {colds[-1].cpu:.1f} s CPU, "
            f"brochure alone {alone[-1].cpu:.1f} s CPU")
    out = work / "cached"
    lib.build("--out", out)
    warms = [lib.build("--out", out) for _ in range(args.runs)]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    ok = [r for r in floors + colds + alone + warms if not r.ok]
    return {"floor": median([r.cpu for r in floors if r.ok]), "cold": median([r.cpu for r in colds if r.ok]),
            "alone": median([r.cpu for r in alone if r.ok]),
            "floor_wall": median([r.seconds for r in floors if r.ok]),
            "cold_wall": median([r.seconds for r in colds if r.ok]),
            "warm": median([r.seconds for r in warms if r.ok]), "warm_cpu": median([r.cpu for r in warms if r.ok]),
            "failed": len(ok)}


def _row(kind: str, n: int, v: dict) -> str:
    def s(x):
        return "n/a" if x is None else f"{x:.2f} s"
    def x(a, b):
        return "n/a" if a is None or not b else f"{a / b:.2f}×"
    floor, cold, alone = v.get("floor"), v.get("cold"), v.get("alone")
    two = max(alone, cold / 2) if alone is not None and cold is not None else None
    return (f"| {kind} | {n} | {s(floor)} | {s(cold)} | {x(cold, floor)} | {s(alone)} | {x(alone, floor)} | "
            f"{x(two, floor)} | {x(v.get('cold_wall'), v.get('floor_wall'))} | "
            f"{s(v.get('warm'))} ({s(v.get('warm_cpu'))} CPU) |" + (f" {v['failed']} failed |" if v.get("failed") else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="60", help="library sizes, comma-separated (default 60)")
    parser.add_argument("--library", default="text,images,bundled",
                        help="text, images, bundled, site:DIR:SECTION (a Hugo site), comma-separated (default the first "
                             "three; bundled and a site have one size)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure, taking turns; the median (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tmp", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    parser.add_argument("--timeout", type=float, default=3 * 3600)
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    kinds = [k.strip() for k in args.library.split(",") if k.strip()]
    if not sizes or args.runs < 1 or not all(k in ("text", "images", "bundled") or k.count(":") == 2 for k in kinds):
        parser.error("sizes and runs must be positive; libraries: text, images, bundled, site:DIR:SECTION")
    if args.tmp is not None:
        args.tmp.mkdir(parents=True, exist_ok=True)
    rows = [(k, n, measure(k, n, args)) for k in kinds for n in (sizes if k in ("text", "images") else [0])]
    print(f"\nbrochure: {BROCHURE}; {args.runs} run(s) each, medians; CPU = user + system of the process and its workers\n")
    print("| library | N | floor CPU | cold build CPU | ratio | brochure alone CPU | ratio | 2-core estimate | "
          "wall ratio (load!) | warm rebuild, nothing changed |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind, n, values in rows:
        print(_row(kind, n if n else "—", values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
