"""Run LibreOffice's converter (unoserver) at BANGKOM_CONVERTER: the third service beside the web
server and the worker. It replaces this process, so a service manager's stop signal reaches it."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bangkom.documents.converter import converter_address, converter_command, converter_running, free_port


class Command(BaseCommand):
    help = _("Menjalankan pengubah dokumen LibreOffice (unoserver) pada alamat BANGKOM_CONVERTER.")

    def handle(self, *args: Any, **options: Any) -> None:
        python = settings.BANGKOM_CONVERTER_PYTHON
        if not Path(python).exists():
            raise CommandError(
                _("Python LibreOffice %(python)s tidak ada. Jalankan `make office` (LibreOffice dan unoserver).")
                % {"python": python}
            )
        host, port = converter_address()
        if converter_running():
            # Another converter already serves this address (a second `make run`, a service started
            # by hand): stand by instead of failing every two seconds, and take over when it stops.
            self.stdout.write(
                _("Pengubah dokumen sudah berjalan di %(address)s; menunggu sampai berhenti.")
                % {"address": settings.BANGKOM_CONVERTER}
            )
            self.stdout.flush()
            while converter_running():
                time.sleep(10)
        # Its own LibreOffice profile: a desktop LibreOffice of the same user must not share it.
        profile = Path(settings.VAR_DIR) / "office-profile"
        profile.mkdir(parents=True, exist_ok=True)
        command = converter_command(port, free_port(), profile, interface=host)
        self.stdout.write(_("Pengubah dokumen mendengarkan di %(address)s.") % {"address": settings.BANGKOM_CONVERTER})
        self.stdout.flush()
        os.execv(command[0], command)  # noqa: S606 - our own fixed command
