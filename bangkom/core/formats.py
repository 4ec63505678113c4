"""Numbers as Indonesian letters and pages write them."""

from __future__ import annotations

from decimal import Decimal


def rupiah(amount: Decimal | int | None) -> str:
    """Rp1.250.000 — whole rupiah with dots between thousands."""
    return "-" if amount is None else "Rp" + f"{int(amount):,}".replace(",", ".")


def percent(value: float | None) -> str:
    """85,5% — one decimal, Indonesian comma; a dash when there is nothing to divide by."""
    return "-" if value is None else f"{value:.1f}".replace(".", ",") + "%"
