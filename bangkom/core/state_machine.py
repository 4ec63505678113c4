"""State machines, one way for every app: a `status` field, a transition map (status -> the statuses
it may become) and a history row per move saying who, when, from, to and why."""

from __future__ import annotations

from collections.abc import Collection, Mapping
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


# --- What may be done in which status, declared once on the model ---------------------------------


class UnknownAction(Exception):
    """A template or service asked for an action the model does not declare (a typo): loud, never
    an empty answer (Django's templates swallow KeyError and AttributeError, not this)."""


def moves_to(transitions: Mapping[str, set[str]], target: str) -> frozenset[str]:
    """The statuses from which the transition map allows the move to `target`."""
    return frozenset(status for status, targets in transitions.items() if target in targets)


class StatusTone:
    """The colour a status is shown in (a Bootstrap tone: success, warning, danger), declared on the
    model with its statuses: `<span class="badge text-bg-{{ record.status_tone }}">`."""

    TONES: Mapping[str, str] = {}

    @property
    def status_tone(self) -> str:
        return self.TONES.get(self.status, "secondary")  # type: ignore[attr-defined]


class StatusActions(StatusTone):
    """Mixin for a model with a `status`: ACTIONS maps each thing people do to the statuses in which
    it may be done (a move: `moves_to(TRANSITIONS, target)`), and `also_allows` what it needs of
    another record. Services refuse with `require`, views and templates ask `record.may.<action>`
    instead of comparing status strings."""

    ACTIONS: Mapping[str, Collection[str]] = {}

    def may_do(self, action: str) -> bool:
        try:
            statuses = type(self).ACTIONS[action]
        except KeyError:
            raise UnknownAction(f"{type(self).__name__} declares no action {action!r}") from None
        return self.status in statuses and self.also_allows(action)  # type: ignore[attr-defined]

    def actions_allowed(self) -> set[str]:
        """Every declared action the record's status (and `also_allows`) allows now."""
        return {action for action in type(self).ACTIONS if self.may_do(action)}

    def also_allows(self, action: str) -> bool:
        """What an action needs besides this record's status (a unit's plan is edited only while its
        cycle collects needs): a model whose actions hang on another record says so here."""
        return True

    def require(self, action: str, refusal: str) -> None:
        """Refuse (with the service's own words) an action the record's status does not allow."""
        if not self.may_do(action):
            raise ServiceError(refusal)

    @property
    def may(self) -> _May:
        return _May(self)


class _May:
    """`record.may.<action>` in a template (a dictionary lookup to Django)."""

    def __init__(self, record: StatusActions) -> None:
        self._record = record

    def __getitem__(self, action: str) -> bool:
        return self._record.may_do(action)

    def __getattr__(self, action: str) -> bool:
        if action.startswith("_"):
            raise AttributeError(action)
        return self._record.may_do(action)
