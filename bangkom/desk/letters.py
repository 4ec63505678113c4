"""The letters of the JPT Pratama job-target assessment, registered with the document engine, and the
hooks through which its 16-step flow hears of letters and dispositions about it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.scope import role_codes
from bangkom.documents.kinds import (
    DIVISION_HEAD,
    HEAD_OF_AGENCY,
    REGIONAL_SECRETARY,
    DocumentKind,
    indonesian_date,
    register,
)
from bangkom.workflow.services import on_disposition_sent

from .models import AssessmentStatus, JobTargetAssessment
from .policy import assessment_policy

# Besides those who took part, the documents of this app are read by those of the service desk.
SERVICE_READERS = ("services.view_servicerequest", "services.view_assessment")


def _participants(assessment: JobTargetAssessment) -> list[dict[str, Any]]:
    rows = assessment.participants.select_related("employee", "employee__unit").order_by(
        "assessed_on", "employee__name"
    )
    return [
        {
            "no": n,
            "nama": p.employee.full_name,
            "nip": p.employee.nip,
            "jabatan": p.employee.position_name or "-",
            "unit": p.employee.unit.name if p.employee.unit_id else "-",
            "jadwal": indonesian_date(p.assessed_on) if p.assessed_on else "-",
            "hari": p.assessment_days,
        }
        for n, p in enumerate(rows, start=1)
    ]


def assessment_context(assessment: JobTargetAssessment) -> dict[str, Any]:
    participants = _participants(assessment)
    starts, ends = assessment.facilitation_starts_on, assessment.facilitation_ends_on
    return {
        "kegiatan": assessment.title,
        "jabatan": assessment.positions,
        "pansel": assessment.pansel_reference,
        "bkd": assessment.province_agency,
        "jumlah": len(participants),
        "peserta": participants,
        "balasan": f"{assessment.reply_number} {indonesian_date(assessment.reply_date)}"
        if assessment.reply_date
        else "-",
        "fasilitasi": f"{indonesian_date(starts)} s.d. {indonesian_date(ends)}" if starts and ends else "-",
        "tempat": assessment.venue or "-",
    }


def _builder(title: Any) -> Any:
    def build(assessment: JobTargetAssessment) -> tuple[str, dict[str, Any]]:
        return f"{title}: {assessment.title}", assessment_context(assessment)

    return build


def _moved(document: Any, actor: Any) -> None:
    from .services import assessment_sync  # the services import this module's kinds

    assessment_sync(actor=actor, assessment=document.subject)


def _sign_refusal(document: Any, actor: Any) -> str | None:
    """While the assessment is prepared, the official whose paraf a step wants on this letter does not
    sign it (Bangkalan's step 16: the head initials the summons, the SPT and the briefing)."""
    assessment = document.subject
    if assessment is None or assessment.status != AssessmentStatus.PREPARING:
        return None
    roles = role_codes(actor)
    for gate in assessment_policy().gates:
        if document.kind in gate.initialled_kinds and gate.initialled_by in roles:
            return str(
                _("Pada langkah %(step)d surat ini diparaf, tidak ditandatangani, oleh Anda: pilih Paraf.")
                % {"step": gate.step}
            )
    return None


def _withdraw_refusal(document: Any) -> str | None:
    """A signature given by mistake may be withdrawn while the assessment is still prepared; once it
    is carried out, its letters stand."""
    assessment = document.subject
    if assessment is not None and assessment.status != AssessmentStatus.PREPARING:
        return str(
            _("Asesmen sudah %(status)s: tanda tangan suratnya tidak dapat ditarik.")
            % {"status": assessment.get_status_display().lower()}
        )
    return None


SAMPLE = {
    "kegiatan": "",
    "jabatan": "",
    "pansel": "",
    "bkd": "",
    "jumlah": 1,
    "balasan": "",
    "fasilitasi": "",
    "tempat": "",
    "peserta": [{"no": 1, "nama": "", "nip": "", "jabatan": "", "unit": "", "jadwal": "", "hari": 1}],
}
PARTICIPANT_TABLE = (
    "table", ("No", "Nama / NIP", "Jabatan", "Unit kerja", "Jadwal asesmen"), "p in peserta",
    ("{{ p.no }}", "{{ p.nama }} / {{ p.nip }}", "{{ p.jabatan }}", "{{ p.unit }}",
     "{{ p.jadwal }} ({{ p.hari }} hari)"),
    (1, 5, 4, 4, 3.5),
)  # fmt: skip


# Bangkalan's step 16: the head of BKPSDM signs the NPKND but only initials the summons, the SPT and
# the briefing, after the head of division; what the head initials is signed above the head, by the
# Sekretaris Daerah (nobody initials and signs the same letter).
ABOVE_THE_HEAD = ((DIVISION_HEAD, HEAD_OF_AGENCY), REGIONAL_SECRETARY)


def _kind(
    code: str,
    name: Any,
    number_format: str,
    blocks: tuple[Any, ...],
    *,
    letter: bool = True,
    chain: tuple[tuple[str, ...], str] | None = None,
    role_line: str = "KEPALA {{ instansi.nama|upper }},",
    to_named_people: bool = False,
) -> DocumentKind:
    """A letter (its blocks start with ("letter", …): dated on top) or, with letter=False, a titled
    document dated above its signature."""
    closing = ("letter_sign" if letter else "sign", role_line)
    return register(DocumentKind(
        readers=SERVICE_READERS,
        code=code, name=name, number_format=number_format, build=_builder(name), moved=_moved, sample=SAMPLE,
        sign_refusal=_sign_refusal, withdraw_refusal=_withdraw_refusal,
        blocks=(("kop",), *blocks, closing), chain=chain, to_named_people=to_named_people,
    ))  # fmt: skip


FACILITATION = _kind(
    "permohonan_fasilitasi_asesmen",
    _("Surat permohonan fasilitasi asesmen"),
    "800/{nomor}/BKPSDM/{tahun}",
    (
        ("letter", "Permohonan fasilitasi dan narasumber/tenaga ahli asesmen", "Kepala {{ bkd }}", "Tempat"),
        (
            "p",
            "Dalam rangka pengisian {{ jabatan }}, Panitia Seleksi telah menetapkan {{ jumlah }} peserta yang "
            "lulus seleksi administrasi ({{ pansel }}) dan wajib mengikuti asesmen job target. Bersama ini kami "
            "mohon fasilitasi pelaksanaan asesmen serta penugasan narasumber/tenaga ahli asesor bagi peserta:",
        ),
        PARTICIPANT_TABLE,
        ("p", "Demikian permohonan ini, atas perhatian dan kerja samanya kami sampaikan terima kasih."),
    ),
)
NPKND = _kind(
    "npknd",
    _("NPKND asesmen job target"),
    "800/{nomor}/NPKND/{tahun}",
    (
        ("title", "NOTA PERMINTAAN KEBUTUHAN NARASUMBER DAERAH"),
        ("center", "Nomor: {{ nomor }}"),
        (
            "p",
            "Berdasarkan surat balasan {{ bkd }} nomor {{ balasan }}, dimohon penugasan narasumber/tenaga ahli "
            "asesor untuk {{ kegiatan }} pada {{ fasilitasi }} bertempat di {{ tempat }} bagi {{ jumlah }} peserta.",
        ),
    ),
    letter=False,
)
SUMMONS = _kind(
    "pemanggilan_asesmen", _("Surat pemanggilan peserta asesmen"), "800/{nomor}/PGL-ASM/{tahun}",
    (
        ("letter", "Pemanggilan peserta asesmen job target", "Saudara peserta asesmen yang namanya tersebut di "
                   "bawah ini", "Tempat"),
        ("p", "Sehubungan dengan {{ kegiatan }} untuk {{ jabatan }}, Saudara yang namanya tersebut di bawah ini "
              "diminta hadir mengikuti asesmen di {{ tempat }} sesuai jadwal:"),
        PARTICIPANT_TABLE,
        ("p", "Peserta membawa portofolio yang telah diisi dan kartu identitas."),
    ),
    chain=ABOVE_THE_HEAD, role_line="SEKRETARIS DAERAH,", to_named_people=True,
)  # fmt: skip
ASSIGNMENT = _kind(
    "spt_asesmen", _("Surat perintah tugas asesmen"), "800/{nomor}/SPT-ASM/{tahun}",
    (
        ("title", "SURAT PERINTAH TUGAS"), ("center", "Nomor: {{ nomor }}"),
        ("p", "Memerintahkan kepada pegawai yang namanya tersebut di bawah ini untuk mengikuti {{ kegiatan }} yang "
              "difasilitasi {{ bkd }} pada {{ fasilitasi }}:"),
        PARTICIPANT_TABLE,
        ("p", "Demikian surat perintah tugas ini untuk dilaksanakan dengan penuh tanggung jawab."),
    ),
    letter=False,
    chain=ABOVE_THE_HEAD, role_line="SEKRETARIS DAERAH,", to_named_people=True,
)  # fmt: skip
BRIEFING = _kind(
    "pengarahan_asesmen", _("Surat pengarahan asesmen"), "800/{nomor}/ARH-ASM/{tahun}",
    (
        ("letter", "Pengarahan peserta asesmen job target", "Saudara peserta asesmen job target", "Tempat"),
        ("p", "Sebelum pelaksanaan {{ kegiatan }}, {{ jumlah }} peserta diundang mengikuti pengarahan tentang tata "
              "tertib, portofolio dan rundown jadwal asesmen pada awal masa fasilitasi ({{ fasilitasi }}) di "
              "{{ tempat }}."),
    ),
    chain=ABOVE_THE_HEAD, role_line="SEKRETARIS DAERAH,", to_named_people=True,
)  # fmt: skip


def _disposition_sent(disposition: Any, actor: Any) -> None:
    from .services import assessment_sync

    assessment_sync(actor=actor, assessment=disposition.subject)


on_disposition_sent(JobTargetAssessment, _disposition_sent)
