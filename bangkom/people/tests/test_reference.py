from __future__ import annotations

import pytest

from bangkom.people.models import BupRule, EducationLevel, Eselon, FunctionalPosition, Golongan, SkpRating
from bangkom.people.reference import load_reference


@pytest.mark.django_db
def test_reference_tables_follow_siasn_codes_and_order() -> None:
    counts = load_reference()
    assert counts["golongan"] == 17
    assert [g.code for g in Golongan.objects.all()][:5] == ["I/a", "I/b", "I/c", "I/d", "II/a"]
    assert Golongan.objects.get(pk=41).pangkat == "Pembina"
    assert Golongan.objects.get(pk=45).code == "IV/e"
    assert Eselon.objects.get(pk="22").code == "II.b"
    assert not Eselon.objects.filter(pk="00").exists()
    ordered = list(EducationLevel.objects.values_list("code", flat=True))
    assert (
        ordered.index("SD")
        < ordered.index("SMP")
        < ordered.index("SMA")
        < ordered.index("D3")
        < ordered.index("S1")
        < ordered.index("S2")
        < ordered.index("S3")
    )
    assert EducationLevel.objects.get(code="D4").rank == EducationLevel.objects.get(code="S1").rank
    assert [r.name for r in SkpRating.objects.all()] == [
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang",
        "Sangat Kurang",
    ]
    assert FunctionalPosition.objects.get(name="Guru Ahli Pertama").bup_age == 60
    assert BupRule.objects.get(position_kind="jpt", functional_level="").age == 60
    assert BupRule.objects.get(position_kind="fungsional", functional_level="UT").age == 65
    assert all(rule.legal_source for rule in BupRule.objects.all())


@pytest.mark.django_db
def test_reloading_is_idempotent_and_restores_shipped_values() -> None:
    load_reference()
    Golongan.objects.filter(pk=41).update(pangkat="Salah ketik")
    counts = load_reference()
    assert Golongan.objects.count() == counts["golongan"] == 17
    assert Golongan.objects.get(pk=41).pangkat == "Pembina"
