"""Two secretariat users invite for the last seat at the same moment: exactly one succeeds.

Real threads, each with its own database connection, against PostgreSQL: ``services.invite``
locks the round's row, so the second waits, then finds the seats taken and is refused with a
clear message.
"""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from notifications.models import OutgoingMessage
from panels.enums import CountryOpinion, SeatStatus
from panels.models import PanelSeat
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_secretariat_users_inviting_for_the_last_seat_at_once(cast, make_round):
    rnd = make_round("panel_forming")
    # One specialist seat left: Uruguay and Mexico are out, Peru and Costa Rica are agreed.
    rnd.panel_seats.filter(user__in=[cast.expert_uy, cast.expert_mx]).update(
        status=SeatStatus.DECLINED
    )
    seats = [
        f.PanelSeatFactory(
            round=rnd,
            user=f.ExpertFactory(profile__country=f.CountryFactory(code=code)),
            status=SeatStatus.PROPOSED,
            country_opinion=CountryOpinion.AGREED,
        )
        for code in ("PE", "CR")
    ]
    start = threading.Barrier(2)
    results = {}

    def invite(user, seat):
        client = Client()
        client.force_login(user)
        try:
            start.wait(timeout=10)
            response = client.post(reverse("panels:invite", args=[rnd.code, seat.pk]))
            results[user.pk] = [str(m) for m in get_messages(response.wsgi_request)]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=invite, args=(user, seat))
        for user, seat in zip((cast.secretariat, cast.coordinator), seats, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(
        PanelSeat.objects.filter(pk__in=[s.pk for s in seats]).values_list("status", flat=True)
    )
    assert statuses == [SeatStatus.INVITED, SeatStatus.PROPOSED]
    assert OutgoingMessage.objects.filter(message_type="panel_invitation").count() == 1
    said = sorted(m for texts in results.values() for m in texts)
    assert len(said) == 2
    refusals = [m for m in said if "taken or have open invitations" in m or "ocupados" in m]
    assert len(refusals) == 1, said
