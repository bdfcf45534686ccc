"""What the benchmark harness (``run.py``) reports about the machine and the code it measures:
CPU, cores, how well two processes run in parallel, RAM, versions, the brochure checkout, and
a fingerprint of brochure's code and theme (to notice them changing during a measurement)."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
import time
from pathlib import Path

from runner import PY

HERE = Path(__file__).resolve().parent


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
