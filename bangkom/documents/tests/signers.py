"""Test helpers for who signs: an account linked to a registry employee holding a signing post, and
another account of the Pimpinan role. Shared by the documents tests and the flows' tests."""

from __future__ import annotations

import datetime as dt

from bangkom.accounts import roles
from bangkom.accounts.models import User
from bangkom.accounts.services import user_create
from bangkom.documents import services
from bangkom.documents.demo import SHIPPED_POSTS
from bangkom.documents.models import PostHolder, SigningPost
from bangkom.people.models import Employee


def hold(
    user: User, employee: Employee, post: str, start=dt.date(2020, 1, 1), end=None, acting: str = ""
) -> PostHolder:
    """`user` becomes `employee` in the registry, holding `post` from `start` (to `end`)."""
    user.employee = employee
    user.save(update_fields=["employee"])
    # A transactional (browser) test starts from an emptied database: the shipped post is made again.
    signing_post, _made = SigningPost.objects.get_or_create(code=post, defaults={"name": SHIPPED_POSTS.get(post, post)})
    return services.post_holder_save(
        actor=None, holder=PostHolder(post=signing_post, employee=employee, start=start, end=end, acting=acting)
    )


def leader(username: str) -> User:
    """Another account that may sign (the Pimpinan role); whether it may sign a letter is its post's."""
    return user_create(username=username, password="rahasia-uji-123", role=roles.LEADER)
