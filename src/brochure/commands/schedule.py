"""Running the brochure and the one-pager batches in worker processes, each within its budget.

Every layout runs in a worker process (:mod:`brochure.pool`) with a budget of processor time
(``limits.layout_seconds`` for one case study, plus ``EACH`` seconds for every other one it
holds) and memory (``limits.layout_memory_mb``).

* A batch of one-pagers over its budget is laid out again one case study at a time: the one
  that is too costly fails alone, with a clear error, and the others are built.
* The brochure holds every case study. When one of them is found too costly, a brochure being
  laid out with it is stopped; a brochure that fails is laid out again, once the one-pagers are
  done, without the case studies whose one-pager failed. A brochure over its budget while no
  one-pager tells which case study is to blame is laid out for each case study alone, to find
  the ones to leave out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..errors import BrochureError, RenderError
from ..pool import Budget, Exceeded, Pool

MIB = 1024 * 1024
EACH = 3.0  # seconds of processor time a layout gets for every case study it holds, besides the one
# that may cost ``limits.layout_seconds`` (measured: a one-pager 0.2 to 0.9 s, 2.5 s when cut to fit;
# the brochure 0.3 s a case study)
BROCHURE_EXTRA = 2  # the brochure's cover, contents and summary count as this many case studies


def _why(exceeded: Exceeded, seconds: int, what: str) -> str:
    if exceeded.what == "time":
        return (f"{what} stopped after {exceeded.used:.0f} s of processor time, over its budget "
                f"({exceeded.budget.cpu_seconds:.0f} s; limits.layout_seconds = {seconds}): something in it is too costly to lay out "
                "(a very wide table, a very long line without spaces, thousands of links…)")
    if exceeded.what == "memory":
        return (f"{what} stopped at {exceeded.used / MIB:.0f} MiB of memory, over its budget "
                f"({exceeded.budget.memory_bytes // MIB} MiB, limits.layout_memory_mb)")
    return f"{what} stopped: its process died (out of memory?)"


def _failure(value: Any, seconds: int, what: str) -> BrochureError:
    if isinstance(value, BrochureError):
        return value
    if isinstance(value, Exceeded):
        return RenderError(_why(value, seconds, what))
    return RenderError(f"internal error while laying out: {type(value).__name__}: {value}")


def run(work: Callable[[tuple[str, Any]], Any], brochure: Callable[[frozenset[str]], Any] | None,
        prepared: dict[str, Any], batches: list[list[str]], jobs: int, seconds: int,
        memory_mb: int) -> Iterator[tuple[str, Any]]:
    """Yield ``("one-pagers", {slug: Made | BrochureError})`` as batches finish, ``("left-out",
    {slug: BrochureError})`` for a case study the brochure cannot afford, then ``("brochure",
    (Made | BrochureError, slugs left out))`` once (when ``brochure`` is given).

    ``prepared``: every case study of the build by slug; ``batches``: the slugs whose one-pagers
    are to be laid out, batch by batch. ``work((kind, payload))`` runs in a worker: kind
    "one-pagers" with a list of case studies, kind "brochure" with what ``brochure(without)``
    gives (``without``: the slugs to leave out).
    """
    memory = memory_mb * MIB
    failed: dict[str, BrochureError] = {}
    costly: set[str] = set()  # over budget: never laid out in the brochure again
    attempts: list[frozenset[str]] = []
    result: Any = None  # the brochure's last result
    probed = False

    def budget(cases: int) -> Budget:
        """One case study may cost ``seconds``; the others what an ordinary one costs, with room to
        spare. A batch over it is only split: each of its case studies then gets ``seconds`` alone."""
        return Budget(seconds + EACH * max(0, cases - 1), memory)

    with Pool(jobs, work) as pool:

        def lay_out_brochure() -> None:
            without = frozenset(failed)
            attempts.append(without)
            pool.submit(("brochure", len(attempts)), ("brochure", brochure(without)),
                        budget(len(set(prepared) - without) + BROCHURE_EXTRA))

        def submit(slugs: list[str]) -> None:
            pool.submit(("batch", tuple(slugs)), ("one-pagers", [prepared[s] for s in slugs]), budget(len(slugs)))

        def probe(slug: str) -> None:  # the brochure of this case study alone
            pool.submit(("probe", slug), ("brochure", brochure(frozenset(prepared) - {slug})),
                        budget(1 + BROCHURE_EXTRA))

        if brochure is not None:
            lay_out_brochure()
        for batch in batches:
            submit(batch)
        while True:
            for key, value in pool.results():
                if key[0] == "brochure":
                    result = value
                    continue
                if key[0] == "probe":
                    if not _made(value):
                        failed[key[1]] = _failure(value, seconds, "its part of the brochure")
                        yield "left-out", {key[1]: failed[key[1]]}
                    continue
                slugs = list(key[1])
                if isinstance(value, Exceeded) and len(slugs) > 1:  # which one? each alone
                    for slug in slugs:
                        submit([slug])
                    continue
                if not isinstance(value, dict):
                    if isinstance(value, Exceeded):
                        costly.update(slugs)
                    value = {s: _failure(value, seconds, "layout") for s in slugs}
                failed.update((s, m) for s, m in value.items() if isinstance(m, BrochureError))
                yield "one-pagers", value
                current = ("brochure", len(attempts))
                if attempts and costly - attempts[-1] and pool.running(current):
                    pool.cancel(current)  # it holds a case study too costly to lay out
                    result = None
            if brochure is None:
                return
            if _made(result) or len(attempts) > 2:
                break
            if frozenset(failed) != attempts[-1]:
                lay_out_brochure()  # again, without the case studies that failed
                continue
            if isinstance(result, Exceeded) and not probed:  # no one-pager says which: each alone
                probed = True
                for slug in prepared:
                    if slug not in failed:
                        probe(slug)
                continue
            break
    if not _made(result):
        result = _failure(result, seconds, "the brochure's layout") if result is not None else RenderError(
            "the brochure's layout was stopped")
    yield "brochure", (result, attempts[-1])


def _made(result: Any) -> bool:
    return result is not None and not isinstance(result, (BrochureError, Exceeded, BaseException))
