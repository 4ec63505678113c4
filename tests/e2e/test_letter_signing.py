"""The whole letter in a browser: the administrator uploads the region's lambang in Data referensi
and the agency's own template (its lambang in a table cell), a letter is drafted on it, initialled by
the head of division's post (not by another official), signed with the (throwaway) certificate and a
passphrase typed at signing; the downloaded PDF shows the lambang and its signature validates; the
public verification page, on a phone, confirms the number and the uploaded PDF."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bangkom.documents import services
from bangkom.documents.kinds import DIVISION_HEAD, HEAD_OF_AGENCY
from bangkom.documents.models import Document
from bangkom.documents.services import kind_render
from bangkom.documents.signing import signature_checks
from bangkom.documents.tests import pdf
from bangkom.documents.tests.signers import hold
from bangkom.documents.tests.test_engine import CONTENT, LETTER
from bangkom.documents.tests.test_letterhead_and_corrections import picture
from bangkom.documents.tests.test_renderer import agency_template
from bangkom.documents.throwaway_ca import make_throwaway_ca
from bangkom.selection.letters import ADVICE
from conftest import make_employee
from tests.e2e.test_registry_flows import log_in as fill_log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    fill_log_in(page, username)
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def test_upload_draft_initial_sign_download_and_verify(page, browser, live_server, users, tree, settings, tmp_path):
    ca = make_throwaway_ca(tmp_path / "ca", signer_name="Pimpinan Uji")
    settings.BANGKOM_SIGNING_BACKEND = "pkcs12"
    settings.BANGKOM_SIGNING_PKCS12, settings.BANGKOM_SIGNING_PKCS12_PASSPHRASE = str(ca.signer_p12), ""
    settings.BANGKOM_SIGNING_TRUST_ROOTS = [str(ca.ca_pem)]
    settings.BANGKOM_PUBLIC_URL = live_server.url
    template = tmp_path / "kop-instansi.docx"
    template.write_bytes(agency_template())

    # The posts that initial and sign: the head of division initials, the head of BKPSDM signs.
    hold(users["kabid"], make_employee(tree.root, "198001012005011003", "Kabid Uji"), DIVISION_HEAD)
    hold(
        users["pimpinan"],
        make_employee(tree.root, "196804121994031007", "Pimpinan Uji", golongan_id=42),
        HEAD_OF_AGENCY,
    )
    log_in(page, "u_admin")
    # The region's lambang goes into Data referensi, for the built-in letters' kop.
    lambang = tmp_path / "lambang.png"
    lambang.write_bytes(picture())
    page.goto("/admin/documents/letterhead/add/")
    for field, value in (
        ("government", "Pemerintah Kabupaten Sukamaju"),
        ("agency_name", "BKPSDM Kabupaten Sukamaju"),
        ("address", "Jalan Merdeka No. 1"),
        ("city", "Sukamaju"),
        ("region_head", "Bupati Sukamaju"),
    ):
        page.fill(f"#id_{field}", value)
    page.set_input_files("#id_lambang_file", str(lambang))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert pdf.distinct_images(kind_render(ADVICE.code, dict(ADVICE.sample))[2]) == 1
    page.goto(f"/dokumen/templat/{LETTER.code}/")
    page.set_input_files("input[name=file]", str(template))
    page.fill("input[name=number_format]", "800.1/{nomor}/BKPSDM/{tahun}")
    page.click("main button:has-text('Unggah')")
    page.wait_for_selector(".alert-success")
    document = services.document_draft(
        actor=users["admin"], kind=LETTER.code, subject=users["admin"], title="Uji", context=CONTENT
    )
    assert document.template.uploaded_by == users["admin"]  # the uploaded template, not the built-in one

    tspdi = browser.new_context(base_url=live_server.url).new_page()
    log_in(tspdi, "u_tspdi")
    tspdi.goto(f"/dokumen/{document.pk}/")
    tspdi.click("button:has-text('Paraf')")
    assert "Paraf berikutnya oleh Kepala Bidang" in tspdi.inner_text(".alert-danger")  # not their post
    kabid = browser.new_context(base_url=live_server.url).new_page()
    log_in(kabid, "u_kabid")
    kabid.goto(f"/dokumen/{document.pk}/")
    kabid.click("button:has-text('Paraf')")
    kabid.wait_for_selector("[data-testid=document-status]:has-text('Diparaf')")

    head = browser.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    log_in(head, "u_pimpinan")
    head.goto(f"/dokumen/{document.pk}/")
    head.fill("input[name=passphrase]", "salah")
    head.click("button:has-text('Tandatangani')")
    assert "Passphrase sertifikat salah" in head.inner_text(".alert-danger")
    head.fill("input[name=passphrase]", ca.passphrase)
    head.click("button:has-text('Tandatangani')")
    head.wait_for_selector("[data-testid=document-status]:has-text('Ditandatangani')")
    assert head.inner_text("[data-testid=document-number]").startswith("800.1/1/BKPSDM/")
    with head.expect_download() as download:
        head.click("[data-testid=download-pdf]")
    signed = Path(download.value.path()).read_bytes()
    assert pdf.distinct_images(signed) >= 2  # the lambang from the template and the stamp's QR code
    # pyHanko validates with asyncio.run: off the test thread, where Playwright's event loop runs.
    with ThreadPoolExecutor(1) as pool:
        checks = pool.submit(signature_checks, signed).result()
    assert [(c.intact, c.trusted) for c in checks] == [(True, True)]

    code = Document.objects.get(pk=document.pk).verification_code
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}).new_page()
    phone.goto(head.get_attribute("[data-testid=verification-link]", "href"))
    assert code in phone.url
    assert phone.inner_text("[data-testid=number]").startswith("800.1/1/BKPSDM/")
    saved = tmp_path / "diterima.pdf"
    saved.write_bytes(signed)
    phone.set_input_files("input[name=file]", str(saved))
    phone.click("button:has-text('Periksa PDF')")
    assert "sama persis" in phone.inner_text("[data-testid=same-file]")
    assert "utuh dan sah" in phone.inner_text("[data-testid=signature-verdict]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
