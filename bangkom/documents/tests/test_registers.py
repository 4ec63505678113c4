"""One numbering register per issuing body: every document the agency signs takes the next number of
the agency's register, whatever its kind, and the region head's decrees take the region head's; the
database refuses a repeated sequence or printed number, also under two concurrent signers."""

from __future__ import annotations

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.documents import services
from bangkom.documents.kinds import AGENCY, REGION_HEAD, DocumentKind, register
from bangkom.documents.models import Document, DocumentStatus, NumberSequence
from bangkom.documents.tests.test_engine import CONTENT, LETTER

SHARED_FORMAT = "800/{nomor}/BKPSDM/{tahun}"
BLOCKS = (("title", "SURAT"), ("center", "Nomor: {{ nomor }}"), ("p", "{{ perihal }}"))
SHARED = [
    register(
        DocumentKind(
            code=f"uji_bersama_{index}",
            name=f"Surat bersama {index}",
            number_format=SHARED_FORMAT,
            sample=LETTER.sample,
            blocks=BLOCKS,
        )
    )
    for index in range(3)
]
REGION_DECREE = register(
    DocumentKind(
        code="uji_keputusan_bupati",
        name="Keputusan uji",
        number_format="800/Kep.{nomor}/{tahun}",
        sample=LETTER.sample,
        blocks=BLOCKS,
        issuer=REGION_HEAD,
    )
)
YEARLESS = register(
    DocumentKind(
        code="uji_tanpa_tahun",
        name="Surat tanpa tahun",
        number_format="{nomor}/TT",
        sample=LETTER.sample,
        blocks=BLOCKS,
    )
)
MARCH = timezone.make_aware(dt.datetime(2026, 3, 10, 9))


def _checked(users, kind: str) -> Document:
    document = services.document_draft(
        actor=users["admin"], kind=kind, subject=users["admin"], title="Uji", context=CONTENT
    )
    return services.document_check(actor=users["tspdi"], document=document)


def _signed(users, kind: str, when: dt.datetime = MARCH) -> Document:
    document = _checked(users, kind)
    with mock.patch("django.utils.timezone.now", return_value=when):
        return services.document_sign(actor=users["pimpinan"], document=document)


@pytest.mark.django_db
def test_three_kinds_sharing_a_format_never_share_a_number(users) -> None:
    numbers = [_signed(users, kind.code).number for kind in SHARED]
    assert numbers == ["800/1/BKPSDM/2026", "800/2/BKPSDM/2026", "800/3/BKPSDM/2026"]
    assert set(Document.objects.values_list("register", flat=True)) == {AGENCY}
    assert NumberSequence.objects.get(series=AGENCY, year=2026).last_number == 3


@pytest.mark.django_db
def test_the_region_heads_decrees_have_their_own_register(users) -> None:
    _signed(users, SHARED[0].code)
    _signed(users, SHARED[1].code)
    decree = _signed(users, REGION_DECREE.code)
    assert (decree.register, decree.number) == (REGION_HEAD, "800/Kep.1/2026")
    assert _signed(users, SHARED[2].code).number == "800/3/BKPSDM/2026"


@pytest.mark.django_db
def test_a_register_starts_after_the_numbers_signed_before_it(users) -> None:
    """Documents signed when numbers were per kind keep their numbers; the register goes on after them."""
    for sequence in (1, 2, 7):
        old = _checked(users, SHARED[0].code)
        Document.objects.filter(pk=old.pk).update(
            status=DocumentStatus.SIGNED,
            register="",
            number_year=2026,
            sequence=sequence,
            number=f"800/{sequence}/BKPSDM/2026",
        )
    old_other_kind = _checked(users, SHARED[1].code)
    Document.objects.filter(pk=old_other_kind.pk).update(
        status=DocumentStatus.SIGNED, register="", number_year=2026, sequence=1, number="800/1/BKPSDM/2026"
    )
    assert _signed(users, SHARED[2].code).number == "800/8/BKPSDM/2026"


@pytest.mark.django_db
def test_the_database_refuses_a_repeated_sequence_or_number(users) -> None:
    first = _signed(users, SHARED[0].code)
    second = _checked(users, SHARED[1].code)
    third = _checked(users, SHARED[2].code)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=second.pk).update(register=AGENCY, number_year=2026, sequence=first.sequence)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=third.pk).update(register=REGION_HEAD, number=first.number)


@pytest.mark.django_db
def test_a_format_that_prints_a_number_again_is_refused_and_nothing_is_saved(users) -> None:
    _signed(users, YEARLESS.code, MARCH)
    document = _checked(users, YEARLESS.code)
    with (
        mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime(2027, 1, 5, 9))),
        pytest.raises(ServiceError, match="Nomor 1/TT sudah dipakai dokumen lain"),
    ):
        services.document_sign(actor=users["pimpinan"], document=document)
    document.refresh_from_db()
    assert (document.status, document.number, document.sequence) == (DocumentStatus.CHECKED, "", None)
    assert not NumberSequence.objects.filter(year=2027).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_signers_take_two_numbers(users) -> None:
    drafts = [_checked(users, SHARED[index].code) for index in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sign(document: Document) -> None:
        try:
            barrier.wait()
            services.document_sign(actor=users["pimpinan"], document=document)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(document,)) for document in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    year = timezone.localdate().year
    numbers = sorted(Document.objects.filter(register=AGENCY).values_list("sequence", flat=True))
    assert numbers == [1, 2]
    assert NumberSequence.objects.get(series=AGENCY, year=year).last_number == 2
