"""A disposition tells the holders of the role it is addressed to."""

from __future__ import annotations

from django.urls import reverse

from bangkom.notifications.models import Notification
from bangkom.workflow.services import disposition_send


def test_the_addressed_role_is_told_and_the_sender_is_not(users) -> None:
    sent = disposition_send(
        actor=users["pimpinan"], subject=users["admin"], to_role="kabid", instruction="Siapkan telaahan staf"
    )
    (told,) = Notification.objects.all()
    assert told.recipient == users["kabid"]
    assert told.text == "Disposisi dari u_pimpinan: Siapkan telaahan staf"
    assert told.link == reverse("workflow:detail", args=[sent.pk])
