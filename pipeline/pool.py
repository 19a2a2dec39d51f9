"""A small pool of isolated worker processes with per-task time and memory limits.

Why not :mod:`multiprocessing`: a task that hangs in C code (pdfium, a
Tesseract child) must be killed together with everything it started, and a
worker that dies must cost one task, not the pool. Each worker here is
``python -m pipeline.worker`` in its own session (``setsid``), so its process
group can be SIGKILLed as a whole; the parent enforces a wall-clock deadline
per task, each worker limits its own address space (``RLIMIT_AS``), and the
parent samples each busy worker's peak resident size, so that a worker killed
by a signal after growing large is reported as ``memory``.

The pool is generic: it runs a ``module:function`` target. The nightly batch
gives it :func:`pipeline.process.process_job`; tests give it functions that
hang, abort or allocate on purpose.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline.errors import SetupError
from pipeline.worker import Init, receive, send
from schemas.records import ErrorKind

log = logging.getLogger(__name__)

KILOBYTE = 1024
TICK = 0.1  # seconds between deadline checks
WARMUP_TIMEOUT = 180.0  # importing spaCy on a loaded machine can take a while
RETIRE_TIMEOUT = 5.0
# A worker killed by a signal after growing past this share of its memory
# limit is reported as ``memory``: that is how an allocation failure inside C
# code (pdfium aborts) looks from outside.
MEMORY_SHARE_AT_DEATH = 0.5
# A worker still this large after a task is replaced before it takes another:
# memory a document left behind (a leak in C code, a fragmented heap) must not
# carry over into the next one's limit.
MEMORY_SHARE_TO_RECYCLE = 0.5


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskFailure:
    """A task that produced no value: why (an :class:`ErrorKind`) and the details."""

    reason: ErrorKind
    message: str
    fatal: bool = False  # a SetupError in the worker: the run must stop


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolLimits:
    """Per task: wall-clock seconds and memory; per worker: tasks before recycling.

    A worker is also recycled sooner when a task leaves it resident over half
    of ``memory_mb``.
    """

    timeout: float
    memory_mb: int
    recycle_after: int


@dataclass(slots=True)
class _Worker:
    process: subprocess.Popen[bytes]
    incoming: IO[bytes]
    outgoing: IO[bytes]
    ready: bool = False
    started: float = field(default_factory=time.monotonic)
    key: Hashable | None = None
    dispatched: float = 0.0
    deadline: float = 0.0
    peak: int = 0  # bytes: the high-water mark of its resident memory, sampled
    done: int = 0

    @property
    def pid(self) -> int:
        return self.process.pid


class WorkerPool:
    """Run tasks in up to ``size`` worker processes; results come back by key.

    Use as a context manager. :meth:`submit` queues a task; :meth:`wait`
    dispatches queued tasks to idle workers and returns the tasks that ended
    (with their value or a :class:`TaskFailure`) within ``timeout`` seconds.
    """

    def __init__(
        self,
        size: int,
        *,
        target: str,
        limits: PoolLimits,
        warmup: str | None = None,
    ) -> None:
        self.size = max(1, size)
        self.limits = limits
        self.init = Init(target=target, warmup=warmup, memory_mb=limits.memory_mb)
        self.queue: collections.deque[tuple[Hashable, tuple[Any, ...]]] = (
            collections.deque()
        )
        self.workers: list[_Worker] = []
        self.selector = selectors.DefaultSelector()
        self.spawned = 0
        # Seconds each ended task held a worker, by key (taken by the caller).
        self.seconds: dict[Hashable, float] = {}

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def busy(self) -> int:
        """Tasks queued or running."""
        return len(self.queue) + sum(1 for w in self.workers if w.key is not None)

    def submit(self, key: Hashable, *args: Any) -> None:
        """Queue a task; its result comes back from :meth:`wait` under ``key``."""
        self.queue.append((key, args))

    def wait(self, timeout: float = TICK) -> list[tuple[Hashable, Any]]:
        """Dispatch, then collect the tasks that end within ``timeout`` seconds.

        Raises:
            SetupError: A worker could not start, or a task hit a fatal error.
        """
        self._dispatch()
        done: list[tuple[Hashable, Any]] = []
        events = self.selector.select(min(timeout, TICK))
        for selector_key, _ in events:
            worker = selector_key.data
            if worker in self.workers:
                done.extend(self._read(worker))
        done.extend(self._enforce_limits())
        self._dispatch()
        return done

    def close(self) -> None:
        """Stop every worker: idle ones are asked, busy ones are killed."""
        for worker in list(self.workers):
            if worker.key is None:
                self._retire(worker)
            else:
                self._kill(worker)
        self.selector.close()

    # --- workers ---

    def _spawn(self) -> _Worker:
        # start_new_session: the worker leads its own process group, so
        # killpg reaches Tesseract and any other child it started, and a
        # Ctrl-C at the terminal reaches only the parent, which decides.
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
            close_fds=True,
        )
        assert process.stdin is not None and process.stdout is not None
        worker = _Worker(process, incoming=process.stdout, outgoing=process.stdin)
        send(worker.outgoing, self.init)
        self.selector.register(worker.incoming, selectors.EVENT_READ, worker)
        self.workers.append(worker)
        self.spawned += 1
        return worker

    def _dispatch(self) -> None:
        while self.queue and len(self.workers) < self.size:
            self._spawn()
        for worker in self.workers:
            if not self.queue:
                return
            if worker.ready and worker.key is None:
                key, args = self.queue.popleft()
                worker.key, worker.peak = key, 0
                worker.dispatched = time.monotonic()
                worker.deadline = worker.dispatched + self.limits.timeout
                # A worker that died while idle: _read reports the task.
                with contextlib.suppress(BrokenPipeError):
                    send(worker.outgoing, (worker.done, args))

    def _read(self, worker: _Worker) -> list[tuple[Hashable, Any]]:
        try:
            message = receive(worker.incoming)
        except (EOFError, OSError):
            return self._died(worker)
        if message[0] == "ready":
            worker.ready = True
            return []
        key, worker.key = worker.key, None
        self._timed(worker, key)
        worker.done += 1
        if message[0] in ("memory", "fatal") or self._worn(worker):
            self._retire(worker)
        return [(key, _result(message))]

    def _worn(self, worker: _Worker) -> bool:
        """True when the worker should make way for a fresh one."""
        if worker.done >= self.limits.recycle_after:
            return True
        limit = self.limits.memory_mb << 20
        return bool(limit) and _resident(worker.pid) > limit * MEMORY_SHARE_TO_RECYCLE

    def _died(self, worker: _Worker) -> list[tuple[Hashable, Any]]:
        status = self._reap(worker)
        if not worker.ready:
            raise SetupError(f"a pks worker failed to start ({_describe(status)})")
        if worker.key is None:
            return []
        self._timed(worker, worker.key)
        return [(worker.key, self._death_failure(status, worker.peak))]

    def _timed(self, worker: _Worker, key: Hashable) -> None:
        self.seconds[key] = round(time.monotonic() - worker.dispatched, 3)

    def _death_failure(self, status: int, peak: int) -> TaskFailure:
        limit = self.limits.memory_mb << 20
        if limit and os.WIFSIGNALED(status) and peak >= limit * MEMORY_SHARE_AT_DEATH:
            return TaskFailure(
                reason=ErrorKind.MEMORY,
                message=f"worker died ({_describe(status)}) at {peak >> 20} MB, "
                f"limit {self.limits.memory_mb} MB",
            )
        return TaskFailure(
            reason=ErrorKind.WORKER_CRASHED,
            message=f"worker died ({_describe(status)})",
        )

    def _enforce_limits(self) -> list[tuple[Hashable, Any]]:
        now, ended = time.monotonic(), []
        for worker in list(self.workers):
            if not worker.ready and now - worker.started > WARMUP_TIMEOUT:
                self._kill(worker)
                raise SetupError("a pks worker did not start within its time limit")
            if worker.key is None:
                continue
            worker.peak = max(worker.peak, _peak_resident(worker.pid))
            if now > worker.deadline:
                failure = TaskFailure(
                    reason=ErrorKind.TIMEOUT,
                    message=f"no result after {self.limits.timeout:g} s",
                )
                ended.append((worker.key, failure))
                self._timed(worker, worker.key)
                self._kill(worker)
        return ended

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        self._reap(worker)

    def _retire(self, worker: _Worker) -> None:
        """Let an idle worker exit by closing its stdin; kill it if it lingers."""
        self._forget(worker)
        try:
            worker.process.wait(RETIRE_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._kill(worker)

    def _reap(self, worker: _Worker) -> int:
        """Wait for the worker; return its wait status."""
        self._forget(worker)
        if worker.process.returncode is not None:
            return 0
        try:
            _, status = os.waitpid(worker.pid, 0)
        except ChildProcessError:
            return 0
        worker.process.returncode = os.waitstatus_to_exitcode(status)
        return status

    def _forget(self, worker: _Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
            self.selector.unregister(worker.incoming)
            for stream in (worker.outgoing, worker.incoming):
                with contextlib.suppress(OSError):
                    stream.close()


def _result(message: tuple[Any, ...]) -> Any:
    kind = message[0]
    if kind == "ok":
        return message[2]
    if kind == "error":
        return TaskFailure(reason=ErrorKind(message[2]), message=message[3])
    if kind == "memory":
        return TaskFailure(reason=ErrorKind.MEMORY, message=message[2])
    if kind == "fatal":
        return TaskFailure(reason=ErrorKind.CRASHED, message=message[2], fatal=True)
    return TaskFailure(reason=ErrorKind.CRASHED, message=message[2])


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return signal.Signals(number).name
        except ValueError:
            return f"signal {number}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _peak_resident(pid: int) -> int:
    """The worker's resident high-water mark (VmHWM), in bytes; 0 if unknown.

    Sampled every tick while a task runs: ``wait4``'s ``ru_maxrss`` would be
    simpler, but it keeps the parent's size from before ``exec``.
    """
    return _memory_status(pid, b"VmHWM:")


def _resident(pid: int) -> int:
    """The worker's resident size now (VmRSS), in bytes; 0 if unknown."""
    return _memory_status(pid, b"VmRSS:")


def _memory_status(pid: int, field: bytes) -> int:
    try:
        with Path(f"/proc/{pid}/status").open("rb") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) * KILOBYTE
    except (OSError, ValueError, IndexError):
        pass
    return 0
