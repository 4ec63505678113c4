"""Errors users can act on: each names where (row, field), what (value) and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        return f"baris {self.line}, kolom {self.column}, nilai {self.value!r}: {self.reason}"


class ServiceError(Exception):
    """A business rule refused the operation; the message is safe to show to the user."""


def refusal_text(error: Exception) -> str:
    """What a refusal (ServiceError or ValidationError) tells the user, as one line."""
    messages = getattr(error, "messages", None)  # ValidationError: every message it carries
    return "; ".join(messages) if messages else str(error)
