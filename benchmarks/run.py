#!/usr/bin/env python3
"""Benchmark harness for ``brochure build``: prints numbers, not a test.

For each library size N it writes a synthetic site (``generate.py``) in a fresh temporary
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
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.metadata
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
MB = 1_000_000
OPTIONS = ("--jobs", "--no-cache", "--html", "--screen", "--out", "--config", "--json", "--no-one-pagers",
           "--original-images")


def _brochure_exe() -> str:
    beside = Path(PY).parent / "brochure"
    if beside.exists():
        return str(beside)
    found = shutil.which("brochure")
    if not found:
        sys.exit("brochure not found beside the Python running this script nor on PATH; "
                 "run this with the Python of the environment where brochure is installed")
    return found


BROCHURE = _brochure_exe()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- running one command ------------------------------------------------------------------------


@dataclass
class Result:
    cmd: list[str]
    rc: int | None
    seconds: float
    maxrss: int | None = None      # bytes, largest process (wait4)
    tree_peak: int | None = None   # bytes, sampled sum over the session
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.rc == 0 and not self.timed_out

    def json(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None


def _session_memory(sid: int) -> int:
    """Sum of PSS (else RSS) in bytes of every process whose session id is ``sid``."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) != sid:  # state ppid pgrp session ...
                continue
            value = None
            try:
                with open(f"/proc/{entry.name}/smaps_rollup") as handle:
                    for line in handle:
                        if line.startswith("Pss:"):
                            value = int(line.split()[1]) * 1024
                            break
            except OSError:
                pass
            if value is None:
                with open(f"/proc/{entry.name}/status") as handle:
                    for line in handle:
                        if line.startswith("VmRSS:"):
                            value = int(line.split()[1]) * 1024
                            break
            total += value or 0
        except (OSError, ValueError, IndexError):
            continue
    return total


class _Sampler(threading.Thread):
    def __init__(self, sid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.sid, self.interval, self.peak = sid, interval, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, _session_memory(self.sid))
            self.stop.wait(self.interval)


def run(cmd: list[str], cwd: Path, timeout: float, sample: bool = False, quiet: bool = False,
        env: dict[str, str] | None = None) -> Result:
    """Run ``cmd`` in a new session; time it; collect ru_maxrss with ``os.wait4``."""
    cmd = [str(c) for c in cmd]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=None if env is None else {**os.environ, **env})
        sampler = None
        if sample and Path("/proc").is_dir():
            sampler = _Sampler(proc.pid)
            sampler.start()
        timed_out = threading.Event()

        def _kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the build and its pool workers
            except OSError:
                pass

        timer = threading.Timer(timeout, _kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stop.set()
            sampler.join()
        out.seek(0)
        err.seek(0)
        result = Result(cmd, proc.returncode, seconds, usage.ru_maxrss * 1024,  # Linux: kB
                        sampler.peak if sampler else None,
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                        timed_out.is_set())
    if not result.ok and not quiet:
        report_failure(result)
    return result


PROBLEMS: list[str] = []


def report_failure(result: Result) -> None:
    why = f"timed out after {result.seconds:.0f} s" if result.timed_out else f"exit {result.rc}"
    tail = "\n".join(result.stderr.rstrip().splitlines()[-15:])
    message = f"FAILED ({why}, {result.seconds:.1f} s): {shlex.join(result.cmd)}\n{tail}"
    log(message)
    PROBLEMS.append(message)


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# --- the machine --------------------------------------------------------------------------------


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def parallel_capacity() -> float | None:
    """How much faster two CPU-bound processes finish than one doing the same work twice."""
    try:
        from concurrent.futures import ProcessPoolExecutor
        work = 6_000_000
        start = time.perf_counter()
        _spin(work)
        _spin(work)
        serial = time.perf_counter() - start
        with ProcessPoolExecutor(2) as pool:
            list(pool.map(_spin, [1000, 1000]))  # start the workers before timing
            start = time.perf_counter()
            list(pool.map(_spin, [work, work]))
            parallel = time.perf_counter() - start
        return serial / parallel
    except Exception:  # noqa: BLE001 - informational only
        return None


def machine() -> dict[str, str]:
    info: dict[str, str] = {}
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["CPU"] = cpu
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = f"{os.cpu_count()} logical CPUs ({usable} usable by this process)"
    try:
        quota = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota and quota[0] != "max":
            cores += f", cgroup quota {int(quota[0]) / int(quota[1]):.2g} CPU"
    except (OSError, ValueError, IndexError):
        pass
    info["Cores"] = cores
    capacity = parallel_capacity()
    if capacity is not None:
        info["Parallel capacity"] = (f"2 CPU-bound processes finish {capacity:.2f}× faster than 1 doing the same work "
                                     f"(≈2 on two free cores; the --jobs 2 target needs it)")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["RAM"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    info["OS"] = platform.platform()
    info["Python"] = f"{platform.python_version()} ({PY})"
    for dist in ("weasyprint", "pydyf", "pillow", "brochure"):
        try:
            info[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            info[dist] = "not installed"
    try:
        repo = HERE.parent
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if head:
            info["brochure source"] = f"{repo} at {head}{' + uncommitted changes' if dirty else ''}"
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def source_fingerprint() -> str | None:
    """A hash of brochure's code and theme, to notice it changing while we measure."""
    import hashlib
    try:
        import brochure
        package = Path(brochure.__file__).resolve().parent
    except ImportError:
        return None
    digest = hashlib.sha256()
    folders = [package, package.parent.parent / "styles", package.parent.parent / "templates",
               package / "styles", package / "templates"]
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(str(path).encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()


def pdf_pages(path: Path | None) -> int | None:
    if not path or not path.exists():
        return None
    try:
        from pypdf import PdfReader
        return len(PdfReader(path).pages)
    except Exception:  # noqa: BLE001 - pypdf missing or unreadable: a rough count
        try:
            return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))
        except OSError:
            return None


def supported_options(timeout: float) -> set[str]:
    result = run([BROCHURE, "build", "--help"], Path.cwd(), timeout)
    return {opt for opt in OPTIONS if re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", result.stdout)}


# --- one library size ---------------------------------------------------------------------------


@dataclass
class Figures:
    n: int
    values: dict[str, Any] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)  # figure -> reason it is n/a

    def na(self, key: str, reason: str) -> None:
        self.values[key] = None
        self.why.setdefault(key, reason)


def _outputs(result: Result, out: Path) -> tuple[Path | None, list[Path]]:
    """The brochure and the one-pagers a build wrote (from --json, else from the folder)."""
    data = result.json()
    if data and isinstance(data.get("outputs"), list):
        brochure = next((Path(o["path"]) for o in data["outputs"] if o.get("kind") == "brochure"), None)
        singles = sorted(Path(o["path"]) for o in data["outputs"] if o.get("kind") == "one-pager")
        return brochure, singles
    pdfs = sorted(out.glob("*.pdf"))
    return (pdfs[0] if pdfs else None), sorted((out / "one-pagers").glob("*.pdf"))


def _size(path: Path | None) -> int | None:
    try:
        return path.stat().st_size if path else None
    except OSError:
        return None


def _compare(a: tuple[Path | None, list[Path]], b: tuple[Path | None, list[Path]]) -> tuple[int, list[str]]:
    """Compare two builds' PDFs byte for byte: (files compared, names that differ or are missing)."""
    pairs = []
    if a[0] or b[0]:
        pairs.append((a[0], b[0]))
    names_a = {p.name: p for p in a[1]}
    names_b = {p.name: p for p in b[1]}
    for name in sorted(set(names_a) | set(names_b)):
        pairs.append((names_a.get(name), names_b.get(name)))
    differ = []
    for x, y in pairs:
        if x is None or y is None or not x.exists() or not y.exists() or not filecmp.cmp(x, y, shallow=False):
            differ.append((x or y).name)
    return len(pairs), differ


def measure(n: int, args, options: set[str], base_tmp: Path | None) -> Figures:
    fig = Figures(n)
    work = Path(tempfile.mkdtemp(prefix=f"brochure-bench-n{n}-", dir=base_tmp))
    log(f"\n== N={n}: {work}")
    source = source_fingerprint()
    try:
        start = time.perf_counter()
        site = generate(work / "site", n, args.seed)
        log(f"   generated {n} case studies in {time.perf_counter() - start:.1f} s")
        config = site / "brochure.toml"
        base = [BROCHURE, "build", "--config", config, "--json"]
        runs, timeout = args.runs, args.timeout

        user_cache = work / "user-cache"

        def build(label: str, extra: list[str], sample: bool = False, cold: bool = False) -> Result:
            # brochure keeps its downsampled images in the user's cache folder (XDG_CACHE_HOME), even
            # with --no-cache: here, one inside the work folder, emptied before each cold build. (Its
            # path stays the same: WeasyPrint names images after their URL, so PDF bytes depend on it.)
            if cold:
                shutil.rmtree(user_cache, ignore_errors=True)
            result = run(base + extra, site, timeout, sample=sample, env={"XDG_CACHE_HOME": str(user_cache)})
            log(f"   {label}: {result.seconds:.1f} s{'' if result.ok else ' FAILED'}")
            return result

        def needs(key: str, *opts: str) -> bool:
            missing = [o for o in opts if o not in options]
            if missing:
                fig.na(key, f"brochure build has no {', '.join(missing)}")
            return not missing

        # floor: the brochure's HTML, rendered by plain WeasyPrint in a fresh process.
        floor_html = None
        if needs("floor", "--html", "--no-cache", "--no-one-pagers"):
            out = work / "floor-out"
            # The page as the site has it: images as they are, not brochure's lighter copies.
            plain = ["--original-images"] if "--original-images" in options else []
            result = build("brochure HTML for the floor",
                           ["--no-one-pagers", "--html", "--no-cache", *plain, "--out", out])
            brochure, _ = _outputs(result, out)
            candidates = [brochure.with_suffix(".html")] if brochure else []
            candidates += sorted(out.glob("*.html"))
            floor_html = next((p for p in candidates if p.exists()), None)
            if not result.ok or floor_html is None:
                fig.na("floor", "the --html build failed" if not result.ok else f"no HTML written in {out}")
                floor_html = None
        if floor_html:
            times, size, floor_rss = [], None, []
            for r in range(runs):
                pdf = work / f"floor-{r}.pdf"
                code = f"from weasyprint import HTML; HTML(filename={str(floor_html)!r}).write_pdf({str(pdf)!r})"
                result = run([PY, "-c", code], site, timeout)
                log(f"   floor (plain WeasyPrint) run {r + 1}: {result.seconds:.1f} s")
                if result.ok:
                    times.append(result.seconds)
                    floor_rss.append(result.maxrss)
                    size = _size(pdf)
                    if r:
                        pdf.unlink(missing_ok=True)
            fig.values["floor"] = median(times)
            fig.values["floor_size"] = size
            fig.values["floor_pages"] = pdf_pages(work / "floor-0.pdf")
            fig.values["floor_rss"] = max((x for x in floor_rss if x), default=None)
            if not times:
                fig.na("floor", "plain WeasyPrint failed on the brochure's HTML")
        else:
            fig.na("floor_size", fig.why.get("floor", "no floor"))

        # cold builds: --no-cache into an empty folder; default jobs, --jobs 1, --jobs 2.
        variants = [("cold", [])]
        if all([needs("cold_j1", "--jobs"), needs("cold_j2", "--jobs")]):
            variants += [("cold_j1", ["--jobs", "1"]), ("cold_j2", ["--jobs", "2"])]
        reference: tuple[Path | None, list[Path]] | None = None  # the first default cold build's PDFs
        same_as_first: dict[str, list[tuple[int, list[str]]]] = {}  # variant -> comparisons with it
        if "--no-cache" in options:
            samples: dict[str, list[Result]] = {key: [] for key, _ in variants}
            for r in range(runs):
                for key, extra in variants:
                    out = work / f"{key}-{r}"
                    result = build(f"{key} run {r + 1}", extra + ["--no-cache", "--out", out], cold=True)
                    if not result.ok:
                        continue
                    samples[key].append(result)
                    made = _outputs(result, out)
                    if key == "cold" and reference is None:
                        reference = made
                        fig.values["brochure_size"] = _size(made[0])
                        fig.values["brochure_pages"] = pdf_pages(made[0])
                        fig.values["one_pagers_size"] = sum(_size(p) or 0 for p in made[1])
                        fig.values["one_pagers_count"] = len(made[1])
                    else:
                        if reference is not None:
                            same_as_first.setdefault(key, []).append(_compare(reference, made))
                        shutil.rmtree(out, ignore_errors=True)  # keep the disk use bounded
            for key, _ in variants:
                fig.values[key] = median([res.seconds for res in samples[key]])
                if fig.values[key] is None:
                    fig.na(key, "every run failed")
            # The whole tree's memory is sampled in one more cold build, not timed: reading
            # /proc/PID/smaps_rollup of GB-sized processes ten times a second slowed a 341 s
            # build to 388 s on this 2-CPU machine.
            out = work / "cold-sampled"
            sampled = build("cold run, memory sampled (not timed)", ["--no-cache", "--out", out], sample=True, cold=True)
            shutil.rmtree(out, ignore_errors=True)
            cold_runs = samples["cold"] + ([sampled] if sampled.ok else [])
            fig.values["rss_max"] = max((res.maxrss for res in cold_runs if res.maxrss), default=None)
            fig.values["rss_tree"] = max((res.tree_peak for res in cold_runs if res.tree_peak), default=None)
            fig.values["same_as_first"] = {
                key: (sum(c for c, _ in found), sorted({d for _, ds in found for d in ds}))
                for key, found in same_as_first.items()}
        else:
            for key in ("cold", "cold_j1", "cold_j2"):
                fig.na(key, "brochure build has no --no-cache")
            for key in ("rss_max", "rss_tree"):
                fig.na(key, "brochure build has no --no-cache")

        # --screen: the brochure only, into an empty folder (so an empty cache).
        if needs("screen_size", "--screen", "--no-one-pagers"):
            out = work / "screen"
            result = build("--screen brochure", ["--screen", "--no-one-pagers", "--out", out])
            fig.values["screen_size"] = _size(_outputs(result, out)[0]) if result.ok else None
            if fig.values["screen_size"] is None:
                fig.na("screen_size", "the --screen build failed")

        # warm: a cached build, then rebuilds with nothing changed.
        out = work / "cached"
        first = build("cached build (setup)", ["--out", out])
        if first.ok:
            if fig.values.get("brochure_size") is None and "brochure_size" not in fig.why:
                made = _outputs(first, out)  # no cold build: sizes from this first build (empty cache)
                fig.values["brochure_size"] = _size(made[0])
                fig.values["brochure_pages"] = pdf_pages(made[0])
                fig.values["one_pagers_size"] = sum(_size(p) or 0 for p in made[1])
                fig.values["one_pagers_count"] = len(made[1])
                fig.why["brochure_size"] = fig.why["one_pagers_size"] = "from the first cached build (no cold build)"
            times, last = [], None
            for r in range(runs):
                result = build(f"warm rebuild run {r + 1}", ["--out", out])
                if result.ok:
                    times.append(result.seconds)
                    last = result
            fig.values["warm"] = median(times)
            if last is None:
                fig.na("warm", "the rebuilds failed")
            # cached rebuild vs --no-cache build: the same bytes?
            if last is not None and reference is not None:
                fig.values["identical"] = _compare(reference, _outputs(last, out))
            else:
                fig.na("identical", "needs a --no-cache build and a cached rebuild")
            # edit one case study (append a sentence), rebuild.
            cases = sorted((site / "content" / "references").glob("*.md"))
            times = []
            for r in range(runs):
                case = cases[(r * 7919) % len(cases)]
                lines = case.read_text(encoding="utf-8").rstrip("\n").split("\n")
                lines[-1] += f" Phrase ajoutée pour le banc d'essai, passage {r + 1}."
                case.write_text("\n".join(lines) + "\n", encoding="utf-8")
                result = build(f"rebuild after editing {case.name}, run {r + 1}", ["--out", out])
                if result.ok:
                    times.append(result.seconds)
            fig.values["edit"] = median(times)
            if not times:
                fig.na("edit", "the rebuilds failed")
        else:
            for key in ("warm", "edit", "identical"):
                fig.na(key, "the first cached build failed")
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


# --- the report ---------------------------------------------------------------------------------


def _s(v):
    return "n/a" if v is None else f"{v:.2f} s"


def _mb(v):
    return "n/a" if v is None else f"{v / MB:.1f} MB"


def _x(v):
    return "n/a" if v is None else f"{v:.2f}×"


def _ratio(a, b):
    return a / b if a is not None and b else None


def table(all_figs: list[Figures], helps: dict[str, float | None]) -> list[str]:
    rows = [("figure", "N", "value", "ratio", "target", "pass")]

    def verdict(ok):
        return "—" if ok is None else ("pass" if ok else "**FAIL**")

    def na(fig, key, text):
        return f"{text} ({fig.why[key]})" if text == "n/a" and key in fig.why else text

    by_n = {f.n: f for f in all_figs}
    for fig in all_figs:
        v, n = fig.values, str(fig.n)
        floor, fsize = v.get("floor"), v.get("floor_size")
        rows.append(("floor: plain WeasyPrint on the brochure HTML", n, na(fig, "floor", _s(floor)),
                     "1.00×" if floor else "n/a", "(reference)", "—"))
        pages = f" ({v['floor_pages']} pages)" if v.get("floor_pages") else ""
        rows.append(("floor PDF size", n, na(fig, "floor_size", _mb(fsize)) + pages, "1.00×" if fsize else "n/a",
                     "(reference)", "—"))
        r = _ratio(v.get("cold"), floor)
        big = fig.n in (100, 500)
        rows.append(("cold build, brochure + all one-pagers (default --jobs)", n, na(fig, "cold", _s(v.get("cold"))),
                     _x(r), "≤ 1.3× floor" if big else "(≤ 1.3× at N=100, 500)",
                     verdict(r <= 1.3 if (big and r is not None) else None)))
        for key, label in (("cold_j1", "cold build --jobs 1"), ("cold_j2", "cold build --jobs 2")):
            rows.append((label, n, na(fig, key, _s(v.get(key))), _x(_ratio(v.get(key), floor)), "", "—"))
        speedup = _ratio(v.get("cold_j1"), v.get("cold_j2"))
        rows.append(("--jobs 2 speedup over --jobs 1 (cold)", n, na(fig, "cold_j2", _x(speedup)), "", "≥ 1.6×",
                     verdict(None if speedup is None else speedup >= 1.6)))
        r = _ratio(v.get("warm"), floor)
        rows.append(("warm rebuild, nothing changed", n, na(fig, "warm", _s(v.get("warm"))), _x(r), "≤ 0.1× floor",
                     verdict(None if r is None else r <= 0.1)))
        r = _ratio(v.get("edit"), floor)
        rows.append(("rebuild after editing one case study", n, na(fig, "edit", _s(v.get("edit"))), _x(r), "≤ 1.1× floor",
                     verdict(None if r is None else r <= 1.1)))
        r = _ratio(v.get("brochure_size"), fsize)
        pages = f" ({v['brochure_pages']} pages)" if v.get("brochure_pages") else ""
        rows.append(("brochure size (default, 300 dpi)", n, na(fig, "brochure_size", _mb(v.get("brochure_size"))) + pages, _x(r),
                     "≤ 0.25× floor size", verdict(None if r is None else r <= 0.25)))
        r = _ratio(v.get("screen_size"), fsize)
        rows.append(("brochure size --screen (150 dpi)", n, na(fig, "screen_size", _mb(v.get("screen_size"))), _x(r),
                     "≤ 0.15× floor size", verdict(None if r is None else r <= 0.15)))
        count = v.get("one_pagers_count")
        rows.append((f"one-pagers total size ({count if count is not None else '?'} files)", n,
                     na(fig, "one_pagers_size", _mb(v.get("one_pagers_size"))), _x(_ratio(v.get("one_pagers_size"), fsize)),
                     "", "—"))
        at500 = fig.n == 500
        for key, label in (("rss_max", "peak RSS, largest process (wait4 ru_maxrss)"),
                           ("rss_tree", "peak memory, whole process tree (sampled PSS sum)")):
            value = v.get(key)
            rows.append((label, n, na(fig, key, _mb(value)), "", "< 1 GB at N=500" if at500 else "(< 1 GB at N=500)",
                         verdict(value < 1e9 if (at500 and value is not None) else None)))
        if v.get("floor_rss"):
            rows.append(("peak RSS of the floor (plain WeasyPrint, same HTML)", n, _mb(v["floor_rss"]), "", "(reference)",
                         "—"))
        same = v.get("identical")
        if same is None:
            rows.append(("cached rebuild vs --no-cache build: PDF bytes", n, na(fig, "identical", "n/a"), "", "identical", "—"))
        else:
            compared, differ = same
            text = f"identical ({compared} PDFs)" if not differ else \
                f"{len(differ)} of {compared} differ: {', '.join(differ[:2])}{'…' if len(differ) > 2 else ''}"
            rows.append(("cached rebuild vs --no-cache build: PDF bytes", n, text, "", "identical", verdict(not differ)))
        labels = {"cold": "later default cold runs", "cold_j1": "cold --jobs 1", "cold_j2": "cold --jobs 2"}
        for key, (compared, differ) in (v.get("same_as_first") or {}).items():
            text = f"identical ({compared} PDFs)" if not differ else \
                f"{len(differ)} of {compared} differ: {', '.join(differ[:2])}{'…' if len(differ) > 2 else ''}"
            rows.append((f"{labels[key]} vs first default cold build: PDF bytes", n, text, "", "(identical)", "—"))
        if v.get("source_changed"):
            rows.append(("WARNING: brochure's code changed during this N", n, "figures mix versions", "", "", "—"))
    sizes = sorted(by_n)
    for a, b in zip(sizes, sizes[1:]):
        growth = _ratio(by_n[b].values.get("cold"), by_n[a].values.get("cold"))
        target = (a, b) == (100, 500)
        rows.append((f"cold build time growth N={a} → N={b} ({b / a:g}× the case studies)", f"{a}→{b}", _x(growth), "",
                     "≤ 5.5×" if target else "", verdict(growth <= 5.5 if (target and growth is not None) else None)))
    r = _ratio(helps.get("help"), helps.get("import"))
    rows.append(("`brochure --help`", "—", _s(helps.get("help")), _x(r), "≤ 0.5× import weasyprint",
                 verdict(None if r is None else r <= 0.5)))
    rows.append(("`python -c \"import weasyprint\"`", "—", _s(helps.get("import")), "1.00×", "(reference)", "—"))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,500", help="library sizes, comma-separated (default 10,100,500)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="sizes 10,100 and 1 run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic library (default 1)")
    parser.add_argument("--tmp", type=Path, default=None, help="where to make the temporary folders (default: system temp)")
    parser.add_argument("--timeout", type=float, default=3 * 3600, help="seconds before one command is killed (default 10800)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = "10,100", 1
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 1 or args.runs < 1:
        parser.error("sizes and runs must be positive")

    command = shlex.join([PY, str(Path(__file__).resolve())] + (argv if argv is not None else sys.argv[1:]))
    started = time.time()
    info = machine()
    options = supported_options(args.timeout)
    missing = [o for o in OPTIONS if o not in options]
    log(f"brochure: {BROCHURE}; options missing from `brochure build --help`: {', '.join(missing) or 'none'}")
    helps = measure_help(args.timeout)
    if args.tmp is not None:
        args.tmp.mkdir(parents=True, exist_ok=True)
    figs = [measure(n, args, options, args.tmp) for n in sizes]

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
