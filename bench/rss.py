"""Run a command and report the peak resident memory of its process tree.

``python -m bench.rss COMMAND...`` runs COMMAND, waits for it with
``os.wait4`` and writes ``BENCH_MAX_RSS_KB=<n>`` as the last line of stderr.

A separate, small launcher is needed because Linux carries the high-water
mark of the parent's memory into a child across fork and exec: measured from
the benchmark process itself (hundreds of MB by then), every child would
report at least that much. ``ru_maxrss`` of the waited child covers the child
and every descendant it waited for (the worker processes of a pool).
"""

from __future__ import annotations

import os
import sys

MARKER = "BENCH_MAX_RSS_KB="


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m bench.rss COMMAND...", file=sys.stderr)
        return 2
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    sys.stderr.write(f"\n{MARKER}{usage.ru_maxrss}\n")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
