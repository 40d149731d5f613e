"""The outbox: a message is a row first, written with the event, then sent
(docs/architecture.md, "Outbox").

Celery is eager here (no REDIS_URL), so "after commit" means: when the test's captured
``on_commit`` callbacks run. The locmem e-mail backend collects what was sent in ``mail.outbox``.
"""

import socket
import time

import pytest
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from notifications import services, tasks
from notifications.context_processors import inbox
from notifications.enums import MessageState, MessageType
from notifications.models import OutgoingMessage
from rounds.models import Round, RoundEvent
from rounds.services import transition_round

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def closed_port():
    """A local TCP port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    """Django's real SMTP backend, pointed at a closed local port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    return settings


def round_context(rnd, actor):
    return {"round": rnd, "actor": actor, "event": None, "comment": ""}


def queue_submitted(rnd, recipient, **kwargs):
    return services.queue_message(
        MessageType.ROUND_SUBMITTED,
        recipient=recipient,
        context=round_context(rnd, rnd.created_by),
        link=rnd.get_absolute_url(),
        round_code=rnd.code,
        **kwargs,
    )


def backdate(message, seconds=120):
    """The periodic resend leaves alone what was queued less than a minute ago."""
    OutgoingMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timezone.timedelta(seconds=seconds)
    )


# --- Rendering --------------------------------------------------------------------------------
def test_message_is_rendered_in_the_recipients_language(make_round, cast):
    rnd = make_round("draft")
    spanish = queue_submitted(rnd, cast.secretariat)  # Elena reads Spanish
    english = queue_submitted(rnd, cast.coordinator)  # Daniel reads English

    assert (spanish.language, english.language) == ("es", "en")
    assert english.subject == f"{rnd.code} · Request submitted"
    assert spanish.subject != english.subject
    assert spanish.subject.startswith(f"{rnd.code} · ")
    assert "Hello Daniel Whitmore Reyes," in english.body_text
    assert spanish.body_text != english.body_text
    assert f"http://127.0.0.1:8000/rounds/{rnd.code}/" in english.body_text
    assert f'href="http://127.0.0.1:8000/rounds/{rnd.code}/"' in english.body_html
    assert (english.to_email, english.recipient, english.link, english.round_code) == (
        "daniel.whitmore@example.org",
        cast.coordinator,
        f"/rounds/{rnd.code}/",
        rnd.code,
    )
    assert (english.state, english.attempts, english.last_error, english.sent_at) == (
        MessageState.PENDING,
        0,
        "",
        None,
    )


def test_an_explicit_language_wins_over_the_preference(make_round, cast):
    rnd = make_round("draft")
    message = queue_submitted(rnd, cast.secretariat, language="en")
    assert (message.language, message.subject) == ("en", f"{rnd.code} · Request submitted")


def test_message_without_an_account_goes_to_the_address_in_the_default_language():
    message = services.queue_message(
        MessageType.ACCOUNT_REQUEST_RECEIVED,
        to_email="nueva.persona@example.org",
        context={"account_request": {"full_name": "Nueva Persona"}},
    )
    assert (message.recipient, message.to_email, message.language) == (
        None,
        "nueva.persona@example.org",
        "es",
    )


# --- Same transaction as the event ------------------------------------------------------------
def test_no_message_survives_a_rolled_back_transaction(make_round, cast):
    rnd = make_round("draft")
    before = OutgoingMessage.objects.count()
    with pytest.raises(Boom), transaction.atomic():
        queue_submitted(rnd, cast.secretariat)
        assert OutgoingMessage.objects.count() == before + 1
        raise Boom
    assert OutgoingMessage.objects.count() == before


def test_transition_event_and_messages_roll_back_together(
    make_round, cast, django_capture_on_commit_callbacks
):
    rnd = make_round("draft")
    events, messages = RoundEvent.objects.count(), OutgoingMessage.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        transition_round(rnd.pk, "submit", cast.gt_focal_point)
        assert OutgoingMessage.objects.count() == messages + 4  # Elena, Daniel, Sofía, Lucía
        raise Boom
    assert Round.objects.get(pk=rnd.pk).status == "draft"
    assert (RoundEvent.objects.count(), OutgoingMessage.objects.count()) == (events, messages)
    assert callbacks == []  # nothing was queued for sending either
    assert mail.outbox == []


# --- Sending ----------------------------------------------------------------------------------
def test_message_is_sent_after_commit(make_round, cast, django_capture_on_commit_callbacks):
    rnd = make_round("draft")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue_submitted(rnd, cast.coordinator)
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing leaves before the commit
    callbacks[0]()

    [email] = mail.outbox
    assert (email.subject, email.to, email.from_email) == (
        f"{rnd.code} · Request submitted",
        ["daniel.whitmore@example.org"],
        "RIPSO <ripso@example.org>",
    )
    assert email.body == message.body_text
    assert email.alternatives[0][1] == "text/html"
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 1, "")
    assert message.sent_at is not None


def test_transition_sends_every_message_with_eager_celery(
    make_round, cast, django_capture_on_commit_callbacks
):
    rnd = make_round("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        transition_round(rnd.pk, "return_for_changes", cast.secretariat, comment="Faltan datos.")
    assert sorted(e.to[0] for e in mail.outbox) == [
        "andres.perez@example.org",
        "lucia.morales@example.org",
    ]
    states = OutgoingMessage.objects.filter(message_type=MessageType.ROUND_RETURNED)
    assert sorted(states.values_list("state", flat=True)) == ["sent", "sent"]


def test_smtp_failure_keeps_the_message_pending_then_resend_delivers_it(
    make_round, cast, smtp_down, django_capture_on_commit_callbacks
):
    rnd = make_round("draft")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_submitted(rnd, cast.coordinator)

    message.refresh_from_db()
    assert (message.state, message.attempts, message.sent_at) == (MessageState.PENDING, 1, None)
    assert message.last_error.startswith("ConnectionRefusedError: ")

    # Still down an hour later: the resend tries again and records it.
    backdate(message)
    assert tasks.resend_pending.delay().get() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.PENDING, 2)

    # The mail server is back.
    smtp_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.resend_pending.delay().get() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 3, "")
    assert [e.to for e in mail.outbox] == [["daniel.whitmore@example.org"]]

    # Nothing left to resend.
    assert tasks.resend_pending.delay().get() == 0
    assert len(mail.outbox) == 1


def test_broker_down_costs_one_timeout_per_burst_not_one_per_message(
    make_round, cast, use_broker, django_capture_on_commit_callbacks
):
    """A transition telling six people while Redis is down: the request does not wait for the
    broker five times; every row stays pending for the periodic resend."""
    rnd = make_round("panel_forming")
    rnd.panel_seats.filter(user=cast.expert_mx).update(status="declined")
    use_broker(f"redis://127.0.0.1:{closed_port()}/0")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition_round(rnd.pk, "confirm_panel", cast.secretariat)
    took = time.monotonic() - started

    assert len(callbacks) == 6
    assert took < 4, f"{took:.1f} s"  # one failed connection (~2 s), not six
    rows = OutgoingMessage.objects.filter(message_type=MessageType.PANEL_CONFIRMED)
    assert sorted(rows.values_list("state", "attempts")) == [(MessageState.PENDING, 0)] * 6
    assert mail.outbox == []


def test_resend_leaves_fresh_messages_to_their_own_task(make_round, cast):
    rnd = make_round("draft")
    queue_submitted(rnd, cast.coordinator)
    assert services.resend_pending() == 0
    assert mail.outbox == []


def test_message_fails_for_good_after_the_last_attempt(make_round, cast, smtp_down):
    smtp_down.OUTBOX_MAX_ATTEMPTS = 2
    rnd = make_round("draft")
    message = queue_submitted(rnd, cast.coordinator)
    assert services.deliver(message.pk) is False
    assert services.deliver(message.pk) is False
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 2)
    backdate(message)
    assert services.resend_pending() == 0  # failed messages wait for a person

    smtp_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.retry_message(message)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.PENDING, 0)
    assert services.deliver(message.pk) is True
    assert len(mail.outbox) == 1


def test_deliver_twice_sends_once(make_round, cast):
    rnd = make_round("draft")
    message = queue_submitted(rnd, cast.coordinator)
    assert services.deliver(message.pk) is True
    assert services.deliver(message.pk) is False
    assert tasks.send_message.delay(message.pk).get() is False
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)


def test_deliver_of_a_deleted_message_does_nothing():
    assert services.deliver(987654) is False
    assert mail.outbox == []


# --- The in-app inbox -------------------------------------------------------------------------
def test_inbox_counts_unread_messages_per_person(make_round, cast):
    rnd = make_round("submitted")  # Elena, Daniel and Lucía each got one message
    queue_submitted(rnd, cast.coordinator)
    unread = OutgoingMessage.objects.for_inbox(cast.coordinator).unread()
    assert unread.count() == 2
    assert OutgoingMessage.objects.for_inbox(cast.secretariat).unread().count() == 1
    # Lucía's copy confirms her own submission (R1.7): filed as read, it asks nothing of her.
    assert OutgoingMessage.objects.for_inbox(cast.gt_focal_point).count() == 1
    assert OutgoingMessage.objects.for_inbox(cast.gt_focal_point).unread().count() == 0
    assert OutgoingMessage.objects.for_inbox(cast.hn_focal_point).count() == 0

    first = unread.order_by("pk").first()
    assert services.mark_read(cast.coordinator, [first.pk]) == 1
    assert OutgoingMessage.objects.for_inbox(cast.coordinator).unread().count() == 1
    assert services.mark_read(cast.coordinator) == 1
    assert OutgoingMessage.objects.for_inbox(cast.coordinator).unread().count() == 0
    # Marking Daniel's messages read leaves Elena's alone.
    assert OutgoingMessage.objects.for_inbox(cast.secretariat).unread().count() == 1


def test_inbox_count_in_the_navigation(make_round, cast, django_assert_num_queries):
    make_round("submitted")
    request = RequestFactory().get("/")
    request.user = cast.coordinator
    context = inbox(request)
    with django_assert_num_queries(1):
        assert context["inbox_counts"]["needs_me"] == 1  # decide on Lucía's request
        assert context["inbox_counts"]["unread"] == 1
    request.user = cast.hn_focal_point
    with django_assert_num_queries(1):
        assert inbox(request)["inbox_counts"]["needs_me"] == 0
