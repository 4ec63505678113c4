"""The TSPDI (BIMA Pasal 3–8): members, sessions, decisions on candidates, the chair's advice due one
week after the session and flagged when late, and the papers drafted from a session."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as open_docx
from pypdf import PdfReader

from bangkom.core.errors import ServiceError
from bangkom.core.tests.exports import content_of, exported
from bangkom.documents.services import document_check, document_generate, document_sign
from bangkom.documents.tests import pdf
from bangkom.selection import selectors
from bangkom.selection.models import RoundCandidate, SessionDecision
from bangkom.selection.services import (
    candidate_add,
    decision_record,
    decisions_record,
    member_add,
    session_record,
    session_update,
    team_create,
)
from bangkom.selection.tests.test_rounds import open_round, workforce  # noqa: F401 - fixture
from conftest import warm

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2026, 11, 16)


@pytest.fixture
def sitting(users, workforce):  # noqa: F811 - the fixture imported above
    selection_round = open_round(users)
    selection_round.quota = 1
    selection_round.save()
    candidates = {}
    for key, category in (("kabid_a", "A"), ("kabid_b", "C")):
        candidate = candidate_add(
            actor=users["admin"], selection_round=selection_round, employee=workforce[key], reason="uji"
        )
        RoundCandidate.objects.filter(pk=candidate.pk).update(category=category, rank=1 if category == "A" else None)
        candidate.refresh_from_db()
        candidates[key] = candidate
    team = team_create(
        actor=users["admin"], name="TSPDI 2026", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    chair = member_add(
        actor=users["admin"], team=team, employee=workforce["head_untrained"], position="Sekda", role="ketua"
    )
    member = member_add(
        actor=users["admin"], team=team, employee=workforce["staff"], position="Staf BKPSDM", role="anggota"
    )
    session = session_record(
        actor=users["admin"],
        team=team,
        selection_round=selection_round,
        held_on=HELD_ON,
        agenda="Penetapan",
        attendees=[chair, member],
    )
    return selection_round, team, session, candidates, (chair, member)


def test_one_chair_per_team_and_no_member_twice(users, workforce, sitting) -> None:  # noqa: F811
    _round, team, _session, _candidates, _members = sitting
    with pytest.raises(ServiceError, match="sudah mempunyai ketua"):
        member_add(actor=users["admin"], team=team, employee=workforce["head_trained"], position="X", role="ketua")
    with pytest.raises(ServiceError, match="sudah menjadi anggota"):
        member_add(actor=users["admin"], team=team, employee=workforce["staff"], position="X", role="anggota")


def test_a_session_is_led_by_the_chair_or_vice_and_held_within_the_period(users, sitting) -> None:
    selection_round, team, _session, _candidates, (_chair, member) = sitting
    with pytest.raises(ServiceError, match="ketua atau wakil ketua"):
        session_record(
            actor=users["admin"],
            team=team,
            selection_round=selection_round,
            held_on=HELD_ON,
            agenda="x",
            attendees=[member],
        )
    with pytest.raises(ValidationError, match="di luar masa tugas"):
        session_record(
            actor=users["admin"],
            team=team,
            selection_round=selection_round,
            held_on=dt.date(2027, 1, 1),
            agenda="x",
            attendees=list(team.members.all()),
        )


def test_only_category_a_or_b_becomes_a_participant_within_the_quota(users, workforce, sitting) -> None:  # noqa: F811
    _round, _team, session, candidates, _members = sitting
    with pytest.raises(ServiceError, match="berkategori C"):
        decision_record(
            actor=users["admin"], session=session, candidate=candidates["kabid_b"], decision="ditetapkan_peserta"
        )
    decision_record(
        actor=users["admin"], session=session, candidate=candidates["kabid_a"], decision="ditetapkan_peserta"
    )
    # A second A candidate would exceed the quota of 1.
    RoundCandidate.objects.filter(pk=candidates["kabid_b"].pk).update(category="A")
    candidates["kabid_b"].refresh_from_db()
    with pytest.raises(ServiceError, match="Kuota 1 peserta"):
        decision_record(
            actor=users["admin"], session=session, candidate=candidates["kabid_b"], decision="ditetapkan_peserta"
        )


def test_decisions_are_saved_all_or_none(users, sitting) -> None:
    _round, _team, session, candidates, _members = sitting
    rows = [(candidates["kabid_a"], "lulus_administrasi", ""), (candidates["kabid_b"], "ditetapkan_peserta", "")]
    with pytest.raises(ServiceError, match=r"Tidak ada keputusan yang disimpan: .*berkategori C"):
        decisions_record(actor=users["admin"], session=session, rows=rows)
    assert SessionDecision.objects.count() == 0
    rows[1] = (candidates["kabid_b"], "tidak_memenuhi", "SKP kurang")
    assert decisions_record(actor=users["admin"], session=session, rows=rows) == 2
    assert {d.decision for d in selectors.latest_decisions(session.round)} == {"lulus_administrasi", "tidak_memenuhi"}


def test_the_latest_session_decides(users, sitting) -> None:
    selection_round, team, session, candidates, members = sitting
    decision_record(actor=users["admin"], session=session, candidate=candidates["kabid_a"], decision="ikut_tes")
    later = session_record(
        actor=users["admin"],
        team=team,
        selection_round=selection_round,
        held_on=HELD_ON + dt.timedelta(days=14),
        agenda="Hasil tes",
        attendees=list(members),
    )
    decision_record(actor=users["admin"], session=later, candidate=candidates["kabid_a"], decision="ditetapkan_peserta")
    assert [d.decision for d in selectors.latest_decisions(selection_round)] == ["ditetapkan_peserta"]


def test_advice_is_due_a_week_after_the_session_and_flagged_when_late(users, sitting) -> None:
    _round, _team, session, _candidates, _members = sitting
    assert session.advice_due == dt.date(2026, 11, 23)
    assert list(selectors.overdue_advice(dt.date(2026, 11, 23))) == []  # the last day is still on time
    assert list(selectors.overdue_advice(dt.date(2026, 11, 24))) == [session]
    advice = document_generate(actor=users["admin"], kind="saran_tspdi", subject=session)
    document_check(actor=users["tspdi"], document=advice)
    assert list(selectors.overdue_advice(dt.date(2026, 11, 24))) == [session]  # initialled is not yet sent
    document_sign(actor=users["pimpinan"], document=advice)
    assert list(selectors.overdue_advice(dt.date(2026, 11, 24))) == []
    with pytest.raises(ServiceError, match="sudah ditandatangani"):
        session_update(actor=users["admin"], session=session, minutes="diubah", test_schedule="")


def test_dashboard_flags_overdue_advice(users, sitting, monkeypatch) -> None:
    client = Client()
    client.force_login(users["tspdi"])
    body = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="overdue-advice"' in body  # held 16-11-2026, due 23-11-2026, today is later
    client.force_login(users["pegawai"])
    assert 'data-testid="overdue-advice"' not in client.get(reverse("core:dashboard")).content.decode()


def test_session_papers_list_the_decisions(users, sitting) -> None:
    _round, _team, session, candidates, _members = sitting
    decision_record(actor=users["admin"], session=session, candidate=candidates["kabid_a"], decision="ikut_tes")
    session_update(
        actor=users["admin"],
        session=session,
        minutes="Dua calon dibahas.",
        test_schedule="Senin, 7 Desember 2026, Aula BKPSDM",
    )
    name = candidates["kabid_a"].employee.full_name
    for kind, expected in (
        ("berita_acara_tspdi", ["BERITA ACARA SIDANG", "Dua calon dibahas.", "Sekda"]),
        ("saran_tspdi", ["Hasil pertimbangan TSPDI 2026", "Yth. Bupati Sukamaju"]),
        ("keputusan_seleksi", ["KEPUTUSAN BUPATI SUKAMAJU", "MEMUTUSKAN:"]),
        ("surat_pemanggilan", ["Senin, 7 Desember 2026, Aula BKPSDM"]),
    ):
        document = document_generate(actor=users["admin"], kind=kind, subject=session)
        docx = open_docx(io.BytesIO(bytes(document.docx)))
        cells = " ".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
        assert name in cells, kind
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(document.pdf))).pages)
        for phrase in [*expected, name]:
            assert phrase in text, (kind, phrase)


def test_tabulation_document_and_spreadsheet(users, sitting) -> None:
    from openpyxl import load_workbook

    selection_round, _team, _session, candidates, _members = sitting
    document = document_generate(actor=users["admin"], kind="tabulasi_seleksi", subject=selection_round)
    reader = PdfReader(io.BytesIO(bytes(document.pdf)))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = reader.pages[0].extract_text()
    assert "TABULASI HASIL SELEKSI" in text and candidates["kabid_a"].employee.nip in text
    assert "Perwali Bima No. 5 Tahun 2018" in text
    # Each requirement a finding cites is printed once with its legal source, under the table.
    cited = {
        "kode": "usia",
        "status": "tidak_memenuhi",
        "keterangan": "usia 57 tahun pada tanggal acuan",
        "dasar": "Peraturan Kepala LAN Nomor 18 Tahun 2015 Pasal 9",
    }
    for name in ("kabid_a", "kabid_b"):
        candidates[name].finding_refs = [*candidates[name].finding_refs, cited]  # a candidate's own finding
        candidates[name].save(update_fields=["finding_refs"])
    again = document_generate(actor=users["admin"], kind="tabulasi_seleksi", subject=selection_round)
    everything = " ".join(pdf.text(bytes(again.pdf)).split())
    assert "usia: usia 57 tahun pada tanggal acuan" in everything
    assert everything.count("usia Peraturan Kepala LAN Nomor 18 Tahun 2015 Pasal 9") == 1
    client = Client()
    client.force_login(users["admin"])
    job, response = exported(client, reverse("selection:tabulation", args=[selection_round.pk]))
    assert job.result["rows"] == 2
    sheet = load_workbook(io.BytesIO(content_of(response)), read_only=True)["Tabulasi"]
    rows = [row for row in sheet.values if row and row[0] in (1, 2)]
    assert [(r[1], r[12]) for r in rows] == [
        (candidates["kabid_a"].employee.nip, "A"),
        (candidates["kabid_b"].employee.nip, "C"),
    ]


def test_session_pages_keep_a_constant_number_of_queries(users, sitting) -> None:
    selection_round, team, session, candidates, members = sitting
    client = Client()
    client.force_login(users["admin"])
    urls = [
        reverse("selection:teams"),
        reverse("selection:team", args=[team.pk]),
        reverse("selection:session", args=[session.pk]),
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    warm(client, *urls)
    before = counts()
    for day in range(1, 4):
        later = session_record(
            actor=users["admin"],
            team=team,
            selection_round=selection_round,
            held_on=HELD_ON + dt.timedelta(days=day),
            agenda="x",
            attendees=list(members),
        )
        decision_record(actor=users["admin"], session=later, candidate=candidates["kabid_a"], decision="ikut_tes")
    decision_record(actor=users["admin"], session=session, candidate=candidates["kabid_b"], decision="tidak_memenuhi")
    team_create(
        actor=users["admin"], name="TSPDI 2027", period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 12, 31)
    )
    assert counts() == before


def test_an_unknown_decision_is_refused_by_name(users, sitting) -> None:
    _round, _team, session, candidates, _members = sitting
    with pytest.raises(ServiceError, match="keputusan 'lulus' tidak dikenal"):
        decision_record(actor=users["admin"], session=session, candidate=candidates["kabid_a"], decision="lulus")
    assert SessionDecision.objects.count() == 0


def _many_candidates(selection_round, tree, count: int) -> None:
    """`count` more candidates of category C, made in bulk (a real round of hundreds)."""
    from bangkom.people.models import Employee

    employees = Employee.objects.bulk_create([
        Employee(nip=f"19800101200501{n:04d}", name=f"Calon Massal {n:04d}", birth_date=dt.date(1980, 1, 1),
                 gender="1", unit=tree.disdik)
        for n in range(count)
    ])  # fmt: skip
    RoundCandidate.objects.bulk_create(
        [
            RoundCandidate(round=selection_round, employee=e, source="staf", reason="uji", category="C")
            for e in employees
        ]
    )


def test_a_session_of_hundreds_decides_a_page_at_a_time_and_by_category_at_once(users, sitting, tree) -> None:
    """120 more candidates: the page shows 50 with constant queries, posts at most 50 decisions (far
    below Django's 1,000-field limit), and one decision reaches every C candidate of every page."""
    selection_round, _team, session, candidates, _members = sitting
    _many_candidates(selection_round, tree, 120)
    client = Client()
    client.force_login(users["admin"])
    url = reverse("selection:session", args=[session.pk])
    client.get(url + "?page=2")  # the log-in's own first-request queries out of the way
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert page.count('name="keputusan_') == 50 and 'data-testid="decision-pages"' in page
    with CaptureQueriesContext(connection) as last:
        client.get(url + "?page=3")
    assert len(first) == len(last)
    filtered = client.get(url + "?kategori=A").content.decode()
    assert filtered.count('name="keputusan_') == 1  # only kabid_a
    # One page's decisions: 2 fields per candidate, 100 + the page's own.
    on_page = RoundCandidate.objects.filter(round=selection_round, category="C").order_by("pk")[:50]
    posted = {f"keputusan_{c.pk}": "tidak_memenuhi" for c in on_page}
    response = client.post(
        reverse("selection:session-decisions", args=[session.pk]), {**posted, "kategori": "C", "page": "1"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?kategori=C&page=1")
    assert session.decisions.count() == 50
    # A participant decision for a C candidate is refused for all of them, and nothing is saved.
    response = client.post(
        reverse("selection:session-decisions-bulk", args=[session.pk]),
        {"keputusan": "ditetapkan_peserta", "kategori": "C"},
        follow=True,
    )
    assert "hanya kategori A atau B" in response.content.decode() and session.decisions.count() == 50
    client.post(
        reverse("selection:session-decisions-bulk", args=[session.pk]),
        {"keputusan": "tidak_memenuhi", "catatan": "Tidak memenuhi syarat administrasi", "kategori": "C"},
    )
    assert session.decisions.filter(decision="tidak_memenuhi").count() == 121  # kabid_b and the 120
    assert session.decisions.filter(candidate=candidates["kabid_a"]).count() == 0


def test_only_those_who_manage_selection_decide_or_record_facts_in_the_services(users, sitting) -> None:
    from bangkom.selection.services import candidate_set_facts

    _round, _team, session, candidates, _members = sitting
    for role in ("operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            decision_record(actor=users[role], session=session, candidate=candidates["kabid_a"], decision="ikut_tes")
        with pytest.raises(ServiceError, match="tidak berwenang"):
            candidate_set_facts(
                actor=users[role],
                candidate=candidates["kabid_a"],
                proposed_by_unit=True,
                baperjakat=True,
                education_conversion=False,
            )
    assert not session.decisions.exists()


def test_decisions_for_many_candidates_cost_the_same_queries_and_respect_the_quota_as_a_whole(
    users, tree, sitting
) -> None:
    """One request decides a page or a whole filter: the queries do not grow with the rows; two
    participants named at once over a quota of one are refused together, saving nothing."""
    from bangkom.people.models import Employee

    selection_round, _team, session, candidates, _members = sitting
    employees = Employee.objects.bulk_create([
        Employee(nip=f"19820303200701{n:04d}", name=f"Calon {n:03d}", birth_date=dt.date(1982, 3, 3), gender="1",
                 unit=tree.disdik)
        for n in range(60)
    ])  # fmt: skip
    many = RoundCandidate.objects.bulk_create(
        [
            RoundCandidate(round=selection_round, employee=e, source="staf", reason="uji", category="C")
            for e in employees
        ]
    )
    many = list(RoundCandidate.objects.filter(pk__in=[c.pk for c in many]).select_related("employee"))
    counts = []
    for chunk in (many[:5], many[5:60]):
        with CaptureQueriesContext(connection) as queries:
            decisions_record(actor=users["admin"], session=session, rows=[(c, "tidak_memenuhi", "") for c in chunk])
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:  # changing them all is an update, not 60 more rows
        assert (
            decisions_record(
                actor=users["admin"], session=session, rows=[(c, "lulus_administrasi", "ulang") for c in many]
            )
            == 60
        )
    assert len(queries) == counts[0]
    assert SessionDecision.objects.filter(session=session, decision="lulus_administrasi").count() == 60
    second_a = many[0]
    RoundCandidate.objects.filter(pk=second_a.pk).update(category="A")
    second_a.refresh_from_db()
    rows = [(candidates["kabid_a"], "ditetapkan_peserta", ""), (second_a, "ditetapkan_peserta", "")]
    with pytest.raises(ServiceError, match=r"Tidak ada keputusan yang disimpan: Kuota 1 peserta sudah terisi\."):
        decisions_record(actor=users["admin"], session=session, rows=rows)
    assert not SessionDecision.objects.filter(decision="ditetapkan_peserta").exists()
    for role in ("operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"):
        with pytest.raises(ServiceError):
            decisions_record(actor=users[role], session=session, rows=rows[:1])


@pytest.mark.parametrize("role", ["operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"])
def test_the_team_services_refuse_whoever_may_not_manage_the_selection(users, workforce, sitting, role) -> None:  # noqa: F811
    selection_round, team, session, _candidates, members = sitting
    actor = users[role]
    with pytest.raises(ServiceError, match="tidak berwenang"):
        team_create(actor=actor, name="TSPDI lain", period_start=HELD_ON, period_end=HELD_ON)
    with pytest.raises(ServiceError, match="tidak berwenang"):
        member_add(actor=actor, team=team, employee=workforce["kabid_b"], position="Anggota", role="anggota")
    with pytest.raises(ServiceError, match="tidak berwenang"):
        session_record(
            actor=actor,
            team=team,
            selection_round=selection_round,
            held_on=HELD_ON,
            agenda="x",
            attendees=list(members),
        )
    with pytest.raises(ServiceError, match="tidak berwenang"):
        session_update(actor=actor, session=session, minutes="diubah", test_schedule="")
    assert (team.members.count(), team.sessions.count()) == (2, 1)
