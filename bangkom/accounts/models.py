from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

KEPT_BY_UPDATE = ("unread_notifications",)


class User(AbstractUser):
    """A person who logs in; `unit` bounds an operator's scope, `employee` is a pegawai's own record."""

    unit = models.ForeignKey(
        "people.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("unit kerja"),
    )
    employee = models.OneToOneField(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("data pegawai"),
    )
    # Raised whenever the user's roles or a role's permissions change (accounts.access): the key under
    # which their permissions are cached.
    access_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # The bell's count, kept by the notifications' services as they write (one UPDATE with the
    # change) so that no page counts the person's notifications: the user is read on every request
    # anyway. `manage.py unread_counts --check` compares it with the notifications themselves.
    unread_notifications = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    if TYPE_CHECKING:  # django-otp's middleware sets it on every request's user

        def is_verified(self) -> bool: ...

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A save of the whole user (a password change, the admin) must not write back the count it
        # read earlier over a notification that arrived meanwhile: only the services' UPDATEs write it.
        # As Django's own save, a user read with some fields deferred saves only those it holds.
        if kwargs.get("update_fields") is None and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in KEPT_BY_UPDATE and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        permissions = [
            ("unlock_login", _("Membuka kunci log-in pengguna")),
            ("reset_password", _("Mengatur ulang kata sandi pengguna lain")),
            ("open_employee_accounts", _("Membuka akun pegawai dan memberi kode aktivasi")),
        ]


class ActivationStatus(models.TextChoices):
    WAITING = "menunggu", _("Menunggu dipakai")
    USED = "dipakai", _("Sudah dipakai")
    REPLACED = "diganti", _("Diganti kode baru")
    BLOCKED = "diblokir", _("Diblokir: terlalu banyak percobaan salah")


class Activation(models.Model):
    """A one-time code with which a civil servant sets the password of their account (a new account,
    or a forgotten password replaced through their operator). Only a keyed digest of the code is
    kept; the row itself records who issued it and when, so it is its own audit trail."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activations")
    digest = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=ActivationStatus.choices, default=ActivationStatus.WAITING)
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("diberikan oleh")
    )
    issued_at = models.DateTimeField(_("diberikan"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    emailed_to = models.EmailField(_("dikirim ke"), blank=True)
    email_error = models.CharField(_("e-mail gagal"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["user", "status"], name="activation_user_status_idx")]
        constraints = [
            # At most one code waits per account: issuing a new one replaces the old in the same write.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="menunggu"), name="uniq_activation_waiting"
            ),
        ]
        verbose_name = _("kode aktivasi")
        verbose_name_plural = _("kode aktivasi")

    def __str__(self) -> str:
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M} {self.status}"


class FailedPassword(models.Model):
    """One failed log-in, kept as a keyed digest of the password tried (never the password), so that
    one password tried against many user names (password spraying) can be stopped."""

    digest = models.CharField(max_length=64, db_index=True)
    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kata sandi gagal")
        verbose_name_plural = _("kata sandi gagal")

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
