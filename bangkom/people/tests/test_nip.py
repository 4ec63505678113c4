from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangkom.people.nip import NipError, nip_mismatches, parse_nip


def test_valid_pns_nip_is_split_into_its_parts() -> None:
    parts = parse_nip("198503152010012003")
    assert parts.birth_date == dt.date(1985, 3, 15)
    assert (parts.tmt_year, parts.tmt_month) == (2010, 1)
    assert parts.gender == "2"
    assert parts.serial == 3


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("19850315201001200", "18 angka"),  # 17 digits
        ("1985031520100120031", "18 angka"),  # 19 digits
        ("19850315201001200A", "18 angka"),
        ("198502302010012003", "(19850230) bukan tanggal"),  # 30 February
        ("198513152010012003", "(19851315) bukan tanggal"),  # month 13
        ("198503152010132003", "Bulan TMT CPNS"),  # TMT month 13
        ("198503152010002003", "Bulan TMT CPNS"),  # TMT month 00
        ("198503151985032003", "harus sesudah tanggal lahir"),  # TMT in the birth month
        ("198503151980012003", "harus sesudah tanggal lahir"),
        ("198503152010013003", "jenis kelamin"),
        ("198503152010010003", "jenis kelamin"),
        ("198503152010011000", "Nomor urut"),
    ],
)
def test_invalid_nip_names_the_wrong_part(nip: str, fragment: str) -> None:
    with pytest.raises(NipError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        parse_nip(nip)


def test_tmt_one_month_after_birth_month_is_accepted() -> None:
    assert parse_nip("198503151985042001").tmt_month == 4


def test_pppk_number_is_not_rejected_for_an_impossible_month() -> None:
    # PPPK: positions 9-14 hold the appointment year and the contract count, not a TMT month.
    parts = parse_nip("199001012021211001", is_pppk=True)
    assert parts.birth_date == dt.date(1990, 1, 1)
    with pytest.raises(NipError):
        parse_nip("199001012021211001")


def test_record_must_agree_with_nip() -> None:
    parts = parse_nip("198503152010012003")
    assert nip_mismatches(parts, birth_date=dt.date(1985, 3, 15), gender="2") == []
    problems = nip_mismatches(parts, birth_date=dt.date(1985, 3, 16), gender="1")
    assert len(problems) == 2
    assert "16-03-1985" in problems[0] and "15-03-1985" in problems[0]
    assert "(2)" in problems[1]


@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)),
    years_later=st.integers(min_value=18, max_value=40),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from("12"),
    serial=st.integers(min_value=1, max_value=999),
)
def test_every_wellformed_nip_round_trips(
    birth: dt.date, years_later: int, month: int, gender: str, serial: int
) -> None:
    nip = f"{birth:%Y%m%d}{birth.year + years_later}{month:02d}{gender}{serial:03d}"
    parts = parse_nip(nip)
    assert (parts.birth_date, parts.tmt_year, parts.tmt_month, parts.gender, parts.serial) == (
        birth,
        birth.year + years_later,
        month,
        gender,
        serial,
    )
