"""The legal basis a decree prints is the agency's reference data (shipped as national-law examples),
and a decree of the head of region is set in decree form: the head of region's kop, NOMOR, TENTANG,
the "BUPATI …," line, Menimbang a., b., Mengingat 1., 2., MEMUTUSKAN: Menetapkan:, KESATU …, and
"Ditetapkan di … pada tanggal …"."""

from __future__ import annotations

import pytest

from bangkom.core.errors import ServiceError
from bangkom.documents import services
from bangkom.documents.models import LegalBasis, LegalSection
from bangkom.documents.selectors import legal_items
from bangkom.documents.tests import pdf
from bangkom.selection.letters import DECREE

pytestmark = pytest.mark.django_db


def test_the_shipped_basis_is_national_law_marked_as_examples() -> None:
    shipped = LegalBasis.objects.filter(kind=DECREE.code)
    assert shipped.exists() and all(item.example for item in shipped)
    assert not any("DKI" in item.text or "Bima" in item.text for item in LegalBasis.objects.all())
    assert [item["tanda"] for item in legal_items(DECREE.code, LegalSection.MENGINGAT)] == ["1.", "2.", "3."]
    marks = legal_items(DECREE.code, LegalSection.MENIMBANG, first=("bahwa pertama;",), last=("bahwa akhir;",))
    assert [(m["tanda"], m["teks"][:12]) for m in marks] == [
        ("a.", "bahwa pertam"),
        ("b.", "bahwa untuk "),
        ("c.", "bahwa akhir;"),
    ]


def test_the_agency_edits_what_a_kind_cites_and_only_the_administrator_may(users) -> None:
    item = LegalBasis(
        kind=DECREE.code,
        section=LegalSection.MENGINGAT,
        order=4,
        text="Peraturan  Bupati Sukamaju Nomor 7 Tahun 2025 tentang Pengembangan Kompetensi;",
    )
    for role in ("operator", "tspdi", "pimpinan", "kabid", "pegawai", "penilai", "umum", "nobody"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.legal_basis_save(actor=users[role], item=item)
    saved = services.legal_basis_save(actor=users["admin"], item=item)
    assert saved.text == "Peraturan Bupati Sukamaju Nomor 7 Tahun 2025 tentang Pengembangan Kompetensi;"
    first = LegalBasis.objects.filter(kind=DECREE.code, section=LegalSection.MENGINGAT).first()
    first.text = "   "
    with pytest.raises(ServiceError, match="tidak boleh kosong"):
        services.legal_basis_save(actor=users["admin"], item=first)
    first.text = "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;"
    assert services.legal_basis_save(actor=users["admin"], item=first).example is False
    texts = [m["teks"] for m in legal_items(DECREE.code, LegalSection.MENGINGAT)]
    assert texts[-1].startswith("Peraturan Bupati Sukamaju Nomor 7")


def test_a_decree_of_the_head_of_region_is_in_decree_form(users) -> None:
    context = {
        **services.declared_context(DECREE),
        "tingkat": "III",
        "menimbang": legal_items(DECREE.code, LegalSection.MENIMBANG, first=("bahwa hasil sidang tim;",)),
        "mengingat": legal_items(DECREE.code, LegalSection.MENGINGAT),
    }
    document = services.document_draft(
        actor=users["admin"], kind=DECREE.code, subject=users["admin"], title="Keputusan", context=context
    )
    text = " ".join(pdf.text(bytes(document.pdf)).split())
    for expected in (
        "BUPATI SUKAMAJU KEPUTUSAN BUPATI SUKAMAJU NOMOR",
        "TENTANG PENETAPAN HASIL SELEKSI",
        "BUPATI SUKAMAJU, Menimbang : a. bahwa hasil sidang tim; b. bahwa untuk memenuhi",
        "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014",
        "2. Undang-Undang Nomor 20 Tahun 2023",
        "MEMUTUSKAN: Menetapkan : KEPUTUSAN BUPATI SUKAMAJU TENTANG",
        "KESATU :",
        "KEEMPAT :",
        "Ditetapkan di Sukamaju pada tanggal",
    ):
        assert expected in text, expected
    assert "Badan Kepegawaian" not in text.split("KEPUTUSAN")[0]  # the head of region's kop, not the agency's
