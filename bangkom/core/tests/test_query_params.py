"""Out-of-range query parameters give 400 or 404 with a page in Indonesian, never a 500: every page
of the role matrix is opened by the administrator with extreme values in every filter it reads."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bangkom.accounts.tests.test_role_matrix import MATRIX, POST_ONLY, urls  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
EXTREMES = {
    "tahun": ["99999999999", "-1", "0", "２０２６", "2026abc"],
    "year": ["99999999999"],
    "page": ["99999999999999999999", "-5", "abc"],
    "status": ["<script>", "x" * 500, "\x00"],
    "golongan": ["99999999999999999999999", "-1"],
    "unit": ["99999999999999999999999", "abc"],
    "q": ["x" * 5000, "%00", "a\x00b"],
    "sort": ["-nonexistent", "__class__"],
    "kind": ["9" * 30],
    "kode": ["A" * 300],
    "nip": ["1" * 21, "abc"],
}


def test_extreme_values_never_break_a_page(users, urls) -> None:  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(users["admin"])
    broken = []
    for name, url in urls.items():
        if name in POST_ONLY or MATRIX[name][0] != 200:
            continue
        base = url.split("?")[0]
        for parameter, values in EXTREMES.items():
            for value in values:
                response = client.get(base, {parameter: value})
                if response.status_code >= 500:
                    broken.append((name, parameter, value[:30], response.status_code))
    assert broken == []


def test_a_year_out_of_range_is_a_400_that_says_why(users) -> None:
    client = Client()
    client.force_login(users["admin"])
    response = client.get(reverse("training:list"), {"tahun": "99999999999"})
    assert response.status_code == 400
    assert "Tahun &#x27;99999999999&#x27; tidak sah" in response.content.decode()
    assert client.get(reverse("training:list"), {"tahun": "2026"}).status_code == 200


def test_a_get_on_a_post_only_address_is_the_indonesian_page_not_an_empty_405(users) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(users["admin"])
    response = client.get(reverse("core:job-retry", args=[1]))
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "Langkah tidak dapat dibuka langsung" in page and '<html lang="id">' in page
