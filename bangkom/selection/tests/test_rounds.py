"""Selection rounds: opening with a rule-set copy, status moves, inventory, candidates, screening."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from bangkom.core.errors import ServiceError
from bangkom.people.models import EducationHistory, PositionHistory, RankHistory, SkpRecord, TrainingRecord
from bangkom.people.services import history_add
from bangkom.rules import loader
from bangkom.selection.models import CandidateSource, RoundCandidate, RoundStatus
from bangkom.selection.services import (
    candidate_add,
    candidate_exclude,
    candidate_set_facts,
    inventory_apply,
    round_move,
    round_open,
    round_ruleset,
    round_screen,
)
from conftest import make_employee

AS_OF = dt.date(2026, 11, 23)


def official(unit, nip: str, name: str, eselon: str | None, golongan: int, *, pim: int | None = None):
    employee = make_employee(unit, nip, name)
    kind = {"2": "jpt", "3": "administrator", "4": "pengawas"}.get((eselon or "9")[0], "pelaksana")
    rows = [
        RankHistory(employee=employee, golongan_id=golongan, tmt=dt.date(2020, 4, 1)),
        PositionHistory(
            employee=employee, name=f"Jabatan {name}", kind_id=kind, eselon_id=eselon, tmt=dt.date(2019, 1, 2)
        ),
        EducationHistory(employee=employee, level_id="40", graduation_year=2000),
        SkpRecord(employee=employee, year=AS_OF.year - 1, rating_id=2),
    ]
    if pim:
        rows.append(TrainingRecord(employee=employee, name="Diklatpim", kind_id=1, structural_level_id=pim,
                                   start_date=dt.date(2015, 1, 5), end_date=dt.date(2015, 3, 5), jp_hours=285))  # fmt: skip
    for row in rows:
        history_add(actor=None, row=row)
    return employee


@pytest.fixture
def workforce(tree):
    return {
        "head_untrained": official(tree.disdik, "197201012000031001", "Kepala Dinas", "22", 43),  # BUP 60 in 2032
        "head_trained": official(tree.dinkes, "197101012000031002", "Kepala Dinkes", "22", 43, pim=4),
        "kabid_a": official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41),
        "kabid_b": official(tree.disdik, "197601012001121004", "Kepala Bidang", "32", 34),
        "staff": official(tree.school, "198001012005011005", "Pelaksana", None, 33),
    }


def open_round(users, level: str = "II", ruleset: str = "bima-2018"):
    return round_open(
        actor=users["admin"], name="Seleksi PKN II 2027", level=level, ruleset_id=ruleset, as_of=AS_OF, quota=5
    )


def test_opening_keeps_a_copy_of_the_rule_set(users, tmp_path, monkeypatch) -> None:
    selection_round = open_round(users)
    assert selection_round.status == RoundStatus.DRAFT and selection_round.status_changes.count() == 1
    # The shipped file changes afterwards: the round still uses the copy it was opened with.
    changed = json.loads((loader.RULESET_DIR / "bima-2018.json").read_text())
    changed["levels"]["II"]["requirements"][0]["min"] = "IV/c"
    (tmp_path / "bima-2018.json").write_text(json.dumps(changed))
    monkeypatch.setattr(loader, "RULESET_DIR", tmp_path)
    assert loader.load_ruleset("bima-2018").levels["II"].requirements[0].params["min"] == "IV/c"
    assert round_ruleset(selection_round).levels["II"].requirements[0].params["min"] == "IV/a"


def test_opening_refuses_a_level_or_rule_set_that_does_not_exist(users) -> None:
    with pytest.raises(ValidationError) as error:
        open_round(users, level="III", ruleset="bekasi-diklatpim-ii")
    assert "tingkat III" in str(error.value.message_dict["level"])
    with pytest.raises(ValidationError) as error:
        open_round(users, ruleset="surabaya-2020")
    assert "tidak ditemukan" in str(error.value.message_dict["ruleset_id"])


def test_status_moves_follow_the_map_and_leave_a_history(users) -> None:
    selection_round = open_round(users)
    round_move(actor=users["admin"], selection_round=selection_round, to=RoundStatus.INVENTORY)
    with pytest.raises(ServiceError, match="tidak dapat menjadi Ditutup"):
        round_move(actor=users["admin"], selection_round=selection_round, to=RoundStatus.CLOSED)
    round_move(actor=users["admin"], selection_round=selection_round, to=RoundStatus.SCREENING)
    round_move(actor=users["admin"], selection_round=selection_round, to=RoundStatus.CLOSED, reason="Selesai")
    history = list(selection_round.status_changes.values_list("from_status", "to_status", "note"))
    assert history == [
        ("", "draft", "Seleksi dibuka"),
        ("draft", "penjaringan", ""),
        ("penjaringan", "seleksi_administrasi", ""),
        ("seleksi_administrasi", "ditutup", "Selesai"),
    ]
    with pytest.raises(ServiceError, match="tidak dapat diubah lagi"):
        inventory_apply(actor=users["admin"], selection_round=selection_round)


def test_inventory_proposes_untrained_officials_and_the_feeder_post(users, workforce) -> None:
    selection_round = open_round(users)
    assert inventory_apply(actor=users["admin"], selection_round=selection_round) == 2
    proposed = dict(selection_round.candidates.values_list("employee__name", "source"))
    assert proposed == {"Kepala Dinas": CandidateSource.IN_POST, "Sekretaris Dinas": CandidateSource.FEEDER}
    assert inventory_apply(actor=users["admin"], selection_round=selection_round) == 0  # nothing twice
    level_four = open_round(users, level="IV")
    inventory_apply(actor=users["admin"], selection_round=level_four)
    assert set(level_four.candidates.values_list("employee__name", flat=True)) == {"Pelaksana"}  # III/c >= III/b


def test_screening_stores_the_engine_verdict(users, workforce) -> None:
    selection_round = open_round(users)
    inventory_apply(actor=users["admin"], selection_round=selection_round)
    kabid = candidate_add(
        actor=users["admin"], selection_round=selection_round, employee=workforce["kabid_b"], reason="Usul kepala dinas"
    )
    with pytest.raises(ValidationError):
        candidate_add(actor=users["admin"], selection_round=selection_round, employee=workforce["staff"], reason=" ")
    head = RoundCandidate.objects.get(round=selection_round, employee=workforce["head_untrained"])
    candidate_set_facts(
        actor=users["admin"], candidate=head, proposed_by_unit=True, baperjakat=False, education_conversion=False
    )
    candidate_exclude(actor=users["admin"], candidate=kabid, reason="Belum memenuhi masa jabatan")
    assert round_screen(actor=users["admin"], selection_round=selection_round) == 2
    head.refresh_from_db()
    kabid.refresh_from_db()
    assert (head.group, head.category, head.rank, head.final_score) == ("menjabat", "A", 1, None)
    assert [f["kode"] for f in head.findings] == ["GOLONGAN", "JABATAN", "PENDIDIKAN", "USIA_BUP", "SKP", "USUL_OPD"]
    feeder = RoundCandidate.objects.get(round=selection_round, employee=workforce["kabid_a"])
    assert feeder.group == "seleksi" and feeder.category == "C"  # not proposed, no recommendation, no scores
    assert {f["kode"] for f in feeder.findings if f["status"] == "tidak_memenuhi"} >= {
        "USUL_OPD",
        "BAPERJAKAT",
        "NILAI",
    }
    assert (kabid.category, kabid.findings) == ("", [])  # excluded: not screened
    assert kabid.history.first().history_user == users["admin"]
    with pytest.raises(ValidationError):
        candidate_set_facts(
            actor=users["admin"], candidate=head, proposed_by_unit=True, baperjakat=True, education_conversion=True
        )


def test_a_round_of_hundreds_pages_filters_searches_and_excludes_in_bulk(users, workforce, tree) -> None:
    """150 more candidates: 50 to a page with the same queries on every page; search by NIP prefix or
    name; a category filter; ticked candidates or every filtered one excluded with one reason."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bangkom.people.models import Employee

    selection_round = open_round(users)
    inventory_apply(actor=users["admin"], selection_round=selection_round)
    employees = Employee.objects.bulk_create([
        Employee(nip=f"19810202200601{n:04d}", name=f"Calon Massal {n:03d}", birth_date=dt.date(1981, 2, 2),
                 gender="1", unit=tree.disdik)
        for n in range(150)
    ])  # fmt: skip
    RoundCandidate.objects.bulk_create(
        [
            RoundCandidate(
                round=selection_round, employee=e, source="staf", reason="uji", category="C" if n % 3 else "A"
            )
            for n, e in enumerate(employees)
        ]
    )
    client = Client()
    client.force_login(users["admin"])
    url = f"/seleksi/{selection_round.pk}/"
    client.get(url + "?page=2")
    counts = []
    for page in (1, 2, 4):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(f"{url}?page={page}").content.decode()
        counts.append(len(queries))
        assert body.count('name="pilih"') == (2 if page == 4 else 50)  # 152 candidates: 50, 50, 50, 2
    assert counts[0] == counts[1] == counts[2]
    found = client.get(url + "?q=198102022006010042").content.decode()
    assert "Calon Massal 042" in found and "Calon Massal 043" not in found
    assert "50 calon" in client.get(url + "?kategori=A").content.decode()  # every third of 150
    assert "Calon Massal 007" in client.get(url + "?q=massal+007").content.decode()
    # Ticked on the page: three candidates out, each with the reason on record.
    ticked = [
        str(pk)
        for pk in RoundCandidate.objects.filter(round=selection_round, category="A")
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    ]
    response = client.post(f"{url}calon/keluarkan/", {"pilih": ticked, "reason": "Masa kerja belum cukup"})
    assert response.status_code == 302
    assert RoundCandidate.objects.filter(pk__in=ticked, included=False, reason="Masa kerja belum cukup").count() == 3
    # No reason: nothing excluded.
    client.post(f"{url}calon/keluarkan/", {"semua": "1", "kategori": "C", "reason": " "})
    assert RoundCandidate.objects.filter(round=selection_round, category="C", included=False).count() == 0
    # Every candidate the filter shows, on every page.
    client.post(f"{url}calon/keluarkan/", {"semua": "1", "kategori": "C", "reason": "Kategori C"})
    assert RoundCandidate.objects.filter(round=selection_round, category="C", included=True).count() == 0
    assert RoundCandidate.objects.filter(round=selection_round, category="C").count() == 100
    with pytest.raises(ServiceError, match="tidak berwenang"):
        candidate_exclude(
            actor=users["operator"],
            candidate=RoundCandidate.objects.filter(round=selection_round, included=True).first(),
            reason="x",
        )


def test_bekasi_requirement_5_reads_the_passed_selection_recorded_on_the_candidate(users, workforce) -> None:
    selection_round = open_round(users, ruleset="bekasi-diklatpim-ii")
    feeder = candidate_add(
        actor=users["admin"], selection_round=selection_round, employee=workforce["kabid_a"], reason="eselon III.a"
    )

    def requirement_5() -> str:
        round_screen(actor=users["admin"], selection_round=selection_round)
        feeder.refresh_from_db()
        return next(f["status"] for f in feeder.findings if f["kode"] == "LULUS_SELEKSI")

    assert requirement_5() == "tidak_memenuhi"
    candidate_set_facts(
        actor=users["admin"],
        candidate=feeder,
        proposed_by_unit=False,
        baperjakat=True,
        education_conversion=False,
        selection_passed=True,
    )
    assert requirement_5() == "memenuhi"
    client_page = __import__("django.test", fromlist=["Client"]).Client()
    client_page.force_login(users["admin"])
    page = client_page.get(f"/seleksi/{selection_round.pk}/calon/{feeder.pk}/data/").content.decode()
    tag = next(t for t in page.split("<input") if 'name="selection_passed"' in t).split(">")[0]
    assert "checked" in tag


def test_the_round_page_filters_by_unit_requirement_and_papers_and_acts_on_the_filter(users, workforce, tree) -> None:
    """30 school staff proposed beside the inventory: the unit filter takes a unit and those under
    it; after screening with checked papers every candidate misses BERKAS; the paper filter tells
    complete from missing; the bulk exclusion with "semua" takes exactly what the filters show."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bangkom.selection.models import CheckStatus, DocumentCheck
    from bangkom.selection.services import checklist_refresh

    selection_round, _staff = round_with_school_staff(users, tree)
    checklist_refresh(actor=users["admin"], selection_round=selection_round)
    head = RoundCandidate.objects.get(round=selection_round, employee=workforce["head_untrained"])
    DocumentCheck.objects.filter(candidate=head).update(status=CheckStatus.VERIFIED)
    round_screen(actor=users["admin"], selection_round=selection_round)
    head.refresh_from_db()
    assert " BERKAS " not in head.unmet and " NILAI " not in head.unmet  # in post: no scores asked
    client = Client()
    client.force_login(users["admin"])
    url = f"/seleksi/{selection_round.pk}/"

    def count(query: str) -> int:
        page = client.get(f"{url}?{query}").content.decode()
        return int(page.split('data-testid="candidate-count">')[1].split(" calon")[0])

    assert count("") == 32
    assert count(f"unit={tree.school.pk}") == 30
    assert count(f"unit={tree.disdik.pk}") == 32  # Disdik and the school under it
    assert count(f"unit={tree.dinkes.pk}") == 0
    assert count("syarat=BERKAS") == 31 and count("syarat=NILAI") == 31  # all but the head in post
    assert count("berkas=lengkap") == 1 and count("berkas=belum_ada") == 31 and count("berkas=ditolak") == 0
    assert count("syarat=NOT%20A%20CODE") == 32  # an unusable value is ignored, never an error
    client.get(url)
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    with CaptureQueriesContext(connection) as filtered:
        client.get(f"{url}?unit={tree.school.pk}&syarat=BERKAS&berkas=belum_ada&kategori=C&q=staf")
    assert len(filtered) == len(plain) + 1  # the unit's path, read once
    response = client.post(
        f"{url}calon/keluarkan/",
        {"semua": "1", "unit": str(tree.school.pk), "syarat": "NILAI", "reason": "Bukan jabatan pengumpan"},
    )
    assert f"unit={tree.school.pk}" in response["Location"] and "syarat=NILAI" in response["Location"]
    assert RoundCandidate.objects.filter(round=selection_round, included=False).count() == 30
    assert RoundCandidate.objects.get(pk=head.pk).included


def test_shared_findings_are_kept_once_and_read_back_in_full(users, workforce, tree) -> None:
    """Thirty staff with the same facts share every finding: the round keeps each once and the
    candidates refer to it by number; read back, every candidate's findings are the engine's, in its
    order, for a page in one query. Screening again after a change keeps the numbers right; a row
    written before the numbers (findings in full) reads as it was."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkom.selection.models import RoundFinding, findings_expand
    from bangkom.selection.screening_output import result_dict
    from bangkom.selection.selectors import round_results, round_ruleset

    selection_round, staff = round_with_school_staff(users, tree)

    def engine_findings() -> dict[str, list[dict[str, str]]]:
        results = round_results(selection_round, round_ruleset(selection_round))
        return {r.candidate.nip: result_dict(r)["syarat"] for r in results}

    round_screen(actor=users["admin"], selection_round=selection_round)
    candidates = list(RoundCandidate.objects.filter(round=selection_round).select_related("employee"))
    assert len(candidates) == 32
    staff_refs = {json.dumps(c.finding_refs) for c in candidates if c.employee.name.startswith("Staf")}
    assert len(staff_refs) == 1 and all(isinstance(ref, int) for ref in json.loads(staff_refs.pop()))
    shared = RoundFinding.objects.filter(round=selection_round).count()
    written = sum(len(c.finding_refs) for c in candidates)
    assert 0 < shared < written / 10  # 30 alike: far fewer kept than referred to
    with CaptureQueriesContext(connection) as queries:
        findings_expand(candidates)
        shown = {c.employee.nip: c.findings for c in candidates}
    assert len(queries) == 1
    assert shown == engine_findings()
    assert "Tidak diusulkan oleh OPD/unit kerja." in {f["keterangan"] for f in shown[staff[0].nip]}

    # The head is no longer proposed: screening again renumbers; every candidate still reads its own.
    head = RoundCandidate.objects.get(round=selection_round, employee=workforce["head_untrained"])
    candidate_set_facts(
        actor=users["admin"], candidate=head, proposed_by_unit=True, baperjakat=False, education_conversion=False
    )
    round_screen(actor=users["admin"], selection_round=selection_round)
    head.refresh_from_db()
    assert head.category == "A"
    again = list(RoundCandidate.objects.filter(round=selection_round).select_related("employee"))
    findings_expand(again)
    assert {c.employee.nip: c.findings for c in again} == engine_findings()

    # A row from before the numbers: its findings written out in full are read as they are.
    written_out = [{"kode": "SKP", "status": "memenuhi", "keterangan": "Predikat SKP Baik.", "dasar": "Pasal 20"}]
    RoundCandidate.objects.filter(pk=head.pk).update(finding_refs=written_out)
    head.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        assert head.findings == written_out and head.verdict == "A"
    assert len(queries) == 0


def round_with_school_staff(users, tree):  # type: ignore[no-untyped-def]
    """A level III round with its inventory and 30 school staff of the same facts, proposed by the unit."""
    from bangkom.people.models import Employee

    selection_round = open_round(users)
    inventory_apply(actor=users["admin"], selection_round=selection_round)
    staff = Employee.objects.bulk_create([
        Employee(nip=f"19830303200801{n:04d}", name=f"Staf Sekolah {n:02d}", birth_date=dt.date(1983, 3, 3),
                 gender="1", unit=tree.school)
        for n in range(30)
    ])  # fmt: skip
    RoundCandidate.objects.bulk_create(
        [RoundCandidate(round=selection_round, employee=e, source="usulan_unit", reason="usul") for e in staff]
    )
    return selection_round, staff
