"""Starting a Spark session for newsprism: Java found or a clear message, executors on this Python.

pyspark is imported here, at the point of use, so that the rest of newsprism runs without it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MissingDependencyError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

INSTALL_SPARK = "pip install 'newsprism[spark]'"
INSTALL_JAVA = ("install Java 17 (Debian: 'apt-get install openjdk-17-jre-headless') "
                "or point JAVA_HOME at one")


def java_executable() -> str | None:
    """The java Spark will start: JAVA_HOME's when set, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.is_file() else None
    return shutil.which("java")


def start_session(master: str = "local[*]", *, app_name: str = "newsprism",
                  config: dict[str, str] | None = None) -> SparkSession:
    """A Spark session on ``master`` (``local[*]``, ``spark://…``, ``yarn``, ``k8s://…``).

    Python workers run the interpreter running this process unless ``PYSPARK_PYTHON`` says otherwise
    (on a cluster, the packaged environment's Python: see docs/scale.md)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingDependencyError(f"the Spark pipeline needs pyspark: {INSTALL_SPARK}") from None
    if java_executable() is None:
        where = f"JAVA_HOME={os.environ['JAVA_HOME']} has no bin/java" if os.environ.get("JAVA_HOME") \
            else "no 'java' on PATH"
        raise MissingDependencyError(f"Spark needs Java 17 ({where}): {INSTALL_JAVA}")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.session.timeZone", "UTC"))
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
