"""Builds under way: each runs ``python -m brochure.serve.runner`` in a process of its own (see
``runner.py``); a thread reads its progress and its result. One job per key ("library",
"preview:<bid>", "build:<bid>"): starting a key again stops the run still going."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brochure

PACKAGE_ROOT = str(Path(brochure.__file__).resolve().parent.parent)


@dataclass
class Job:
    key: str
    state: str = "running"  # "running", "done" or "failed"
    done: int = 0
    total: int = 0
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class Jobs:
    def __init__(self, finished: Callable[[Job], None]):
        self.finished = finished
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def get(self, key: str) -> Job | None:
        return self.jobs.get(key)

    def start(self, key: str, request: dict[str, Any]) -> Job:
        with self.lock:
            old = self.jobs.get(key)
            if old is not None and old.state == "running":
                _kill(old)
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(
                p for p in (PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")) if p)}
            # its own process group: stopping it stops the build's worker processes too; stderr
            # joins stdout, read as it comes (a full pipe would block the build)
            process = subprocess.Popen([sys.executable, "-m", "brochure.serve.runner", json.dumps(request)],
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                                       start_new_session=True)
            job = Job(key, process=process)
            self.jobs[key] = job
        threading.Thread(target=self._follow, args=(job,), daemon=True).start()
        return job

    def _follow(self, job: Job) -> None:
        assert job.process is not None and job.process.stdout is not None
        said: deque[str] = deque(maxlen=20)  # the last lines that were not messages (stderr)
        for line in job.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                said.append(line.strip())
                continue
            if not isinstance(message, dict):
                continue
            if "progress" in message:
                job.done, job.total = message["progress"]
            elif "result" in message:
                job.result = message["result"]
            elif "error" in message:
                job.error = message["error"]
        stderr = " ".join(said)
        code = job.process.wait()
        if self.jobs.get(job.key) is not job:  # replaced by a newer run: nothing to say
            return
        if not job.result and not job.error:
            job.error = f"the build stopped (exit {code}): {' '.join(stderr.split())[-300:]}"
        job.state = "done" if job.result and not job.error else "failed"
        self.finished(job)

    def stop_all(self) -> None:
        for job in list(self.jobs.values()):
            if job.state == "running":
                _kill(job)


def _kill(job: Job) -> None:
    """Stop a run and the worker processes of its build (its process group)."""
    if job.process is None or job.process.poll() is not None:
        return
    try:
        os.killpg(job.process.pid, signal.SIGKILL)
    except OSError:
        job.process.kill()
