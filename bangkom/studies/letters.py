"""The documents of study assignments and overseas requests, registered with the document engine: the
head of BKPSDM's decision on who goes on study assignment, and the approval of an overseas training or
internship."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bangkom.documents.kinds import DECREE_SAMPLE, DocumentKind, indonesian_date, register
from bangkom.documents.selectors import decree_considerations
from bangkom.documents.services import letterhead

from .models import ApplicationStatus, OverseasRequest, StudyAnnouncement
from .policy import overseas_policy, rules_of

# Besides those who took part, the documents of this app are read by those who run or oversee study assignments.
STUDY_READERS = ("studies.manage_studies", "studies.view_studies")


def decree_context(announcement: StudyAnnouncement) -> tuple[str, dict[str, Any]]:
    selected = (
        announcement.applications.filter(status=ApplicationStatus.SELECTED)
        .select_related("employee", "unit")
        .order_by("level", "rank")
    )
    rows = [
        {"no": n, "nama": a.employee.full_name, "nip": a.employee.nip, "unit": a.unit.name, "jenjang": a.level,
         "studi": f"{a.study_program}, {a.institution}", "lama": f"{a.duration_months} bulan"}
        for n, a in enumerate(selected, start=1)
    ]  # fmt: skip
    context = {
        "pengumuman": announcement.title,
        "tahun": announcement.year,
        "dasar": rules_of(announcement).source,
        "mulai": indonesian_date(announcement.study_starts_on),
        "pegawai": rows,
        "jumlah": len(rows),
        **decree_considerations(
            DECREE.code,
            because=f"bahwa berdasarkan hasil seleksi calon pegawai tugas belajar {announcement.title} telah "
            f"diperoleh pegawai yang memenuhi persyaratan;",
            enacting=f"Keputusan Kepala {letterhead().agency_name} tentang Pemberian Tugas Belajar Tahun "
            f"{announcement.year}",
        ),
    }
    return str(_("Keputusan tugas belajar: %(title)s") % {"title": announcement.title}), context


def approval_context(request: OverseasRequest) -> tuple[str, dict[str, Any]]:
    context = {
        "nama": request.employee.full_name,
        "nip": request.employee.nip,
        "unit": request.unit.name,
        "jenis": request.get_kind_display(),
        "kegiatan": request.title,
        "penyelenggara": request.host,
        "tempat": f"{request.city}, {request.country}",
        "mulai": indonesian_date(request.starts_on),
        "selesai": indonesian_date(request.ends_on),
        "pembiayaan": request.get_funding_display() + (f" ({request.sponsor})" if request.sponsor else ""),
        "dasar": overseas_policy().source,
        "batas_laporan": overseas_policy().report_due_days,
        "catatan": request.decision_note or "-",
    }
    title = _("Persetujuan %(kind)s: %(title)s") % {"kind": request.get_kind_display(), "title": request.title}
    return str(title), context


STUDY_TOPIC = "PEMBERIAN TUGAS BELAJAR TAHUN {{ tahun }}"
HEAD_OF_AGENCY_LINE = "KEPALA {{ instansi.nama|upper }}"
DECREE = register(DocumentKind(
    delegable=False,
    readers=STUDY_READERS,
    code="keputusan_tugas_belajar", name=_("Keputusan pemberian tugas belajar"), to_named_people=True,
    number_format="800/{nomor}/KEP-TB/{tahun}", build=decree_context,
    sample={"pengumuman": "", "tahun": 2027, "dasar": "", "mulai": "", "jumlah": 1, **DECREE_SAMPLE,
            "pegawai": [{"no": 1, "nama": "", "nip": "", "unit": "", "jenjang": "", "studi": "", "lama": ""}]},
    blocks=(
        ("kop",), ("title", "KEPUTUSAN " + HEAD_OF_AGENCY_LINE), ("center", "NOMOR {{ nomor }}"),
        ("center", "TENTANG"), ("title", STUDY_TOPIC), ("center", ""), ("title", HEAD_OF_AGENCY_LINE + ","),
        ("items", "Menimbang", "menimbang"), ("center", ""), ("items", "Mengingat", "mengingat"),
        ("title", "MEMUTUSKAN:"),
        ("p", "Menetapkan : KEPUTUSAN " + HEAD_OF_AGENCY_LINE + " TENTANG " + STUDY_TOPIC + "."),
        ("p", "KESATU : Memberikan tugas belajar terhitung mulai {{ mulai }} kepada {{ jumlah }} Pegawai Negeri "
              "Sipil yang namanya tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan "
              "ini."),
        ("p", "KEDUA : Selama tugas belajar pegawai dibebaskan dari tugas jabatan, menyampaikan laporan kemajuan "
              "studi setiap semester, dan setelah lulus wajib kembali bekerja sesuai ketentuan ikatan dinas."),
        ("p", "KETIGA : Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ("decree_sign", HEAD_OF_AGENCY_LINE + ","),
        ("appendix", HEAD_OF_AGENCY_LINE, STUDY_TOPIC),
        ("table", ("No", "Nama / NIP", "Unit kerja", "Jenjang", "Program studi", "Lama"), "p in pegawai",
         ("{{ p.no }}", "{{ p.nama }} / {{ p.nip }}", "{{ p.unit }}", "{{ p.jenjang }}", "{{ p.studi }}",
          "{{ p.lama }}"), (1, 5, 3.5, 1.6, 4.5, 2)),
        ("center", ""), ("letter_sign", HEAD_OF_AGENCY_LINE + ","),
    ),
))  # fmt: skip

APPROVAL = register(DocumentKind(
    readers=STUDY_READERS,
    code="persetujuan_luar_negeri", name=_("Surat persetujuan pelatihan luar negeri/magang"), to_named_people=True,
    number_format="800/{nomor}/PLN-BKPSDM/{tahun}", build=approval_context,
    sample={"nama": "", "nip": "", "unit": "", "jenis": "", "kegiatan": "", "penyelenggara": "", "tempat": "",
            "mulai": "", "selesai": "", "pembiayaan": "", "dasar": "", "batas_laporan": 14, "catatan": ""},
    blocks=(
        ("kop",), ("title", "SURAT PERSETUJUAN"), ("center", "Nomor: {{ nomor }}"),
        ("p", "Berdasarkan {{ dasar }}, Kepala {{ instansi.nama }} memberikan persetujuan kepada:"),
        ("p", "Nama: {{ nama }}; NIP: {{ nip }}; Unit kerja: {{ unit }}"),
        ("p", "untuk mengikuti {{ jenis }} {{ kegiatan }} yang diselenggarakan oleh {{ penyelenggara }} di "
              "{{ tempat }} pada {{ mulai }} s.d. {{ selesai }}, dengan pembiayaan {{ pembiayaan }}."),
        ("p", "Setelah kembali, yang bersangkutan wajib menyampaikan laporan hasil kegiatan paling lambat "
              "{{ batas_laporan }} hari setelah kegiatan selesai."),
        ("p", "Catatan: {{ catatan }}"),
        ("sign", "KEPALA {{ instansi.nama|upper }},"),
    ),
))  # fmt: skip
