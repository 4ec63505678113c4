"""Every letter and decree kind, drafted with its sample content, initialled and signed by the post
holders, comes out as a letter that can be sent: the signer's name, pangkat and NIP, the number of its
issuer's register, the Jakarta date of signing, PDF/A-2b identification and every font embedded."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from bangkom.documents import services
from bangkom.documents.kinds import KINDS
from bangkom.documents.tests import pdf
from bangkom.documents.tests.signers import hold, leader
from conftest import make_employee

pytestmark = pytest.mark.django_db
# Kinds whose flow moves with its letter (a `moved` hook) need that flow's own subject: their flow
# tests sign them; here every other kind is signed on a stand-in subject.
LETTER_KINDS = sorted(
    code for code, kind in KINDS.items() if not code.startswith(("sertifikat_", "uji")) and kind.moved is None
)
# 00:30 WIB on 1 January 2027 is still 31 December 2026 in UTC.
NEW_YEAR_NIGHT = dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("code", LETTER_KINDS)
def test_each_kind_is_signed_as_a_letter_that_can_be_sent(code: str, users, tree) -> None:
    kind = KINDS[code]
    chain, signing_post = kind.signing_chain()
    initialler = users["kabid"]
    hold(initialler, make_employee(tree.root, "198001012005011003", "Kabid Uji"), chain[0])
    signer = leader("u_penanda")
    signatory = make_employee(tree.root, "196804121994031007", "Drs. Penanda Tangan", golongan_id=42)
    hold(signer, signatory, signing_post)
    document = services.document_draft(
        actor=users["admin"],
        kind=code,
        subject=users["admin"],
        title=str(kind.name),
        context={**services.declared_context(kind), **_filled(kind)},
    )
    document = services.document_check(actor=initialler, document=document)
    if len(chain) > 1:  # one more initial; the posts above it have no holder recorded, so roles decide
        document = services.document_check(actor=users["pimpinan"], document=document)
    with mock.patch("django.utils.timezone.now", return_value=NEW_YEAR_NIGHT):
        signed = services.document_sign(actor=signer, document=document)
    assert signed.number_year == 2027
    assert pdf.sendable_problems(
        bytes(signed.pdf), number=signed.number, day="1 Januari 2027", name="Drs. Penanda Tangan",
        nip="196804121994031007", rank="Pembina Tingkat I (IV/b)",
    ) == []  # fmt: skip
    assert timezone.localdate(signed.signed_at) == dt.date(2027, 1, 1)


def _filled(kind) -> dict:
    """What a kind's flow fills in: its required data given real-looking values."""
    return {name: "12 Januari 2027" if "tanggal" in name else 40 for name in kind.required}
