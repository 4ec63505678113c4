"""Bar charts for letters and reports, drawn with Pillow as PNG (no plotting library, no browser).

A chart travels in a document's context as plain data, `chart_spec(...)`, so the context stays JSON
and a redraft draws it again; the renderer turns it into an image in the DOCX, and the PDF takes the
image from there."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from PIL import Image, ImageDraw, ImageFont

CHART_KEY = "__chart__"
COLOURS = ((13, 110, 253), (25, 135, 84), (253, 126, 20), (111, 66, 193))
SCALE = 2  # drawn at twice the size it is shown, so it stays sharp in print


def chart_spec(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]) -> dict[str, Any]:
    return {CHART_KEY: "bar", "title": title, "labels": list(labels),
            "series": [{"name": name, "values": [float(v) for v in values]} for name, values in series]}  # fmt: skip


def is_chart(value: object) -> bool:
    return isinstance(value, Mapping) and CHART_KEY in value


def _shorten(text: str, width: int, font: ImageFont.FreeTypeFont, draw: ImageDraw.ImageDraw) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def bar_chart_png(spec: Mapping[str, Any], *, width: int = 900, height: int = 380) -> bytes:
    """Grouped vertical bars, one group per label, with a legend, value labels and a scale."""
    w, h = width * SCALE, height * SCALE
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=11 * SCALE)
    bold = ImageFont.load_default(size=13 * SCALE)
    labels: list[str] = spec["labels"]
    series: list[dict[str, Any]] = spec["series"]
    draw.text((w // 2, 8 * SCALE), spec.get("title", ""), fill="black", font=bold, anchor="ma")
    left, right, top, bottom = 60 * SCALE, 20 * SCALE, 55 * SCALE, 35 * SCALE
    legend_x = left
    for index, item in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        draw.rectangle((legend_x, 32 * SCALE, legend_x + 10 * SCALE, 42 * SCALE), fill=colour)
        draw.text((legend_x + 14 * SCALE, 30 * SCALE), item["name"], fill="black", font=font)
        legend_x += int(draw.textlength(item["name"], font=font)) + 34 * SCALE
    peak = max([v for item in series for v in item["values"]] + [1.0])
    plot_h, plot_w = h - top - bottom, w - left - right
    draw.line((left, top, left, top + plot_h), fill="black", width=SCALE)
    draw.line((left, top + plot_h, left + plot_w, top + plot_h), fill="black", width=SCALE)
    for step in range(5):
        value = peak * step / 4
        y = top + plot_h - int(plot_h * step / 4)
        draw.line((left - 4 * SCALE, y, left, y), fill="black", width=SCALE)
        draw.text((left - 6 * SCALE, y), f"{value:,.0f}".replace(",", "."), fill="black", font=font, anchor="rm")
    if labels:
        group = plot_w / len(labels)
        bar = group * 0.8 / max(len(series), 1)
        for i, label in enumerate(labels):
            x0 = left + group * i + group * 0.1
            for j, item in enumerate(series):
                value = item["values"][i] if i < len(item["values"]) else 0
                bar_h = int(plot_h * value / peak)
                x = x0 + bar * j
                box = (int(x), top + plot_h - bar_h, int(x + bar) - SCALE, top + plot_h)
                draw.rectangle(box, fill=COLOURS[j % len(COLOURS)])
                text = f"{value:,.0f}".replace(",", ".")
                draw.text((int(x + bar / 2), top + plot_h - bar_h - 2 * SCALE), text, fill="black", font=font,
                          anchor="mb")  # fmt: skip
            name = _shorten(label, int(group) - 4 * SCALE, font, draw)
            draw.text((int(left + group * (i + 0.5)), top + plot_h + 6 * SCALE), name, fill="black", font=font,
                      anchor="ma")  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
