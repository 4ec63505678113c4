"""Fixtures shared by every test: reference data, roles, a small unit tree and users per role."""

from __future__ import annotations

import datetime as dt
import io
import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from typing import Any
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from PIL import Image
from pypdf import PdfWriter

from bangkom.accounts import roles
from bangkom.accounts.models import User
from bangkom.accounts.services import roles_sync, user_create
from bangkom.desk.services import catalogue_load
from bangkom.documents.converter import converter_start
from bangkom.people.models import Employee, Unit, UnitKind
from bangkom.people.services import employee_create, history_add, unit_create

# Property tests judge results, not speed: `make test` runs the suite under coverage on a two-core
# machine, where drawing inputs or one example may take longer than Hypothesis's defaults allow.
hypothesis_settings.register_profile("bangkom", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("bangkom")


def _one_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 6), "white").save(out, "PNG")
    return out.getvalue()


# A real one-page A4 PDF and a real PNG: uploads are parsed, so a file that only starts like one is refused.
SAMPLE_PDF = _one_page_pdf()
SAMPLE_PNG = _small_png()


@pytest.fixture(scope="session", autouse=True)
def converter() -> Iterator[str]:
    """LibreOffice's converter, started once for the run on a port of its own: every PDF is made by it,
    as in production (never a stand-in)."""
    process, address = converter_start()
    settings.BANGKOM_CONVERTER = address
    yield address
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The run's uploads, exports and generated letters go to a folder of its own (pytest keeps the
    last few runs' and removes older ones), never into the installation's var/media."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def default_language() -> None:
    """Every test starts in Indonesian, whatever language an earlier request switched the thread to."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: what an earlier test kept (a user's "Tugas saya" count, the
    agency's header) was about rows its rollback removed."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference(db: None) -> None:
    """What `make setup` loads before any work: the national codes, the roles, the service catalogue."""
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115
    roles_sync()
    catalogue_load()


@dataclass
class Tree:
    root: Unit
    disdik: Unit
    school: Unit
    dinkes: Unit


@pytest.fixture
def tree(reference: None) -> Tree:
    root = unit_create(code="KAB", name="Pemerintah Kabupaten Uji", kind=UnitKind.AGENCY)
    disdik = unit_create(code="DISDIK", name="Dinas Pendidikan", kind=UnitKind.OPD, parent=root)
    school = unit_create(code="SD1", name="SD Negeri 1", kind=UnitKind.SCHOOL, parent=disdik)
    dinkes = unit_create(code="DINKES", name="Dinas Kesehatan", kind=UnitKind.OPD, parent=root)
    return Tree(root, disdik, school, dinkes)


def warm(client: Any, *urls: str) -> None:
    """Open each page once, uncounted: the first page after a start reads the agency's header and the
    small tables into the cache, which is not what a "queries do not grow" test measures."""
    for url in urls:
        assert client.get(url).status_code == 200


def page_text(response: Any) -> str:
    """A page's HTML with each run of whitespace read as one space, as a browser shows it: templates
    break long lines wherever whitespace does not change what is shown."""
    return " ".join(response.content.decode().split())


def make_employee(unit: Unit, nip: str, name: str, **extra: object) -> Employee:
    """An employee whose birth date and gender agree with the NIP."""
    birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    return employee_create(actor=None, nip=nip, name=name, birth_date=birth, gender=nip[14], unit=unit, **extra)


@dataclass
class People:
    teacher: Employee  # in the school, under Disdik
    head: Employee  # in Disdik itself
    nurse: Employee  # in Dinkes


def operator_of(unit: Unit) -> User:
    """The OPD operator of `unit` (made once): who proposes and plans for that unit."""
    username = f"u_operator_{unit.code.lower()}"
    return User.objects.filter(username=username).first() or user_create(
        username=username, password="rahasia-uji-123", role=roles.OPERATOR, unit=unit
    )


@pytest.fixture
def people(tree: Tree) -> People:
    from bangkom.people.models import RankHistory

    teacher = make_employee(tree.school, "198503152010012003", "Siti Rahayu")
    head = make_employee(tree.disdik, "197201011998031005", "Budi Santoso")
    nurse = make_employee(tree.dinkes, "199002022015032001", "Ani Lestari")
    history_add(actor=None, row=RankHistory(employee=teacher, golongan_id=32, tmt=dt.date(2018, 4, 1)))
    return People(teacher, head, nurse)


ROLE_BY_CODE = {role.code: role for role in roles.ROLES}


@pytest.fixture
def users(tree: Tree, people: People) -> dict[str, User]:
    """One user per role; the operator belongs to Disdik, the pegawai is the teacher."""
    made = {}
    for role in roles.ROLES:
        made[role.code] = user_create(
            username=f"u_{role.code}",
            password="rahasia-uji-123",
            role=role,
            unit=tree.disdik if role is roles.OPERATOR else None,
            employee=people.teacher if role is roles.EMPLOYEE else None,
        )
    made["nobody"] = User.objects.create_user(username="u_nobody", password="rahasia-uji-123")
    return made


def shown_panel(response: Any, code: str) -> dict[str, Any]:
    """The context of one of the home's panels as the page showed it (KeyError when it was not shown)."""
    for panel in response.context["panels"]:
        if panel.code == code:
            return panel.context
    raise KeyError(code)


def _moment(when: dt.date | dt.datetime) -> dt.datetime:
    return when if isinstance(when, dt.datetime) else dt.datetime.combine(when, dt.time(5, 0), dt.UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set "now" for the rest of a test: a date means noon in Jakarta that day; a datetime is exact.
    The temporal rules judge against the real date, so a test of a later year moves the clock there."""

    def set_now(when: dt.date | dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: _moment(when))

    return set_now


@contextmanager
def at(when: dt.date | dt.datetime) -> Iterator[None]:
    """ "Now" is `when` inside the block (for helpers that play a step on its own day)."""
    with mock.patch.object(timezone, "now", lambda: _moment(when)):
        yield


@pytest.fixture
def admin_user(reference: None) -> User:
    """An Administrator BKPSDM, without the `people` fixture's employees."""
    return user_create(username="u_admin_only", password="rahasia-uji-123", role=roles.ADMIN)


def drain_background_work() -> None:
    """Run what was queued as the configured backend's worker would, in this process (so on the
    test's database): the immediate backend has run it already."""
    from django.conf import settings

    if settings.TASKS_BACKEND == "rq":
        import django_rq
        from django_tasks_rq import Job
        from rq import SimpleWorker

        queue = django_rq.get_queue("default", job_class=Job)
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True, with_scheduler=False)
    elif settings.TASKS_BACKEND == "database":
        # The worker closes "old" connections between tasks; here that would be the test's own, inside
        # its transaction (with persistent connections on PostgreSQL), so it keeps it open.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _empty_task_queue() -> Iterator[None]:
    """Each test starts with an empty RQ queue: the database it queued work about is rolled back."""
    from django.conf import settings

    if settings.TASKS_BACKEND == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "run_job" in getattr(item, "fixturenames", ()) or item.path.name == "test_jobs.py":
            item.add_marker(pytest.mark.jobs)


@pytest.fixture
def run_job(django_capture_on_commit_callbacks: Any) -> Any:
    """POST what queues a background job, let the job run as the worker would once the request's
    transaction commits, and return the job's page (or the response when nothing was queued)."""

    def post(client: Any, url: str, data: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        drain_background_work()
        location = response.get("Location", "")
        return client.get(location) if "/pekerjaan/" in location else response

    return post


def assert_services_refuse_without(
    permission: str, services: Any, names: tuple[str, ...], users: dict[str, User], argument: object = None
) -> None:
    """Call each named service directly (as a command, a hook or an API would) as every role that
    lacks `permission`: each must refuse before reading its other arguments, which all get
    `argument`. At least one role holds the permission, so the refusal is not everyone's."""
    import inspect

    from bangkom.core.errors import ServiceError

    holders = [role for role, user in users.items() if user.has_perm(permission)]
    others = [role for role in users if role not in holders]
    assert holders and "nobody" in others, permission
    for name in names:
        service = getattr(services, name)
        arguments = {p: argument for p in inspect.signature(service).parameters if p != "actor"}
        for role in others:
            with pytest.raises(ServiceError, match="tidak berwenang"):
                service(actor=users[role], **arguments)
                pytest.fail(f"{name} ran for {role}")


# --- A real SMTP server on 127.0.0.1 for the e-mail tests (aiosmtpd) ----------------------------------

REFUSED_ADDRESS = "hilang@example.go.id"


class Mailbox:
    """What the SMTP server received; it refuses one address as a real server would (550)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], object]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address == REFUSED_ADDRESS:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted"


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT=10,
        ):
            yield mailbox
    finally:
        controller.stop()
