"""Demo log-ins, one per role, for `make run` (never for production)."""

from __future__ import annotations

from dataclasses import dataclass

from bangkom.people.models import Employee, Unit

from . import roles
from .models import User
from .services import user_create

DEMO_PASSWORD = "bangkom2026"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: roles.Role
    unit_code: str | None = None
    employee_unit_code: str | None = None
    # The demo official's post in the registry (the head of BKPSDM, its head of division), whose
    # name, pangkat and NIP their signed letters print.
    employee_position: str = ""


DEMO_USERS = (
    DemoUser("admin", roles.ADMIN),
    DemoUser("operator", roles.OPERATOR, unit_code="DISDIK"),
    DemoUser("penilai", roles.ASSESSOR),
    DemoUser("tspdi", roles.TSPDI),
    DemoUser("pimpinan", roles.LEADER, employee_unit_code="BKPSDM", employee_position="Kepala Badan"),
    DemoUser("pegawai", roles.EMPLOYEE, employee_unit_code="SD"),
    DemoUser(
        "kabid",
        roles.DIVISION_HEAD,
        unit_code="BKPSDM",
        employee_unit_code="BKPSDM",
        employee_position="Kepala Bidang Pengembangan",
    ),
    DemoUser("umum", roles.GENERAL_AFFAIRS, unit_code="BKPSDM"),
)


def demo_users_ensure() -> list[DemoUser]:
    """Create the demo users that do not exist yet; returns all of them."""
    for demo in DEMO_USERS:
        if User.objects.filter(username=demo.username).exists():
            continue
        unit = Unit.objects.filter(code=demo.unit_code).first() if demo.unit_code else None
        employee = (
            Employee.objects.filter(
                unit__code=demo.employee_unit_code, user__isnull=True, position_name__startswith=demo.employee_position
            )
            .order_by("nip")
            .first()
            if demo.employee_unit_code
            else None
        )
        user_create(
            username=demo.username,
            password=DEMO_PASSWORD,
            role=demo.role,
            unit=unit,
            employee=employee,
            first_name=str(demo.role.name),
        )
    return list(DEMO_USERS)
