"""The program's documents, registered with the document engine: BKPSDM's recommendation letter to the
unit, the program decree signed by the head of BKPSDM, and the four certificate kinds, each with a QR
code that opens the public verification page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypdf import PdfWriter

from bangkom.core.formats import rupiah
from bangkom.documents.kinds import DECREE_SAMPLE, DocumentKind, indonesian_date, register
from bangkom.documents.qr import qr_spec
from bangkom.documents.selectors import decree_considerations
from bangkom.documents.services import kind_render, letterhead, verification_url

from .models import Certificate, CertificateKind, Program, ProgramStatus
from .policy import policy
from .selectors import budget_check

# Besides those who took part, this app's documents are read by those who review programs or issue certificates.
TRAINING_READERS = ("training.review_program", "training.issue_certificate")


def _period(program: Program) -> str:
    start, end = indonesian_date(program.start_date), indonesian_date(program.end_date)
    return start if start == end else f"{start} s.d. {end}"


def _basics(program: Program) -> dict[str, Any]:
    check = budget_check(program)
    return {
        "unit": program.unit.name, "program": program.title, "jenis": program.kind.name, "jp": program.jp,
        "peserta": program.participant_count, "sasaran": program.target_participants, "jadwal": _period(program),
        "tempat": program.venue, "anggaran": rupiah(check.total), "per_peserta": rupiah(check.per_person),
        "dasar": policy().legal_source,
    }  # fmt: skip


def recommendation_context(program: Program) -> tuple[str, dict[str, Any]]:
    texts = {c.code: c.text for c in policy().criteria}
    criteria = [
        {
            "huruf": r.code,
            "kriteria": texts.get(r.code, ""),
            "hasil": "Memenuhi" if r.met else "Tidak memenuhi",
            "catatan": r.note or "-",
        }
        for r in program.criteria.all()
    ]
    outcomes: dict[str, str] = {
        ProgramStatus.RECOMMENDED: "DIREKOMENDASIKAN",
        ProgramStatus.CONDITIONAL: "DIREKOMENDASIKAN DENGAN SYARAT",
        ProgramStatus.REJECTED: "TIDAK DIREKOMENDASIKAN",
    }
    outcome = outcomes.get(program.status, program.get_status_display().upper())
    discussion = program.discussions.order_by("-held_on").first()
    context = {
        **_basics(program),
        "kriteria": criteria,
        "hasil": outcome,
        "syarat": program.conditions or "-",
        "catatan": program.decision_note or "-",
        "pembahasan": indonesian_date(discussion.held_on) if discussion else "-",
    }
    return str(_("Rekomendasi program %(title)s") % {"title": program.title}), context


def decree_context(program: Program) -> tuple[str, dict[str, Any]]:
    context = {
        **_basics(program),
        "pengajar": [{"no": n, "nama": i.name, "kualifikasi": i.qualification, "materi": i.subject}
                     for n, i in enumerate(program.instructors.all(), start=1)],
        "penyelenggara": [{"no": n, "nama": o.name, "tugas": o.role, "toc": o.toc_certificate or "-",
                           "mot": o.mot_certificate or "-"} for n, o in enumerate(program.organisers.all(), start=1)],
        "anggaran_rinci": [{"no": n, "komponen": b.component, "volume": f"{b.volume.normalize():f} {b.unit_label}",
                            "harga": rupiah(b.unit_cost), "jumlah": rupiah(b.total)}
                           for n, b in enumerate(program.budget_lines.all(), start=1)],
        "syarat": program.conditions or "-",
        **decree_considerations(
            DECREE.code,
            because=f"bahwa program {program.title} yang diusulkan {program.unit.name} telah mendapat rekomendasi "
                    f"pengembangan kompetensi satu pintu dari Badan;",
            enacting=f"Keputusan Kepala {letterhead().agency_name} tentang Program Pengembangan Kompetensi "
                     f"{program.title}",
        ),
    }  # fmt: skip
    return str(_("Keputusan Program %(title)s") % {"title": program.title}), context


BASICS_SAMPLE = {
    "unit": "", "program": "", "jenis": "", "jp": 1, "peserta": 1, "sasaran": "", "jadwal": "", "tempat": "",
    "anggaran": "", "per_peserta": "", "dasar": "",
}  # fmt: skip

RECOMMENDATION = register(DocumentKind(
    readers=TRAINING_READERS,
    code="rekomendasi_program_pelatihan", name=_("Surat rekomendasi program pelatihan"),
    number_format="800/{nomor}/REK-BKPSDM/{tahun}", build=recommendation_context,
    sample={**BASICS_SAMPLE, "kriteria": [{"huruf": "a", "kriteria": "", "hasil": "", "catatan": ""}], "hasil": "",
            "syarat": "", "catatan": "", "pembahasan": ""},
    blocks=(
        ("kop",), ("title", "SURAT REKOMENDASI PENGEMBANGAN KOMPETENSI"), ("center", "Nomor: {{ nomor }}"),
        ("p", "Kepada Yth. Kepala {{ unit }}"),
        ("p", "Berdasarkan {{ dasar }}, usulan program {{ program }} ({{ jenis }}, {{ jp }} JP, {{ peserta }} "
              "peserta: {{ sasaran }}) yang dijadwalkan {{ jadwal }} di {{ tempat }} dengan anggaran {{ anggaran }} "
              "({{ per_peserta }} per peserta) telah ditelaah dan dibahas bersama pada {{ pembahasan }} dengan "
              "hasil sebagai berikut:"),
        ("table", ("Huruf", "Persyaratan", "Hasil", "Catatan"), "k in kriteria",
         ("{{ k.huruf }}", "{{ k.kriteria }}", "{{ k.hasil }}", "{{ k.catatan }}"), (1.2, 8, 2.8, 5)),
        ("p", "Dengan ini program tersebut {{ hasil }}."), ("p", "Syarat: {{ syarat }}"),
        ("p", "Catatan: {{ catatan }}"),
        ("p", "Pelaksanaan program hanya dapat dimulai setelah ditetapkannya Keputusan Program oleh Kepala Badan."),
        ("sign", "KEPALA {{ instansi.nama|upper }},"),
    ),
))  # fmt: skip

PROGRAM_TOPIC = "PROGRAM PENGEMBANGAN KOMPETENSI {{ program|upper }}"
HEAD_OF_AGENCY_LINE = "KEPALA {{ instansi.nama|upper }}"
DECREE = register(DocumentKind(
    delegable=False,
    readers=TRAINING_READERS,
    code="keputusan_program_pelatihan", name=_("Keputusan Program pengembangan kompetensi"), to_named_people=True,
    number_format="800/{nomor}/KEP-PROG/{tahun}", build=decree_context,
    sample={**BASICS_SAMPLE, **DECREE_SAMPLE, "syarat": "",
            "pengajar": [{"no": 1, "nama": "", "kualifikasi": "", "materi": ""}],
            "penyelenggara": [{"no": 1, "nama": "", "tugas": "", "toc": "", "mot": ""}],
            "anggaran_rinci": [{"no": 1, "komponen": "", "volume": "", "harga": "", "jumlah": ""}]},
    blocks=(
        ("kop",), ("title", "KEPUTUSAN " + HEAD_OF_AGENCY_LINE), ("center", "NOMOR {{ nomor }}"),
        ("center", "TENTANG"), ("title", PROGRAM_TOPIC), ("center", ""), ("title", HEAD_OF_AGENCY_LINE + ","),
        ("items", "Menimbang", "menimbang"), ("center", ""), ("items", "Mengingat", "mengingat"),
        ("title", "MEMUTUSKAN:"),
        ("p", "Menetapkan : KEPUTUSAN " + HEAD_OF_AGENCY_LINE + " TENTANG " + PROGRAM_TOPIC + "."),
        ("p", "KESATU : Menetapkan program {{ program }} ({{ jenis }}) dengan sasaran {{ sasaran }} sebanyak "
              "{{ peserta }} peserta, {{ jp }} jam pelajaran, dilaksanakan {{ jadwal }} di {{ tempat }}."),
        ("p", "KEDUA : Pengajar, tenaga penyelenggara dan rincian anggaran program sebesar {{ anggaran }} "
              "tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan ini."),
        ("p", "KETIGA : Syarat pelaksanaan: {{ syarat }}. Unit kerja melaporkan pelaksanaannya kepada Kepala "
              "Badan; sertifikat peserta dinomori dan ditandatangani oleh Badan."),
        ("p", "KEEMPAT : Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ("decree_sign", HEAD_OF_AGENCY_LINE + ","),
        ("appendix", HEAD_OF_AGENCY_LINE, PROGRAM_TOPIC),
        ("p", "A. Pengajar program"),
        ("table", ("No", "Nama", "Kualifikasi", "Materi"), "r in pengajar",
         ("{{ r.no }}", "{{ r.nama }}", "{{ r.kualifikasi }}", "{{ r.materi }}"), (1, 5, 6, 5)),
        ("p", "B. Tenaga penyelenggara"),
        ("table", ("No", "Nama", "Tugas", "Sertifikat TOC", "Sertifikat MOT"), "r in penyelenggara",
         ("{{ r.no }}", "{{ r.nama }}", "{{ r.tugas }}", "{{ r.toc }}", "{{ r.mot }}"), (1, 5, 3.5, 3.5, 3.5)),
        ("p", "C. Rincian anggaran ({{ anggaran }})"),
        ("table", ("No", "Komponen", "Volume", "Harga satuan", "Jumlah"), "r in anggaran_rinci",
         ("{{ r.no }}", "{{ r.komponen }}", "{{ r.volume }}", "{{ r.harga }}", "{{ r.jumlah }}"), (1, 6, 3, 3.5, 3.5)),
        ("center", ""), ("letter_sign", HEAD_OF_AGENCY_LINE + ","),
    ),
))  # fmt: skip

CERTIFICATE_TITLES = {
    CertificateKind.STTP: "SURAT TANDA TAMAT PELATIHAN",
    CertificateKind.CERTIFICATE: "SERTIFIKAT",
    CertificateKind.TRANSCRIPT: "TRANSKRIP NILAI",
    CertificateKind.CHARTER: "PIAGAM",
}
CERTIFICATE_ITEM = {
    "judul": "", "nomor": "", "nama": "", "nip": "", "ttl": "", "pangkat": "", "jabatan": "", "unit": "",
    "program": "", "penyelenggara": "",
    "jadwal": "", "tempat": "", "jp": 1, "hasil": "", "nilai": "", "tanggal": "", "penandatangan": "", "qr": "",
    "url": "", "kode": "", "kurikulum": [{"no": 1, "tanggal": "", "materi": ""}],
}  # fmt: skip
CERTIFICATE_BLOCKS = (
    ("for", "s in sertifikat"),
    ("title", "{{ instansi.pemerintah|upper }}"), ("title", "{{ instansi.nama|upper }}"),
    ("title", "{{ s.judul }}"), ("center", "Nomor: {{ s.nomor }}"), ("center", "diberikan kepada"),
    ("title", "{{ s.nama }}"), ("center", "NIP {{ s.nip }} · {{ s.pangkat }}"),
    ("center", "tempat, tanggal lahir {{ s.ttl }}"), ("center", "{{ s.jabatan }}, {{ s.unit }}"),
    ("center", "yang telah mengikuti {{ s.program }} yang diselenggarakan {{ s.penyelenggara }} pada {{ s.jadwal }} "
               "di {{ s.tempat }} selama {{ s.jp }} jam pelajaran, dengan hasil {{ s.hasil }}{{ s.nilai }}."),
    ("center", "{{ instansi.kota }}, {{ s.tanggal }}"), ("center", "KEPALA {{ instansi.nama|upper }},"),
    ("center", "ttd."), ("center", "{{ s.penandatangan }}"), ("image", "s.qr"),
    ("center", "Periksa keabsahan: {{ s.url }} (kode {{ s.kode }})"),
    # The curriculum on the back: what was taught, as agencies print it on the second page.
    ("break",), ("title", "KURIKULUM"), ("center", "{{ s.program }} ({{ s.jp }} jam pelajaran)"),
    ("table", ("No", "Tanggal", "Materi"), "m in s.kurikulum", ("{{ m.no }}", "{{ m.tanggal }}", "{{ m.materi }}"),
     (1.2, 4.5, 18)),
    ("center", "Nomor sertifikat {{ s.nomor }}"),
    ("break_between",), ("endfor",),
)  # fmt: skip


def _certificate_kind(kind: CertificateKind) -> DocumentKind:
    return register(
        DocumentKind(
            readers=TRAINING_READERS,
            code=f"sertifikat_{kind.value}",
            name=kind.label,
            number_format=f"{{nomor}}/{kind.value.upper()}/BKPSDM/{{tahun}}",
            landscape=True,
            page_numbers=False,
            sample={"sertifikat": [CERTIFICATE_ITEM]},
            blocks=CERTIFICATE_BLOCKS,
        )
    )


CERTIFICATE_KINDS = {kind.value: _certificate_kind(kind) for kind in CertificateKind}


def curriculum_of(program: Program) -> list[dict[str, Any]]:
    """What the program taught: its sessions in order, or, where none were recorded, its instructors'
    subjects."""
    sessions = list(program.sessions.all())
    if sessions:
        return [{"no": s.number, "tanggal": indonesian_date(s.held_on), "materi": s.topic} for s in sessions]
    subjects = dict.fromkeys(i.subject for i in program.instructors.all())  # each subject once, in order
    return [{"no": n, "tanggal": "-", "materi": subject} for n, subject in enumerate(subjects, start=1)]


def certificate_item(certificate: Certificate, curriculum: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    participant = certificate.participant
    employee, program = participant.employee, participant.program
    url = verification_url(certificate.code)
    return {
        "judul": CERTIFICATE_TITLES[CertificateKind(certificate.kind)], "nomor": certificate.number,
        "nama": employee.full_name, "nip": employee.nip, "jabatan": employee.position_name or "-",
        "ttl": f"{employee.birth_place or '-'}, {indonesian_date(employee.birth_date)}",
        "pangkat": f"{employee.golongan.pangkat} ({employee.golongan.code})" if employee.golongan is not None else "-",
        "unit": employee.unit.name if employee.unit_id else "-", "program": program.title,
        "penyelenggara": program.unit.name, "jadwal": _period(program), "tempat": program.venue, "jp": program.jp,
        "hasil": participant.get_result_display().lower(),
        "nilai": f" (nilai {participant.score})" if participant.score is not None else "",
        "tanggal": indonesian_date(timezone.localdate(certificate.issued_at)), "penandatangan": certificate.signer_name,
        "qr": qr_spec(url), "url": url, "kode": certificate.code,
        "kurikulum": curriculum if curriculum is not None else curriculum_of(program),
    }  # fmt: skip


def revoked_mark(certificate: Certificate) -> str:
    """What heads every page of a revoked certificate: that it was revoked and when (never why)."""
    if certificate.revoked_at is None:
        return ""
    # Printed on the official document, which is in Indonesian whatever the reader's language.
    return f"DICABUT {indonesian_date(timezone.localdate(certificate.revoked_at))} – TIDAK BERLAKU"


def certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    """One PDF with a page per certificate, each in the template version it was issued with. Certificates
    of one template are laid out together; different templates (a kind redesigned between issuings)
    are joined in order."""
    parts = []
    curricula: dict[int, list[dict[str, Any]]] = {}  # one program's curriculum, read once for its batch
    batches = groupby(certificates, key=lambda c: (c.kind, c.template_id, revoked_mark(c)))
    for (kind, _template_id, mark), group in batches:
        rows = list(group)
        items = []
        for certificate in rows:
            program = certificate.participant.program
            if program.pk not in curricula:
                curricula[program.pk] = curriculum_of(program)
            items.append(certificate_item(certificate, curricula[program.pk]))
        _used, _docx, pdf = kind_render(
            f"sertifikat_{kind}", {"sertifikat": items}, template=rows[0].template, mark=mark
        )
        parts.append(pdf)
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
