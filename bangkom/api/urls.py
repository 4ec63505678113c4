from django.urls import path, re_path, register_converter
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from . import endpoints, views

app_name = "api"


class YearConverter:
    """A year in a path: four digits (the schema says 1900–2200, as the pages' year filters do)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


register_converter(YearConverter, "year")


class NipConverter:
    """A NIP in a path: 18 digits; anything else is no employee (a JSON 404 from the catch-all below)."""

    regex = "[0-9]{18}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NipConverter, "nip")

urlpatterns = [
    path("klien/", views.clients, name="clients"),
    path("klien/<int:client_id>/cabut/", views.client_revoke, name="client-revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="docs"),
    path("v1/pegawai/", endpoints.EmployeeList.as_view(), name="employees"),
    path("v1/pegawai/<nip:nip>/", endpoints.EmployeeDetail.as_view(), name="employee"),
    path("v1/pegawai/<nip:nip>/riwayat/", endpoints.EmployeeHistories.as_view(), name="employee-histories"),
    path("v1/diklat/", endpoints.TrainingReport.as_view(), name="training-report"),
    path("v1/jp/<year:year>/", endpoints.LedgerSummary.as_view(), name="ledger"),
    path("v1/jp/<year:year>/pegawai/", endpoints.LedgerRows.as_view(), name="ledger-rows"),
    path("v1/program/", endpoints.ProgramList.as_view(), name="programs"),
    path("v1/sertifikat/", endpoints.CertificateList.as_view(), name="certificates"),
    path("v1/seleksi/", endpoints.RoundList.as_view(), name="rounds"),
    path("v1/seleksi/<int:round_id>/hasil/", endpoints.RoundResults.as_view(), name="round-results"),
    # Anything else under /api/ is answered in JSON too, never with the pages' HTML error page.
    re_path(r"^v1/", endpoints.NotFound.as_view(), name="not-found"),
]
