"""Memory figures the benchmarks share (no import beyond the standard library, so a
benchmark that measures its own memory does not grow by importing this)."""

from __future__ import annotations


def hwm_mib() -> float | None:
    """This process's peak resident size since its start or the last reset (``VmHWM``,
    Linux; None elsewhere), MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
