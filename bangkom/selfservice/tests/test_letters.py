"""Signed letters addressed to the people they name: found and downloaded by those people only."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from bangkom.documents import services as documents
from bangkom.documents.kinds import DocumentKind, register
from bangkom.documents.models import NamedPerson
from bangkom.selfservice import selectors

DECREE = register(DocumentKind(
    code="uji_keputusan_peserta", name="Keputusan uji", number_format="800/{nomor}/UJI/{tahun}", to_named_people=True,
    sample={"pegawai": [{"nama": "", "nip": ""}]},
    blocks=(("kop",), ("title", "KEPUTUSAN UJI"), ("table", ("Nama",), "p in pegawai", ("{{ p.nama }}",), (10,)),
            ("sign", "KEPALA,")),
))  # fmt: skip
REPORT = register(
    DocumentKind(
        code="uji_laporan_daftar",
        name="Laporan uji",
        number_format="800/{nomor}/LAP/{tahun}",
        sample={"pegawai": [{"nama": "", "nip": ""}]},
        blocks=(("kop",), ("title", "LAPORAN UJI"), ("sign", "KEPALA,")),
    )
)


def _signed(users, kind: str, people_named: list) -> object:  # type: ignore[no-untyped-def]
    context = {
        "pegawai": [{"nama": e.name, "nip": e.nip} for e in people_named],
        "penandatangan_nip": "196001011985031001",
    }
    document = documents.document_draft(
        actor=users["admin"], kind=kind, subject=users["admin"], title=f"Surat {kind}", context=context
    )
    documents.document_check(actor=users["tspdi"], document=document)
    return documents.document_sign(actor=users["pimpinan"], document=document)


def test_the_nips_a_letter_carries_wherever_they_sit() -> None:
    context = {
        "nip": "198503152010012003",
        "rows": [{"nip": "197201011998031005"}, {"nip": "12345"}],
        "penandatangan_nip": "196001011985031001",
        "nested": {"deeper": [{"nip": "199002022015032001"}]},
    }
    assert documents.named_nips(context) == {"198503152010012003", "197201011998031005", "199002022015032001"}


def test_a_signed_decree_reaches_the_people_it_names_and_only_them(users, people) -> None:
    decree = _signed(users, "uji_keputusan_peserta", [people.teacher, people.head])
    _signed(users, "uji_laporan_daftar", [people.teacher])  # a report listing her is not addressed to her
    assert set(NamedPerson.objects.values_list("nip", flat=True)) == {people.teacher.nip, people.head.nip}
    assert list(selectors.my_letters(users["pegawai"])) == [decree]
    pns = Client()
    pns.force_login(users["pegawai"])
    home = pns.get(reverse("selfservice:home")).content.decode()
    assert "Surat uji_keputusan_peserta" in home and "Surat uji_laporan_daftar" not in home
    download = pns.get(reverse("selfservice:letter", args=[decree.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    other = users["nobody"]
    other.employee = people.nurse
    other.save()
    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(reverse("selfservice:letter", args=[decree.pk])).status_code == 404


def test_a_withdrawn_signature_takes_the_letter_back(users, people) -> None:
    decree = _signed(users, "uji_keputusan_peserta", [people.teacher])
    decree.status = "diparaf"
    decree.save(update_fields=["status"])
    assert list(selectors.my_letters(users["pegawai"])) == []
