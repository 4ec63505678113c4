"""Accounts people can keep safe: the real client behind the proxy, the lock-out and the
password-spraying guard, releasing a locked log-in, changing and resetting passwords."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from bangkom.accounts import services
from bangkom.accounts.models import FailedPassword
from bangkom.core.errors import ServiceError
from bangkom.core.net import client_address
from conftest import warm

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-uji-123"  # conftest's users
LOGIN = reverse("accounts:login")


def _request(remote: str, forwarded: str | None = None, real: str | None = None):  # type: ignore[no-untyped-def]
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        meta["HTTP_X_REAL_IP"] = real
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "real", "expected"),
    [
        ([], "127.0.0.1", "203.0.113.7", None, "127.0.0.1"),  # no proxy configured: the header is ignored
        (["127.0.0.1"], "127.0.0.1", "203.0.113.7", None, "203.0.113.7"),
        (["127.0.0.1"], "198.51.100.9", "203.0.113.7", None, "198.51.100.9"),  # not from the proxy
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 203.0.113.7", None, "203.0.113.7"),  # a forged left part
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "203.0.113.7, 10.1.2.3", None, "203.0.113.7"),
        (["127.0.0.1"], "127.0.0.1", None, "203.0.113.8", "203.0.113.8"),
        (["127.0.0.1"], "127.0.0.1", "bukan-alamat", None, "127.0.0.1"),
        (["::1"], "::1", "2001:db8::5", None, "2001:db8::5"),
        (["127.0.0.1"], "127.0.0.1", "203.0.113.7:51234", None, "203.0.113.7"),
    ],
)
def test_client_address(trusted, remote, forwarded, real, expected) -> None:  # type: ignore[no-untyped-def]
    with override_settings(BANGKOM_TRUSTED_PROXIES=trusted):
        assert client_address(_request(remote, forwarded, real)) == expected


def _fail(client: Client, username: str, address: str, password: str = "salah-sekali") -> int:
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address
    ).status_code


@override_settings(BANGKOM_TRUSTED_PROXIES=["127.0.0.1"], AXES_FAILURE_LIMIT=3)
def test_behind_the_proxy_one_attacker_cannot_lock_the_signer_out_for_everyone(users) -> None:
    attacker, signer = Client(), Client()
    for _ in range(3):
        _fail(attacker, "u_pimpinan", "203.0.113.66")
    assert _fail(attacker, "u_pimpinan", "203.0.113.66", PASSWORD) == 429  # the attacker's address is locked
    response = signer.post(
        LOGIN,
        {"username": "u_pimpinan", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.20.30.40",
    )
    assert response.status_code == 302  # the signer, from the office, still logs in
    assert AccessAttempt.objects.get(username="u_pimpinan").ip_address == "203.0.113.66"


@override_settings(BANGKOM_TRUSTED_PROXIES=["127.0.0.1"], BANGKOM_SPRAY_USERNAMES=4, AXES_FAILURE_LIMIT=50)
def test_one_password_sprayed_across_user_names_is_refused(users) -> None:
    client = Client()
    for name in ("u_admin", "u_operator", "u_penilai", "u_tspdi"):
        assert _fail(client, name, f"203.0.113.{len(name)}", "Musim2026!") == 200
    assert FailedPassword.objects.count() == 4
    assert "Musim2026!" not in str(list(FailedPassword.objects.values_list("digest", flat=True)))
    response = client.post(LOGIN, {"username": "u_umum", "password": "Musim2026!"}, REMOTE_ADDR="127.0.0.1")
    assert "dicoba pada terlalu banyak akun" in response.content.decode()
    # Another password still works for everyone.
    assert client.post(LOGIN, {"username": "u_umum", "password": PASSWORD}).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_administrator_releases_a_locked_log_in(users) -> None:
    client = Client()
    for _ in range(2):
        client.post(LOGIN, {"username": "u_pegawai", "password": "salah"})
    assert client.post(LOGIN, {"username": "u_pegawai", "password": PASSWORD}).status_code == 429
    admin = Client()
    admin.force_login(users["admin"])
    page = admin.get(reverse("accounts:users")).content.decode()
    assert re.search(r'data-testid="account-u_pegawai">.*?Terkunci', page, re.S)
    for role in ("operator", "kabid", "pegawai"):
        with pytest.raises(ServiceError, match="tidak berwenang"):
            services.login_unlock(actor=users[role], user=users["pegawai"])
    response = admin.post(reverse("accounts:user-unlock", args=[users["pegawai"].pk]), follow=True)
    assert "Kunci log-in u_pegawai dibuka." in response.content.decode()
    assert client.post(LOGIN, {"username": "u_pegawai", "password": PASSWORD}).status_code == 302


def test_a_user_changes_their_own_password_and_other_sessions_end(users) -> None:
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.post(LOGIN, {"username": "u_pegawai", "password": PASSWORD})
    url = reverse("accounts:password-change")
    short = laptop.post(url, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    assert "terlalu pendek" in short.content.decode() or "too short" in short.content.decode()
    response = laptop.post(
        url,
        {"old_password": PASSWORD, "new_password1": "Kopi-Pagi-2027!", "new_password2": "Kopi-Pagi-2027!"},
        follow=True,
    )
    assert 'data-testid="password-changed"' in response.content.decode()
    assert laptop.get(reverse("selfservice:home")).status_code == 200  # this session goes on
    assert phone.get(reverse("people:list")).status_code == 302  # the other one ended


def test_forgotten_password_by_e_mail(users) -> None:
    users["pegawai"].email = "siti@example.go.id"
    users["pegawai"].save()
    client = Client()
    client.post(reverse("accounts:password-reset"), {"email": "siti@example.go.id"})
    client.post(reverse("accounts:password-reset"), {"email": "tidak-ada@example.go.id"})  # same answer, no mail
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Atur ulang kata sandi Bangkom"
    link = re.search(r"http://testserver(/akun/atur-ulang/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Teh-Sore-2027!", "new_password2": "Teh-Sore-2027!"}, follow=True
    )
    assert 'data-testid="reset-complete"' in response.content.decode()
    assert Client().post(LOGIN, {"username": "u_pegawai", "password": "Teh-Sore-2027!"}).status_code == 302
    assert "tidak berlaku lagi" in client.get(link, follow=True).content.decode()  # used once


def test_the_administrator_sets_a_password_with_the_validators(users) -> None:
    target = users["operator"]
    session = Client()
    session.force_login(target)
    admin = Client()
    admin.force_login(users["admin"])
    url = reverse("accounts:user-password", args=[target.pk])
    weak = admin.post(url, {"new_password1": "password", "new_password2": "password"}).content.decode()
    assert "terlalu umum" in weak or "too common" in weak
    admin.post(url, {"new_password1": "Sawah-Hijau-2027", "new_password2": "Sawah-Hijau-2027"})
    target.refresh_from_db()
    assert target.check_password("Sawah-Hijau-2027")
    assert session.get(reverse("people:list")).status_code == 302  # the operator's session ended
    for role in ("operator", "kabid", "pimpinan"):
        with pytest.raises(ServiceError):
            services.password_set_by_admin(actor=users[role], user=users["pegawai"], password="Sawah-Hijau-2027")
    users["pegawai"].is_superuser = True
    with pytest.raises(ServiceError, match="superuser"):
        services.password_set_by_admin(actor=users["admin"], user=users["pegawai"], password="Sawah-Hijau-2027")


def test_the_account_list_query_count_does_not_grow(users) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkom.accounts.models import User

    admin = Client()
    admin.force_login(users["admin"])
    url = reverse("accounts:users")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(url).status_code == 200
        return len(captured)

    warm(admin, url)
    before = queries()
    User.objects.bulk_create([User(username=f"staf{n:03d}") for n in range(60)])  # two pages' worth
    assert queries() == before
