"""render_document TEMPLATE.docx --data DATA.json --output OUT.pdf [--kind KIND]

Fills any agency template (docxtpl placeholders, the context names the kinds use) with the JSON data
and writes the PDF through exactly the app's path: the sandbox, then LibreOffice's converter. A public
contract kept stable: a bad template or data ends with exit status 2, a message naming the placeholder
or key, and nothing written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from bangkom.documents.converter import ConverterUnavailable
from bangkom.documents.kinds import COMMON_SAMPLE, KINDS
from bangkom.documents.render import TemplateError, docx_to_pdf, render_docx
from bangkom.documents.services import agency, declared_context, settings_letterhead

BAD_INPUT = 2


def _refuse(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


def _letterhead() -> dict[str, Any]:
    """The agency's saved letterhead; a template can also be checked on a machine whose database is
    not set up, with the letterhead of the settings."""
    try:
        return agency()
    except DatabaseError:
        return agency(settings_letterhead())


class Command(BaseCommand):
    help = _("Mengisi templat DOCX dengan data JSON dan menulis PDF-nya melalui jalur yang sama dengan aplikasi.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("template", type=Path, help=_("templat DOCX"))
        parser.add_argument("--data", type=Path, required=True, help=_("data JSON (objek)"))
        parser.add_argument("--output", type=Path, required=True, help=_("PDF yang ditulis"))
        parser.add_argument(
            "--kind", choices=sorted(KINDS), help=_("jenis dokumen: templat hanya boleh memakai nama-nama jenis ini")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        template_path: Path = options["template"]
        output: Path = options["output"]
        data = self._data(options["data"])
        try:
            template = template_path.read_bytes()
        except OSError as error:
            raise _refuse(
                _("Templat %(path)s tidak dapat dibaca: %(error)s") % {"path": template_path, "error": error}
            ) from None
        declared = None
        context: dict[str, Any] = {**COMMON_SAMPLE, "instansi": _letterhead(), **data}
        if options["kind"]:
            declared = declared_context(KINDS[options["kind"]])
            unknown = sorted(set(data) - set(declared))
            if unknown:
                raise _refuse(
                    _("Kunci data tidak dikenal untuk jenis %(kind)s: %(keys)s.")
                    % {"kind": options["kind"], "keys": ", ".join(unknown)}
                )
        try:
            pdf = docx_to_pdf(render_docx(template, context, declared=declared), title=template_path.stem)
        except TemplateError as error:
            raise _refuse(
                _("Templat %(path)s tidak dapat diisi: %(error)s") % {"path": template_path, "error": error}
            ) from None
        except ConverterUnavailable as error:
            raise CommandError(
                _("Pengubah dokumen (LibreOffice) tidak berjalan: %(error)s") % {"error": error}
            ) from None
        self._write(output, pdf)
        self.stdout.write(_("PDF ditulis: %(path)s (%(size)d bita).") % {"path": output, "size": len(pdf)})

    def _data(self, path: Path) -> dict[str, Any]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise _refuse(_("Data %(path)s tidak dapat dibaca: %(error)s") % {"path": path, "error": error}) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise _refuse(_("Data %(path)s bukan JSON yang sah: %(error)s") % {"path": path, "error": error}) from None
        if not isinstance(data, dict):
            raise _refuse(_('Data %(path)s harus berupa objek JSON {"nama": nilai}.') % {"path": path})
        return data

    def _write(self, output: Path, pdf: bytes) -> None:
        """Written beside its place and moved in at once: a reader never sees half a PDF."""
        directory = output.resolve().parent
        if not directory.is_dir():
            raise _refuse(_("Folder %(path)s tidak ada.") % {"path": directory})
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".pdf.part")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, output)
