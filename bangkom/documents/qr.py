"""QR codes in documents: like a chart, a QR code travels in the context as plain data, `qr_spec(...)`,
and the renderer draws it as an image in the DOCX (segno: pure Python, no network)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import segno

QR_KEY = "__qr__"


def qr_spec(text: str, *, size_cm: float = 3.0) -> dict[str, Any]:
    return {QR_KEY: text, "size_cm": size_cm}


def is_qr(value: object) -> bool:
    return isinstance(value, Mapping) and QR_KEY in value


def qr_png(spec: Mapping[str, Any]) -> bytes:
    # Level M survives a smudged print; a scale of 8 keeps the modules sharp at 3 cm.
    out = io.BytesIO()
    segno.make(spec[QR_KEY], error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()
