"""Posts sign, not roles: each kind names the posts that initial (in order) and the post that signs;
only their holders on the day may, nobody initials and signs the same letter, and the letter prints
the holder of that day (Plt./Plh. included). Enforced in the services, called here directly."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.utils import timezone

from bangkom.core.errors import ServiceError
from bangkom.documents import services
from bangkom.documents.kinds import DIVISION_HEAD, HEAD_OF_AGENCY, HEAD_OF_REGION, REGION_HEAD, DocumentKind, register
from bangkom.documents.models import Acting, Document, DocumentStatus, PostHolder, SigningPost
from bangkom.documents.tests import pdf
from bangkom.documents.tests.signers import hold, leader
from bangkom.documents.tests.test_engine import CONTENT, LETTER
from conftest import make_employee

pytestmark = pytest.mark.django_db
DECREE = register(
    DocumentKind(
        code="uji_keputusan_posts",
        name="Keputusan uji",
        number_format="800/Kep.{nomor}/{tahun}",
        sample=LETTER.sample,
        blocks=LETTER.blocks,
        issuer=REGION_HEAD,
    )
)
MARCH = dt.date(2026, 3, 10)


def _at(day: dt.date, hour: int = 9):
    return mock.patch(
        "django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    )


@pytest.fixture
def posts(users, people, tree):
    kabid = make_employee(tree.root, "198001012005011003", "Kabid Uji")
    head = people.head
    head.golongan_id = 41
    head.save(update_fields=["golongan"])
    hold(users["kabid"], kabid, DIVISION_HEAD)
    hold(users["pimpinan"], head, HEAD_OF_AGENCY)
    return {"kabid": kabid, "head": head}


def _draft(users, kind: str = LETTER.code) -> Document:
    return services.document_draft(
        actor=users["admin"], kind=kind, subject=users["admin"], title="Uji", context={**CONTENT, "penandatangan": ""}
    )


def test_only_the_next_post_initials_and_only_the_signing_post_signs(users, posts) -> None:
    document = _draft(users)
    with (
        _at(MARCH),
        pytest.raises(ServiceError, match=r"Paraf berikutnya oleh Kepala Bidang .*Kabid Uji.*tidak memangku"),
    ):
        services.document_check(actor=users["tspdi"], document=document)
    with _at(MARCH):
        document = services.document_check(actor=users["kabid"], document=document)
    with _at(MARCH), pytest.raises(ServiceError, match=r"ditandatangani oleh Kepala Badan .*dipangku Budi Santoso"):
        services.document_sign(actor=leader("u_lain"), document=document)  # may sign, holds no post
    with _at(MARCH):
        signed = services.document_sign(actor=users["pimpinan"], document=document)
    text = pdf.text(bytes(signed.pdf))
    assert "Budi Santoso" in text and "NIP. 197201011998031005" in text and "Pembina (IV/a)" in text
    assert signed.signatory["post"] == "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"


def test_nobody_initials_and_signs_the_same_letter(users, posts) -> None:
    document = _draft(users)
    with _at(MARCH):
        document = services.document_check(actor=users["kabid"], document=document)
        document = services.document_check(actor=users["pimpinan"], document=document)  # beyond the chain: allowed
        with pytest.raises(ServiceError, match="yang memaraf tidak menandatangani surat yang sama"):
            services.document_sign(actor=users["pimpinan"], document=document)
        with pytest.raises(ServiceError, match="sudah memaraf"):
            services.document_check(actor=users["kabid"], document=document)
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.CHECKED


def test_a_decree_waits_for_every_initial_of_its_chain(users, posts, tree) -> None:
    regent = leader("u_bupati")
    hold(regent, make_employee(tree.root, "196501011990031001", "Bupati Uji"), HEAD_OF_REGION)
    document = _draft(users, DECREE.code)
    document.drafted_by = users["operator"]
    document.save(update_fields=["drafted_by"])
    with _at(MARCH):
        document = services.document_check(actor=users["kabid"], document=document)
        with pytest.raises(ServiceError, match=r"belum diparaf oleh Kepala Badan"):
            services.document_sign(actor=regent, document=document)
        document = services.document_check(actor=users["pimpinan"], document=document)
        # Sekretaris Daerah has no holder recorded: the roles' permissions decide that step.
        signed = services.document_sign(actor=regent, document=document)
    assert (signed.register, signed.signatory["name"], signed.signatory["post"]) == (
        REGION_HEAD,
        "Bupati Uji",
        "Bupati",
    )


def test_the_holder_on_the_signing_day_signs_and_is_printed(users, posts, tree) -> None:
    """The head changes on 1 July; a Plh. stands in from 10 to 12 August."""
    PostHolder.objects.filter(post__code=HEAD_OF_AGENCY).update(end=dt.date(2026, 6, 30))
    signers = {"pimpinan": users["pimpinan"], "baru": leader("u_baru"), "plh": leader("u_plh")}
    hold(
        signers["baru"],
        make_employee(tree.root, "197505052000031002", "Kepala Baru"),
        HEAD_OF_AGENCY,
        start=dt.date(2026, 7, 1),
    )
    hold(
        signers["plh"],
        make_employee(tree.root, "197707072002121003", "Sekretaris Badan"),
        HEAD_OF_AGENCY,
        start=dt.date(2026, 8, 10),
        end=dt.date(2026, 8, 12),
        acting=Acting.PLH,
    )
    for day, refused, signer, printed in (
        (dt.date(2026, 6, 30), "baru", "pimpinan", "Budi Santoso"),
        (dt.date(2026, 7, 1), "pimpinan", "baru", "Kepala Baru"),
        (dt.date(2026, 8, 11), "pimpinan", "plh", "Sekretaris Badan"),
    ):
        with _at(day):
            document = services.document_check(actor=users["kabid"], document=_draft(users))
            with pytest.raises(ServiceError, match=r"ditandatangani oleh Kepala Badan"):
                services.document_sign(actor=signers[refused], document=document)
            signed = services.document_sign(actor=signers[signer], document=document)
        assert signed.signatory["name"] == printed
    assert signed.signatory["post"].startswith("Plh. Kepala Badan")
    assert "Plh. KEPALA BADAN KEPEGAWAIAN" in pdf.text(bytes(signed.pdf))  # the jabatan line


def _delegation() -> tuple[SigningPost, SigningPost]:
    """Sekretaris signs a.n. Kepala BKPSDM; the Kepala Bidang signs u.b. under the Sekretaris."""
    head = SigningPost.objects.get(code=HEAD_OF_AGENCY)
    secretary = services.signing_post_save(
        actor=None, post=SigningPost(code="sekretaris_bkpsdm", name="Sekretaris Badan", on_behalf_of=head)
    )
    division = SigningPost.objects.get(code=DIVISION_HEAD)
    division.on_behalf_of = secretary
    return secretary, services.signing_post_save(actor=None, post=division)


def test_a_letter_is_signed_on_the_heads_behalf_a_n_and_u_b_but_a_decree_is_not(users, posts, tree) -> None:
    _delegation()
    secretary_user, division_user = leader("u_sekretaris"), leader("u_kabid_ttd")
    hold(secretary_user, make_employee(tree.root, "197808082003121004", "Sekretaris Uji"), "sekretaris_bkpsdm")
    # The division head initials the letter; another holder of that post signs it u.b.
    hold(division_user, make_employee(tree.root, "198202022006041005", "Kabid Kedua"), DIVISION_HEAD, acting=Acting.PLT)
    with _at(MARCH):
        document = services.document_check(actor=users["kabid"], document=_draft(users))
        signed = services.document_sign(actor=secretary_user, document=document)
        text = " ".join(pdf.text(bytes(signed.pdf)).split())
        assert "a.n. KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA, SEKRETARIS BADAN," in text
        assert signed.signatory["name"] == "Sekretaris Uji" and signed.signatory["post"] == "Sekretaris Badan"
        document = services.document_check(actor=users["kabid"], document=_draft(users))
        signed = services.document_sign(actor=division_user, document=document)
        text = " ".join(pdf.text(bytes(signed.pdf)).split())
        assert (
            "a.n. KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA, SEKRETARIS BADAN, u.b. "
            "Plt. KEPALA BIDANG"
        ) in text
        # A decree of the head of BKPSDM is the head's own (or a Plt./Plh.'s): no a.n.
        decree_kind = register(DocumentKind(code="uji_keputusan_kepala", name="Keputusan kepala uji",
                                            number_format="800/KEP/{nomor}/{tahun}", sample=LETTER.sample,
                                            blocks=LETTER.blocks, delegable=False))  # fmt: skip
        decree = services.document_check(actor=users["kabid"], document=_draft(users, decree_kind.code))
        with pytest.raises(ServiceError, match=r"Keputusan tidak ditandatangani atas nama"):
            services.document_sign(actor=secretary_user, document=decree)
        assert services.document_sign(actor=users["pimpinan"], document=decree).status == DocumentStatus.SIGNED


def test_delegation_never_circles_nor_goes_deeper_than_u_b(users) -> None:
    _secretary, division = _delegation()
    head = SigningPost.objects.get(code=HEAD_OF_AGENCY)
    head.on_behalf_of = division
    with pytest.raises(ServiceError, match="akan berputar"):
        services.signing_post_save(actor=users["admin"], post=head)
    itself = SigningPost.objects.get(code=HEAD_OF_AGENCY)
    itself.on_behalf_of = itself
    with pytest.raises(ServiceError, match="akan berputar"):
        services.signing_post_save(actor=users["admin"], post=itself)
    deeper = SigningPost(code="kasubbag", name="Kepala Subbagian", on_behalf_of=division)
    with pytest.raises(ServiceError, match="paling banyak dua jenjang"):
        services.signing_post_save(actor=users["admin"], post=deeper)
    for role in ("operator", "tspdi", "pimpinan", "kabid", "pegawai", "penilai", "umum", "nobody"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.signing_post_save(actor=users[role], post=SigningPost(code="x", name="X"))
    assert not SigningPost.objects.filter(code__in=("kasubbag", "x")).exists()


def test_a_signer_at_00_30_on_1_january_is_the_holder_of_that_day(users, posts, tree) -> None:
    PostHolder.objects.filter(post__code=HEAD_OF_AGENCY).update(end=dt.date(2026, 12, 31))
    successor = leader("u_baru")
    hold(
        successor,
        make_employee(tree.root, "197505052000031002", "Kepala Baru"),
        HEAD_OF_AGENCY,
        start=dt.date(2027, 1, 1),
    )
    document = services.document_check(actor=users["kabid"], document=_draft(users))
    night = timezone.make_aware(dt.datetime(2027, 1, 1, 0, 30))
    with mock.patch("django.utils.timezone.now", return_value=night):
        with pytest.raises(ServiceError, match="dipangku Kepala Baru"):
            services.document_sign(actor=users["pimpinan"], document=document)
        signed = services.document_sign(actor=successor, document=document)
    assert signed.number.endswith("/2027") and "1 Januari 2027" in pdf.text(bytes(signed.pdf))


def test_holders_are_recorded_with_sane_dates_by_those_allowed(users, posts) -> None:
    post = SigningPost.objects.get(code=HEAD_OF_AGENCY)
    other = posts["kabid"]
    with pytest.raises(ServiceError, match="sudah dipangku definitif oleh Budi Santoso"):
        services.post_holder_save(
            actor=users["admin"], holder=PostHolder(post=post, employee=other, start=dt.date(2026, 5, 1))
        )
    with pytest.raises(ServiceError, match="sebelum tanggal mulai"):
        services.post_holder_save(
            actor=users["admin"],
            holder=PostHolder(
                post=post, employee=other, start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 1), acting=Acting.PLT
            ),
        )
    for role in ("operator", "tspdi", "pimpinan", "kabid", "pegawai", "penilai", "umum", "nobody"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.post_holder_save(
                actor=users[role],
                holder=PostHolder(post=post, employee=other, start=dt.date(2026, 5, 1), acting=Acting.PLT),
            )
    acting = services.post_holder_save(
        actor=users["admin"],
        holder=PostHolder(
            post=post, employee=other, start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 3), acting=Acting.PLT
        ),
    )
    assert str(acting) == "Plt. Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia: " + str(other)


@pytest.mark.parametrize("model", ["signingpost", "postholder", "legalbasis", "letterhead"])
def test_only_the_administrator_keeps_the_signing_registers(users, model: str) -> None:
    """The admin pages of posts, holders and legal basis: the administrator only (query count bounded)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = f"/admin/documents/{model}/"
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if role == "admin":
            assert response.status_code == 200 and len(queries) <= 20, (role, len(queries))
        else:
            assert response.status_code in (302, 403), role


def _scan() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def test_staff_record_a_decree_the_region_head_signed_on_paper(users, posts, tree) -> None:
    hold(
        leader("u_bupati"),
        make_employee(tree.root, "196501011990031001", "Bupati Uji"),
        HEAD_OF_REGION,
        start=dt.date(2026, 1, 1),
    )
    with _at(MARCH):
        document = _draft(users, DECREE.code)
        letter = services.document_check(actor=users["kabid"], document=_draft(users))
        document = services.document_check(actor=users["kabid"], document=document)
    paper = {"scan": _scan(), "scan_name": "keputusan-ttd.pdf", "signed_on": MARCH + dt.timedelta(days=2)}
    with _at(MARCH + dt.timedelta(days=3)):
        with pytest.raises(ServiceError, match=r"belum diparaf oleh Kepala Badan"):
            services.document_record_signed_paper(actor=users["admin"], document=document, **paper)
        document = services.document_check(actor=users["pimpinan"], document=document)
        for role in ("operator", "tspdi", "pimpinan", "kabid", "pegawai", "penilai", "umum", "nobody"):
            with pytest.raises(ServiceError, match="tidak berwenang"):
                services.document_record_signed_paper(actor=users[role], document=document, **paper)
        for changes, reason in (
            ({"signed_on": MARCH + dt.timedelta(days=4)}, "belum terjadi"),
            ({"signed_on": MARCH - dt.timedelta(days=1)}, "sebelum konsepnya disusun"),
            ({"scan": b"%PDF-1.7 rusak", "scan_name": "rusak.pdf"}, "rusak.pdf bukan PDF, JPEG atau PNG"),
            ({"scan": b"GIF89a", "scan_name": "ttd.gif"}, "ttd.gif bukan PDF, JPEG atau PNG"),
        ):
            with pytest.raises(ServiceError, match=reason):
                services.document_record_signed_paper(actor=users["admin"], document=document, **{**paper, **changes})
        with pytest.raises(ServiceError, match="Hanya keputusan kepala daerah"):
            services.document_record_signed_paper(actor=users["admin"], document=letter, **paper)
        PostHolder.objects.filter(post__code=HEAD_OF_REGION).update(start=dt.date(2026, 3, 20))
        with pytest.raises(ServiceError, match="Tidak ada pemangku Bupati"):
            services.document_record_signed_paper(actor=users["admin"], document=document, **paper)
        assert Document.objects.get(pk=document.pk).status == DocumentStatus.CHECKED  # nothing half-saved
        PostHolder.objects.filter(post__code=HEAD_OF_REGION).update(start=dt.date(2026, 1, 1))
        signed = services.document_record_signed_paper(actor=users["admin"], document=document, **paper)
    assert (signed.status, signed.signed_on_paper, signed.register) == (DocumentStatus.SIGNED, True, REGION_HEAD)
    assert signed.number == "800/Kep.1/2026" and bytes(signed.paper_scan) == paper["scan"]
    assert signed.signatory["name"] == "Bupati Uji"
    text = " ".join(pdf.text(bytes(signed.pdf)).split())
    assert "Bupati Uji" in text and "12 Maret 2026" in text and "KONSEP" not in text
    assert "keputusan-ttd.pdf" in signed.status_changes.order_by("-pk").first().note


def test_the_document_page_records_the_paper_and_serves_its_scan(users, posts, tree) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    hold(leader("u_bupati"), make_employee(tree.root, "196501011990031001", "Bupati Uji"), HEAD_OF_REGION)
    document = _draft(users, DECREE.code)
    document = services.document_check(actor=users["kabid"], document=document)
    document = services.document_check(actor=users["pimpinan"], document=document)
    client = Client()
    client.force_login(users["admin"])
    assert 'data-testid="record-paper"' in client.get(f"/dokumen/{document.pk}/").content.decode()
    today = timezone.localdate().isoformat()
    scan = SimpleUploadedFile("ttd.pdf", _scan(), content_type="application/pdf")
    response = client.post(f"/dokumen/{document.pk}/ttd-kertas/", {"signed_on": today, "scan": scan})
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).signed_on_paper
    download = client.get(f"/dokumen/{document.pk}/pindaian/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == _scan()
    outsider = Client()
    outsider.force_login(users["pegawai"])
    assert outsider.get(f"/dokumen/{document.pk}/pindaian/").status_code in (403, 404)
