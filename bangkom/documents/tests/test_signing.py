"""Electronic signatures: signing embeds a PAdES signature over the stamped PDF (pkcs12 with a throwaway
CA made here; bsre through a stand-in of BSrE's service started on 127.0.0.1), pyHanko validates it
and one flipped byte breaks it; the public page confirms any signed document and checks a PDF
someone uploads; without a backend the letter says "ttd." and the page says it is not e-signed."""

from __future__ import annotations

import base64
import datetime as dt
import email.parser
import email.policy
import io
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from bangkom.core.errors import ServiceError
from bangkom.core.tests.local_server import StandInHandler, serve
from bangkom.documents import services
from bangkom.documents.models import Document, DocumentStatus, NumberSequence
from bangkom.documents.signing import BSRE_SENTENCE, signature_checks
from bangkom.documents.tests import pdf
from bangkom.documents.tests.test_engine import CONTENT, LETTER
from bangkom.documents.throwaway_ca import ThrowawayCA, make_throwaway_ca

pytestmark = pytest.mark.django_db
MARCH = timezone.make_aware(dt.datetime(2026, 3, 10, 9))


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayCA:
    return make_throwaway_ca(tmp_path_factory.mktemp("ca"), signer_name="Budi Santoso")


@pytest.fixture
def pkcs12(settings, ca: ThrowawayCA) -> ThrowawayCA:
    settings.BANGKOM_SIGNING_BACKEND = "pkcs12"
    settings.BANGKOM_SIGNING_PKCS12 = str(ca.signer_p12)
    settings.BANGKOM_SIGNING_PKCS12_PASSPHRASE = ""  # asked at signing
    settings.BANGKOM_SIGNING_TRUST_ROOTS = [str(ca.ca_pem)]
    settings.BANGKOM_PUBLIC_URL = "https://bangkom.sukamaju.go.id"
    return ca


@pytest.fixture
def signer(users, people):
    """The head of Disdik signs: the registry gives the printed name, post, pangkat and NIP."""
    head = people.head
    head.position_name, head.golongan_id = "Kepala Dinas Pendidikan", 41
    head.save(update_fields=["position_name", "golongan"])
    users["pimpinan"].employee = head
    users["pimpinan"].save(update_fields=["employee"])
    return users["pimpinan"]


def _checked(users) -> Document:
    document = services.document_draft(
        actor=users["admin"],
        kind=LETTER.code,
        subject=users["admin"],
        title="Uji",
        context={**CONTENT, "penandatangan": ""},
    )
    return services.document_check(actor=users["tspdi"], document=document)


def _sign(document: Document, actor, **secrets: str) -> Document:
    with mock.patch("django.utils.timezone.now", return_value=MARCH):
        return services.document_sign(actor=actor, document=document, **secrets)


def test_a_pkcs12_signature_validates_and_one_flipped_byte_breaks_it(users, signer, pkcs12) -> None:
    signed = _sign(_checked(users), signer, passphrase=pkcs12.passphrase)
    content = bytes(signed.pdf)
    [check] = signature_checks(content)
    assert (check.intact, check.trusted, check.covers_whole_file) == (True, True, True)
    assert "Budi Santoso" in check.signer
    assert signed.signature_backend == "pkcs12" and len(signed.verification_code) == 14
    text = pdf.text(content)
    # The letter's signature block: name, pangkat and NIP from the registry; the stamp with its link.
    assert "BUDI SANTOSO" in text.upper() and "NIP. 197201011998031005" in text
    assert "Ditandatangani secara elektronik" in text and "10 Maret 2026" in text
    assert f"https://bangkom.sukamaju.go.id/verifikasi/{signed.verification_code}/" in text
    assert signed.signatory["post"] == "Kepala Dinas Pendidikan" and signed.signatory["rank"].endswith("(IV/a)")
    assert pdf.distinct_images(content) >= 1  # the QR code
    # One byte inside the signed range changed: the signature no longer holds.
    position = content.index(b"Budi Santoso") if b"Budi Santoso" in content else len(content) // 3
    tampered = content[:position] + bytes([content[position] ^ 0x01]) + content[position + 1 :]
    assert [c.intact for c in signature_checks(tampered)] == [False]


def test_a_signature_from_another_ca_is_intact_but_not_trusted(users, signer, pkcs12, tmp_path: Path) -> None:
    stranger = make_throwaway_ca(tmp_path / "lain")
    content = bytes(_sign(_checked(users), signer, passphrase=pkcs12.passphrase).pdf)
    other = signers.SimpleSigner.load_pkcs12(str(stranger.signer_p12), passphrase=stranger.passphrase.encode())
    resigned = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(content)), signers.PdfSignatureMetadata(field_name="Lain"), signer=other
    ).getvalue()
    checks = signature_checks(resigned)
    # The agency's signature still holds but no longer covers the whole file; the stranger's is not trusted.
    assert [(c.intact, c.trusted, c.covers_whole_file) for c in checks] == [(True, True, False), (True, False, True)]


def test_a_wrong_passphrase_signs_nothing_and_uses_no_number(users, signer, pkcs12) -> None:
    document = _checked(users)
    with pytest.raises(ServiceError, match="Passphrase sertifikat salah"):
        _sign(document, signer, passphrase="salah")
    document.refresh_from_db()
    assert (document.status, document.number, document.verification_code) == (DocumentStatus.CHECKED, "", None)
    assert not NumberSequence.objects.exists()
    assert _sign(document, signer, passphrase=pkcs12.passphrase).number == "800/1/UJI/III/2026"


def test_without_a_backend_the_letter_says_ttd_and_the_page_says_so(users, signer, settings) -> None:
    settings.BANGKOM_SIGNING_BACKEND = ""
    signed = _sign(_checked(users), signer)
    assert signed.signature_backend == "" and signature_checks(bytes(signed.pdf)) == []
    assert "ttd." in pdf.text(bytes(signed.pdf))
    client = Client()
    client.force_login(users["admin"])
    page = client.get(reverse("documents:detail", args=[signed.pk])).content.decode()
    assert "tidak ditandatangani secara elektronik" in page


def test_the_public_page_confirms_a_signed_document_and_checks_an_upload(users, signer, pkcs12) -> None:
    signed = _sign(_checked(users), signer, passphrase=pkcs12.passphrase)
    url = reverse("verification:certificate", args=[signed.verification_code])
    client = Client()
    page = client.get(url).content.decode()
    assert signed.number in page and "Budi Santoso" in page and "Kepala Dinas Pendidikan" in page
    assert "Uji &amp; coba" not in page  # the contents stay private
    same = client.post(url, {"file": SimpleUploadedFile("surat.pdf", bytes(signed.pdf))}).content.decode()
    assert "sama persis" in same and "utuh dan sah" in same
    content = bytes(signed.pdf)
    middle = len(content) // 2
    changed = content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]
    other = client.post(url, {"file": SimpleUploadedFile("surat.pdf", changed)}).content.decode()
    assert "BERBEDA" in other and "TIDAK SAH" in other
    not_pdf = client.post(url, {"file": SimpleUploadedFile("surat.pdf", b"GIF89a")}).content.decode()
    assert "bukan PDF" in not_pdf
    assert client.get(reverse("verification:certificate", args=["AAAA-BBBB-CCCC"])).status_code == 404


def test_a_draft_has_no_public_page(users) -> None:
    draft = _checked(users)
    draft.verification_code = "ABCD-EFGH-JKLM"
    draft.save(update_fields=["verification_code"])
    assert Client().get(reverse("verification:certificate", args=["ABCD-EFGH-JKLM"])).status_code == 404


# --- BSrE through a stand-in of its signing service --------------------------------------------


class _BsreStandIn(StandInHandler):
    """What BSrE's service does for the app: Basic auth, the signer's NIK and passphrase, the PDF in;
    the PDF signed with the signer's certificate out; errors as JSON {"error": …}."""

    ca: ThrowawayCA
    seen: list[dict[str, str]]

    def do_POST(self) -> None:
        expected = "Basic " + base64.b64encode(b"bangkom:kunci-layanan").decode()
        if self.path != "/api/sign/pdf" or self.headers.get("Authorization") != expected:
            return self._error(401, "Unauthorized")
        body = self.body_bytes()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body
        )
        parts = {
            part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
            for part in message.iter_parts()
        }
        self.seen.append({"nik": parts["nik"].decode(), "tampilan": parts["tampilan"].decode()})
        if parts["nik"] != b"3201010101800001" or parts["passphrase"] != b"pass-bsre":
            return self._error(400, "Passphrase anda salah")
        signer = signers.SimpleSigner.load_pkcs12(str(self.ca.signer_p12), passphrase=self.ca.passphrase.encode())
        signed = signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(parts["file"])),
            signers.PdfSignatureMetadata(field_name="BSrE"),
            signer=signer,
        ).getvalue()
        self.answer(200, signed, "application/pdf")
        return None

    def _error(self, status: int, message: str) -> None:
        self.answer_json(status, {"error": message})


@pytest.fixture
def bsre(settings, ca: ThrowawayCA) -> Iterator[list[dict[str, str]]]:
    seen: list[dict[str, str]] = []
    handler = type("Handler", (_BsreStandIn,), {"ca": ca, "seen": seen})
    url, server = serve(handler)
    settings.BANGKOM_SIGNING_BACKEND = "bsre"
    settings.BANGKOM_BSRE_URL = url
    settings.BANGKOM_BSRE_USER, settings.BANGKOM_BSRE_PASSWORD = "bangkom", "kunci-layanan"
    settings.BANGKOM_SIGNING_TRUST_ROOTS = [str(ca.ca_pem)]
    yield seen
    server.shutdown()
    server.server_close()


def test_the_bsre_backend_signs_through_the_service(users, signer, bsre) -> None:
    signed = _sign(_checked(users), signer, passphrase="pass-bsre", nik="3201010101800001")
    assert [(c.intact, c.trusted) for c in signature_checks(bytes(signed.pdf))] == [(True, True)]
    assert signed.signature_backend == "bsre" and bsre == [{"nik": "3201010101800001", "tampilan": "invisible"}]
    assert " ".join(BSRE_SENTENCE.split()[:6]) in " ".join(pdf.text(bytes(signed.pdf)).split())


def test_a_bsre_refusal_is_shown_and_nothing_is_signed(users, signer, bsre) -> None:
    document = _checked(users)
    with pytest.raises(ServiceError, match="BSrE menolak: Passphrase anda salah"):
        _sign(document, signer, passphrase="keliru", nik="3201010101800001")
    with pytest.raises(ServiceError, match="NIK dan passphrase"):
        _sign(document, signer, passphrase="", nik="")
    document.refresh_from_db()
    assert document.status == DocumentStatus.CHECKED and not NumberSequence.objects.exists()


def test_a_bsre_service_that_is_down_is_said(users, signer, bsre, settings) -> None:
    settings.BANGKOM_BSRE_URL = "http://127.0.0.1:1"
    with pytest.raises(ServiceError, match="BSrE tidak dapat dihubungi"):
        _sign(_checked(users), signer, passphrase="pass-bsre", nik="3201010101800001")
