"""State machines, one way for every app: a `status` field, a transition map (status -> the statuses
it may become) and a history row per move saying who, when, from, to and why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.core.errors import ServiceError


class StatusChange(models.Model):
    """The history row of a state machine; a subclass adds the foreign key to what moved and gives
    `from_status`/`to_status` their choices."""

    from_status = models.CharField(max_length=25, blank=True)
    to_status = models.CharField(max_length=25)
    note = models.CharField(gettext_lazy("catatan"), max_length=1000, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


def transition_check(current: str, to: str, transitions: Mapping[str, set[str]], labels: Any) -> None:
    """Refuse a move the transition map does not allow, naming both statuses."""
    if to not in transitions[current]:
        raise ServiceError(
            _("Status %(from)s tidak dapat menjadi %(to)s.") % {"from": labels(current).label, "to": labels(to).label}
        )


def status_move(
    instance: models.Model,
    *,
    to: str,
    transitions: Mapping[str, set[str]],
    history: Any,
    actor: Any,
    note: str = "",
    labels: Any,
) -> StatusChange:
    """Move `instance.status` to `to` if the map allows it and write the history row (`history` is
    the related manager of the instance's history rows). The caller saves the instance."""
    current = instance.status  # type: ignore[attr-defined]
    transition_check(current, to, transitions, labels)
    row = history.create(from_status=current, to_status=to, note=note, changed_by=actor)
    instance.status = to  # type: ignore[attr-defined]
    return row


def status_start(instance: models.Model, *, history: Any, actor: Any, note: str = "") -> StatusChange:
    """The first history row, when the record is created in its initial status."""
    return history.create(to_status=instance.status, note=note, changed_by=actor)  # type: ignore[attr-defined]
