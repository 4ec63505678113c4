"""DOCX → PDF through LibreOffice, the one renderer of every document, built-in or uploaded: the PDF is
what Word (and LibreOffice) shows of the same DOCX, as PDF/A-2b with every font embedded.

LibreOffice runs as a long-lived converter (`unoserver`, with LibreOffice's own Python, started by
`scripts/run.sh` or `manage.py run_converter`) so a letter does not pay LibreOffice's start-up; the
app talks to it over XML-RPC at `BANGKOM_CONVERTER` ("host:port")."""

from __future__ import annotations

import io
import socket
import subprocess
import tempfile
import time
import xmlrpc.client
from pathlib import Path
from typing import Any

from django.conf import settings
from docx import Document as open_docx
from unoserver.client import UnoClient


class ConverterUnavailable(Exception):
    """The converter does not answer: nothing can be rendered until it runs again."""


class ConversionFailed(Exception):
    """LibreOffice could not read or convert the file."""


# PDF/A-2b (SelectPdfVersion=2) embeds every font and keeps the file readable for decades.
PDF_EXPORT_OPTIONS = ["SelectPdfVersion=2", "UseTaggedPDF=true", "ExportBookmarks=false"]


class _Client(UnoClient):
    def _connect(self, proxy: Any, retries: int = 1, sleep: int = 0) -> Any:
        # One attempt: the library's default waits 40 s for a converter that is down, while the
        # person who pressed "Tandatangani" should hear at once that it is.
        return super()._connect(proxy, retries=1, sleep=0)


def converter_address() -> tuple[str, int]:
    host, _, port = settings.BANGKOM_CONVERTER.rpartition(":")
    return host or "127.0.0.1", int(port)


def with_properties(docx: bytes, *, title: str, author: str) -> bytes:
    """The DOCX with its title and author set: LibreOffice copies them into the PDF's metadata."""
    document = open_docx(io.BytesIO(docx))
    document.core_properties.title = title[:250]
    document.core_properties.author = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def convert_to_pdf(docx: bytes) -> bytes:
    host, port = converter_address()
    try:
        return bytes(
            _Client(server=host, port=str(port), host_location="remote").convert(
                indata=docx, convert_to="pdf", filtername="writer_pdf_Export", filter_options=PDF_EXPORT_OPTIONS
            )
        )
    except (TimeoutError, ConnectionError, xmlrpc.client.ProtocolError) as error:
        raise ConverterUnavailable(f"{host}:{port}: {error}") from error
    except xmlrpc.client.Fault as error:
        raise ConversionFailed(str(error.faultString).strip().splitlines()[-1][:300]) from error


def converter_running() -> bool:
    try:
        with socket.create_connection(converter_address(), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def converter_command(port: int, uno_port: int, profile: Path, interface: str = "127.0.0.1") -> list[str]:
    """unoserver under LibreOffice's Python (Debian's python3-uno); LibreOffice itself listens on
    this machine only."""
    return [
        settings.BANGKOM_CONVERTER_PYTHON, "-m", "unoserver.server", "--interface", interface,
        "--port", str(port), "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port),
        "--user-installation", str(profile), "--conversion-timeout", str(settings.BANGKOM_CONVERTER_TIMEOUT),
        "--quiet",
    ]  # fmt: skip


def converter_start(port: int | None = None, *, wait_seconds: float = 60) -> tuple[subprocess.Popen[bytes], str]:
    """Start a converter of one's own (tests, benchmarks) and wait until it answers; returns the
    process and its "host:port". Its LibreOffice profile lives in a temporary folder."""
    port = port or free_port()
    profile = Path(tempfile.mkdtemp(prefix="bangkom-office-"))
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        converter_command(port, free_port(), profile), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConverterUnavailable(f"unoserver berhenti dengan status {process.returncode}")
        try:
            with xmlrpc.client.ServerProxy(f"http://{address}") as proxy:
                proxy.info()
            return process, address
        except (ConnectionError, xmlrpc.client.ProtocolError):
            time.sleep(0.5)
    process.kill()
    raise ConverterUnavailable(f"unoserver tidak menjawab dalam {wait_seconds:.0f} detik")
