"""Log-in through the region's identity provider (OpenID Connect) against a provider started on
127.0.0.1: the account is found by the NIP the provider vouches for; nobody gets an account by it;
a forged token, an unknown NIP or a closed account gets the log-in page with the reason; local
passwords keep working; without settings there is no SSO at all."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from bangkom.accounts.models import User
from bangkom.accounts.tests import oidc_provider
from conftest import People


@pytest.fixture
def provider(settings: Any) -> Iterator[oidc_provider.Provider]:
    provider, server = oidc_provider.start()
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.url}/jwks"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = oidc_provider.CLIENT_ID, oidc_provider.CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_PROVIDER_NAME = "SSO Kabupaten Uji"
    yield provider
    server.shutdown()
    server.server_close()


def sign_in(client: Client, provider: oidc_provider.Provider, claims: dict[str, Any]) -> Any:
    """Start at Bangkom, let the provider answer (as the browser would follow its redirect), come back."""
    provider.person = claims
    start = client.get(reverse("accounts:sso-start"))
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.url}/authorize?")
    target = urlsplit(start["Location"])
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    connection.request("GET", f"{target.path}?{target.query}")
    answer = connection.getresponse()
    assert answer.status == 302, answer.read()
    back = urlsplit(answer.getheader("Location"))
    assert back.path == reverse("accounts:sso-callback")
    return client.get(f"{back.path}?{back.query}")


def test_a_civil_servant_signs_in_with_the_region_sso_to_the_account_of_their_nip(
    provider: oidc_provider.Provider, people: People
) -> None:
    owner = User.objects.create_user(username=people.teacher.nip, password="sandi-lokal-123", employee=people.teacher)
    client = Client()
    done = sign_in(client, provider, {"sub": "kc-1", "nip": people.teacher.nip, "name": "Siti Rahayu"})
    assert done.status_code == 302 and done["Location"] == reverse("core:dashboard")
    assert int(client.session["_auth_user_id"]) == owner.pk and User.objects.count() == 1


def test_staff_are_found_by_the_employee_their_account_is_linked_to(
    provider: oidc_provider.Provider, users: dict[str, User], people: People
) -> None:
    client = Client()
    sign_in(client, provider, {"sub": "kc-2", "nip": people.teacher.nip})  # u_pegawai's employee
    assert int(client.session["_auth_user_id"]) == users["pegawai"].pk
    assert client.get(reverse("selfservice:home")).status_code == 200


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "kc-3", "nip": "199912312020121001"},  # nobody in Bangkom has it
        {"sub": "kc-4"},  # the provider names no NIP
        {"sub": "kc-5", "nip": "1" * 21},  # not a NIP
    ],
)
def test_no_account_is_made_and_the_log_in_page_says_why(
    provider: oidc_provider.Provider, people: People, claims: dict[str, Any]
) -> None:
    before = User.objects.count()
    client = Client()
    refused = sign_in(client, provider, claims)
    assert refused.status_code == 302 and refused["Location"] == reverse("accounts:login")
    page = client.get(refused["Location"]).content.decode()
    assert "NIP Anda belum punya akun Bangkom" in page
    assert "_auth_user_id" not in client.session and User.objects.count() == before


def test_a_closed_account_and_a_forged_token_are_refused(provider: oidc_provider.Provider, people: People) -> None:
    owner = User.objects.create_user(username=people.head.nip, password="sandi-lokal-123", employee=people.head)
    User.objects.filter(pk=owner.pk).update(is_active=False)
    client = Client()
    assert sign_in(client, provider, {"sub": "kc-6", "nip": people.head.nip})["Location"] == reverse("accounts:login")
    User.objects.filter(pk=owner.pk).update(is_active=True)
    provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert sign_in(client, provider, {"sub": "kc-6", "nip": people.head.nip})["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    provider.signing_key = None
    assert sign_in(client, provider, {"sub": "kc-6", "nip": people.head.nip})["Location"] == reverse("core:dashboard")


def test_local_passwords_keep_working_beside_the_sso_and_the_page_offers_it(
    provider: oidc_provider.Provider, users: dict[str, User]
) -> None:
    client = Client()
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Masuk lewat SSO Kabupaten Uji" in page
    done = client.post(reverse("accounts:login"), {"username": "u_admin", "password": "rahasia-uji-123"})
    assert done.status_code == 302 and int(client.session["_auth_user_id"]) == users["admin"].pk


def test_without_a_provider_there_is_no_sso(client: Client, users: dict[str, User]) -> None:
    assert "Masuk lewat" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:sso-start")).status_code == 404
    assert client.get(reverse("accounts:sso-callback") + "?code=x&state=y").status_code == 404
    done = client.post(reverse("accounts:login"), {"username": "u_admin", "password": "rahasia-uji-123"})
    assert done.status_code == 302
