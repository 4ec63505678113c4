"""A functional position is chosen among SIASN's 1,466 by searching as one types, so the position
form (an operator's, or a civil servant's correction on a phone) does not carry every one of them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bangkom.people.forms import PositionHistoryForm
from bangkom.people.models import FunctionalPosition, PositionHistory

pytestmark = pytest.mark.django_db
GURU_MUDA = "A5EB03E23F44F6A0E040640A040252AD"


def test_suggestions_match_name_or_code_and_stop_at_twenty(users) -> None:
    client = Client()
    client.force_login(users["pegawai"])
    url = reverse("people:functional-positions")
    found = client.get(url, {"functional_position": "guru ahli muda"}).content.decode()
    assert found == f'<option value="{GURU_MUDA} — Guru Ahli Muda"></option>'
    by_code = client.get(url, {"q": GURU_MUDA.lower()}).content.decode()
    assert "Guru Ahli Muda" in by_code
    many = client.get(url, {"q": "ahli"}).content.decode()
    assert many.count("<option") == 20 and FunctionalPosition.objects.filter(name__icontains="ahli").count() > 20
    assert client.get(url, {"q": "g"}).content == b""  # one letter: too many to be useful
    assert client.get(url, {"q": "<script>"}).content == b""
    assert client.get(url, {"q": "gu\x00ru ahli muda"}).status_code == 200  # PostgreSQL refuses NUL in text
    anonymous = Client().get(url, {"q": "guru"})
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous.url


def test_the_position_form_takes_a_picked_suggestion_or_a_typed_code(users, people) -> None:
    def form(value: str) -> PositionHistoryForm:
        return PositionHistoryForm(
            data={"name": "Guru Ahli Muda", "kind": "fungsional", "functional_position": value, "unit": people.teacher.unit.pk,
                  "tmt": "2020-04-01", "sk_number": "800/12/2020", "sk_date": "2020-03-20"},
            instance=PositionHistory(employee=people.teacher), user=users["admin"],
        )  # fmt: skip

    for value in (f"{GURU_MUDA} — Guru Ahli Muda", GURU_MUDA, f"  {GURU_MUDA}  "):
        bound = form(value)
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data["functional_position"].name == "Guru Ahli Muda"
    unknown = form("TIDAKADA — Jabatan karangan")
    assert not unknown.is_valid() and "functional_position" in unknown.errors
    html = str(form(GURU_MUDA)["functional_position"])
    assert f'value="{GURU_MUDA} — Guru Ahli Muda"' in html and 'list="id_functional_position-options"' in html
    assert html.count("Guru") == 1  # the one chosen, not 1,466 options


def test_the_correction_page_for_a_position_stays_small(users) -> None:
    client = Client()
    client.force_login(users["pegawai"])
    page = client.get(reverse("selfservice:correction-new"), {"jenis": "jabatan"})
    assert page.status_code == 200
    assert len(page.content) < 40_000 and b"Polisi Kehutanan" not in page.content
