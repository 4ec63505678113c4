"""Dispositions: an instruction with a note and a due date from one office role to another, about any
record (generic subject). A disposition is closed by its addressee, forwarded to another role (a new
disposition whose parent it is), or withdrawn by its sender; every move leaves a history row.

The approval chain of letters (draft -> paraf -> signed, or returned with notes) is the document
engine's (`bangkom.documents`); the flows use both."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.roles import OFFICE_ROLES
from bangkom.core.models import TimeStampedModel
from bangkom.core.state_machine import StatusActions, StatusChange

ROLE_CHOICES = [(role.code, role.name) for role in OFFICE_ROLES]


class DispositionStatus(models.TextChoices):
    OPEN = "terbuka", _("Belum ditindaklanjuti")
    FORWARDED = "diteruskan", _("Diteruskan")
    DONE = "selesai", _("Selesai")
    WITHDRAWN = "ditarik", _("Ditarik pengirim")


DISPOSITION_TRANSITIONS: dict[str, set[str]] = {
    DispositionStatus.OPEN: {DispositionStatus.FORWARDED, DispositionStatus.DONE, DispositionStatus.WITHDRAWN},
    DispositionStatus.FORWARDED: set(),
    DispositionStatus.DONE: set(),
    DispositionStatus.WITHDRAWN: set(),
}


class Disposition(StatusActions, TimeStampedModel):
    ACTIONS = {"act": {DispositionStatus.OPEN}}  # follow up, forward, or withdraw; its deadline counts
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("diteruskan dari"),
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sender_role = models.CharField(_("dari"), max_length=20, choices=ROLE_CHOICES)
    to_role = models.CharField(_("kepada"), max_length=20, choices=ROLE_CHOICES)
    instruction = models.CharField(_("perintah"), max_length=300)
    note = models.TextField(_("catatan"), max_length=2000, blank=True)
    due_on = models.DateField(_("batas waktu"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DispositionStatus.choices, default=DispositionStatus.OPEN
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("ditindaklanjuti pada"), null=True, blank=True)
    response = models.CharField(_("tindak lanjut"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="disposition_subject_idx"),
            models.Index(fields=["to_role", "status"], name="disposition_inbox_idx"),
        ]
        permissions = [
            ("send_disposition", _("Dapat mengirim disposisi")),
            ("view_all_dispositions", _("Dapat melihat semua disposisi")),
        ]
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")

    def __str__(self) -> str:
        return f"{self.get_sender_role_display()} -> {self.get_to_role_display()}: {self.instruction}"


class DispositionChange(StatusChange):
    disposition = models.ForeignKey(Disposition, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=DispositionStatus.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=DispositionStatus.choices)
