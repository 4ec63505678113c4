"""NIP (Nomor Induk Pegawai) parsing: 18 digits = birth date, TMT CPNS, gender, serial."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


class NipError(ValueError):
    """The NIP cannot be right; the message says which part and why."""


@dataclass(frozen=True)
class NipParts:
    birth_date: dt.date
    tmt_year: int
    tmt_month: int
    gender: str  # "1" male, "2" female
    serial: int


NIP_LENGTH = 18


def parse_nip(nip: str, *, is_pppk: bool = False) -> NipParts:
    """Split and check a NIP. PPPK numbers use positions 9-14 differently, so they are not checked."""
    nip = nip.strip()
    if len(nip) != NIP_LENGTH or not nip.isdigit():
        raise NipError(_("NIP harus 18 angka; %(nip)r berisi %(n)d karakter.") % {"nip": nip, "n": len(nip)})
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError(
            _("Delapan angka pertama NIP (%(part)s) bukan tanggal lahir yang ada.") % {"part": nip[0:8]}
        ) from None
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not is_pppk:
        if not 1 <= tmt_month <= 12:
            raise NipError(_("Bulan TMT CPNS pada NIP (%(part)s) harus 01–12.") % {"part": nip[12:14]})
        if (tmt_year, tmt_month) <= (birth.year, birth.month):
            raise NipError(
                _("TMT CPNS pada NIP (%(tmt)s) harus sesudah tanggal lahir (%(birth)s).")
                % {"tmt": nip[8:14], "birth": nip[0:8]}
            )
    gender = nip[14]
    if gender not in ("1", "2"):
        raise NipError(_("Angka jenis kelamin pada NIP (%(digit)s) harus 1 atau 2.") % {"digit": gender})
    serial = int(nip[15:18])
    if serial < 1:
        raise NipError(_("Nomor urut pada NIP (%(part)s) harus 001 atau lebih.") % {"part": nip[15:18]})
    return NipParts(birth, tmt_year, tmt_month, gender, serial)


def nip_mismatches(parts: NipParts, *, birth_date: dt.date | None, gender: str | None) -> list[str]:
    """Reasons why the record's birth date and gender disagree with its NIP (empty when they agree)."""
    problems = []
    if birth_date is not None and birth_date != parts.birth_date:
        problems.append(
            _("Tanggal lahir %(record)s tidak sama dengan tanggal lahir pada NIP (%(nip)s).")
            % {"record": birth_date.strftime("%d-%m-%Y"), "nip": parts.birth_date.strftime("%d-%m-%Y")}
        )
    if gender is not None and gender != parts.gender:
        problems.append(
            _("Jenis kelamin tidak sama dengan angka jenis kelamin pada NIP (%(digit)s).") % {"digit": parts.gender}
        )
    return problems
