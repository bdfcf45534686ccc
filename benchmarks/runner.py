"""Running one command for the benchmark harness (``run.py``): the ``brochure`` executable
measured, a fresh process per command in its own session, timed from start to exit, with its
peak memory (``os.wait4``'s ru_maxrss, and optionally the session's sampled PSS sum), killed
with its whole session after a timeout; failures are logged and collected in ``PROBLEMS``."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PY = sys.executable


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
    cpu: float | None = None       # seconds of CPU (user + system), the process and the workers it waited for

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
                        timed_out.is_set(), usage.ru_utime + usage.ru_stime)
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


def add_library_options(parser, sizes: str, runs: str) -> None:
    """The options of both harnesses (``run.py``, ``tagging.py``): the synthetic libraries and runs."""
    parser.add_argument("--sizes", default=sizes, help=f"library sizes, comma-separated (default {sizes})")
    parser.add_argument("--runs", type=int, default=3, help=f"{runs}; the median is reported (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic library (default 1)")
    parser.add_argument("--tmp", type=Path, default=None, help="where to make the temporary folders (default: system temp)")
    parser.add_argument("--timeout", type=float, default=3 * 3600, help="seconds before one command is killed (default 10800)")


def library_sizes(parser, args) -> list[int]:
    """``--sizes`` as numbers, in order; a usage error if a size or ``--runs`` is not positive."""
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 1 or args.runs < 1:
        parser.error("sizes and runs must be positive")
    return sizes


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

