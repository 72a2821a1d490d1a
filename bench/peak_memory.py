"""The peak resident memory of the benchmark process that calls it."""
from __future__ import annotations

from pathlib import Path


def peak_mb() -> float:
    """This process's peak resident memory in MB, read from /proc (VmHWM), which starts afresh
    with each program. getrusage's maximum would not: Linux carries it over fork and exec, so a
    child started by a process that had used more memory would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0      # KiB on Linux
