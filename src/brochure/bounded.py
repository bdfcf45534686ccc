"""One function run in a child process with a time and memory budget, for what reads untrusted
files in the main process (``brand_scss``: libsass; ``brand_theme``: the whole brand discovery):
a hostile file may make it loop or grow without end, and only the child is stopped.
The child may run one of its own (also bounded): it is not a daemon, and its CPU time is capped too.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any

GIB = 1024 * 1024 * 1024


def run(function: Callable[..., Any], args: tuple, seconds: float, memory: int) -> tuple[Any, str]:
    """``(function(*args), "")``, or ``(None, what went wrong)``: "took over 20 s", "used over 1 GiB"…
    ``function``, its arguments and its result must be picklable."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(function, args, seconds, memory, os.getpid(), sender))
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            return None, f"took over {seconds:g} s"
        return receiver.recv()
    except (EOFError, OSError):  # the child died: its memory budget, most often
        return None, f"stopped (used over {_size(memory)}, or crashed)"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def _size(memory: int) -> str:
    return f"{memory / GIB:g} GiB" if memory >= GIB else f"{memory // (1024 * 1024)} MiB"


def _child(function: Callable[..., Any], args: tuple, seconds: float, memory: int, parent: int, sender) -> None:
    from .pool import _die_with

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with(parent)  # an orphan does not go on
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cpu = int(seconds) + 2  # a grandchild left behind by a killed child still stops
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (ImportError, ValueError, OSError):
        pass
    try:
        result = (function(*args), "")
    except MemoryError:
        result = (None, f"used over {_size(memory)}")
    except RecursionError:
        result = (None, "nested too deeply")
    except Exception as error:  # one line for the parent to tell, no traceback on stderr
        result = (None, f"failed ({type(error).__name__}: {error})")
    try:
        sender.send(result)
    except Exception:  # a result too large to send within the budget: the parent sees the pipe close
        pass
