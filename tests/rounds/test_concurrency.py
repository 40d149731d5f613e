"""Two people act on the same round at the same moment (PostgreSQL row locks, real threads).

``transition_round`` locks the round's row; the second caller waits for the first to commit,
then finds the state changed and gets ``StateChanged``. Exactly one audit entry and one set of
messages result, whatever the order the threads run in.
"""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import OutgoingMessage
from rounds.enums import Methodology
from rounds.models import Round, RoundCounter, RoundEvent
from rounds.services import RoundError, StateChanged, create_round, transition_round

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(calls, *, meanwhile=None):
    """Start every call in its own thread at the same instant; return what each gave back.

    ``meanwhile`` runs in the main thread once the threads are started.
    """
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, func):
        try:
            barrier.wait(timeout=10)
            results[index] = func()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread raised
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(calls)]
    for thread in threads:
        thread.start()
    if meanwhile:
        meanwhile()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


def accept(rnd, actor):
    return lambda: transition_round(
        rnd.pk,
        "accept",
        actor,
        methodology=Methodology.RIPSO,
        coordinators=[actor] if actor.is_oas_specialist else [],
    )


def decline(rnd, actor):
    return lambda: transition_round(
        rnd.pk, "decline", actor, comment="La solicitud duplica otra en curso."
    )


def split(results):
    won = [r for r in results if isinstance(r, Round)]
    lost = [r for r in results if isinstance(r, RoundError)]
    assert len(won) + len(lost) == len(results), results
    return won, lost


def test_accept_and_decline_at_once_only_one_wins(make_round, cast):
    rnd = make_round("submitted")
    mail.outbox.clear()
    events_before = RoundEvent.objects.filter(round=rnd).count()

    results = run_at_once([accept(rnd, cast.secretariat), decline(rnd, cast.coordinator)])

    [winner], [loser] = split(results)
    assert type(loser) is StateChanged
    rnd.refresh_from_db()
    assert rnd.status == winner.status
    assert rnd.status in ("panel_forming", "declined")
    new_events = RoundEvent.objects.filter(round=rnd).count() - events_before
    assert new_events == 1
    event = rnd.events.first()
    assert (event.from_state, event.to_state) == ("submitted", rnd.status)
    # One set of messages, for the winning transition only, each sent once (eager Celery):
    # both tell the country (Lucía and Andrés) and nobody else.
    message_type = {"declined": "round_declined", "panel_forming": "round_accepted"}[rnd.status]
    messages = OutgoingMessage.objects.filter(
        round_code=rnd.code, message_type__in=["round_accepted", "round_declined"]
    )
    country = ["andres.perez@example.org", "lucia.morales@example.org"]
    assert sorted(m.to_email for m in messages) == country
    assert {m.message_type for m in messages} == {message_type}
    assert {m.state for m in messages} == {"sent"}
    assert sorted(e.to[0] for e in mail.outbox) == country


def test_two_accepts_at_once_make_one_transition(make_round, cast):
    rnd = make_round("submitted")
    mail.outbox.clear()

    results = run_at_once([accept(rnd, cast.secretariat), accept(rnd, cast.coordinator)])

    [_winner], [loser] = split(results)
    assert type(loser) is StateChanged
    rnd.refresh_from_db()
    assert rnd.status == "panel_forming"
    assert rnd.events.filter(action="rounds.round.panel_forming").count() == 1
    # The winner's coordinators only: the coordinator's own accept adds him, Elena's adds none.
    coordinators = list(rnd.coordinators.all())
    assert coordinators in ([], [cast.coordinator])
    messages = OutgoingMessage.objects.filter(round_code=rnd.code, message_type="round_accepted")
    recipients = sorted(m.to_email for m in messages)
    assert recipients == ["andres.perez@example.org", "lucia.morales@example.org"]
    assert len(mail.outbox) == 2


def test_focal_point_submits_twice_at_once_from_two_tabs(make_round, cast):
    rnd = make_round("draft")

    def submit():
        return transition_round(rnd.pk, "submit", cast.gt_focal_point)

    results = run_at_once([submit, submit, submit])

    won, lost = split(results)
    assert (len(won), [type(e) for e in lost]) == (1, [StateChanged, StateChanged])
    assert rnd.events.filter(action="rounds.round.submitted").count() == 1
    # Elena and Daniel, and Lucía's own confirmation (R1.7)
    assert OutgoingMessage.objects.filter(round_code=rnd.code).count() == 4


def sessions_waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_both_wait_on_the_row_lock_and_the_second_finds_the_state_changed(make_round, cast):
    """A third session holds the round's row lock while both requests arrive: both queue on the
    lock (seen in pg_stat_activity), then one wins and the other finds the state changed."""
    rnd = make_round("submitted")
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                Round.objects.select_for_update().get(pk=rnd.pk)
                locked.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert locked.wait(timeout=10)
    waiting = []

    def release_once_both_wait():
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and sessions_waiting_for_a_lock() < 2:
            time.sleep(0.02)
        waiting.append(sessions_waiting_for_a_lock())
        release.set()

    try:
        results = run_at_once(
            [accept(rnd, cast.secretariat), decline(rnd, cast.coordinator)],
            meanwhile=release_once_both_wait,
        )
    finally:
        release.set()
        holder.join(timeout=10)

    assert waiting == [2]
    [winner], [loser] = split(results)
    assert type(loser) is StateChanged
    rnd.refresh_from_db()
    assert rnd.status == winner.status
    assert rnd.events.filter(from_state="submitted").count() == 1


def test_requests_opened_at_once_get_distinct_consecutive_codes(cast):
    """The first codes of a year are taken at the same moment by four people."""
    year = timezone.now().year
    assert not RoundCounter.objects.filter(year=year).exists()

    def open_request(index):
        return lambda: create_round(
            creator=cast.gt_focal_point, institution=cast.mides, title=f"Programa {index}"
        )

    results = run_at_once([open_request(i) for i in range(4)])

    assert all(isinstance(r, Round) for r in results), results
    assert sorted(r.code for r in results) == [f"RIPSO-{year}-{n:03d}" for n in (1, 2, 3, 4)]
    assert RoundCounter.objects.get(year=year).last == 4


def test_without_a_row_lock_the_loser_still_gets_state_changed_not_an_error(make_round, cast):
    """SQLite (the demo) has no row lock: another writer may change the state after our read.

    The writer is simulated by changing the row between the read and the save (a pre_save
    receiver), as a second process would; the FSM's conditional UPDATE refuses the stale save
    and the person reads "This action is no longer possible" instead of a server error.
    """
    from django.db.models.signals import pre_save

    rnd = make_round(state="submitted")
    fired = []

    def other_writer(sender, instance, **kwargs):
        if not fired and instance.pk == rnd.pk:
            fired.append(True)
            Round.objects.filter(pk=rnd.pk).update(status="declined")

    pre_save.connect(other_writer, sender=Round, dispatch_uid="test-other-writer")
    try:
        with pytest.raises(StateChanged) as lost:
            transition_round(
                rnd.pk,
                "accept",
                cast.secretariat,
                methodology=Methodology.RIPSO,
                coordinators=[cast.coordinator],
            )
    finally:
        pre_save.disconnect(sender=Round, dispatch_uid="test-other-writer")
    assert "ya no es posible" in lost.value.message  # the cast reads Spanish
    rnd.refresh_from_db()
    assert rnd.status != "panel_forming"  # the other writer ran in our rolled-back transaction
    assert not RoundEvent.objects.filter(round=rnd, to_state="panel_forming").exists()
