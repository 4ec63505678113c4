"""LibreOffice's converter for a benchmark: the one `BANGKOM_CONVERTER` names if it answers, else one
started for the run; and its memory (unoserver and LibreOffice together)."""

from __future__ import annotations

import atexit
import subprocess
from pathlib import Path

from django.conf import settings

from bangkom.documents.converter import converter_running, converter_start


def ensure_converter() -> subprocess.Popen[bytes] | None:
    """Use the running converter, or start one that stops when the benchmark ends."""
    if converter_running():
        return None
    process, address = converter_start()
    settings.BANGKOM_CONVERTER = address
    atexit.register(process.terminate)
    return process


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (LibreOffice runs as a grandchild of unoserver)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def memory_mb(process: subprocess.Popen[bytes] | None) -> str:
    """Resident and peak memory of the converter we started (VmRSS, VmHWM summed over its processes)."""
    if process is None:
        return "converter not started by this run"
    rss = peak = 0
    for pid in _tree(process.pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1])
            elif line.startswith("VmHWM:"):
                peak += int(line.split()[1])
    return f"converter memory {rss // 1024} MB resident, {peak // 1024} MB peak"
