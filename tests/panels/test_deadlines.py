"""Invitation deadlines (celery beat: ``panels.process_invitation_deadlines``): a reminder before
the deadline, one after it, then the invitation expires and the secretariat is told who is next."""

from datetime import timedelta

import pytest
from django.urls import reverse

from notifications.models import OutgoingMessage
from panels import deadlines, services
from panels.enums import CountryOpinion, SeatStatus
from panels.models import PanelSeat
from rounds.models import RoundEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


def messages_of(kind):
    return list(OutgoingMessage.objects.filter(message_type=kind).order_by("pk"))


def test_process_invitation_deadlines_reminds_before_after_then_expires(cast, forming):
    seat = f.PanelSeatFactory(
        round=forming,
        user=cast.expert_cl,
        status=SeatStatus.PROPOSED,
        country_opinion=CountryOpinion.AGREED,
    )
    services.invite(seat, cast.secretariat)
    seat.refresh_from_db()
    deadline = seat.response_deadline
    run = deadlines.process_invitation_deadlines

    # Well before the deadline: nothing.
    assert run(now=deadline - timedelta(days=4)) == (0, 0)
    # Three days before: one reminder, sent once however often the task runs.
    assert run(now=deadline - timedelta(days=2)) == (1, 0)
    assert run(now=deadline - timedelta(days=1)) == (0, 0)
    [before] = messages_of("panel_invitation_reminder")
    assert before.recipient == cast.expert_cl
    assert before.link == reverse("panels:answer", args=[seat.pk])  # straight to the answer
    assert "Reminder: invitation to a panel" in before.subject
    # Past the deadline: one more, saying it is overdue.
    assert run(now=deadline + timedelta(hours=1)) == (1, 0)
    assert run(now=deadline + timedelta(days=2)) == (0, 0)
    after = messages_of("panel_invitation_reminder")[-1]
    assert "Your answer to the panel invitation is overdue" in after.subject
    seat.refresh_from_db()
    assert (seat.status, seat.reminders_sent) == (SeatStatus.INVITED, 2)
    assert messages_of("panel_seat_freed") == []

    # After the grace period: expired, the seat is free, the secretariat gets the next best.
    assert run(now=deadline + services.GRACE_AFTER_DEADLINE + timedelta(minutes=1)) == (0, 1)
    seat.refresh_from_db()
    assert seat.status == SeatStatus.EXPIRED
    assert RoundEvent.objects.filter(round=forming, action="panels.seat.expired").count() == 1
    [freed] = messages_of("panel_seat_freed")
    assert freed.recipient == cast.coordinator  # the round's coordinator
    assert freed.link == reverse("panels:panel", args=[forming.code])
    assert "Valentina Rojas Fuentes did not answer" in freed.body_text
    assert "The next-best candidate in the roster is Guadalupe Herrera Ruiz (Mexico)" in (
        freed.body_text
    )
    # Nothing more happens afterwards, and the freed seat can be offered again.
    assert run(now=deadline + timedelta(days=30)) == (0, 0)
    assert not forming.panel_seats.holding().exists()


def test_an_answered_invitation_gets_no_reminder(cast, forming):
    seat = f.PanelSeatFactory(
        round=forming,
        user=cast.expert_cl,
        status=SeatStatus.PROPOSED,
        country_opinion=CountryOpinion.AGREED,
    )
    services.invite(seat, cast.secretariat)
    seat.refresh_from_db()
    services.respond(seat, cast.expert_cl, accept=False, reason="Sin disponibilidad.")
    deadline = PanelSeat.objects.get(pk=seat.pk).response_deadline
    for days in (-2, 1, 10):
        assert deadlines.process_invitation_deadlines(now=deadline + timedelta(days=days)) == (0, 0)
    assert messages_of("panel_invitation_reminder") == []
