"""Bar charts for letters and reports, drawn with matplotlib (Agg: no screen, no browser) as PNG.

A chart travels in a document's context as plain data, `chart_spec(...)`, so the context stays JSON
and a redraft draws it again; the renderer turns it into an image in the DOCX, and the PDF takes the
image from there. Bars are horizontal, one group per label with its full name, so forty units stay
readable; the chart grows in height with the number of labels."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot: the server has no display

from matplotlib import pyplot
from matplotlib.ticker import FuncFormatter, MaxNLocator

CHART_KEY = "__chart__"


def chart_spec(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]) -> dict[str, Any]:
    return {
        CHART_KEY: "bar",
        "title": title,
        "labels": list(labels),
        "series": [{"name": name, "values": [float(v) for v in values]} for name, values in series],
    }


def is_chart(value: object) -> bool:
    return isinstance(value, Mapping) and CHART_KEY in value


COLOURS = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1")
WIDTH_INCHES = 10.0
INCHES_PER_LABEL = 0.22
DPI = 150


def _thousands(value: float, _position: int) -> str:
    return f"{value:,.0f}".replace(",", ".")


def bar_chart_png(spec: Mapping[str, Any]) -> bytes:
    """Grouped horizontal bars, one group per label (full names, top to bottom in the given order),
    with a legend, value labels and round ticks in Indonesian thousands."""
    labels: list[str] = list(spec["labels"])
    series: list[dict[str, Any]] = list(spec["series"])
    height = max(2.6, 1.3 + INCHES_PER_LABEL * len(labels) * max(1, len(series)) / 1.6)
    figure, axes = pyplot.subplots(figsize=(WIDTH_INCHES, height), dpi=DPI)
    try:
        group = 0.8
        bar = group / max(len(series), 1)
        positions = list(range(len(labels)))
        for index, item in enumerate(series):
            values = [float(v) for v in item["values"]] + [0.0] * (len(labels) - len(item["values"]))
            offsets = [p - group / 2 + bar * (index + 0.5) for p in positions]
            bars = axes.barh(
                offsets, values[: len(labels)], height=bar, color=COLOURS[index % len(COLOURS)], label=item["name"]
            )
            axes.bar_label(bars, labels=[_thousands(v, 0) for v in values[: len(labels)]], padding=2, fontsize=7)
        axes.set_yticks(positions, labels=labels, fontsize=8)
        axes.invert_yaxis()  # the first label on top, as in the table beside it
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=3))
        axes.xaxis.set_major_formatter(FuncFormatter(_thousands))
        axes.tick_params(axis="x", labelsize=8)
        axes.margins(x=0.12, y=0.01)
        axes.grid(axis="x", linewidth=0.4, alpha=0.5)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if spec.get("title"):
            axes.set_title(spec["title"], fontsize=11, fontweight="bold", pad=22)
        if series:
            axes.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(series), frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI)
        return out.getvalue()
    finally:
        pyplot.close(figure)
