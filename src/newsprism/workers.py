"""Worker processes for the parallel stages (ingest, annotate): a pool whose workers end with the
process that started them."""

from __future__ import annotations

import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end with the process that started them."""
    return ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """Start of each worker process: end when the parent does. A forked worker holds both ends of its
    task pipe, so it would wait forever after a ``kill -9`` of its parent, keeping the store open."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
