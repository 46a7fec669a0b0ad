"""Run one part of a benchmark in a fresh interpreter, so its time and peak memory are its own.

A benchmark script re-runs itself with a hidden ``--part NAME`` flag (and its
own arguments); the child prints one marked JSON line with what it measured,
which :func:`spawn` returns to the parent. Imported by the ``bench_*.py``
scripts, which run with this folder on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULT_PREFIX = "BENCH_RESULT "  # marks the child's JSON line among any library output


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (``VmRSS``) or its peak (``VmHWM``), in MB.

    ru_maxrss(RUSAGE_SELF) survives execve on Linux, so a child started by a big
    parent would report the parent's peak; VmHWM belongs to the new address space.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def emit(result: dict[str, Any]) -> None:
    """In the child: hand the measurements to the parent."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def spawn(script: str, part: str, *args: str) -> dict[str, Any]:
    """In the parent: run ``script --part PART ARGS...`` in a fresh interpreter and return what it emitted.

    ``NEWSPRISM_CONFIG`` is dropped so the packaged defaults are what is measured.
    """
    env = {k: v for k, v in os.environ.items() if k != "NEWSPRISM_CONFIG"}
    proc = subprocess.run(
        [sys.executable, str(Path(script).resolve()), "--part", part, *args],
        capture_output=True, text=True, env=env, cwd=REPO,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_PREFIX)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"benchmark part {part} {' '.join(args)} failed (exit {proc.returncode}); its stderr is above")
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT_PREFIX):])
    return result
