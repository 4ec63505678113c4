#!/usr/bin/env python
"""Who imports whom among Bangkom's apps, as a Mermaid graph for docs/architecture.md.

    .venv/bin/python scripts/import_graph.py

Reads the source the way the layer test does (bangkom/core/tests/test_layers.py): run-time imports
only (not those under TYPE_CHECKING), tests and migrations left out. An arrow A --> B means some
module of A imports B."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bangkom.core.tests.test_layers import ALLOWED, _app_of, _modules, imports_of


def edges() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for app, path in _modules():
        for module in imports_of(path.read_text(encoding="utf-8"), app):
            other = _app_of(module)
            if other and other != app:
                found[app].add(other)
    return found


def main() -> None:
    graph = edges()
    print("```mermaid\nflowchart TD")
    for base in sorted(ALLOWED):
        print(f"  {base}[[{base}]]")
    for app in sorted(graph):
        for other in sorted(graph[app]):
            print(f"  {app} --> {other}")
    print("```")


if __name__ == "__main__":
    main()
