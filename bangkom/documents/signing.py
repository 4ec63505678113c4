"""Electronic signatures: a PAdES signature embedded in the signed PDF, behind one interface with two
backends, and the check of any PDF someone brings to the verification page.

- `pkcs12`: the agency's or the signer's certificate file (path and, optionally, passphrase from the
  environment, never the database); without a passphrase there, the signer types it at signing.
- `bsre`: BSrE's signing service over HTTP (URL and credentials from the environment); the signer's
  NIK and passphrase are typed at signing and sent only to that service.

Before signing, the visible stamp (signer, post, date, a QR code to the public verification page) is
laid on the last page, so the signature covers it."""

from __future__ import annotations

import base64
import io
import json
import logging
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color, black
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from .qr import qr_png, qr_spec

logger = logging.getLogger(__name__)

PKCS12 = "pkcs12"
BSRE = "bsre"
BSRE_SENTENCE = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh "
    "Balai Besar Sertifikasi Elektronik (BSrE), BSSN"
)


class SigningError(Exception):
    """The signature could not be made; the message says why in the signer's words."""


@dataclass(frozen=True)
class Signatory:
    name: str
    post: str
    rank: str
    nip: str
    # The signing post signed for, with Plt./Plh. when acting ("" when no post is registered): the
    # jabatan line of the signature block.
    signs_as: str = ""


@dataclass(frozen=True)
class SigningRequest:
    pdf: bytes
    signatory: Signatory
    date_text: str
    verification_url: str
    reason: str
    passphrase: str = ""  # typed by the signer when the backend needs it; never stored
    nik: str = ""  # the signer's NIK, for BSrE
    location: str = ""  # where it is signed: the letterhead's place


class SigningBackend(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def asks_nik(self) -> bool: ...
    @property
    def footer_sentence(self) -> str: ...
    @property
    def asks_passphrase(self) -> bool: ...

    def sign(self, request: SigningRequest) -> bytes: ...


@dataclass(frozen=True)
class Pkcs12Backend:
    path: Path
    stored_passphrase: str = ""
    code: str = PKCS12
    asks_nik: bool = False
    footer_sentence: str = ""

    @property
    def asks_passphrase(self) -> bool:
        return not self.stored_passphrase

    def sign(self, request: SigningRequest) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        passphrase = self.stored_passphrase or request.passphrase
        if not self.path.is_file():
            raise SigningError(_("Berkas sertifikat %(path)s tidak ada.") % {"path": self.path})
        try:
            signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(self.path), passphrase=passphrase.encode())
        except (ValueError, TypeError):
            signer = None
        if signer is None:
            raise SigningError(_("Passphrase sertifikat salah atau berkas sertifikat tidak dapat dibaca."))
        writer = IncrementalPdfFileWriter(io.BytesIO(request.pdf), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name="TandaTanganBangkom",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=request.reason,
            location=request.location,
            name=request.signatory.name,
        )
        return bytes(signers.sign_pdf(writer, metadata, signer=signer).getvalue())


@dataclass(frozen=True)
class BsreBackend:
    """BSrE's signing service: the PDF, the signer's NIK and passphrase go out; the signed PDF comes
    back. Errors come as JSON {"error": "..."} and are shown to the signer as they are."""

    url: str
    user: str
    password: str
    timeout: float = 60
    code: str = BSRE
    asks_passphrase: bool = True
    asks_nik: bool = True
    footer_sentence: str = BSRE_SENTENCE

    def sign(self, request: SigningRequest) -> bytes:
        if not request.nik or not request.passphrase:
            raise SigningError(_("NIK dan passphrase penandatangan wajib diisi untuk tanda tangan BSrE."))
        body, content_type = _multipart(
            {"nik": request.nik, "passphrase": request.passphrase, "tampilan": "invisible"},
            ("file", "dokumen.pdf", request.pdf),
        )
        http_request = urllib.request.Request(  # noqa: S310 - the configured service URL
            f"{self.url.rstrip('/')}/api/sign/pdf",
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Authorization": _basic(self.user, self.password)},
        )
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout) as response:  # noqa: S310
                signed = response.read()
        except urllib.error.HTTPError as error:
            raise SigningError(_("BSrE menolak: %(reason)s") % {"reason": _bsre_reason(error)}) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SigningError(_("Layanan BSrE tidak dapat dihubungi: %(error)s") % {"error": error}) from None
        if not signed.startswith(b"%PDF"):
            raise SigningError(_("Jawaban BSrE bukan PDF."))
        return signed


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _bsre_reason(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read().decode() or "{}").get("error") or error.reason)
    except (ValueError, UnicodeDecodeError):
        return f"HTTP {error.code}"


def _multipart(fields: dict[str, str], file: tuple[str, str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    name, filename, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def configured_backend() -> SigningBackend | None:
    """The backend the environment configures, or None: signing then records the status only."""
    choice = settings.BANGKOM_SIGNING_BACKEND
    if choice == PKCS12:
        return Pkcs12Backend(Path(settings.BANGKOM_SIGNING_PKCS12), settings.BANGKOM_SIGNING_PKCS12_PASSPHRASE)
    if choice == BSRE:
        return BsreBackend(settings.BANGKOM_BSRE_URL, settings.BANGKOM_BSRE_USER, settings.BANGKOM_BSRE_PASSWORD)
    return None


# --- The visible stamp ------------------------------------------------------------------------

STAMP_HEIGHT = 1.7 * cm


@lru_cache(maxsize=32)
def _stamp_page(width: float, height: float, lines: tuple[str, ...], url: str, sentence: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    left, bottom = 2 * cm, 0.35 * cm
    canvas.setFillColor(Color(1, 1, 1))
    canvas.setStrokeColor(Color(0.2, 0.2, 0.2))
    canvas.rect(left, bottom, 11 * cm, STAMP_HEIGHT, fill=1, stroke=1)
    canvas.drawImage(
        _qr_reader(url), left + 0.1 * cm, bottom + 0.1 * cm, STAMP_HEIGHT - 0.2 * cm, STAMP_HEIGHT - 0.2 * cm
    )
    canvas.setFillColor(black)
    text = canvas.beginText(left + STAMP_HEIGHT + 0.1 * cm, bottom + STAMP_HEIGHT - 0.38 * cm)
    text.setFont("Helvetica", 6.5)
    for line in lines:
        text.textLine(line)
    canvas.drawText(text)
    if sentence:
        canvas.setFont("Helvetica-Oblique", 5.5)
        canvas.drawCentredString(width / 2, 0.12 * cm, sentence)
    canvas.save()
    return out.getvalue()


def _qr_reader(url: str) -> object:
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(qr_png(qr_spec(url, size_cm=2))))


def stamped(request: SigningRequest, sentence: str) -> bytes:
    """The PDF with the stamp in the bottom margin of its last page (and `sentence`, BSrE's practice
    line, at the foot of that page)."""
    signatory = request.signatory
    lines = (
        _("Ditandatangani secara elektronik oleh:"),
        signatory.name,
        signatory.post,
        *([f"{signatory.rank}, NIP {signatory.nip}"] if signatory.nip else []),
        _("pada %(date)s") % {"date": request.date_text},
        _("Verifikasi: %(url)s") % {"url": request.verification_url},
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(request.pdf)))
    page = writer.pages[-1]
    box = page.mediabox
    overlay = _stamp_page(
        float(box.width), float(box.height), tuple(filter(None, lines)), request.verification_url, sentence
    )
    page.merge_page(PdfReader(io.BytesIO(overlay)).pages[0], over=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Checking a PDF someone brings ------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the certificate chains to a root the agency trusts
    covers_whole_file: bool


def signature_checks(pdf: bytes) -> list[SignatureCheck]:
    """Every embedded signature of `pdf`, validated against the agency's trust roots (no network)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [load_cert_from_pemder(path) for path in settings.BANGKOM_SIGNING_TRUST_ROOTS if Path(path).is_file()]
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError):
        return []
    checks = []
    for signature in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(signature, context)
            whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
            checks.append(
                SignatureCheck(
                    signer=status.signing_cert.subject.human_friendly,
                    intact=status.intact and status.valid,
                    trusted=bool(status.trusted),
                    covers_whole_file=whole,
                )
            )
        except Exception:
            checks.append(SignatureCheck(signer="", intact=False, trusted=False, covers_whole_file=False))
    return checks
