"""Running the brochure and the one-pager batches in worker processes, each within its budget.

Every layout runs in a worker process (:mod:`brochure.pool`) with a budget of processor time
(``limits.layout_seconds`` for one case study, plus ``EACH`` seconds for every other one it
holds) and memory (``limits.layout_memory_mb``).

* A batch of one-pagers over its budget is laid out again one case study at a time: the one
  that is too costly fails alone, with a clear error, and the others are built.
* The brochure holds every case study. When one of them is found too costly, a brochure being
  laid out with it is stopped; a brochure that fails is laid out again, once the one-pagers are
  done, without the case studies whose one-pager failed. A brochure over its budget while no
  one-pager tells which case study is to blame (or that fails, with no one-pager to blame) is
  laid out for each case study alone, to find the ones to leave out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..errors import BrochureError, RenderError
from ..paths import short
from ..pool import Budget, Exceeded, Pool

MIB = 1024 * 1024
EACH = 1.5  # seconds of processor time a layout gets for every case study it holds, besides the one
# that may cost ``limits.layout_seconds`` (measured: a one-pager 0.2 to 0.9 s, 2.5 s when cut to fit;
# the brochure 0.3 s a case study)
BROCHURE_EXTRA = 2  # the brochure's cover, contents and summary count as this many case studies


class Kind(Enum):
    """What a worker is given to do."""

    BATCH = "batch"  # a batch of case studies: their one-pagers laid out (``prepare``: read)
    BROCHURE = "brochure"  # the brochure: what ``brochure(without)`` gives


@dataclass(frozen=True)
class Task:
    """One piece of work for a worker: ``payload`` is a batch's case studies (``Kind.BATCH``) or
    what ``brochure(without)`` gives (``Kind.BROCHURE``)."""

    kind: Kind
    payload: Any


@dataclass(frozen=True)
class BatchDone:
    """A batch laid out: slug -> what the work made of it, or the BrochureError that stopped it."""

    results: dict[str, Any]


@dataclass(frozen=True)
class LeftOut:
    """Case studies the brochure cannot afford (their one-pagers may well be built)."""

    errors: dict[str, BrochureError]


@dataclass(frozen=True)
class BrochureDone:
    """The brochure: what it made (or the BrochureError that stopped it), and the slugs it left out."""

    result: Any
    without: frozenset[str]


Event = BatchDone | LeftOut | BrochureDone  # what :func:`run` tells


class _Job(Enum):
    """What a pool key names: (job, what it is about)."""

    BROCHURE = "brochure"  # with the attempt's number
    BATCH = "batch"  # with the slugs of the batch
    PROBE = "probe"  # the brochure of one case study alone: with its slug


def _why(exceeded: Exceeded, seconds: int, what: str) -> str:
    if exceeded.what == "time":
        return (f"{what} stopped after {exceeded.used:.0f} s of processor time, over its budget "
                f"({exceeded.budget.cpu_seconds:.0f} s; limits.layout_seconds = {seconds}): something in it costs too much "
                "(a very wide table, a very long line without spaces, thousands of links or list items…)")
    if exceeded.what == "memory":
        return (f"{what} stopped at {exceeded.used / MIB:.0f} MiB of memory, over its budget "
                f"({exceeded.budget.memory_bytes // MIB} MiB, limits.layout_memory_mb)")
    return f"{what} stopped: its process died (out of memory?)"


def _failure(value: Any, seconds: int, what: str) -> BrochureError:
    if isinstance(value, BrochureError):
        return value
    if isinstance(value, Exceeded):
        return RenderError(_why(value, seconds, what))
    return RenderError(short(f"internal error ({what}): {type(value).__name__}: {value}", 200, 60))


def run(work: Callable[[Task], Any], brochure: Callable[[frozenset[str]], Any] | None,
        prepared: dict[str, Any], batches: list[list[str]], jobs: int, seconds: int,
        memory_mb: int, what: str = "layout", suspects: frozenset[str] = frozenset()) -> Iterator[Event]:
    """Yield a :class:`BatchDone` as each batch finishes, a :class:`LeftOut` for a case study the
    brochure cannot afford, then one :class:`BrochureDone` (when ``brochure`` is given).

    ``prepared``: every case study of the build by slug; ``batches``: the slugs whose one-pagers
    are to be laid out, batch by batch. ``work(task)`` runs in a worker: a :class:`Task` of kind
    ``Kind.BATCH`` with a list of case studies, or ``Kind.BROCHURE`` with what
    ``brochure(without)`` gives (``without``: the slugs to leave out). ``what`` names the work in
    messages.
    ``suspects``: case studies that may well be too costly (far more than a page): the brochure
    then waits for their one-pagers, and they are the first tried alone if it is over budget.
    """
    with Pool(jobs, work) as pool:
        schedule = _Schedule(pool, brochure, prepared, seconds, memory_mb * MIB, what, suspects)
        if brochure is not None and not suspects:
            schedule.lay_out_brochure()
        for batch in batches:
            schedule.submit(batch)
        while True:
            for key, value in pool.results():
                yield from schedule.received(key, value)
            if brochure is None or not schedule.again():
                break
    if brochure is not None:
        yield schedule.brochure_result()


class _Schedule:
    """What is known while the layouts run: which case studies failed, the brochure's attempts."""

    def __init__(self, pool: Pool, brochure: Callable[[frozenset[str]], Any] | None, prepared: dict[str, Any],
                 seconds: int, memory: int, what: str = "layout", suspects: frozenset[str] = frozenset()):
        self.pool, self.brochure, self.prepared = pool, brochure, prepared
        self.seconds, self.memory, self.what = seconds, memory, what
        self.suspects = suspects
        self.failed: dict[str, BrochureError] = {}
        self.costly: set[str] = set()  # over budget: never laid out in the brochure again
        self.attempts: list[frozenset[str]] = []  # the case studies each brochure left out
        self.result: Any = None  # the brochure's last result
        self.probed: set[str] = set()  # the case studies whose part of the brochure was tried alone

    def budget(self, cases: int) -> Budget:
        """One case study may cost ``seconds``; the others what an ordinary one costs, with room to
        spare. A batch over it is only split: each of its case studies then gets ``seconds`` alone."""
        return Budget(self.seconds + EACH * max(0, cases - 1), self.memory)

    def lay_out_brochure(self) -> None:
        without = frozenset(self.failed)
        self.attempts.append(without)
        self.pool.submit((_Job.BROCHURE, len(self.attempts)), Task(Kind.BROCHURE, self.brochure(without)),
                         self.budget(len(set(self.prepared) - without) + BROCHURE_EXTRA))

    def submit(self, slugs: list[str]) -> None:
        self.pool.submit((_Job.BATCH, tuple(slugs)), Task(Kind.BATCH, [self.prepared[s] for s in slugs]),
                         self.budget(len(slugs)))

    def probe(self, slug: str) -> None:
        """The brochure of this case study alone."""
        self.pool.submit((_Job.PROBE, slug), Task(Kind.BROCHURE, self.brochure(frozenset(self.prepared) - {slug})),
                         self.budget(1 + BROCHURE_EXTRA))

    def received(self, key: tuple[_Job, Any], value: Any) -> Iterator[Event]:
        job, about = key
        if job is _Job.BROCHURE:
            self.result = value
        elif job is _Job.PROBE:
            if not _made(value):
                self.failed[about] = _failure(value, self.seconds, "its part of the brochure")
                yield LeftOut({about: self.failed[about]})
        elif isinstance(value, Exceeded) and len(about) > 1:  # which one? each alone
            for slug in about:
                self.submit([slug])
        else:
            yield BatchDone(self.batch_done(list(about), value))

    def batch_done(self, slugs: list[str], value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            if isinstance(value, Exceeded):
                self.costly.update(slugs)
            value = {s: _failure(value, self.seconds, self.what) for s in slugs}
        self.failed.update((s, m) for s, m in value.items() if isinstance(m, BrochureError))
        current = (_Job.BROCHURE, len(self.attempts))
        if self.attempts and self.costly - self.attempts[-1] and self.pool.running(current):
            self.pool.cancel(current)  # it holds a case study too costly to lay out
            self.result = None
        return value

    def again(self) -> bool:
        """Whether the brochure is to be laid out (again): the tasks for it are then submitted."""
        if not self.attempts:  # it waited for the suspects' one-pagers
            self.lay_out_brochure()
            return True
        if _made(self.result) or len(self.attempts) > 3:
            return False
        if frozenset(self.failed) != self.attempts[-1]:
            self.lay_out_brochure()  # again, without the case studies that failed
            return True
        if self.result is not None:  # over budget or failed (a layout WeasyPrint cannot draw: a
            # font grown past its limits, nesting too deep) and no one-pager says which: each alone, suspects first
            todo = [s for s in self.prepared if s not in self.failed and s not in self.probed]
            first = [s for s in todo if s in self.suspects] or todo
            self.probed.update(first)
            for slug in first:
                self.probe(slug)
            return bool(first)
        return False

    def brochure_result(self) -> BrochureDone:
        result = self.result
        if not _made(result):
            result = _failure(result, self.seconds, "the brochure's layout") if result is not None else RenderError(
                "the brochure's layout was stopped")
        return BrochureDone(result, self.attempts[-1])


def _made(result: Any) -> bool:
    return result is not None and not isinstance(result, (BrochureError, Exceeded, BaseException))
