"""Worker targets that misbehave on purpose, for the pool's tests."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.errors import EmptyFileError, SetupError


def behave(action: str, arg: object = None) -> object:
    if action == "ok":
        return arg
    if action == "pid":
        return os.getpid()
    if action == "hang":
        time.sleep(3600)
    if action == "hang_with_child":
        child = subprocess.Popen(["sleep", "3600"])
        Path(str(arg)).write_text(str(child.pid))
        time.sleep(3600)
    if action == "abort":
        os.abort()
    if action == "segfault":
        ctypes.string_at(0)
    if action == "exit":
        os._exit(7)
    if action == "grow_then_abort":  # as pdfium does when malloc fails
        hoard = bytearray(int(str(arg)) << 20)
        hoard[::4096] = b"x" * len(range(0, len(hoard), 4096))  # make it resident
        time.sleep(0.5)  # pdfium grows for seconds before it gives up
        os.abort()
    if action == "grow":
        hoard = []
        while True:  # touch every page so the resident size really grows
            hoard.append(bytearray(b"x" * (16 << 20)))
    if action == "memory_error":
        raise MemoryError
    if action == "document_error":
        raise EmptyFileError("x.pdf", "nothing")
    if action == "bug":
        raise RuntimeError("a bug")
    if action == "fatal":
        raise SetupError("tesseract is missing")
    if action == "print":
        print("noise on stdout")
        sys.stdout.flush()
        os.write(1, b"raw noise on fd 1\n")
        return arg
    raise ValueError(action)


def slow_warmup() -> None:
    time.sleep(0.2)


def ingest_last(source, data, settings, claim):  # type: ignore[no-untyped-def]
    """The worker's real task, but ``a.pdf`` waits until four others are written."""
    import sqlalchemy

    from pipeline.process import ingest_job

    if source.path.name == "a.pdf":
        engine = sqlalchemy.create_engine(claim.db_url)
        query = sqlalchemy.text("SELECT count(*) FROM ledger WHERE status = 'loaded'")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                if connection.scalar(query) >= 4:
                    break
            time.sleep(0.05)
        engine.dispose()
    return ingest_job(source, data, settings, claim)


_HOARD: list[bytearray] = []


def hoard(megabytes: int) -> int:
    """Keep ``megabytes`` resident after the task ends, as a leak would; the pid."""
    block = bytearray(megabytes << 20)
    block[::4096] = b"x" * len(range(0, len(block), 4096))
    _HOARD.append(block)
    return os.getpid()
