"""Every page carries the agency it belongs to; the public pages have the language switch and their
own links; the log-in page leads to them; a complaint about a service starts with that service."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bangkom.desk.models import Service
from bangkom.documents.services import letterhead_save, settings_letterhead
from conftest import SAMPLE_PNG

pytestmark = pytest.mark.django_db
PUBLIC = ("accounts:login", "desk:catalogue", "desk:complaint-public", "desk:complaint-track", "verification:search")


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_have_the_language_switch_the_agency_and_the_public_links(name) -> None:
    page = Client().get(reverse(name)).content.decode()
    assert 'name="language"' in page and 'data-testid="agency"' in page
    assert "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia, Pemerintah Kabupaten Sukamaju" in page
    for link in ("desk:catalogue", "desk:complaint-public", "verification:search"):
        assert f'href="{reverse(link)}"' in page, link


def test_the_log_in_page_links_to_the_public_services_and_has_no_log_in_button() -> None:
    page = Client().get(reverse("accounts:login")).content.decode()
    assert 'data-testid="public-links"' in page and f'href="{reverse("accounts:login")}"' not in page


def test_the_header_follows_the_saved_letterhead_and_shows_its_lambang(users) -> None:
    client = Client()
    client.force_login(users["pegawai"])
    assert "lambang.png" not in client.get(reverse("selfservice:home")).content.decode()
    assert client.get(reverse("documents:lambang")).status_code == 404
    head = settings_letterhead()
    head.agency_name = "BKPSDM Kabupaten Uji"
    letterhead_save(actor=None, head=head, lambang=SAMPLE_PNG, lambang_name="lambang.png")
    page = client.get(reverse("selfservice:home")).content.decode()
    assert "BKPSDM Kabupaten Uji, Pemerintah Kabupaten Sukamaju" in page and reverse("documents:lambang") in page
    picture = Client().get(reverse("documents:lambang"))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png" and picture.content[:4] == b"\x89PNG"


def test_a_complaint_about_a_service_starts_with_that_service(reference) -> None:
    service = Service.objects.filter(active=True).order_by("code").first()
    assert service is not None
    page = Client().get(reverse("desk:complaint-public"), {"layanan": service.code}).content.decode()
    assert f'<option value="{service.pk}" selected>' in page
    unknown = Client().get(reverse("desk:complaint-public"), {"layanan": "x" * 500}).content.decode()
    assert '<option value="" selected>' in unknown  # an unknown code: "Lainnya / tidak tahu", no error
