"""The menu is worked out once per user and kept, and worked out again as soon as what it depends on
changes: their roles, their staff flag, the language."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from bangkom.core import navigation


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the menu was worked out (its user's id each time)."""
    made: list[int] = []
    real = navigation._menu_read

    def counted(user: Any) -> list[navigation.MenuGroup]:
        made.append(user.pk)
        return real(user)

    monkeypatch.setattr(navigation, "_menu_read", counted)
    return made


def labels(client: Client, **extra: Any) -> set[str]:
    response = client.get("/", **extra)
    assert response.status_code == 200
    return {label for group in response.context["nav_groups"] for label, _url in group.items}


def test_the_menu_is_kept_per_user_until_their_roles_or_staff_flag_or_language_change(users, reads) -> None:
    admin = users["admin"]
    admin.is_staff = False
    admin.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(admin)
    first = labels(client)
    assert {"Klien API", "Data pegawai", "Akun"} <= first and "Data referensi" not in first
    assert labels(client) == first and reads == [admin.pk]  # the second page reads it from the cache
    other = Client()
    other.force_login(users["operator"])
    assert "Klien API" not in labels(other) and reads == [admin.pk, users["operator"].pk]

    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    assert labels(client) == first | {"Data referensi"} and len(reads) == 3

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = labels(client)
    assert {"API clients", "Reference data"} <= english and len(reads) == 4
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    admin.groups.clear()  # every role taken away: their access version goes up
    assert labels(client) == {"Data referensi"} and len(reads) == 5


def test_the_menu_bar_marks_the_page_it_is_on_and_is_written_once_per_page_of_the_menu(users, monkeypatch) -> None:
    written: list[str] = []
    real = navigation._menu_write

    def counted(groups: Any, home: str, active: str) -> str:
        written.append(active)
        return real(groups, home, active)

    monkeypatch.setattr(navigation, "_menu_write", counted)
    client = Client()
    client.force_login(users["admin"])
    home = client.get("/").content.decode()
    assert '<li class="nav-item"><a class="nav-link active" href="/">Beranda</a></li>' in home
    listed = client.get("/pegawai/").content.decode()
    assert '<a class="dropdown-item active" href="/pegawai/">Data pegawai</a>' in listed
    assert '<a class="nav-link" href="/">Beranda</a>' in listed
    assert '<li class="nav-item dropdown" data-menu="pegawai"><button class="nav-link dropdown-toggle"' in listed
    client.get("/pegawai/")
    client.get("/pegawai/?q=Siti")  # the same entry: the same written menu
    assert written == ["/", "/pegawai/"]
    elsewhere = navigation.menu_html(users["admin"], "/pegawai/198503152010012003/")  # a page not in the menu
    assert " active" not in elsewhere and written == ["/", "/pegawai/", ""]
