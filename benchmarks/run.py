#!/usr/bin/env python3
"""Benchmark harness for ``brochure build``: prints numbers, not a test.

For each library size N, and for each library (the image-heavy one and the text-heavy one,
``generate.py --text``: ``--library``), it writes a synthetic site (``generate.py``) in a fresh temporary
folder and measures, against a *floor* (plain WeasyPrint rendering the brochure's own HTML,
in a fresh process, with the site's images as they are: ``--html --original-images``):

* cold build (brochure + all one-pagers, ``--no-cache``, empty output folder and an empty
  image folder: ``XDG_CACHE_HOME`` points into the work folder, emptied first), with the
  default ``--jobs`` and with ``--jobs 1`` / ``--jobs 2``;
* warm rebuild with nothing changed, and rebuild after appending a sentence to one case study;
* output sizes (default and ``--screen``) against the floor's PDF size;
* peak memory of the cold build;
* whether cached and uncached builds give byte-identical PDFs;

and, once, ``brochure --help`` against ``python -c "import weasyprint"``.

Every time is the median of ``--runs`` runs (``--help`` and the import: median of 5). Each
command is a fresh process, started with ``subprocess`` and timed from start to exit with
``time.perf_counter``.

Peak memory, two figures for the default-jobs cold build:

* "largest process": ``ru_maxrss`` from ``os.wait4`` on the build's process. The kernel
  reports the maximum of that process and every descendant it waited for (the process-pool
  workers), i.e. the same figure as ``getrusage(RUSAGE_CHILDREN)`` or ``/usr/bin/time -v``'s
  "Maximum resident set size": the largest single process, NOT the sum of processes running
  at the same time. Maximum over the runs.
* "whole tree": the sum of the proportional set size (PSS, from ``/proc/PID/smaps_rollup``;
  RSS where that is not readable) of every process in the build's session, sampled every
  0.1 s during one more default-jobs cold build, which is not timed (sampling slows a build
  down: 341 s became 388 s at N = 500); the maximum sample. Sampling can miss a peak shorter
  than 0.1 s.

The options ``--jobs``, ``--no-cache``, ``--html`` and ``--screen`` are looked up in
``brochure build --help``; a figure that needs a missing option is reported as "n/a", as is
one whose command fails (the command and the tail of its stderr are printed).

    python benchmarks/run.py                       # sizes 10,100,500, 3 runs
    python benchmarks/run.py --quick               # sizes 10,100, 1 run
    python benchmarks/run.py --sizes 100 --runs 5 --keep

Run it with the Python of the environment where brochure is installed (``sys.executable``
is the interpreter used for the floor and the import timing; ``brochure`` is looked up
beside it, then on PATH).

The harness is split along its jobs: ``runner.py`` runs and times one command,
``machine_info.py`` describes the machine, ``measurements.py`` measures one library size
(with ``pdf_outputs.py`` for the PDFs a build wrote), ``results_table.py`` makes the table;
this module parses the command line and prints the report.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from machine_info import machine  # noqa: E402
from measurements import OPTIONS, measure, measure_help, supported_options  # noqa: E402
from results_table import table  # noqa: E402
from runner import BROCHURE, PROBLEMS, PY, add_library_options, library_sizes, log  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_library_options(parser, "10,100,500", "runs per figure")
    parser.add_argument("--quick", action="store_true", help="sizes 10,100 and 1 run")
    parser.add_argument("--library", choices=("images", "text", "both"), default="both",
                        help="the image-heavy library, the text-heavy one (generate.py --text) or both (default)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = "10,100", 1
    sizes = library_sizes(parser, args)

    command = shlex.join([PY, str(Path(__file__).resolve())] + (argv if argv is not None else sys.argv[1:]))
    started = time.time()
    info = machine()
    options = supported_options(args.timeout)
    missing = [o for o in OPTIONS if o not in options]
    log(f"brochure: {BROCHURE}; options missing from `brochure build --help`: {', '.join(missing) or 'none'}")
    helps = measure_help(args.timeout)
    if args.tmp is not None:
        args.tmp.mkdir(parents=True, exist_ok=True)
    kinds = ("images", "text") if args.library == "both" else (args.library,)
    figs = [measure(n, args, options, args.tmp, kind) for kind in kinds for n in sizes]

    print()
    print("## brochure benchmark")
    print()
    for key, value in info.items():
        print(f"- {key}: {value}")
    print(f"- brochure executable: {BROCHURE}")
    print(f"- options missing: {', '.join(missing) or 'none'}")
    print(f"- sizes {', '.join(map(str, sizes))}; {args.runs} run(s) per figure (median); seed {args.seed}; "
          f"total {time.time() - started:.0f} s")
    print(f"- rerun: `{command}`")
    print()
    print("\n".join(table(figs, helps)))
    print()
    print("Floor: `brochure build --no-one-pagers --html --no-cache --original-images` writes the brochure's HTML "
          "once, with the site's images as they are; the floor is a "
          "fresh `python -c \"from weasyprint import HTML; HTML(filename=H).write_pdf(P)\"` on it. Ratios are to the "
          "floor of the same N in this run. Peak RSS: largest single process (os.wait4 ru_maxrss, as "
          "RUSAGE_CHILDREN / `time -v`), max over the cold runs; whole tree: PSS sum of the build's session "
          "sampled every 0.1 s in one more cold build, not timed (sampling slows a build down).")
    if PROBLEMS:
        print()
        print(f"### {len(PROBLEMS)} failed command(s)")
        for problem in PROBLEMS:
            print()
            print("```")
            print(problem)
            print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
