"""Issue 18 in a real browser: a level III round of more than 600 candidates on a 7,000-person demo
registry, worked through the pages a BKPSDM administrator uses — the inventory, a bulk exclusion,
the document check and bulk acceptance, screening as a background job, the TSPDI's decisions for
every candidate a page at a time and by filter, the tabulation and the draft decree."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import load_workbook

from bangkom.accounts.demo import demo_users_ensure
from bangkom.accounts.models import User
from bangkom.core.bulk import bulk_insert_with_history
from bangkom.documents.demo import signing_posts_demo
from bangkom.documents.models import Document
from bangkom.people.demo import generate_workforce
from bangkom.people.models import Employee, Post
from bangkom.people.services import document_add
from bangkom.selection.models import CandidateSource, DocumentCheck, MemberRole, RoundCandidate, SelectionRound
from bangkom.selection.selectors import required_papers
from bangkom.selection.services import member_add, session_record, team_create
from conftest import SAMPLE_PDF
from tests.e2e.test_round_end_to_end import demo_log_in, exported

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AS_OF = dt.date(2026, 11, 23)
ROUND_SIZE = 620
WITH_PAPERS = 12  # candidates whose every paper is in the registry


def _job_done(page, text: str) -> None:
    """The action opened its job's page; wait for the outcome, then follow its link back."""
    page.wait_for_selector("[data-testid=job-status]")
    page.wait_for_selector(f"text={text}")
    page.click("[data-testid=job-link]")


def _decide_this_page(page, decision: str) -> None:
    page.eval_on_selector_all(
        "select[name^=keputusan_]", "(selects, value) => selects.forEach(s => { s.value = value; })", decision
    )
    page.click("button:has-text('Simpan keputusan')")


def test_a_level_iii_round_of_600_candidates_on_the_7000_demo(page, reference, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    generate_workforce(size=7000, today=AS_OF)
    demo_users_ensure()
    signing_posts_demo()
    admin = User.objects.get(username="admin")

    demo_log_in(page, "admin")
    page.goto("/seleksi/baru/")
    page.fill("#id_name", "Seleksi PKA 2027")
    page.select_option("#id_level", "III")
    page.select_option("#id_ruleset_id", "bima-2018")
    page.fill("#id_as_of", AS_OF.isoformat())
    page.fill("#id_quota", "40")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("[data-testid=round-name]")
    round_url = page.url
    assert "PKA (Diklatpim III)" in page.inner_text("body")
    selection_round = SelectionRound.objects.get()
    assert page.inner_text("[data-testid=target-posts]").startswith("Jabatan sasaran: belum dipilih")

    # The posts to fill come from the job map the demo built: every eselon III post.
    page.click("a:has-text('Pilih dari peta jabatan')")
    page.wait_for_selector("[data-testid=target-post-choices]")
    page.eval_on_selector_all(
        "[data-testid=target-post-choices] input", "boxes => boxes.forEach(b => { b.checked = true; })"
    )
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=Jabatan sasaran disimpan.")
    targets = selection_round.target_posts.count()
    assert targets == Post.objects.filter(eselon__code__startswith="III.").count() > 0
    page.click("button:has-text('Jalankan penjaringan')")
    _job_done(page, "calon ditambahkan.")
    inventoried = selection_round.candidates.count()
    assert inventoried > 0
    # The OPDs' proposals bring the round to its size (as operators propose them one by one).
    present = selection_round.candidates.values_list("employee_id", flat=True)
    proposed = Employee.objects.exclude(pk__in=present).order_by("nip")[: ROUND_SIZE - inventoried]
    with transaction.atomic():
        bulk_insert_with_history(RoundCandidate, [
            RoundCandidate(round=selection_round, employee=e, source=CandidateSource.UNIT, proposed_by_unit=True,
                           reason="Usul OPD")
            for e in proposed
        ], user=admin, reason="Usul OPD")  # fmt: skip
    papered = list(selection_round.candidates.order_by("employee__nip").select_related("employee")[:WITH_PAPERS])
    for candidate in papered:
        for kind in required_papers(selection_round):
            document_add(
                actor=admin,
                employee=candidate.employee,
                kind=kind,
                upload=SimpleUploadedFile(f"{kind}.pdf", SAMPLE_PDF),
            )

    page.goto(round_url)
    assert page.inner_text("[data-testid=candidate-count]") == f"{ROUND_SIZE} calon"
    assert page.locator("input[name=pilih]").count() == 50  # a page of 50, however large the round
    assert "1 / 13" in page.inner_text("[data-testid=candidate-pages]")

    # Three ticked candidates out with one reason.
    ticked = page.locator("input[name=pilih]")
    excluded = [ticked.nth(n).get_attribute("value") for n in (47, 48, 49)]
    for n in (47, 48, 49):
        ticked.nth(n).check()
    page.fill("#bulk-reason", "Mutasi ke instansi lain")
    page.click("[data-testid=bulk-exclude] button:has-text('Keluarkan')")
    page.wait_for_selector("text=3 calon dikeluarkan.")
    assert set(RoundCandidate.objects.filter(included=False).values_list("pk", flat=True)) == {
        int(pk) for pk in excluded
    }
    included = ROUND_SIZE - 3

    # The papers: matched from the registry in the background, then the ones found accepted at once.
    page.click("button:has-text('Periksa dokumen')")
    _job_done(page, "Dokumen diperiksa:")
    papers = len(required_papers(selection_round))
    assert DocumentCheck.objects.filter(candidate__round=selection_round).count() == included * papers
    page.check("#bulk-all")
    page.click("[data-testid=bulk-accept-papers]")
    found = sum(1 for c in papered if c.included and str(c.pk) not in excluded) * papers
    page.wait_for_selector(f"text={found} dokumen diterima.")

    # Screening as a job: the progress page, then the round again.
    page.click("button:has-text('Saring calon')")
    _job_done(page, f"{included} calon disaring.")
    page.wait_for_selector("[data-testid=round-name]")
    unpapered = (
        RoundCandidate.objects.filter(round=selection_round, included=True)
        .exclude(pk__in=[c.pk for c in papered])
        .first()
    )
    assert any(f["kode"] == "BERKAS" and f["status"] == "tidak_memenuhi" for f in unpapered.findings)
    page.select_option("#filter-category", "C")
    page.click("button:has-text('Tampilkan')")
    c_count = RoundCandidate.objects.filter(round=selection_round, included=True, category="C").count()
    assert page.inner_text("[data-testid=candidate-count]") == f"{c_count} calon"

    # The TSPDI sits; every candidate gets a decision: two pages by hand, the rest by filter.
    today = AS_OF
    team = team_create(
        actor=admin,
        name="TSPDI Kabupaten",
        period_start=today - dt.timedelta(days=30),
        period_end=today + dt.timedelta(days=300),
    )
    chair = member_add(
        actor=admin,
        team=team,
        employee=Employee.objects.order_by("nip").first(),
        position="Sekretaris Daerah",
        role=MemberRole.CHAIR,
    )
    session = session_record(
        actor=admin,
        team=team,
        selection_round=selection_round,
        held_on=today,
        agenda="Penetapan hasil seleksi administrasi",
        attendees=[chair],
    )
    page.goto(f"/seleksi/sidang/{session.pk}/")
    _decide_this_page(page, "tidak_memenuhi")
    page.wait_for_selector("text=50 keputusan disimpan.")
    page.click("[data-testid=next-page]")
    _decide_this_page(page, "tidak_memenuhi")
    page.wait_for_selector("text=50 keputusan disimpan.")
    page.select_option("#bulk-keputusan", "tidak_memenuhi")
    page.click("[data-testid=bulk-decision] button[type=submit]")
    page.wait_for_selector("text=keputusan disimpan.")
    decided = session.decisions.count()
    assert decided == included  # every included candidate decided once; the excluded ones not at all

    # The tabulation lists every included candidate; the draft decree names every decided one.
    page.goto(round_url)
    rows = list(
        load_workbook(io.BytesIO(exported(page, "[data-testid=tabulation-xlsx]")), read_only=True).active.values
    )
    listed = {str(row[1]) for row in rows if len(row) > 1}
    nips = set(
        RoundCandidate.objects.filter(round=selection_round, included=True).values_list("employee__nip", flat=True)
    )
    assert len(nips) == included and nips <= listed
    assert not listed & set(RoundCandidate.objects.filter(included=False).values_list("employee__nip", flat=True))
    page.goto(f"/seleksi/sidang/{session.pk}/")
    page.click("button[data-kind=keputusan_seleksi]")
    _job_done(page, "Konsep dokumen disusun.")
    page.wait_for_selector("[data-testid=document-status]")
    decree = Document.objects.get(kind="keputusan_seleksi")
    assert len(decree.context["tidak_memenuhi"]) == decided
