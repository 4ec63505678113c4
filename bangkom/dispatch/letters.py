"""The dispatch's letters, registered with the document engine: the proposal to the training
institution (Bekasi steps 3–4) and the Surat Perintah Tugas of each participant (the product)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bangkom.documents.kinds import DocumentKind, indonesian_date, register
from bangkom.documents.models import DocumentStatus
from bangkom.selection.models import LEVEL_TRAINING_NAMES

from . import selectors
from .models import Dispatch, Participant

# Besides those who took part, the documents of this app are read by those who follow the sending of participants.
DISPATCH_READERS = ("dispatch.view_dispatch",)


def _person(number: int, participant: Participant) -> dict[str, Any]:
    employee = participant.candidate.employee
    return {
        "no": number,
        "nip": employee.nip,
        "nama": employee.full_name,
        "pangkat": str(employee.golongan) if employee.golongan else "",
        "jabatan": employee.position_name,
        "unit": employee.unit.name,
    }


def _basics(dispatch: Dispatch) -> dict[str, Any]:
    return {
        "pelatihan": dispatch.training_name,
        "lembaga": dispatch.institution,
        "alamat_lembaga": dispatch.institution_address or "-",
        "akreditasi": dispatch.accreditation,
        "tanggal_mulai": indonesian_date(dispatch.start_date),
        "tanggal_selesai": indonesian_date(dispatch.end_date),
        "jp": dispatch.jp_hours or "-",
        "tingkat": LEVEL_TRAINING_NAMES[dispatch.round.level],
        "penandatangan": "",
    }


def proposal_context(dispatch: Dispatch) -> tuple[str, dict[str, Any]]:
    people = [_person(i, p) for i, p in enumerate(selectors.participants(dispatch), start=1)]
    context = {**_basics(dispatch), "peserta": people, "jumlah": len(people)}
    return str(_("Usulan peserta %(training)s") % {"training": dispatch.training_name}), context


def assignment_context(participant: Participant) -> tuple[str, dict[str, Any]]:
    context = {**_basics(participant.dispatch), **_person(1, participant)}
    return str(_("Surat Perintah Tugas: %(name)s") % {"name": context["nama"]}), context


BASICS_SAMPLE = {
    "pelatihan": "",
    "lembaga": "",
    "alamat_lembaga": "",
    "akreditasi": "",
    "tanggal_mulai": "",
    "tanggal_selesai": "",
    "jp": "",
    "tingkat": "",
}
PERSON_SAMPLE = {"no": 1, "nip": "", "nama": "", "pangkat": "", "jabatan": "", "unit": ""}


def _moved(document: Any, actor: Any) -> None:
    """The signed proposal is step 3 of the dispatch's service request."""
    from .services import request_sync  # the services import this module's selectors

    if document.status == DocumentStatus.SIGNED:
        note = str(_("Surat usulan ditandatangani"))
        request_sync(actor=actor, dispatch=document.subject, note=note, proposal_signed=True)


PROPOSAL = register(DocumentKind(
    readers=DISPATCH_READERS,
    code=selectors.PROPOSAL_KIND, name=_("Surat usulan peserta kepada lembaga penyelenggara"),
    number_format="800/{nomor}/BKPSDM/{tahun}", build=proposal_context, moved=_moved,
    sample={**BASICS_SAMPLE, "peserta": [PERSON_SAMPLE], "jumlah": 1},
    blocks=(
        ("kop",), ("letter", "Usulan peserta {{ pelatihan }}", "Pimpinan {{ lembaga }}", "{{ alamat_lembaga }}"),
        ("p", "Dalam rangka pengembangan kompetensi pejabat di lingkungan {{ instansi.pemerintah }}, bersama ini "
              "kami usulkan {{ jumlah }} orang calon peserta {{ pelatihan }} pada {{ lembaga }} (terakreditasi: "
              "{{ akreditasi }}), yang direncanakan pada {{ tanggal_mulai }} s.d. {{ tanggal_selesai }}, sebagai "
              "berikut:"),
        ("table", ("No", "NIP", "Nama", "Pangkat/Gol.", "Jabatan", "Unit kerja"), "p in peserta",
         ("{{ p.no }}", "{{ p.nip }}", "{{ p.nama }}", "{{ p.pangkat }}", "{{ p.jabatan }}", "{{ p.unit }}"),
         (1, 3.8, 4, 2.7, 3.5, 2)),
        ("p", "Selanjutnya kami mohon kesediaan untuk melakukan perjanjian kerja sama penyelenggaraan pelatihan "
              "tersebut. Atas perhatian dan kerja samanya diucapkan terima kasih."),
        ("letter_sign", "KEPALA {{ instansi.nama|upper }},"),
    ),
))  # fmt: skip

ASSIGNMENT = register(DocumentKind(
    readers=DISPATCH_READERS,
    code=selectors.ASSIGNMENT_KIND, name=_("Surat Perintah Tugas mengikuti Diklatpim"), to_named_people=True,
    number_format="800/{nomor}/SPT/BKPSDM/{tahun}", build=assignment_context,
    sample={**BASICS_SAMPLE, **PERSON_SAMPLE},
    required={"tanggal_mulai": _("tanggal mulai pelatihan"), "tanggal_selesai": _("tanggal selesai pelatihan"),
              "jp": _("jumlah JP")},
    blocks=(
        ("kop",), ("title", "SURAT PERINTAH TUGAS"), ("center", "Nomor: {{ nomor }}"),
        ("p", "Dasar: Keputusan {{ instansi.kepala_daerah }} tentang penetapan peserta "
              "{{ tingkat }}."),
        ("title", "MEMERINTAHKAN:"),
        ("p", "Kepada: {{ nama }}, NIP {{ nip }}, {{ pangkat }}, {{ jabatan }} pada {{ unit }}."),
        ("p", "Untuk: mengikuti {{ pelatihan }} yang diselenggarakan oleh {{ lembaga }} pada tanggal "
              "{{ tanggal_mulai }} s.d. {{ tanggal_selesai }} ({{ jp }} JP), dan melaporkan hasilnya setelah "
              "selesai melaksanakan tugas."),
        ("p", "Demikian Surat Perintah Tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab."),
        ("sign", "KEPALA {{ instansi.nama|upper }},"),
    ),
))  # fmt: skip
