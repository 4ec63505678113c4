"""Two officials issue certificates of the same kind at the same moment: every number is given once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from bangkom.documents.models import NumberSequence
from bangkom.documents.services import current_template, kind_for
from bangkom.training import services
from bangkom.training.models import Certificate, Participant, Program, ProgramStatus
from conftest import make_employee

from .flow import proposal

PER_PROGRAM = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_never_gives_a_number_twice(users, tree) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer at a time; the row lock is exercised on PostgreSQL (.ci/run)")
    programs = []
    for index in range(2):
        program = proposal(users["operator"], tree.disdik, tree.disdik.created_at.date(), count=PER_PROGRAM)
        Program.objects.filter(pk=program.pk).update(status=ProgramStatus.FINISHED)
        for serial in range(1, PER_PROGRAM + 1):
            employee = make_employee(tree.disdik, f"19800101200501{index + 1}{serial:03d}", f"Peserta {index}-{serial}")
            Participant.objects.create(program=program, employee=employee, source="unit", result="lulus")
        programs.append(program)
    # The year's sequence exists already, as it does after the first certificate of the year: both
    # officials then read the same last number unless the row lock makes one wait.
    NumberSequence.objects.create(series="sertifikat_sttp", year=timezone.localdate().year)
    current_template(kind_for("sertifikat_sttp"))
    barrier, errors = threading.Barrier(2), []

    def issue(program: Program, actor) -> None:
        try:
            barrier.wait()
            services.certificates_issue(actor=actor, program=program, kind="sttp")
        except Exception as error:  # reported below, with the thread's own failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(program, users["pimpinan"])) for program in programs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 2 * PER_PROGRAM + 1))
    assert Certificate.objects.values("number").distinct().count() == 2 * PER_PROGRAM
