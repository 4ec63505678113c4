"""The document engine: every registered kind renders to a DOCX and a PDF that open, numbering per
kind and year, the drafted → paraf → signed record, and template uploads that are checked."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as open_docx
from pypdf import PdfReader

from bangkom.core.errors import ServiceError
from bangkom.documents import services
from bangkom.documents.kinds import COMMON_SAMPLE, KINDS, DocumentKind, build_template, indonesian_date, register
from bangkom.documents.models import Document, DocumentStatus, DocumentTemplate, NumberSequence
from bangkom.documents.render import docx_to_pdf, render_docx, template_placeholders
from conftest import shown_panel

pytestmark = pytest.mark.django_db

LETTER = register(
    DocumentKind(
        code="uji_surat",
        name="Surat uji",
        number_format="800/{nomor}/UJI/{bulan}/{tahun}",
        sample={"perihal": "", "orang": [{"nama": ""}]},
        blocks=(
            ("kop",),
            ("title", "SURAT UJI"),
            ("center", "Nomor: {{ nomor }}"),
            ("p", "Perihal: {{ perihal }}"),
            ("table", ("Nama",), "o in orang", ("{{ o.nama }}",), (10,)),
            ("sign", "KEPALA,"),
        ),
    )
)
CONTENT = {"perihal": "Uji & coba <pertama>", "orang": [{"nama": "Ani"}, {"nama": "Budi"}], "penandatangan": "Cici"}


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def docx_text(content: bytes) -> str:
    document = open_docx(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("code", sorted(KINDS))
def test_every_registered_kind_renders_with_its_sample(code: str) -> None:
    """Each built-in template uses only the placeholders its kind fills, and both files open."""
    kind = KINDS[code]
    template = kind.default_template()
    assert template_placeholders(template) <= set(COMMON_SAMPLE) | set(kind.sample)
    sample = services.declared_context(kind)
    docx = render_docx(template, sample, declared=sample)
    assert open_docx(io.BytesIO(docx)).paragraphs
    pages, _text = pdf_text(docx_to_pdf(docx))
    assert pages >= 1


def test_landscape_template_gives_a_landscape_pdf() -> None:
    docx = render_docx(build_template((("p", "x"),), landscape=True), {})
    page = PdfReader(io.BytesIO(docx_to_pdf(docx))).pages[0]
    assert page.mediabox.width > page.mediabox.height


def test_table_rows_repeat_and_text_is_escaped(users) -> None:
    document = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    text = docx_text(bytes(document.docx))
    assert "Perihal: Uji & coba <pertama>" in text
    assert "Ani" in text and "Budi" in text and "{%" not in text
    pages, pdf = pdf_text(bytes(document.pdf))
    assert pages == 1
    assert "Uji & coba <pertama>" in pdf and "Budi" in pdf and "Nomor: …" in pdf and "(belum ditandatangani)" in pdf


def test_long_table_flows_over_several_pages(users) -> None:
    many = {**CONTENT, "orang": [{"nama": f"Pegawai {i}"} for i in range(120)]}
    document = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="U", context=many
    )
    pages, text = pdf_text(bytes(document.pdf))
    assert pages >= 3
    assert "Pegawai 119" in text and "Halaman 3" in text


def _signed(users, when: dt.datetime | None = None) -> Document:
    document = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    services.document_check(actor=users["tspdi"], document=document, note="ok")
    with mock.patch("django.utils.timezone.now", return_value=when or timezone.now()):
        return services.document_sign(actor=users["pimpinan"], document=document)


def test_signing_numbers_per_kind_and_year_and_rerenders(users) -> None:
    march = timezone.make_aware(dt.datetime(2026, 3, 10, 9))
    first, second = _signed(users, march), _signed(users, march)
    assert (first.number, second.number) == ("800/1/UJI/III/2026", "800/2/UJI/III/2026")
    next_year = _signed(users, timezone.make_aware(dt.datetime(2027, 1, 4, 9)))
    assert next_year.number == "800/1/UJI/I/2027"  # the sequence restarts each year
    assert NumberSequence.objects.get(series="instansi", year=2026).last_number == 2
    _pages, text = pdf_text(bytes(first.pdf))
    assert "Nomor: 800/1/UJI/III/2026" in text and "ttd." in text and "10 Maret 2026" in text
    assert first.status == DocumentStatus.SIGNED and first.signed_by == users["pimpinan"]
    history = [(c.from_status, c.to_status, c.changed_by.username) for c in first.status_changes.order_by("id")]
    assert history == [
        ("", "konsep", "u_admin"),
        ("konsep", "diparaf", "u_tspdi"),
        ("diparaf", "ditandatangani", "u_pimpinan"),
    ]


def test_numbers_never_repeat(users) -> None:
    numbers = [_signed(users).number for _ in range(5)]
    assert len(set(numbers)) == 5
    signed = Document.objects.filter(kind="uji_surat", sequence__isnull=False)
    assert sorted(signed.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5]


def test_nobody_checks_or_signs_their_own_draft(users) -> None:
    # Drafted by the head through a flow whose permission the head holds (here: signing itself).
    document = services.document_draft(
        actor=users["pimpinan"],
        kind="uji_surat",
        subject=users["admin"],
        title="Uji",
        context=CONTENT,
        permission="documents.sign_document",
    )
    with pytest.raises(ServiceError, match="orang lain"):
        services.document_check(actor=users["pimpinan"], document=document)
    services.document_check(actor=users["tspdi"], document=document)
    with pytest.raises(ServiceError, match="orang lain"):
        services.document_sign(actor=users["pimpinan"], document=document)
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.document_sign(actor=users["tspdi"], document=document)  # initials, may not sign


def test_signing_a_draft_that_was_not_initialled_is_refused(users) -> None:
    document = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    with pytest.raises(ServiceError, match="tidak dapat menjadi Ditandatangani"):
        services.document_sign(actor=users["pimpinan"], document=document)
    assert NumberSequence.objects.count() == 0


def test_return_needs_a_note_and_redraft_starts_over(users) -> None:
    document = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    with pytest.raises(ServiceError, match="catatan"):
        services.document_return(actor=users["tspdi"], document=document, note=" ")
    services.document_return(actor=users["tspdi"], document=document, note="Perbaiki perihal")
    with pytest.raises(ServiceError):
        services.document_check(actor=users["pimpinan"], document=document)
    document = services.document_redraft(actor=users["admin"], document=document)
    assert document.status == DocumentStatus.DRAFT
    assert [c.note for c in document.status_changes.all()][-2:] == ["Perbaiki perihal", "Diperbaiki"]


def test_a_new_template_version_is_used_by_new_drafts_only(users) -> None:
    old = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="U", context=CONTENT
    )
    edited = build_template((("title", "SURAT UJI VERSI BARU {{ perihal }}"), ("sign", "KEPALA,")))
    template = services.template_upload(
        actor=users["admin"], kind="uji_surat", content=edited, number_format="UJI-{nomor}/{tahun}", note="baru"
    )
    assert template.version == 2
    new = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="U", context=CONTENT
    )
    assert "VERSI BARU" in docx_text(bytes(new.docx)) and "VERSI BARU" not in docx_text(bytes(old.docx))
    assert old.template.version == 1


@pytest.mark.parametrize(
    ("content", "number_format", "message"),
    [
        (b"bukan docx", "{nomor}", "bukan DOCX"),
        (
            build_template((("p", "{{ gaji_pokok }}"),)),
            "{nomor}",
            "Placeholder tidak dikenal untuk Surat uji: gaji_pokok",
        ),
        (build_template((("p", "{{ perihal "),)), "{nomor}", "placeholder tidak sah"),
        (build_template((("p", "{{ perihal }}"),)), "800/{tahun}", "harus memuat {nomor}"),
        (build_template((("p", "{{ perihal }}"),)), "800/{nomer}", "tidak sah"),
    ],
)
def test_bad_templates_are_refused_with_the_reason(users, content: bytes, number_format: str, message: str) -> None:
    with pytest.raises(ServiceError, match=message):
        services.template_upload(actor=users["admin"], kind="uji_surat", content=content, number_format=number_format)
    assert not DocumentTemplate.objects.filter(kind="uji_surat", version__gt=1).exists()


def test_indonesian_dates() -> None:
    assert indonesian_date(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert indonesian_date(None) == "-"


@pytest.mark.parametrize(
    ("utc", "printed", "year"),
    [
        (dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC), "1 Januari 2027", 2027),  # 00:30 WIB on 1 January
        (dt.datetime(2026, 12, 31, 16, 59, tzinfo=dt.UTC), "31 Desember 2026", 2026),  # 23:59 WIB
        (dt.datetime(2026, 3, 9, 23, 0, tzinfo=dt.UTC), "10 Maret 2026", 2026),  # 06:00 WIB
    ],
)
def test_a_letter_signed_at_night_carries_the_jakarta_date_and_number(users, utc, printed, year) -> None:
    signed = _signed(users, utc)
    assert signed.number_year == year and signed.number.endswith(f"/{year}")
    assert printed in docx_text(bytes(signed.docx))
    assert printed in pdf_text(bytes(signed.pdf))[1]


def test_a_last_number_below_one_already_given_is_refused(users) -> None:
    march = timezone.make_aware(dt.datetime(2026, 3, 10, 9))
    _signed(users, march), _signed(users, march)  # numbers 1 and 2 of 2026
    sequence = NumberSequence.objects.get(series="instansi", year=2026)
    sequence.last_number = 1
    with pytest.raises(ServiceError, match=r"Nomor terakhir 1 .* sudah dipakai \(2\).*sekurang-kurangnya 2"):
        services.number_sequence_save(actor=users["admin"], sequence=sequence)
    assert NumberSequence.objects.get(pk=sequence.pk).last_number == 2
    for role in ("operator", "tspdi", "pimpinan", "kabid"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.number_sequence_save(actor=users[role], sequence=NumberSequence(series="instansi", year=2027))
    sequence.last_number = 40  # continuing a paper register is fine
    services.number_sequence_save(actor=users["admin"], sequence=sequence)
    assert _signed(users, march).number == "800/41/UJI/III/2026"


def test_the_admin_form_says_why_a_lower_number_is_refused(users) -> None:
    from django.test import Client
    from django.urls import reverse

    _signed(users, timezone.make_aware(dt.datetime(2026, 3, 10, 9)))
    sequence = NumberSequence.objects.get(series="instansi", year=2026)
    client = Client()
    client.force_login(users["admin"])
    response = client.post(
        reverse("admin:documents_numbersequence_change", args=[sequence.pk]),
        {"series": "instansi", "year": 2026, "number_format": "", "last_number": 0},
    )
    assert response.status_code == 200 and "sekurang-kurangnya 1" in response.content.decode()
    assert NumberSequence.objects.get(pk=sequence.pk).last_number == 1


def test_a_draft_carries_the_konsep_mark_and_the_signed_letter_does_not(users) -> None:
    draft = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="U", context=CONTENT
    )
    assert "KONSEP" in pdf_text(bytes(draft.pdf))[1]
    services.document_check(actor=users["tspdi"], document=draft)
    signed = services.document_sign(actor=users["pimpinan"], document=draft)
    assert "KONSEP" not in pdf_text(bytes(signed.pdf))[1]
    tabulation = KINDS["tabulasi_seleksi"]
    landscape = services.document_draft(
        actor=users["admin"], kind=tabulation.code, subject=users["admin"], title="T", context=dict(tabulation.sample)
    )
    page = PdfReader(io.BytesIO(bytes(landscape.pdf))).pages[0]
    assert page.mediabox.width > page.mediabox.height and "KONSEP" in page.extract_text()


@pytest.mark.parametrize("role", ["operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody"])
def test_redrafting_and_a_new_template_refuse_whoever_may_not(users, role) -> None:
    """Called directly, not only through the pages: redraft needs the drafting right, a new template
    the template right; the refusal comes before anything is read."""
    assert not users[role].has_perm(services.DRAFT) and not users[role].has_perm(services.MANAGE_TEMPLATES)
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.document_redraft(actor=users[role], document=None)  # type: ignore[arg-type]
    # Drafting too: directly, or through a kind's builder; a flow names its own permission instead.
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.document_draft(actor=users[role], kind="uji_surat", subject=None, title="", context={})  # type: ignore[arg-type]
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.document_generate(actor=users[role], kind="uji_surat", subject=None)  # type: ignore[arg-type]
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.document_generate(
            actor=users[role],
            kind="uji_surat",
            subject=None,  # type: ignore[arg-type]
            permission="planning.manage_planning",
        )
    with pytest.raises(ServiceError, match="tidak berwenang"):
        services.template_upload(actor=users[role], kind="uji_surat", content=b"", number_format="{nomor}")


@pytest.mark.parametrize(
    ("permission", "names"),
    [
        ("documents.check_document", ("document_check",)),
        ("documents.sign_document", ("document_sign", "document_signature_withdraw")),
        (services.DRAFT, ("document_draft", "document_generate", "document_redraft")),
    ],
)
def test_initialling_signing_and_drafting_refuse_every_role_without_the_right(users, permission, names) -> None:
    """Called directly, as a command, a hook or an API would: the engine's services refuse by
    themselves, before reading the document (only the pages stopped a pegawai initialling before)."""
    from conftest import assert_services_refuse_without

    assert_services_refuse_without(permission, services, names, users)


def test_each_move_tells_who_the_letter_waits_on_next(users) -> None:
    from bangkom.notifications.models import Notification

    def told() -> set[tuple[str, str]]:
        rows = Notification.objects.order_by("id").values_list("recipient__username", "text")
        return {(user, text) for user, text in rows}

    document = services.document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Surat uji", context=CONTENT
    )
    # The default chain has no post filled here: everyone who may initial is told, the drafter never.
    initialers = {u for u, t in told() if t == "Surat uji menunggu paraf Anda."}
    assert initialers == {"u_tspdi", "u_pimpinan", "u_kabid"}
    Notification.objects.all().delete()
    services.document_check(actor=users["tspdi"], document=document, note="ok")
    assert told() == {("u_pimpinan", "Surat uji menunggu tanda tangan Anda.")}
    Notification.objects.all().delete()
    services.document_return(actor=users["pimpinan"], document=document, note="Perbaiki perihal")
    assert told() == {("u_admin", "Surat uji dikembalikan untuk diperbaiki.")}


def test_the_home_lists_the_letters_signed_in_the_last_week_from_the_first_minutes_of_the_year(users, clock) -> None:
    jakarta = dt.timezone(dt.timedelta(hours=7))
    older = _signed(users, dt.datetime(2025, 12, 31, 23, 59, tzinfo=jakarta))  # 8 days before 7 January
    newer = _signed(users, dt.datetime(2026, 1, 1, 0, 30, tzinfo=jakarta))  # UTC still says 31 December
    clock(dt.datetime(2026, 1, 7, 23, 0, tzinfo=jakarta))
    client = Client()
    client.force_login(users["admin"])
    panel = shown_panel(client.get(reverse("core:dashboard")), "documents")
    assert panel["signed"] == [newer] and panel["signed_count"] == 1
    assert newer.number and older.number.endswith("/2025") and newer.number.endswith("/2026")
    client.force_login(users["umum"])  # general affairs reads only the kinds it follows
    with pytest.raises(KeyError):
        shown_panel(client.get(reverse("core:dashboard")), "documents")
