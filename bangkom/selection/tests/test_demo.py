"""The demo round `make run` opens: a PKP round on every eselon IV post, inventoried and screened."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bangkom.accounts.demo import demo_users_ensure
from bangkom.accounts.models import User
from bangkom.people.demo import generate_workforce
from bangkom.people.models import Post
from bangkom.selection.demo import selection_demo
from bangkom.selection.models import RoundStatus, SelectionRound

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 31)


def test_the_demo_round_is_opened_inventoried_and_screened_once(reference) -> None:
    generate_workforce(size=400, today=TODAY)
    demo_users_ensure()
    admin = User.objects.get(username="admin")

    made = selection_demo(admin=admin, today=TODAY)

    selection_round = SelectionRound.objects.get()
    assert (selection_round.name, selection_round.level, selection_round.as_of) == ("Seleksi PKP 2027", "IV", TODAY)
    assert selection_round.status == RoundStatus.DRAFT and selection_round.screened_at is not None
    eselon_iv = Post.objects.filter(eselon__code__startswith="IV.")
    assert eselon_iv.count() > 0
    assert set(selection_round.target_post_rows.values_list("post_id", flat=True)) == set(
        eselon_iv.values_list("pk", flat=True)
    )
    candidates = selection_round.candidates.all()
    assert made == {"seleksi": 1, "calon seleksi": candidates.count()} and candidates.count() > 0
    assert not candidates.filter(category="").exists()  # every candidate has its verdict
    assert selection_demo(admin=admin, today=TODAY) == {}  # a second run adds nothing
    assert SelectionRound.objects.count() == 1

    # Its page names ten of the posts and counts the rest (the post page lists them all).
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("selection:detail", args=[selection_round.pk])).content.decode()
    shown = page[page.index('data-testid="target-posts"') : page.index('data-testid="target-posts-more"')]
    assert shown.count("(IV.") == 10 and f"dan {eselon_iv.count() - 10} jabatan lain" in page
