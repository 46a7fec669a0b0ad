"""The ``newsprism`` command: a thin layer over the Python API.

``_util`` holds the command group, the run's settings and the shared options; each other module
holds one group of commands, a thin ``*_cli`` function over the stage runners and the views.
Importing them registers their commands; nothing imports this package back.
"""

from __future__ import annotations

from . import annotate, browse, compare, copies, demo, eval, export, ingest, load, run, spark, stories, watch, web  # noqa: F401
from ._util import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    main()
