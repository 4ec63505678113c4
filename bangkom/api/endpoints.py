"""The REST API (DRF): thin views over the same selectors and services the pages use."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from bangkom.core.errors import ServiceError, refusal_text
from bangkom.core.web import YEARS
from bangkom.people.models import Employee, Unit
from bangkom.people.selectors import employee_histories, jp_norm
from bangkom.planning.selectors import jp_ledger
from bangkom.selection.models import SelectionRound
from bangkom.selection.selectors import round_candidates, rounds_visible
from bangkom.training.selectors import may_open_programs

from . import selectors, serializers, services
from .models import ApiAccess
from .permissions import client_of

PAGE_SIZE = 100
PAGE_SIZE_MAX = 1000


class Pages(CursorPagination):
    """A "next"/"previous" cursor per page: a deep page costs what the first does (issue 20)."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX
    ordering = "-id"

    def get_page_size(self, request: Request) -> int:
        """`page_size` 1 … 1,000 (100 when absent); anything else is a 400, not silently ignored."""
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        if not text.isdigit() or not 1 <= int(text[:6]) <= self.max_page_size or len(text) > 6:
            message = _("Isi page_size 1 sampai %(max)d, bukan %(value)r.")
            raise exceptions.ValidationError({"page_size": [message % {"max": self.max_page_size, "value": text[:20]}]})
        return int(text)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super().decode_cursor(request)
        # A position no column holds (PostgreSQL refuses NUL in text): the same 404 as any bad cursor.
        if cursor is not None and cursor.position is not None and "\x00" in str(cursor.position):
            raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


class ByNip(Pages):
    ordering = "nip"


def errors(error: Exception, context: dict[str, Any]) -> Response | None:
    """A refusal of a service or of the model's rules is a 400 (409 for a conflicting report) with the
    reason in Indonesian, per field when it names one; never a 500."""
    if isinstance(error, services.ConflictingReport):
        return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    if isinstance(error, ServiceError):
        return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(error, ModelValidationError):
        body: dict[str, Any] = (
            dict(error.message_dict) if hasattr(error, "error_dict") else {"detail": refusal_text(error)}
        )
        if "__all__" in body:
            body["non_field_errors"] = body.pop("__all__")
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return exception_handler(error, context)


ID_DIGITS = 9  # the ids the schema allows (1 … 999,999,999)
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 10**ID_DIGITS - 1}


def _unit_named(request: Request, name: str, **conditions: Any) -> Unit | None:
    """The unit a query parameter names by id: None when absent, 400 when it is no id, 404 when there
    is no such unit."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > ID_DIGITS:
        raise exceptions.ValidationError(
            {name: [_("%(name)s %(value)r tidak sah: isi id unit (angka).") % {"name": name, "value": text[:20]}]}
        )
    unit = Unit.objects.filter(pk=int(text), **conditions).first()
    if unit is None:
        raise exceptions.NotFound(_("Unit dengan id %(id)s tidak ada.") % {"id": text})
    return unit


def _unit_filter(request: Request, queryset: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    """`?unit=<id>`: that unit and the units below it (within the caller's scope anyway)."""
    unit = _unit_named(request, "unit")
    return queryset if unit is None else queryset.filter(**{f"{prefix}unit__path__startswith": unit.path})


def _year(year: int) -> int:
    if not YEARS[0] <= year <= YEARS[1]:
        raise Http404
    return year


def answers(success: Any, *errors: int) -> dict[int, Any]:
    """The responses an operation documents: its success, the refusals every call may meet (a bad
    parameter: 400 with a field per key or `non_field_errors`; no or a bad token, no access, too many
    requests) and those it names: 404, 409."""
    documented: dict[int, Any] = success if isinstance(success, dict) else {200: success}
    refusal = serializers.RefusalSerializer
    for code in (400, 401, 403, 429, *errors):
        documented[code] = OpenApiTypes.OBJECT if code == 400 else refusal
    return documented


UNIT_PARAMETER = OpenApiParameter("unit", ID_SCHEMA, description="Id unit: unit itu dan unit di bawahnya.")


class ApiView(APIView):
    access: str
    person_permission: str | None = None


@extend_schema(
    tags=["pegawai"], parameters=[UNIT_PARAMETER], responses=answers(serializers.EmployeeSerializer(many=True), 404)
)
class EmployeeList(generics.ListAPIView[Employee]):
    """Pegawai yang boleh dilihat pemanggil, urut NIP."""

    access = ApiAccess.EMPLOYEES_READ
    person_permission = None  # the scope narrows it (a PNS sees their own record)
    serializer_class = serializers.EmployeeSerializer
    pagination_class = ByNip

    def get_queryset(self) -> QuerySet[Employee]:
        return _unit_filter(self.request, selectors.employees(self.request.user))


@extend_schema(tags=["pegawai"], responses=answers(serializers.EmployeeSerializer, 404))
class EmployeeDetail(generics.RetrieveAPIView[Employee]):
    access = ApiAccess.EMPLOYEES_READ
    serializer_class = serializers.EmployeeSerializer
    lookup_field = "nip"

    def get_queryset(self) -> QuerySet[Employee]:
        return selectors.employees(self.request.user)


@extend_schema(tags=["pegawai"], responses=answers(serializers.HistoriesSerializer, 404))
class EmployeeHistories(ApiView):
    """Riwayat pangkat, jabatan, pendidikan dan diklat seorang pegawai."""

    access = ApiAccess.EMPLOYEES_READ

    def get(self, request: Request, nip: str) -> Response:
        employee = get_object_or_404(selectors.employees(request.user), nip=nip)
        histories = employee_histories(employee)
        body = {
            "nip": employee.nip,
            "ranks": histories.ranks,
            "positions": histories.positions,
            "education": histories.education,
            "training": histories.trainings,
        }
        return Response(serializers.HistoriesSerializer(body).data)


@extend_schema(tags=["diklat"])
class TrainingReport(ApiView):
    """Catat riwayat diklat yang dilaporkan sistem lain (mis. LMS yang melaporkan kelulusan).

    Idempoten menurut `client_record_id`: kiriman ulang yang sama menjawab 200 dengan catatan yang
    sudah dibuat; isi berbeda dengan id yang sama ditolak 409."""

    access = ApiAccess.TRAINING_WRITE
    clients_only = True

    @extend_schema(
        request=serializers.TrainingReportSerializer,
        responses=answers({201: serializers.TrainingRecordSerializer, 200: serializers.TrainingRecordSerializer}, 409),
    )
    def post(self, request: Request) -> Response:
        client = client_of(request)
        assert client is not None  # AccessListed lets only clients through (clients_only)
        report = serializers.TrainingReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        employee = selectors.employees(request.user).filter(nip=report.validated_data["nip"]).first()
        if employee is None:
            raise exceptions.PermissionDenied(
                _("Pegawai dengan NIP %(nip)s tidak ada di unit yang boleh dicatat klien ini.")
                % {"nip": report.validated_data["nip"]}
            )
        reported = services.training_record_report(
            client=client,
            client_record_id=report.validated_data["client_record_id"],
            employee=employee,
            fields=report.record_fields(),
        )
        return Response(
            serializers.TrainingRecordSerializer(reported.record).data,
            status=status.HTTP_201_CREATED if reported.created else status.HTTP_200_OK,
        )


@extend_schema(
    tags=["jp"],
    parameters=[
        OpenApiParameter("opd", ID_SCHEMA, description="Id OPD (unit tingkat 1): hanya OPD itu."),
        OpenApiParameter(
            "depth", int, enum=[1, 2, 3], description="Tingkat unit per baris: 1 per OPD (bawaan), 2 per bidang."
        ),
    ],
    responses=answers(serializers.LedgerSummarySerializer, 404),
)
class LedgerSummary(ApiView):
    """Rekap JP satu tahun per unit: jumlah PNS, yang memenuhi norma, jumlah JP dan sebaran per rentang."""

    access = ApiAccess.LEDGER_READ
    person_permission = "planning.view_jp_report"

    def get(self, request: Request, year: int) -> Response:
        year = _year(year)
        opd = _unit_named(request, "opd", depth=1)
        depth_text = request.query_params.get("depth", "1")
        if depth_text not in {"1", "2", "3"}:
            raise exceptions.ValidationError({"depth": [_("Isi depth 1, 2 atau 3.")]})
        ledger = jp_ledger(request.user, year, opd=opd, depth=int(depth_text))
        return Response(serializers.LedgerSummarySerializer(ledger).data)


@extend_schema(
    tags=["jp"], parameters=[UNIT_PARAMETER], responses=answers(serializers.LedgerRowSerializer(many=True), 404)
)
class LedgerRows(generics.ListAPIView[Employee]):
    """JP tiap PNS pada satu tahun terhadap normanya, urut NIP."""

    access = ApiAccess.LEDGER_READ
    person_permission = "planning.view_jp_report"
    serializer_class = serializers.LedgerRowSerializer
    pagination_class = ByNip

    def get_queryset(self) -> QuerySet[Employee]:
        year = _year(self.kwargs["year"])
        self.norm = jp_norm(year)
        return _unit_filter(self.request, selectors.ledger(self.request.user, year))

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            rows = args[0]
            args = (
                [
                    {"nip": e.nip, "full_name": e.full_name, "unit": e.unit, "jp": e.jp, "norm": self.norm,
                     "reached": e.jp >= self.norm}
                    for e in rows
                ],
                *args[1:],
            )  # fmt: skip
        return super().get_serializer(*args, **kwargs)


@extend_schema(
    tags=["program"], parameters=[UNIT_PARAMETER], responses=answers(serializers.ProgramSerializer(many=True), 404)
)
class ProgramList(generics.ListAPIView[Any]):
    access = ApiAccess.PROGRAMS_READ
    person_may = staticmethod(may_open_programs)
    serializer_class = serializers.ProgramSerializer
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Any]:
        return _unit_filter(self.request, selectors.programs(self.request.user))


@extend_schema(
    tags=["sertifikat"],
    parameters=[
        OpenApiParameter("number", str, description="Nomor sertifikat/STTP."),
        OpenApiParameter("code", str, description="Kode verifikasi yang tercetak pada sertifikat."),
        OpenApiParameter("nip", str, description="NIP pemegang."),
    ],
    responses=answers(serializers.CertificateSerializer(many=True), 404),
)
class CertificateList(generics.ListAPIView[Any]):
    """Sertifikat dengan status verifikasinya (sah atau dicabut)."""

    access = ApiAccess.CERTIFICATES_READ
    serializer_class = serializers.CertificateSerializer
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Any]:
        certificates = selectors.certificates(self.request.user)
        for name, lookup in (("number", "number"), ("code", "code"), ("nip", "participant__employee__nip")):
            value = self.request.query_params.get(name, "").replace("\x00", "").strip()[:100]
            if value:
                certificates = certificates.filter(**{lookup: value.upper() if name == "code" else value})
        return certificates


@extend_schema(tags=["seleksi"], responses=answers(serializers.RoundSerializer(many=True), 404))
class RoundList(generics.ListAPIView[SelectionRound]):
    access = ApiAccess.SELECTION_READ
    person_permission = "selection.view_selectionround"
    serializer_class = serializers.RoundSerializer
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[SelectionRound]:
        return rounds_visible(self.request.user)


@extend_schema(tags=["seleksi"], responses=answers(serializers.RoundResultSerializer(many=True), 404))
class RoundResults(generics.ListAPIView[Any]):
    """Hasil seleksi satu putaran: calon, kelompok, kategori, nilai akhir dan peringkat."""

    access = ApiAccess.SELECTION_READ
    person_permission = "selection.view_selectionround"
    serializer_class = serializers.RoundResultSerializer
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Any]:
        selection_round = get_object_or_404(rounds_visible(self.request.user), pk=self.kwargs["round_id"])
        return round_candidates(self.request.user, selection_round).order_by("-id")


@extend_schema(exclude=True)
class NotFound(APIView):
    """A path under /api/v1/ that names no endpoint."""

    permission_classes: list[Any] = []

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound(_("Tidak ada endpoint API di alamat ini; lihat /api/docs/."))
