"""Worker processes that may each spend only so much: a task over its budget is stopped.

A task is sent to a worker process with a budget: CPU seconds (the worker's own, so a busy
machine does not make a task fail) and memory (the worker's resident size). The parent
watches every busy worker; a task over its budget, or whose worker dies, ends with an
:class:`Exceeded` result, and its worker is killed and replaced by a new one, so the other
tasks go on. Knows nothing of brochures: tasks are ``(key, payload)`` given to one function.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

POLL = 0.1  # seconds between two looks at the busy workers

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Budget:
    cpu_seconds: float
    memory_bytes: int


@dataclass(frozen=True)
class Exceeded:
    """A task stopped: ``what`` is "time", "memory" or "died"; ``used`` says how much."""

    what: str
    used: float
    budget: Budget


def _cpu_seconds(pid: int, started: float) -> float:
    """CPU time of process ``pid`` (user + system); wall time since ``started`` where /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return time.monotonic() - started


def _resident_bytes(pid: int) -> int:
    """Resident memory of process ``pid`` (0 where /proc is missing)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _die_with(parent: int) -> None:
    """Be killed when the parent process dies, even by SIGKILL (Linux), so that no worker outlives
    its build: the parent's own end of every pipe is also open in a worker forked from it, so a
    pipe alone would not tell."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before that: do not wait for it
        os._exit(0)


def _serve(conn: Connection, function: Callable[[Any], Any], initializer: Callable[..., None] | None,
           initargs: tuple, parent: int, scratch: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # what the parent had is never garbage here: a full collection (WeasyPrint's passes ask for
    # some, see weasy.py) looks only at what this worker makes, and leaves the parent's pages shared
    gc.freeze()
    tempfile.tempdir = scratch  # WeasyPrint's font folders: a killed worker never removes its own
    _die_with(parent)
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            while not conn.poll(1.0):  # where the parent cannot kill its workers, they see it gone
                if os.getppid() != parent:
                    return
            payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: tuple[bool, Any] = (True, function(payload))
        except BaseException as exc:  # noqa: BLE001 -- sent back, raised in the parent
            result = (False, exc)
        try:
            conn.send(result)
        except (OSError, ValueError):
            return
        except Exception as exc:  # a result that cannot be sent: say why instead
            conn.send((False, RuntimeError(f"result could not be sent back: {type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, context, function, initializer, initargs):
        self.conn, child = context.Pipe()
        # the worker's temporary files, removed by the parent once the worker is gone (killed or not)
        self.scratch = tempfile.mkdtemp(prefix="brochure-worker-")
        self.process = context.Process(target=_serve, args=(child, function, initializer, initargs, os.getpid(),
                                                            self.scratch), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[Any, Budget] | None = None
        self.cpu_at_start = 0.0
        self.started = 0.0

    def give(self, key: Any, payload: Any, budget: Budget) -> None:
        self.started = time.monotonic()
        self.cpu_at_start = _cpu_seconds(self.process.pid, self.started)
        self.task = (key, budget)
        self.conn.send(payload)

    def over(self) -> Exceeded | None:
        assert self.task is not None
        budget = self.task[1]
        used = _cpu_seconds(self.process.pid, self.started) - self.cpu_at_start
        if used > budget.cpu_seconds:
            return Exceeded("time", used, budget)
        memory = _resident_bytes(self.process.pid)
        if memory > budget.memory_bytes:
            return Exceeded("memory", memory, budget)
        return None

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError):
            pass
        self.process.join()
        self.conn.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


class Pool:
    """``workers`` processes running ``function(payload)``; ``submit`` work, iterate ``results``.

    Tasks may be submitted (or cancelled) while ``results`` is being iterated. Results come as
    ``(key, value)`` as tasks finish; ``value`` is what the function returned, or raised (the
    exception itself), or an :class:`Exceeded`.
    """

    def __init__(self, workers: int, function: Callable[[Any], Any], initializer: Callable[..., None] | None = None,
                 initargs: tuple = ()):
        self._context = multiprocessing.get_context("fork")
        self._spawn = lambda: _Worker(self._context, function, initializer, initargs)
        self._size = max(1, workers)
        self._workers: list[_Worker] = []
        self._queue: deque[tuple[Any, Any, Budget]] = deque()

    def submit(self, key: Any, payload: Any, budget: Budget) -> None:
        self._queue.append((key, payload, budget))

    def cancel(self, key: Any) -> bool:
        """Forget task ``key``: dropped if waiting, its worker killed and replaced if running."""
        before = len(self._queue)
        self._queue = deque(t for t in self._queue if t[0] != key)
        if len(self._queue) < before:
            return True
        for worker in self._workers:
            if worker.task is not None and worker.task[0] == key:
                self._replace(worker)
                return True
        return False

    def running(self, key: Any) -> bool:
        return any(w.task is not None and w.task[0] == key for w in self._workers) or any(
            t[0] == key for t in self._queue)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)

    def _dispatch(self) -> None:
        for worker in self._workers:
            if worker.task is None and self._queue:
                worker.give(*self._queue.popleft())
        while self._queue and len(self._workers) < self._size:
            worker = self._spawn()
            self._workers.append(worker)
            worker.give(*self._queue.popleft())

    def results(self) -> Iterator[tuple[Any, Any]]:
        while True:
            self._dispatch()
            busy = [w for w in self._workers if w.task is not None]
            if not busy:
                return
            ready = wait([w.conn for w in busy], timeout=POLL)
            for worker in busy:
                if worker not in self._workers or worker.task is None:  # cancelled meanwhile
                    continue
                key = worker.task[0]
                if worker.conn in ready:
                    try:
                        ok, value = worker.conn.recv()
                    except (EOFError, OSError):  # the worker died: killed by the system, or crashed
                        value = Exceeded("died", _resident_bytes(worker.process.pid), worker.task[1])
                        self._replace(worker)
                        yield key, value
                        continue
                    worker.task = None
                    yield key, value
                    continue
                exceeded = worker.over()
                if exceeded is not None:
                    self._replace(worker)
                    yield key, exceeded

    def close(self) -> None:
        for worker in self._workers:
            worker.kill()
        self._workers = []
        self._queue.clear()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
