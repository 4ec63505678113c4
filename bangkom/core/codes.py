"""Random codes people read from paper or over the phone: complaint tracking, verification of a
signed document, account activation."""

from __future__ import annotations

import secrets

READABLE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def readable_code(length: int, *, group: int = 0) -> str:
    """`length` random characters of the readable alphabet (5 bits each), in groups of `group`
    joined by hyphens when asked (ABCD-EFGH-JKLM)."""
    raw = "".join(secrets.choice(READABLE_ALPHABET) for _n in range(length))
    if not group:
        return raw
    return "-".join(raw[i : i + group] for i in range(0, length, group))


def readable_normalised(typed: str) -> str:
    """What a person typed, as the code it stands for: spaces and hyphens dropped, upper case."""
    return "".join(typed.split()).replace("-", "").upper()
