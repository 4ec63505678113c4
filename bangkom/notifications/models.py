"""What the app tells a person: something waits on them or changed about them. Shown under the bell
and, when the person has an e-mail address, sent by the background worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    NONE = "", _("Tanpa e-mail")
    WAITING = "menunggu", _("Menunggu dikirim")
    SENT = "terkirim", _("Terkirim")
    FAILED = "gagal", _("Gagal dikirim")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("isi"), max_length=500)
    link = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, blank=True, default=EmailStatus.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_newest_idx"),
        ]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.text[:60]}"
