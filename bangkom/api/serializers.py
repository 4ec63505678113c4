"""The shapes the API reads and writes. Field names follow the models; codes are SIASN's."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bangkom.people.forms import TrainingRecordForm
from bangkom.people.models import (
    EducationHistory,
    Employee,
    PositionHistory,
    RankHistory,
    StructuralTrainingLevel,
    TrainingKind,
    TrainingRecord,
)
from bangkom.training.models import Certificate, Program


class UnitRef(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class EmployeeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    full_name = serializers.CharField(read_only=True)
    unit = UnitRef(read_only=True)
    golongan = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    position_kind = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    eselon = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    education_level = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Employee
        fields = (
            "nip",
            "siasn_id",
            "employee_type",
            "full_name",
            "name",
            "front_title",
            "back_title",
            "gender",
            "birth_date",
            "unit",
            "tmt_cpns",
            "tmt_pns",
            "golongan",
            "golongan_tmt",
            "position_name",
            "position_kind",
            "eselon",
            "position_tmt",
            "education_level",
        )


class RankSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    golongan = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RankHistory
        fields = ("golongan", "tmt", "sk_number", "sk_date")


class PositionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    eselon = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = PositionHistory
        fields = ("name", "kind", "eselon", "functional_position", "unit", "tmt", "sk_number", "sk_date")


class EducationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    level = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = EducationHistory
        fields = ("level", "major", "institution", "graduation_year")


class TrainingRecordSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    nip = serializers.CharField(source="employee.nip", read_only=True)
    counted = serializers.SerializerMethodField(help_text=_("Dihitung dalam JP (sertifikatnya tidak dicabut)."))

    class Meta:
        model = TrainingRecord
        # What the page's form records, and how the record stands.
        fields = ("id", "nip", *TrainingRecordForm.Meta.fields, "counted", "revoked_at", "revoke_reason")

    def get_counted(self, record: TrainingRecord) -> bool:
        return record.revoked_at is None


class HistoriesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nip = serializers.CharField()
    ranks = RankSerializer(many=True)
    positions = PositionSerializer(many=True)
    education = EducationSerializer(many=True)
    training = TrainingRecordSerializer(many=True)


class TrainingReportSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A training record an integration client reports; checked again by the model's own rules (the
    same ones the page's form applies) when the service saves it."""

    client_record_id = serializers.RegexField(
        r"^[A-Za-z0-9._:/-]{1,100}$",
        max_length=100,
        help_text=_(
            "Id catatan ini di sistem klien (huruf, angka, . _ : / -): kiriman ulang dengan id yang sama tidak "
            "menggandakan."
        ),
    )
    nip = serializers.RegexField(r"^\d{18}$", help_text=_("NIP 18 digit pegawai."))
    name = serializers.RegexField(r"\S", max_length=250, label=_("nama diklat"), help_text=_("Nama diklat."))
    # The SIASN codes in force, listed in the schema (choices set per instance: they are reference data).
    kind = serializers.ChoiceField(choices=[], help_text=_("Kode SIASN jenis diklat."))
    structural_level = serializers.ChoiceField(
        choices=[],
        required=False,
        allow_null=True,
        help_text=_("Kode SIASN latihan struktural (hanya untuk diklat struktural)."),
    )
    organiser = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    jp_hours = serializers.IntegerField(min_value=1, max_value=32767)
    certificate_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = TrainingKind.objects.filter(is_active=True).order_by("id")
        self.fields["kind"].choices = [(kind.pk, kind.name) for kind in kinds]
        levels = StructuralTrainingLevel.objects.filter(is_active=True).order_by("id")
        self.fields["structural_level"].choices = [(level.pk, level.name) for level in levels]

    def record_fields(self) -> dict[str, Any]:
        """The training record's own fields, as the model names them."""
        data = dict(self.validated_data)
        data.pop("client_record_id")
        data.pop("nip")
        data["kind_id"] = data.pop("kind")
        data["structural_level_id"] = data.pop("structural_level", None)
        return data


class LedgerRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nip = serializers.CharField()
    full_name = serializers.CharField()
    unit = UnitRef()
    jp = serializers.IntegerField(help_text=_("JP yang dihitung pada tahun itu."))
    norm = serializers.IntegerField(help_text=_("Norma JP tahun itu."))
    reached = serializers.BooleanField()


class LedgerUnitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    unit_id = serializers.IntegerField()
    name = serializers.CharField()
    employees = serializers.IntegerField()
    reached = serializers.IntegerField()
    total_jp = serializers.IntegerField()
    reached_percent = serializers.FloatField(allow_null=True)
    average_jp = serializers.FloatField(allow_null=True)
    bands = serializers.ListField(child=serializers.IntegerField())


class LedgerSummarySerializer(serializers.Serializer):  # type: ignore[type-arg]
    year = serializers.IntegerField()
    norm = serializers.IntegerField()
    bands = serializers.ListField(child=serializers.CharField())
    total = LedgerUnitSerializer()
    rows = LedgerUnitSerializer(many=True)


class ProgramSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    unit = UnitRef(read_only=True)

    class Meta:
        model = Program
        fields = ("id", "title", "kind", "unit", "jp", "start_date", "end_date", "venue", "status", "participant_count")


class CertificateSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    nip = serializers.CharField(source="participant.employee.nip")
    program = serializers.IntegerField(source="participant.program_id")
    program_title = serializers.CharField(source="participant.program.title")
    valid = serializers.SerializerMethodField(help_text=_("Sah: tidak dicabut."))

    class Meta:
        model = Certificate
        fields = (
            "number",
            "code",
            "kind",
            "year",
            "nip",
            "program",
            "program_title",
            "signer_name",
            "issued_at",
            "valid",
            "revoked_at",
            "revoke_reason",
        )

    def get_valid(self, certificate: Certificate) -> bool:
        return certificate.revoked_at is None


class RoundSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    as_of = serializers.DateField()
    quota = serializers.IntegerField()
    status = serializers.CharField()
    screened_at = serializers.DateTimeField(allow_null=True)
    candidate_count = serializers.IntegerField()


class RoundResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nip = serializers.CharField(source="employee.nip")
    full_name = serializers.CharField(source="employee.full_name")
    unit = UnitRef(source="employee.unit")
    included = serializers.BooleanField()
    group = serializers.CharField()
    category = serializers.CharField()
    final_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    unmet = serializers.CharField(help_text=_("Kode syarat yang belum terpenuhi, dipisah spasi."))


class RefusalSerializer(serializers.Serializer):  # type: ignore[type-arg]
    detail = serializers.CharField(help_text=_("Alasan penolakan, dalam bahasa Indonesia."))
