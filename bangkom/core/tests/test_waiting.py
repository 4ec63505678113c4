"""Tugas saya: what waits on a person, from every flow's own state through one registry; each item
clears when it is done, and the page costs the same queries with one item or many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bangkom.core.waiting import waiting_count, waiting_for
from bangkom.documents import services as documents
from bangkom.documents.kinds import DocumentKind, register
from bangkom.workflow.services import disposition_complete, disposition_send

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
RUN_ASSESSMENT = "services.run_assessment"  # the flow permission a kabid drafts the JPT letters with
LETTER = register(
    DocumentKind(
        code="uji_tugas",
        name="Surat uji tugas",
        number_format="800/{nomor}/UJI/{tahun}",
        sample={"perihal": ""},
        blocks=(("kop",), ("p", "Perihal: {{ perihal }}"), ("sign", "KEPALA,")),
    )
)


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()


def mine(user) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    return {g.code: [(i.what, i.title) for i in g.items] for g in waiting_for(user, TODAY)}


def draft(actor, title: str, permission: str = "documents.draft_document"):  # type: ignore[no-untyped-def]
    return documents.document_draft(
        actor=actor, kind="uji_tugas", subject=actor, title=title, context={"perihal": title}, permission=permission
    )


def queries_with_one_then_forty_letters(client, url: str, drafter) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    """The page's queries as it is (one letter waiting), then with 39 more letters: (before, after,
    the page after). Each count is taken on a second request, once the cache is warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 40):
        draft(drafter, f"Surat {n}")
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as forty:
        page = client.get(url).content.decode()
    return len(one), len(forty), page


def test_a_kabid_sees_a_letter_to_initial_a_returned_draft_and_a_disposition_until_each_is_done(users) -> None:
    kabid, admin, pimpinan = users["kabid"], users["admin"], users["pimpinan"]
    to_initial = draft(admin, "Undangan rapat koordinasi")
    own = draft(kabid, "Permohonan fasilitasi asesmen", RUN_ASSESSMENT)
    documents.document_check(actor=users["tspdi"], document=own)
    documents.document_return(actor=pimpinan, document=own, note="Lampirkan daftar peserta")
    order = disposition_send(actor=pimpinan, subject=admin, to_role="kabid", instruction="Siapkan telaahan staf")
    assert mine(kabid) == {
        "letters": [
            ("Paraf", "Undangan rapat koordinasi"),
            ("Perbaiki konsep yang dikembalikan", "Permohonan fasilitasi asesmen"),
        ],
        "dispositions": [("Disposisi", "Siapkan telaahan staf")],
    }
    assert waiting_count(kabid, TODAY) == 3
    # Initialled: it now waits on the head's signature, not on the kabid.
    documents.document_check(actor=kabid, document=to_initial)
    assert ("Tanda tangan", "Undangan rapat koordinasi") in mine(pimpinan)["letters"]
    # A new letter of the same kind replaces the returned draft.
    draft(kabid, "Permohonan fasilitasi asesmen", RUN_ASSESSMENT)
    disposition_complete(actor=kabid, disposition=order, response="Telaahan staf terlampir")
    assert mine(kabid) == {}
    cache.clear()
    assert waiting_count(kabid, TODAY) == 0


def test_the_menu_count_is_kept_and_forgotten_when_something_new_arrives(users) -> None:
    kabid = users["kabid"]
    assert waiting_count(kabid, TODAY) == 0
    draft(users["admin"], "Surat pertama")  # kabid is told (a notification), so the count is computed again
    assert waiting_count(kabid, TODAY) == 1
    client = Client()
    client.force_login(kabid)
    page = client.get(reverse("core:waiting")).content.decode()
    assert "Surat pertama" in page and "menunggu 0 hari" in page
    badge = client.get(reverse("core:waiting-count")).content.decode()  # fetched by the menu after the page
    assert 'data-testid="waiting-count"' in badge and ">1</span>" in badge


def test_the_page_costs_the_same_queries_with_one_item_or_forty(users) -> None:
    client = Client()
    client.force_login(users["kabid"])
    url = reverse("core:waiting")
    draft(users["admin"], "Surat 0")
    one, forty, page = queries_with_one_then_forty_letters(client, url, users["admin"])
    assert forty == one and page.count("Surat ") >= 40


def test_nothing_waits_for_someone_without_a_role(users) -> None:
    client = Client()
    client.force_login(users["nobody"])
    page = client.get(reverse("core:waiting"))
    assert page.status_code == 200 and 'data-testid="waiting-empty"' in page.content.decode()


def test_the_heads_home_lists_what_waits_longest_and_costs_the_same_with_one_item_or_forty(users, clock) -> None:
    clock(TODAY - dt.timedelta(days=3))
    draft(users["admin"], "Surat paling lama")
    clock(TODAY)
    client = Client()
    client.force_login(users["kabid"])  # at the clock's time: a session begun earlier would have gone idle
    url = reverse("core:dashboard")
    page = client.get(url).content.decode()
    assert 'data-testid="dashboard-oldest"' in page and "Surat paling lama" in page and "menunggu 3 hari" in page
    one, forty, page = queries_with_one_then_forty_letters(client, url, users["admin"])
    oldest = page[page.index('data-testid="dashboard-oldest"') :]
    # The oldest comes first and only the first six are listed; the rest wait on "Tugas saya".
    assert forty == one and oldest.count("list-group-item-action") == 6
    assert oldest.index("Surat paling lama") < oldest.index("Surat 1")
    assert ">40</span>" in page  # the letters' count on the Tugas saya card


def test_the_home_keeps_what_waits_as_read_says_when_and_reads_again_when_asked_or_told(users, clock) -> None:
    """The home shows "Tugas saya" as read last (with the time, in WIB); a new item put before the
    person (a notification), their own action (any POST) or "Perbarui" reads it again."""
    from bangkom.documents.models import Document

    clock(dt.datetime(2026, 12, 31, 23, 50, tzinfo=dt.UTC))  # 06:50 on 1 January in Jakarta
    kabid, client = users["kabid"], Client()
    client.force_login(kabid)
    url = reverse("core:dashboard")
    draft(users["admin"], "Surat pertama")
    first = client.get(url).content.decode()
    assert "Surat pertama" in first and "Keadaan pukul 06:50 WIB" in first and "?perbarui=1" in first
    with CaptureQueriesContext(connection) as cold:
        client.get(f"{url}?perbarui=1")
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm) < len(cold)  # the sources are not asked again

    # A change no one was told of (a row edited in the database): the home keeps what it read...
    Document.objects.filter(title="Surat pertama").update(title="Surat diubah diam-diam")
    assert "Surat pertama" in client.get(url).content.decode()
    # ...until asked, or until the person acts.
    assert "Surat diubah diam-diam" in client.get(f"{url}?perbarui=1").content.decode()
    Document.objects.filter(title="Surat diubah diam-diam").update(title="Surat kedua kali diubah")
    client.post(reverse("core:waiting-count"))  # any POST of theirs, whatever it answers
    assert "Surat kedua kali diubah" in client.get(url).content.decode()
    # A new item put before them (a notification) is seen at once.
    draft(users["admin"], "Surat baru")
    assert "Surat baru" in client.get(url).content.decode()


def test_the_home_keeps_its_panels_with_what_waits_until_asked_told_or_on_the_next_day(users, clock) -> None:
    """The panels (what is late, the units' figures) are read with "Tugas saya" and kept with it:
    a reload does not ask them again; "Perbarui", the person's own POST, a new day or a change of
    their roles does."""
    from bangkom.core import home

    asked: list[dt.date] = []

    def counting(user, today):  # type: ignore[no-untyped-def]  # shows nothing: only being asked counts
        asked.append(today)

    clock(dt.datetime(2026, 12, 31, 16, 55, tzinfo=dt.UTC))  # 23:55 on 31 December in Jakarta
    client = Client()
    client.force_login(users["kabid"])
    url = reverse("core:dashboard")
    home.register("uji-panel", "core/dashboard.html", counting, order=99)
    try:
        page = client.get(url).content.decode()
        client.get(url)
        assert asked == [dt.date(2026, 12, 31)] and 'data-testid="home-read-at"' in page
        assert "Keadaan pukul 23:55 WIB" in page
        client.get(f"{url}?perbarui=1")
        assert len(asked) == 2
        client.post(reverse("core:waiting-count"))
        client.get(url)
        assert len(asked) == 3
        clock(dt.datetime(2026, 12, 31, 17, 1, tzinfo=dt.UTC))  # 00:01 on 1 January: another day
        client.force_login(users["kabid"])
        client.get(url)
        assert asked[-1] == dt.date(2027, 1, 1) and len(asked) == 4
        # Their roles change (an administrator takes one away elsewhere): what was kept is not shown.
        users["kabid"].groups.clear()
        client.get(url)
        assert len(asked) == 5
    finally:
        home._panels.pop("uji-panel")
