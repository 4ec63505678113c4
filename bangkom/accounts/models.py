from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        permissions = [
            ("unlock_login", _("Membuka kunci log-in pengguna")),
            ("reset_password", _("Mengatur ulang kata sandi pengguna lain")),
        ]


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
