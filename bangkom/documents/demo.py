"""Demo signing posts for `make run`: the demo head of BKPSDM holds the head's post and chairs the
TSPDI, the demo head of division holds the division's post, and the Bupati holds the head of region's
post by name (a head of region is not in the civil-service registry). Never for production."""

from __future__ import annotations

import datetime as dt

from bangkom.accounts.models import User

from .kinds import DIVISION_HEAD, HEAD_OF_AGENCY, HEAD_OF_REGION, REGIONAL_SECRETARY, TSPDI_CHAIR
from .models import PostHolder, SigningPost
from .services import post_holder_save

DEMO_REGION_HEAD = "H. Ahmad Suryadi, S.H., M.Si."
SINCE = dt.date(2025, 1, 2)


# The posts documents migration 0005 ships, made again where a test database was emptied after it.
SHIPPED_POSTS = {
    HEAD_OF_AGENCY: "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    DIVISION_HEAD: "Kepala Bidang Pengembangan Kompetensi",
    REGIONAL_SECRETARY: "Sekretaris Daerah",
    HEAD_OF_REGION: "Bupati",
    TSPDI_CHAIR: "Ketua Tim Seleksi Peserta Pendidikan dan Pelatihan",
}


def signing_posts_demo() -> dict[str, int]:
    """Record the demo holders once (nothing when the agency has recorded any holder)."""
    if PostHolder.objects.exists():
        return {}
    for code, name in SHIPPED_POSTS.items():
        SigningPost.objects.get_or_create(code=code, defaults={"name": name})
    head = User.objects.filter(username="pimpinan", employee__isnull=False).select_related("employee").first()
    division = User.objects.filter(username="kabid", employee__isnull=False).select_related("employee").first()
    holders = [PostHolder(post=SigningPost.objects.get(code=HEAD_OF_REGION), name=DEMO_REGION_HEAD, start=SINCE)]
    if head is not None:
        holders += [
            PostHolder(post=SigningPost.objects.get(code=code), employee=head.employee, start=SINCE)
            for code in (HEAD_OF_AGENCY, TSPDI_CHAIR)
        ]
    if division is not None:
        holders.append(
            PostHolder(post=SigningPost.objects.get(code=DIVISION_HEAD), employee=division.employee, start=SINCE)
        )
    for holder in holders:
        post_holder_save(actor=None, holder=holder)
    return {"pemangku jabatan penanda tangan": len(holders)}
