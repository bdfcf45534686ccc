"""The pool of screenshots of the synthetic library (``generate.py``): ``POOL_SIZE`` PNG and
JPEG files of 0.5–2 MB each, drawn by ``shot_drawing.Shot`` and encoded with Pillow, made once
per seed and process (one image per core) and shared by all case studies."""

from __future__ import annotations

import io
import math
import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from PIL import Image

from shot_drawing import Shot
from vocabulary import PROJECTS

POOL_SIZE = 20
MIN_IMAGE = 500 * 1024          # bytes: every screenshot lands in [MIN_IMAGE, MAX_IMAGE]
MAX_IMAGE = 2 * 1000 * 1000


def _encode(img: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, "PNG", compress_level=3)
    else:
        img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


# Each kind of page, its format and the sizes (pixels) where it lands near 0.5–2 MB.
_SHOT_KINDS = [
    ("portail", "png", [(1920, 1080), (1680, 1050), (2304, 1296)]),
    ("dashboard", "png", [(2560, 1440), (2880, 1800)]),
    ("carte", "png", [(1680, 1050), (1920, 1080)]),
    ("tableur", "png", [(1920, 1080), (1920, 1200)]),
    ("portail", "jpg", [(2880, 1800), (3000, 2000)]),
    ("carte", "jpg", [(2560, 1440), (2880, 1800)]),
    ("tableur", "jpg", [(2880, 1800), (3000, 2000)]),
]


def _screenshot(seed: int, index: int) -> tuple[str, bytes]:
    """Screenshot ``index`` of the pool: (extension, bytes), 0.5–2 MB."""
    rng = random.Random(f"shot-{seed}-{index}")
    kind, fmt, sizes = _SHOT_KINDS[index % len(_SHOT_KINDS)]
    w, h = rng.choice(sizes)
    accent = rng.choice([p[1] for p in PROJECTS.values()] + ["#2b6f8f", "#b4572e"])
    low, high = MIN_IMAGE * 1.1, MAX_IMAGE * 0.95
    wanted = rng.uniform(low, high)  # JPEG: the size aimed at
    for attempt in range(6):
        shot = Shot(random.Random(f"shot-{seed}-{index}-{attempt}"), kind, (w, h), accent)
        data = _encode(shot.render(0), fmt)
        if len(data) <= high:
            break
        factor = math.sqrt(high / len(data)) * 0.92
        w, h = int(w * factor), int(h * factor)
    # Too small (or, for a JPEG, below the size aimed at): add sensor grain to the photos.
    goal = wanted if fmt == "jpg" else low
    amp, lo, hi = 4.0, 0.0, None
    for _ in range(8):
        if len(data) >= goal and (fmt == "png" or len(data) <= high):
            if fmt == "png" or abs(len(data) - goal) < 0.25 * goal:
                break
        if len(data) < goal:
            lo = amp
        else:
            hi = amp
        amp = amp * 2 if hi is None else (lo + hi) / 2
        data = _encode(shot.render(amp), fmt)
    if not MIN_IMAGE <= len(data) <= MAX_IMAGE:
        raise RuntimeError(f"screenshot {index} ({kind}, {fmt}, {w}x{h}): {len(data)} bytes, outside 0.5–2 MB")
    return fmt, data


_POOLS: dict[int, list[tuple[str, bytes]]] = {}  # seed -> screenshots, made once per process


def _pool(seed: int) -> list[tuple[str, bytes]]:
    if seed not in _POOLS:
        pool = None
        if (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            try:  # PNG encoding dominates: one image per core
                ctx = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(min(os.cpu_count() or 1, 8), mp_context=ctx) as ex:
                    pool = list(ex.map(_screenshot, [seed] * POOL_SIZE, range(POOL_SIZE)))
            except (OSError, BrokenProcessPool):
                pool = None
        _POOLS[seed] = pool or [_screenshot(seed, i) for i in range(POOL_SIZE)]
    return _POOLS[seed]


def write_pool(static: Path, seed: int) -> list[str]:
    folder = static / "images" / "captures"
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, (fmt, data) in enumerate(_pool(seed)):
        name = f"capture-{i + 1:02d}.{fmt}"
        (folder / name).write_bytes(data)
        names.append(f"/images/captures/{name}")
    return names
