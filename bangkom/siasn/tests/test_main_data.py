"""An employee's main data read from SIASN by NIP (against the stand-in) updates the registry exactly
as a row of SIASN's export file: a new employee in the unit SIASN names, current rank and position
updated with their histories appended, all or nothing, refused with the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bangkom.accounts.models import User
from bangkom.core.errors import ServiceError
from bangkom.people.models import EducationHistory, Employee, RankHistory
from bangkom.siasn import services
from bangkom.siasn.tests import standin
from conftest import People, Tree, assert_services_refuse_without


def main_data(nip: str, **changes: Any) -> dict[str, Any]:
    data = {
        "id": f"pns-{nip}",
        "nipBaru": nip,
        "nama": "Siti Rahayu",
        "gelarDepan": "",
        "gelarBelakang": "S.Pd.",
        "tempatLahir": "Sukamaju",
        "tglLahir": f"{nip[6:8]}-{nip[4:6]}-{nip[0:4]}",
        "jenisKelamin": "F" if nip[14] == "2" else "M",
        "emailGov": "",
        "jenisPegawaiNama": "PNS Daerah",
        "kedudukanPnsId": "01",
        "statusPegawai": "PNS",
        "tmtCpns": "01-01-2010",
        "tmtPns": "01-01-2011",
        "golRuangAkhirId": "33",
        "tmtGolAkhir": "01-04-2022",
        "jenisJabatanId": "2",
        "jabatanFungsionalId": "",
        "jabatanNama": "Guru Ahli Muda",
        "tmtJabatan": "01-04-2022",
        "eselonId": "",
        "tkPendidikanTerakhirId": "40",
        "pendidikanTerakhirNama": "S-1 Pendidikan Matematika",
        "tahunLulus": "2008",
        "unorId": "unor-sd1",
        "unorNama": "SD Negeri 1",
    }
    data.update(changes)
    return data


def test_an_employee_is_updated_from_siasn_and_the_history_appended(
    siasn: standin.Standin,
    people: People,
    users: dict[str, User],
) -> None:
    siasn.people["pns-guru"] = main_data(people.teacher.nip)
    summary = services.employee_from_siasn(actor=users["admin"], nip=people.teacher.nip)
    assert (summary.created, summary.updated) == (0, 1)
    teacher = Employee.objects.get(pk=people.teacher.pk)
    assert (teacher.golongan_id, teacher.golongan_tmt, teacher.siasn_id) == (
        33,
        dt.date(2022, 4, 1),
        f"pns-{teacher.nip}",
    )
    ranks = list(RankHistory.objects.filter(employee=teacher).order_by("tmt").values_list("golongan_id", "tmt"))
    assert ranks == [(32, dt.date(2018, 4, 1)), (33, dt.date(2022, 4, 1))]  # appended, the old one kept
    assert teacher.history.first().history_user == users["admin"]  # type: ignore[attr-defined]
    again = services.employee_from_siasn(actor=users["admin"], nip=people.teacher.nip)
    assert (again.updated, again.histories) == (0, 0) and RankHistory.objects.filter(employee=teacher).count() == 2


def test_a_new_employee_lands_in_the_unit_siasn_names(
    siasn: standin.Standin,
    tree: Tree,
    users: dict[str, User],
) -> None:
    nip = "199104122019032002"
    siasn.people["pns-new"] = main_data(nip, nama="Rina Marlina")
    assert services.employee_from_siasn(actor=users["admin"], nip=nip).created == 1
    employee = Employee.objects.get(nip=nip)
    assert (employee.name, employee.unit, employee.golongan_id) == ("Rina Marlina", tree.school, 33)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tglLahir": "01-01-2990"}, "tanggal_lahir"),
        ({"golRuangAkhirId": "99"}, "gol_akhir_id '99': kode golongan tidak dikenal"),
        ({"nipBaru": "198503152010012099"}, "SIASN menjawab NIP 198503152010012099"),
    ],
)
def test_data_siasn_gets_wrong_is_refused_with_the_reason_and_nothing_changes(
    siasn: standin.Standin,
    people: People,
    users: dict[str, User],
    changes: dict[str, Any],
    message: str,
) -> None:
    siasn.people["pns-guru"] = main_data(people.teacher.nip, **changes)
    if "nipBaru" in changes:  # the stand-in finds people by NIP: answer the request with another's data
        siasn.people["pns-guru"]["nipBaru"] = people.teacher.nip
        siasn.people["pns-guru"]["_answer_nip"] = changes["nipBaru"]
    before = list(Employee.objects.values_list("nip", "golongan_id", "updated_at"))
    with pytest.raises(ServiceError, match=message):
        services.employee_from_siasn(actor=users["admin"], nip=people.teacher.nip)
    assert list(Employee.objects.values_list("nip", "golongan_id", "updated_at")) == before


def test_a_nip_siasn_does_not_know_is_refused_with_siasn_message(
    siasn: standin.Standin,
    people: People,
    users: dict[str, User],
) -> None:
    with pytest.raises(ServiceError, match="Data utama NIP 199912312020121001 dari SIASN: Data tidak ditemukan"):
        services.employee_from_siasn(actor=users["admin"], nip="199912312020121001")


def test_only_who_may_import_reads_from_siasn(users: dict[str, User]) -> None:
    assert_services_refuse_without("people.import_employees", services, ("employee_from_siasn",), users)


def test_the_page_fetches_an_employee_and_opens_their_record(
    siasn: standin.Standin,
    people: People,
    users: dict[str, User],
) -> None:
    siasn.people["pns-guru"] = main_data(people.teacher.nip)
    client = Client()
    client.force_login(users["admin"])
    assert "Ambil data pegawai dari SIASN" in client.get(reverse("siasn:submissions")).content.decode()
    done = client.post(reverse("siasn:employee-fetch"), {"nip": people.teacher.nip})
    assert done["Location"] == reverse("people:detail", args=[people.teacher.nip])
    refused = client.post(reverse("siasn:employee-fetch"), {"nip": "1" * 21}, follow=True)
    assert "NIP harus 18 angka" in refused.content.decode()
    client.force_login(users["operator"])
    assert client.post(reverse("siasn:employee-fetch"), {"nip": people.teacher.nip}).status_code == 403


def test_rank_and_education_histories_from_siasn_are_appended_once(
    siasn: standin.Standin, people: People, users: dict[str, User]
) -> None:
    nip = people.teacher.nip
    siasn.people["pns-guru"] = main_data(nip)
    siasn.ranks[nip] = [
        {"golonganId": "31", "tmtGolongan": "01-04-2014", "skNomor": "823/11/2014", "skTanggal": "10-03-2014"},
        {"golonganId": "32", "tmtGolongan": "01-04-2018", "skNomor": "", "skTanggal": ""},  # already in the registry
        {"golonganId": "33", "tmtGolongan": "01-04-2022", "skNomor": "823/40/2022", "skTanggal": "01-03-2022"},
    ]
    siasn.educations[nip] = [
        {"tkPendidikanId": "30", "pendidikanNama": "D-III Pendidikan", "namaSekolah": "Politeknik Sukamaju", "tahunLulus": "2005"},
    ]  # fmt: skip
    summary = services.employee_from_siasn(actor=users["admin"], nip=nip)
    ranks = list(
        RankHistory.objects.filter(employee=people.teacher)
        .order_by("tmt")
        .values_list("golongan_id", "tmt", "sk_number")
    )
    assert ranks == [
        (31, dt.date(2014, 4, 1), "823/11/2014"), (32, dt.date(2018, 4, 1), ""), (33, dt.date(2022, 4, 1), ""),
    ]  # fmt: skip  # 33 came with the main data first; SIASN's row for it is the same rank and TMT
    levels = set(EducationHistory.objects.filter(employee=people.teacher).values_list("level_id", "graduation_year"))
    assert levels == {("30", 2005), ("40", 2008)}
    assert summary.histories >= 3
    again = services.employee_from_siasn(actor=users["admin"], nip=nip)
    assert again.histories == 0


def test_a_history_row_siasn_gets_wrong_stops_the_whole_update(
    siasn: standin.Standin, people: People, users: dict[str, User]
) -> None:
    nip = people.teacher.nip
    siasn.people["pns-guru"] = main_data(nip)
    siasn.ranks[nip] = [{"golonganId": "31", "tmtGolongan": "31-02-2014"}]
    with pytest.raises(ServiceError, match="tmtGolongan '31-02-2014': bukan tanggal"):
        services.employee_from_siasn(actor=users["admin"], nip=nip)
    siasn.ranks[nip] = [{"golonganId": "99", "tmtGolongan": "01-04-2014"}]
    with pytest.raises(ServiceError, match=r"Riwayat dari SIASN .*golonganId.*99"):
        services.employee_from_siasn(actor=users["admin"], nip=nip)
    teacher = Employee.objects.get(pk=people.teacher.pk)
    assert teacher.golongan_id == 32 and teacher.siasn_id == ""  # the main data was not kept either
