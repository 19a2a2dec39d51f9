"""The child side of :mod:`pipeline.pool`: a process that runs tasks until told to stop.

Started as ``python -m pipeline.worker`` in its own session (so the parent can
kill it with everything it started, Tesseract included). It talks to the
parent over its stdin and stdout with length-prefixed pickles:

1. parent -> child: ``Init(target, warmup, settings, memory_mb)``;
2. child -> parent: ``("ready", pid)`` once the target module is imported
   and warmed up (spaCy costs ~2.4 s, paid once per worker);
3. parent -> child: ``(task_id, args)``; child -> parent: ``("ok", task_id,
   value)``, ``("error", task_id, kind, message)`` for a :class:`DocumentError`,
   ``("memory", task_id, message)``, ``("crash", task_id, traceback)`` or
   ``("fatal", task_id, message)`` for a :class:`SetupError`;
4. end of stdin: the child exits.

The pool is generic; for ``pks ingest`` the task also writes its document
(:func:`pipeline.process.ingest_job`), so each worker opens the database.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import pickle
import resource
import signal
import struct
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from pipeline.errors import DocumentError, SetupError

_HEADER = struct.Struct("!Q")
_PR_SET_PDEATHSIG = 1
MEGABYTE = 1 << 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Init:
    """What a worker is told first: what to run, and its limits."""

    target: str  # "module:function", called as function(*args) per task
    warmup: str | None  # "module:function" called once before "ready"
    memory_mb: int  # address-space limit (RLIMIT_AS); 0: none


def send(stream: IO[bytes], message: object) -> None:
    """Write one framed message."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one framed message; raise EOFError at the end of the stream."""
    header = _read_exactly(stream, _HEADER.size)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(header)[0]))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError("stream closed")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def resolve(name: str) -> Callable[..., Any]:
    """The function named ``module:function``."""
    module, _, function = name.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return found


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _limit_memory(memory_mb: int) -> None:
    if memory_mb > 0:
        limit = memory_mb * MEGABYTE
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _protocol_streams() -> tuple[IO[bytes], IO[bytes]]:
    """Private copies of stdin/stdout; fd 1 then points at stderr.

    A library that prints (or a C library writing to fd 1) would otherwise
    corrupt the frames the parent reads.
    """
    incoming = os.fdopen(os.dup(0), "rb")
    outgoing = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return incoming, outgoing


def run_task(function: Callable[..., Any], task_id: int, args: tuple[Any, ...]) -> Any:
    """Run one task; return the message that reports how it ended."""
    try:
        return ("ok", task_id, function(*args))
    except DocumentError as error:
        return ("error", task_id, error.kind.value, error.message)
    except MemoryError:
        return ("memory", task_id, "MemoryError: the worker's memory limit was hit")
    except SetupError as error:
        return ("fatal", task_id, str(error))
    except Exception:
        return ("crash", task_id, traceback.format_exc(limit=-8))


def main() -> None:
    """Serve tasks from the parent until stdin ends (or it stops listening)."""
    # A pool that ran out of work closes a worker still warming up: its
    # "ready" then meets a closed pipe, which is no error.
    with contextlib.suppress(BrokenPipeError):
        _serve()


def _serve() -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
    incoming, outgoing = _protocol_streams()
    init: Init = receive(incoming)
    _limit_memory(init.memory_mb)
    if init.warmup:
        resolve(init.warmup)()
    function = resolve(init.target)
    send(outgoing, ("ready", os.getpid()))
    while True:
        try:
            task_id, args = receive(incoming)
        except EOFError:
            return
        reply = run_task(function, task_id, args)
        send(outgoing, reply)
        if reply[0] == "memory":
            return  # the heap may be in any state: let a fresh worker go on


if __name__ == "__main__":  # pragma: no cover - run as a child process
    main()
