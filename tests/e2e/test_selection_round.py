"""A selection round in a real browser, each role doing its part (issue #4, first steps)."""

from __future__ import annotations

import pytest

from bangkom.people.models import EnglishTest
from bangkom.people.services import history_add
from bangkom.selection.models import RoundCandidate
from bangkom.selection.tests.test_rounds import official
from tests.e2e.test_registry_flows import log_in, menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCORES = {
    "knowledge_written": "80", "knowledge_interview": "90", "potential_written": "70", "potential_interview": "75",
    "fitness_health": "80", "fitness_communication": "80", "fitness_commitment": "70", "fitness_mental": "70",
    "english_written": "60", "english_interview": "70",
}  # fmt: skip


def test_round_from_inventory_to_ranked_result(page, users, tree) -> None:
    import datetime as dt

    secretary = official(tree.disdik, "197501012001121003", "Sekretaris Dinas", "31", 41)
    history_add(
        actor=None, row=EnglishTest(employee=secretary, kind_id="TOEFL_PBT", score=480, test_date=dt.date(2025, 5, 1))
    )

    # The BKPSDM administrator opens the round and runs the inventory.
    log_in(page, "u_admin")
    menu(page, "Seleksi Diklatpim")
    page.click("text=Buka seleksi")
    page.fill("#id_name", "Seleksi PKN Tingkat II 2027")
    page.select_option("#id_level", "II")
    page.select_option("#id_ruleset_id", "bima-2018")
    page.fill("#id_as_of", "2026-11-23")
    page.fill("#id_quota", "3")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=round-name]")
    page.click("button:has-text('Jalankan penjaringan')")
    page.wait_for_selector("text=Penjaringan: 1 calon ditambahkan.")  # on the job's page
    page.click("[data-testid=job-link]")

    # Records the OPD proposal and the Baperjakat recommendation, and assigns an assessor.
    page.click(f"tr[data-nip='{secretary.nip}'] >> text=Data")
    page.check("#id_proposed_by_unit")
    page.check("#id_baperjakat")
    page.click("button:has-text('Simpan')")
    page.click(f"tr[data-nip='{secretary.nip}'] >> text=Data")
    page.select_option("#id_assessor", label="u_penilai")
    page.click("button:has-text('Tugaskan')")
    page.wait_for_selector("text=Penilai ditugaskan.")
    page.click("button:has-text('Keluar')")

    # The assessor scores their assignment.
    log_in(page, "u_penilai")
    menu(page, "Penilaian saya")
    page.click("text=Isi nilai")
    for field, value in SCORES.items():
        page.fill(f"#id_{field}", value)
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=Nilai disimpan.")
    page.click("button:has-text('Keluar')")

    # The administrator screens: A, rank 1, final score 0.3*85 + 0.3*72.5 + 0.2*75 + 0.2*65 = 25.5 + 21.75 + 15 + 13.
    log_in(page, "u_admin")
    menu(page, "Seleksi Diklatpim")
    page.click("text=Seleksi PKN Tingkat II 2027")
    page.click("button:has-text('Saring calon')")
    page.wait_for_selector("text=1 calon disaring.")
    page.click("[data-testid=job-link]")
    row = page.locator(f"tr[data-nip='{secretary.nip}']")
    assert row.locator("[data-testid=category]").inner_text() == "A"
    assert "Nilai akhir 75.25" in row.inner_text()
    candidate = RoundCandidate.objects.get(employee=secretary)
    assert (candidate.category, candidate.rank, str(candidate.final_score)) == ("A", 1, "75.25")
