"""Invitation deadlines (celery beat): remind before and after, then expire and free the seat."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MessageType, Task
from notifications.services import queue_message, resolve_task
from rounds.models import Round
from rounds.services import log_event

from .enums import REMINDER_BEFORE, SeatStatus
from .models import PanelSeat
from .services import next_best_candidate, seat_ref, secretariat_of


def process_invitation_deadlines(now=None):
    """Remind before the deadline and once after it; expire after the grace period, freeing the
    seat and telling the secretariat who is next best. Returns (reminded, expired)."""
    now = now or timezone.now()
    reminded = expired = 0
    # The same definition of "still open" as My work and the invitation pages (models.py).
    due = PanelSeat.objects.open_invitations(now).filter(response_deadline__isnull=False)
    for seat in due.filter(response_deadline__lte=now + REMINDER_BEFORE, reminders_sent=0):
        _remind(seat, overdue=seat.response_deadline <= now)
        reminded += 1
    for seat in due.filter(response_deadline__lte=now, reminders_sent=1):
        _remind(seat, overdue=True)
        reminded += 1
    for seat in PanelSeat.objects.lapsed_invitations(now):
        with transaction.atomic():
            rnd = Round.objects.select_for_update().get(pk=seat.round_id)
            locked = PanelSeat.objects.select_for_update().get(pk=seat.pk)
            if locked.status != SeatStatus.INVITED:
                continue
            locked.status = SeatStatus.EXPIRED
            locked.save(update_fields=["status"])
            log_event(
                rnd, None, "panels.seat.expired", visibility="staff", data={"user": locked.user_id}
            )
            resolve_task(rnd.code, [Task.ANSWER_INVITATION], ref=seat_ref(locked))
            next_best = next_best_candidate(rnd, locked.kind)
            for person in secretariat_of(rnd):
                queue_message(
                    MessageType.PANEL_SEAT_FREED,
                    recipient=person,
                    context={"round": rnd, "seat": locked, "next_best": next_best},
                    link=reverse("panels:panel", args=[rnd.code]),
                    round_code=rnd.code,
                )
            expired += 1
    return reminded, expired


def _remind(seat, *, overdue):
    with transaction.atomic():
        locked = PanelSeat.objects.select_for_update().get(pk=seat.pk)
        if locked.status != SeatStatus.INVITED:
            return
        locked.reminders_sent += 1
        locked.save(update_fields=["reminders_sent"])
        queue_message(
            MessageType.PANEL_INVITATION_REMINDER,
            recipient=locked.user,
            context={"round": locked.round, "seat": locked, "overdue": overdue},
            link=reverse("panels:answer", args=[locked.pk]),
            round_code=locked.round.code,
            ref=seat_ref(locked),
        )
