"""Issue 22 in a real browser: a head of division (kabid) finds in "Tugas saya" a letter to initial,
their own draft the head returned and a disposition; each clears when it is done, and the count in
the menu follows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bangkom.desk import services as desk
from bangkom.desk.tests import flow
from bangkom.documents import services as documents
from bangkom.workflow.services import disposition_send
from tests.e2e.test_registry_flows import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(TODAY)


def count_in_menu(page) -> str:
    """The menu's count, once htmx has fetched it (the placeholder is replaced by a badge or nothing)."""
    page.wait_for_selector("[data-testid=waiting-link] [hx-get]", state="detached")
    badge = page.locator("[data-testid=waiting-count]")
    return badge.inner_text() if badge.count() else "0"


def test_a_kabid_clears_a_letter_to_initial_a_returned_draft_and_a_disposition(page, users, people) -> None:
    kabid, admin, head = users["kabid"], users["admin"], users["pimpinan"]
    first = flow.to_step_5(users, [people.teacher])
    own = desk.letter_draft(actor=kabid, assessment=first, kind=desk.FACILITATION_LETTER)
    documents.document_return(actor=head, document=own, note="Sebutkan jumlah peserta")
    second = flow.to_step_5(users, [people.nurse])
    desk.letter_draft(actor=admin, assessment=second, kind=desk.FACILITATION_LETTER)  # waits on a paraf
    disposition_send(actor=head, subject=first, to_role="kabid", instruction="Laporkan kesiapan asesmen")

    page.set_viewport_size({"width": 1280, "height": 720})
    log_in(page, "u_kabid")
    page.wait_for_selector("[data-testid=waiting-link]")
    assert count_in_menu(page) == "3"
    page.click("[data-testid=waiting-link]")
    letters = page.locator("[data-testid=waiting-letters] a")
    assert sorted(item.split(" · ")[0] for item in letters.all_inner_texts()) == [
        "Paraf",
        "Perbaiki konsep yang dikembalikan",
    ]
    assert (
        page.locator("[data-testid=waiting-dispositions] a")
        .all_inner_texts()[0]
        .startswith("Disposisi · Laporkan kesiapan asesmen")
    )

    # The letter to initial: initialled from its page, it leaves the list.
    page.click("[data-testid=waiting-letters] a:has-text('Paraf')")
    page.click("button:has-text('Paraf')")
    page.wait_for_selector(".alert-success")
    page.click("[data-testid=waiting-link]")
    assert page.locator("[data-testid=waiting-letters] a").count() == 1
    assert count_in_menu(page) == "2"

    # The returned draft: a new letter of its kind, from the assessment's page.
    page.goto(f"/layanan/asesmen/{first.pk}/")
    page.select_option("[data-testid=letter-form] select", desk.FACILITATION_LETTER)
    page.click("[data-testid=draft-letter]")
    page.wait_for_selector("[data-testid=download-pdf]")
    page.click("[data-testid=waiting-link]")
    assert page.locator("[data-testid=waiting-letters]").count() == 0
    assert count_in_menu(page) == "1"

    # A disposition: carried out with a response.
    page.click("[data-testid=waiting-dispositions] a")
    page.locator("[data-testid=complete-form] [name=response]").fill("Peserta dan jadwal sudah disiapkan")
    page.click("[data-testid=complete]")
    page.wait_for_selector("text=Disposisi ditindaklanjuti.")
    page.click("[data-testid=waiting-link]")
    page.wait_for_selector("[data-testid=waiting-empty]")
    assert count_in_menu(page) == "0"
