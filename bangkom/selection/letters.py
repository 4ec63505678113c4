"""The letters and decrees of a selection round, registered with the document engine: minutes and
advice of the TSPDI, the decree draft, the summons and the tabulation (BIMA Pasal 6–8 and 39)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from bangkom.documents.kinds import (
    DECREE_SAMPLE,
    DIVISION_HEAD,
    REGION_HEAD,
    TSPDI_CHAIR,
    DocumentKind,
    indonesian_date,
    register,
)
from bangkom.documents.selectors import decree_considerations
from bangkom.documents.services import letterhead

from . import selectors
from .models import LEVEL_TRAINING_NAMES, Decision, MemberRole, SelectionRound, TeamSession

# Besides those who took part, the documents of this app are read by those who follow the selection rounds.
SELECTION_READERS = ("selection.view_selectionround",)

PERSON = {"no": 1, "nip": "", "nama": "", "golongan": "", "jabatan": "", "unit": "", "catatan": ""}
DECISION_ORDER = (Decision.ADMIN_PASSED, Decision.TO_TEST, Decision.PARTICIPANT, Decision.NOT_PASSED)

# The team's own letters: initialled by the head of division (its secretary), signed by its chair.
TSPDI_CHAIN = ((DIVISION_HEAD,), TSPDI_CHAIR)


def _score(value: Decimal | None) -> str:
    return f"{value:.2f}".replace(".", ",") if value is not None else "-"


def _chair(session: TeamSession) -> str:
    chair = next((m for m in selectors.team_members(session.team) if m.role == MemberRole.CHAIR), None)
    return chair.employee.full_name if chair else ""


def _session_basics(session: TeamSession) -> dict[str, Any]:
    selection_round = session.round
    return {
        "seleksi": selection_round.name,
        "tingkat": LEVEL_TRAINING_NAMES[selection_round.level],
        "tim": session.team.name,
        "tanggal_sidang": indonesian_date(session.held_on),
        "acara": session.agenda,
        "kesimpulan": session.minutes or "-",
        "batas_saran": indonesian_date(session.advice_due),
        "jadwal_tes": session.test_schedule or "-",
    }


def _decided(session: TeamSession) -> dict[str, list[dict[str, Any]]]:
    """The session's decisions per kind, each a numbered list of persons."""
    groups: dict[str, list[dict[str, Any]]] = {str(d): [] for d in DECISION_ORDER}
    for row in selectors.session_decisions(session):
        employee = row.candidate.employee
        people = groups[row.decision]
        people.append(
            {
                "no": len(people) + 1,
                "nip": employee.nip,
                "nama": employee.full_name,
                "golongan": employee.golongan.code if employee.golongan else "",
                "jabatan": employee.position_name,
                "unit": employee.unit.name,
                "catatan": "; ".join(filter(None, (row.candidate.trained_warning, row.note))),
            }
        )
    return groups


def minutes_context(session: TeamSession) -> tuple[str, dict[str, Any]]:
    attendees = [
        {"no": i, "nama": m.employee.full_name, "jabatan": m.position, "kedudukan": m.get_role_display()}
        for i, m in enumerate(session.attendees.select_related("employee").order_by("id"), start=1)
    ]
    groups = _decided(session)
    context = {
        **_session_basics(session),
        "hadir": attendees,
        "penandatangan": _chair(session),
        "lulus_administrasi": groups[Decision.ADMIN_PASSED],
        "ikut_tes": groups[Decision.TO_TEST],
        "peserta": groups[Decision.PARTICIPANT],
        "tidak_memenuhi": groups[Decision.NOT_PASSED],
    }
    return str(_("Berita acara sidang TSPDI %(date)s") % {"date": context["tanggal_sidang"]}), context


def advice_context(session: TeamSession) -> tuple[str, dict[str, Any]]:
    _title, context = minutes_context(session)
    return str(_("Saran TSPDI kepada kepala daerah: %(round)s") % {"round": session.round.name}), context


def decree_context(session: TeamSession) -> tuple[str, dict[str, Any]]:
    """The decree's content: the session's decisions, and its legal basis from the agency's reference
    data, between the considerations only this session can state."""
    _title, context = minutes_context(session)
    context["penandatangan"] = ""  # the holder of the head of region's post on the signing day
    context.update(
        decree_considerations(
            DECREE.code,
            because=f"bahwa berdasarkan hasil pertimbangan {session.team.name} dalam sidang tanggal "
            f"{indonesian_date(session.held_on)} telah diperoleh calon peserta yang memenuhi persyaratan;",
            enacting=f"Keputusan {letterhead().region_head} tentang Penetapan Hasil Seleksi Calon Peserta "
            f"{LEVEL_TRAINING_NAMES[session.round.level]}",
        )
    )
    return str(_("Keputusan hasil seleksi: %(round)s") % {"round": session.round.name}), context


def summons_context(session: TeamSession) -> tuple[str, dict[str, Any]]:
    _title, context = minutes_context(session)
    return str(_("Surat pemanggilan tes: %(round)s") % {"round": session.round.name}), context


def tabulation_context(selection_round: SelectionRound) -> tuple[str, dict[str, Any]]:
    rows = [
        {
            **row,
            **{
                k: _score(row[k])
                for k in ("score_knowledge", "score_potential", "score_fitness", "score_english", "nilai_akhir")
            },
            "peringkat": row["peringkat"] or "-",
            "kategori": row["kategori"] or "-",
        }
        for row in selectors.tabulation(selection_round)
    ]
    # Each requirement a finding cites, once, with its legal source: the table names the code.
    cited = {code: source for row in rows for code, source in row.pop("dasar_temuan").items()}
    context = {
        "seleksi": selection_round.name,
        "tingkat": LEVEL_TRAINING_NAMES[selection_round.level],
        "tanggal_acuan": indonesian_date(selection_round.as_of),
        "aturan": selection_round.ruleset_id,
        "dasar": selection_round.ruleset_document.get("source", selection_round.ruleset_id),
        "calon": rows,
        "penandatangan": "",
        "dasar_temuan": [{"kode": code, "dasar": cited[code] or "-"} for code in sorted(cited)],
    }
    return str(_("Tabulasi hasil seleksi: %(round)s") % {"round": selection_round.name}), context


SESSION_SAMPLE = {
    "seleksi": "", "tingkat": "", "tim": "", "tanggal_sidang": "", "acara": "", "kesimpulan": "",
    "batas_saran": "", "jadwal_tes": "", "hadir": [{"no": 1, "nama": "", "jabatan": "", "kedudukan": ""}],
    "lulus_administrasi": [PERSON], "ikut_tes": [PERSON], "peserta": [PERSON], "tidak_memenuhi": [PERSON],
}  # fmt: skip
PERSON_TABLE = (
    ("No", "NIP", "Nama", "Gol.", "Jabatan", "Unit kerja", "Keterangan"),
    "{{ p.no }}",
    ("{{ p.nip }}", "{{ p.nama }}", "{{ p.golongan }}", "{{ p.jabatan }}", "{{ p.unit }}", "{{ p.catatan }}"),
    (1, 3.6, 3.6, 1.2, 3, 2.3, 2.3),
)


def _people_table(loop: str) -> tuple[Any, ...]:
    headers, first, cells, widths = PERSON_TABLE
    return ("table", headers, f"p in {loop}", (first, *cells), widths)


MINUTES = register(DocumentKind(
    readers=SELECTION_READERS,
    code="berita_acara_tspdi", name=_("Berita acara sidang TSPDI"), number_format="800/{nomor}/TSPDI/{tahun}",
    chain=TSPDI_CHAIN,
    sample=SESSION_SAMPLE, build=minutes_context,
    blocks=(
        ("kop",), ("title", "BERITA ACARA SIDANG"), ("title", "{{ tim|upper }}"), ("center", "Nomor: {{ nomor }}"),
        ("p", "Pada tanggal {{ tanggal_sidang }} {{ tim }} telah melaksanakan sidang seleksi calon peserta "
              "{{ tingkat }} ({{ seleksi }}) dengan acara: {{ acara }}."),
        ("p", "Anggota tim yang hadir:"),
        ("table", ("No", "Nama", "Jabatan", "Kedudukan dalam tim"), "a in hadir",
         ("{{ a.no }}", "{{ a.nama }}", "{{ a.jabatan }}", "{{ a.kedudukan }}"), (1, 6, 6, 4)),
        ("p", "Kesimpulan sidang: {{ kesimpulan }}"),
        ("p", "Calon yang dinyatakan lulus seleksi administrasi:"), _people_table("lulus_administrasi"),
        ("p", "Calon yang ditugaskan mengikuti tes:"), _people_table("ikut_tes"),
        ("p", "Calon yang diusulkan ditetapkan sebagai peserta:"), _people_table("peserta"),
        ("p", "Calon yang tidak memenuhi syarat:"), _people_table("tidak_memenuhi"),
        ("sign", "KETUA {{ tim|upper }},"),
    ),
))  # fmt: skip

ADVICE = register(DocumentKind(
    readers=SELECTION_READERS,
    code=selectors.ADVICE_KIND, name=_("Saran tertulis Ketua TSPDI"), number_format="800/{nomor}/TSPDI/{tahun}",
    chain=TSPDI_CHAIN,
    sample=SESSION_SAMPLE, build=advice_context,
    blocks=(
        ("kop",), ("letter", "Hasil pertimbangan {{ tim }} atas {{ seleksi }}", "{{ instansi.kepala_daerah }}",
                    "{{ instansi.kota }}"),
        ("p", "Berdasarkan sidang {{ tim }} pada tanggal {{ tanggal_sidang }}, dengan ini kami sampaikan hasil "
              "pertimbangan tim sebagai masukan dalam penetapan peserta {{ tingkat }}, "
              "sebagai berikut."),
        ("p", "Kesimpulan sidang: {{ kesimpulan }}"),
        ("p", "a. Lulus seleksi administrasi:"), _people_table("lulus_administrasi"),
        ("p", "b. Ditugaskan mengikuti seleksi akademik, psikologi dan kesemaptaan:"), _people_table("ikut_tes"),
        ("p", "c. Ditetapkan dan ditugaskan mengikuti {{ tingkat }}:"), _people_table("peserta"),
        ("p", "Demikian disampaikan untuk menjadi bahan penetapan dengan Keputusan {{ instansi.kepala_daerah }}."),
        ("letter_sign", "KETUA {{ tim|upper }},"),
    ),
))  # fmt: skip

DECREE_TOPIC = "PENETAPAN HASIL SELEKSI CALON PESERTA {{ tingkat|upper }}"
DECREE = register(DocumentKind(
    delegable=False,
    readers=SELECTION_READERS,
    code="keputusan_seleksi", name=_("Konsep keputusan kepala daerah tentang hasil seleksi"), to_named_people=True,
    number_format="800/Kep.{nomor}/{tahun}", build=decree_context, issuer=REGION_HEAD,
    sample={**SESSION_SAMPLE, **DECREE_SAMPLE},
    blocks=(
        ("region_kop",), ("title", "KEPUTUSAN {{ instansi.kepala_daerah|upper }}"), ("center", "NOMOR {{ nomor }}"),
        ("center", "TENTANG"), ("title", DECREE_TOPIC), ("center", ""),
        ("title", "{{ instansi.kepala_daerah|upper }},"),
        ("items", "Menimbang", "menimbang"), ("center", ""), ("items", "Mengingat", "mengingat"),
        ("title", "MEMUTUSKAN:"),
        ("p", "Menetapkan : KEPUTUSAN {{ instansi.kepala_daerah|upper }} TENTANG " + DECREE_TOPIC + "."),
        ("p", "KESATU : Menetapkan Pegawai Negeri Sipil yang namanya tercantum di bawah ini lulus seleksi "
              "administrasi:"), _people_table("lulus_administrasi"),
        ("p", "KEDUA : Menugaskan Pegawai Negeri Sipil berikut mengikuti seleksi akademik, psikologi dan "
              "kesemaptaan:"), _people_table("ikut_tes"),
        ("p", "KETIGA : Menetapkan dan menugaskan Pegawai Negeri Sipil berikut mengikuti "
              "{{ tingkat }}:"), _people_table("peserta"),
        ("p", "KEEMPAT : Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ("decree_sign", "{{ instansi.kepala_daerah|upper }},"),
    ),
))  # fmt: skip

SUMMONS = register(DocumentKind(
    readers=SELECTION_READERS,
    code="surat_pemanggilan", name=_("Surat pemanggilan tes calon peserta"), number_format="800/{nomor}/BKPSDM/{tahun}",
    to_named_people=True,
    sample=SESSION_SAMPLE, build=summons_context,
    blocks=(
        ("kop",), ("letter", "Pemanggilan seleksi calon peserta {{ tingkat }}",
                    "Saudara yang namanya tercantum di bawah ini", "Tempat"),
        ("p", "Berdasarkan hasil sidang {{ tim }} tanggal {{ tanggal_sidang }}, Saudara ditugaskan mengikuti "
              "seleksi akademik, psikologi dan kesemaptaan calon peserta {{ tingkat }} "
              "yang dilaksanakan pada: {{ jadwal_tes }}."),
        _people_table("ikut_tes"),
        ("p", "Harap hadir tepat waktu dengan membawa kartu identitas pegawai. Atas perhatian Saudara "
              "diucapkan terima kasih."),
        ("letter_sign", "KEPALA {{ instansi.nama|upper }},"),
    ),
))  # fmt: skip

TABULATION = register(DocumentKind(
    readers=SELECTION_READERS,
    code="tabulasi_seleksi", name=_("Tabulasi hasil seleksi (Lampiran 2)"), number_format="800/{nomor}/TSPDI/{tahun}",
    chain=TSPDI_CHAIN,
    landscape=True, build=tabulation_context,
    sample={
        "seleksi": "", "tingkat": "", "tanggal_acuan": "", "aturan": "", "dasar": "",
        "calon": [{"no": 1, "nip": "", "nama": "", "golongan": "", "jabatan": "", "unit": "", "kelompok": "",
                   "score_knowledge": "", "score_potential": "", "score_fitness": "", "score_english": "",
                   "nilai_akhir": "", "kategori": "", "peringkat": "", "keterangan": ""}],
        "dasar_temuan": [{"kode": "", "dasar": ""}],
    },
    blocks=(
        ("kop",), ("title", "TABULASI HASIL SELEKSI CALON PESERTA {{ tingkat|upper }}"),
        ("center", "Nomor: {{ nomor }}"),
        ("center", "{{ seleksi }} — keadaan per {{ tanggal_acuan }} (aturan {{ aturan }})"),
        ("table",
         ("No", "NIP / Nama", "Gol.", "Jabatan / Unit", "Pengetahuan", "Potensi", "Kesiapan", "B. Inggris",
          "Nilai akhir", "Kategori", "Peringkat", "Keterangan"),
         "c in calon",
         ("{{ c.no }}", "{{ c.nip }} {{ c.nama }}", "{{ c.golongan }}", "{{ c.jabatan }}, {{ c.unit }}",
          "{{ c.score_knowledge }}", "{{ c.score_potential }}", "{{ c.score_fitness }}", "{{ c.score_english }}",
          "{{ c.nilai_akhir }}", "{{ c.kategori }}", "{{ c.peringkat }}", "{{ c.keterangan }}"),
         (0.8, 4, 1.2, 4, 1.7, 1.5, 1.6, 1.6, 1.5, 1.4, 1.5, 4.9)),
        ("p", "Kategori A: memenuhi syarat (lulus); B: memenuhi syarat dengan catatan; C: tidak memenuhi syarat "
              "({{ dasar }}); data belum lengkap dan belum dinilai: belum dapat diputuskan."),
        ("p", "Dasar hukum persyaratan yang disebut pada kolom Keterangan:"),
        ("table", ("Kode", "Dasar hukum"), "d in dasar_temuan", ("{{ d.kode }}", "{{ d.dasar }}"), (3, 22.7)),
        ("sign", "KETUA TSPDI,"),
    ),
))  # fmt: skip
