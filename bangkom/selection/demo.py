"""Demo data for `make run`: a level IV (PKP) round BKPSDM has opened, with every eselon IV post of
the job map as its target, the inventory taken and the candidates screened, made through the
services like real work."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bangkom.accounts.models import User

from . import services
from .models import SelectionRound
from .selectors import target_post_choices

DEMO_RULESET = "bima-2018"


def selection_demo(*, admin: User, today: dt.date | None = None) -> dict[str, int]:
    """Only on a database that has no round yet; returns what it made."""
    if SelectionRound.objects.exists():
        return {}
    today = today or timezone.localdate()
    selection_round = services.round_open(
        actor=admin,
        name=f"Seleksi PKP {today.year + 1}",
        level="IV",
        ruleset_id=DEMO_RULESET,
        as_of=today,
        quota=40,
        opens_on=today,
        closes_on=today + dt.timedelta(days=60),
    )
    posts = list(target_post_choices(selection_round)[: services.MAX_TARGET_POSTS])
    if not posts:
        return {"seleksi": 1}
    services.round_target_posts_set(actor=admin, selection_round=selection_round, posts=posts)
    added = services.inventory_apply(actor=admin, selection_round=selection_round)
    if added:
        services.round_screen(actor=admin, selection_round=selection_round)
    return {"seleksi": 1, "calon seleksi": added}
