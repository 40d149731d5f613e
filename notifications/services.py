"""Queue, send and resend messages. Nothing here knows about rounds or panels."""

import logging
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from .enums import TASK_OF_MESSAGE, MessageState
from .models import OutgoingMessage

logger = logging.getLogger(__name__)


def absolute_url(path):
    if not path or path.startswith("http"):
        return path
    return f"{settings.SITE_URL}{path}"


def render_message(message_type, language, context):
    """Render the subject/text/html triplet of a message type in ``language``."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = render_to_string(f"mail/{message_type}.subject.txt", ctx)
        text = render_to_string(f"mail/{message_type}.txt", ctx)
        html = render_to_string(f"mail/{message_type}.html", ctx)
    subject = " ".join(subject.split())
    return subject, text.strip() + "\n", html


def queue_message(
    message_type,
    *,
    recipient=None,
    to_email="",
    language=None,
    context=None,
    link="",
    round_code="",
    task=None,
    ref="",
    read=False,
):
    """Persist a message in the outbox (inside the caller's transaction); send it after commit.

    ``recipient`` is a user (the message also lands in their inbox); ``to_email`` serves people
    without an account yet (an invitation, an account request). ``task`` is what the message
    asks its recipient to do (default: the message type's, ``enums.TASK_OF_MESSAGE``; ``""`` for
    someone only informed) and ``ref`` the object of the round it is about, so that doing it
    settles the message (``resolve_task``). ``read=True`` files it as read (a confirmation of
    the recipient's own action).
    """
    if recipient is not None:
        to_email = recipient.email
        language = language or recipient.preferred_language
    language = language or settings.LANGUAGE_CODE
    ctx = dict(context or {})
    ctx.setdefault("recipient", recipient)
    ctx["link"] = absolute_url(link)
    subject, text, html = render_message(message_type, language, ctx)
    message = OutgoingMessage.objects.create(
        recipient=recipient,
        to_email=to_email,
        message_type=message_type,
        language=language,
        subject=subject[:250],
        body_text=text,
        body_html=html,
        link=link,
        round_code=round_code,
        task=TASK_OF_MESSAGE.get(message_type, "") if task is None else task,
        ref=ref,
        read_at=timezone.now() if read and recipient is not None else None,
    )
    transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


# Broker URL -> monotonic time until which it is presumed down. Each failed publish waits for
# the connection timeout (~2 s); a transition telling five people would otherwise block the
# request ~10 s while Redis is down. After one failure the rest of the burst stays pending at
# once; the periodic resend delivers them.
BROKER_DOWN_SECONDS = 15
_broker_down_until = {}


def enqueue_delivery(message_id):
    """Hand a message to Celery. If the broker is down the row stays pending for the resend job."""
    from .tasks import send_message

    broker = send_message.app.conf.broker_url
    if time.monotonic() < _broker_down_until.get(broker, 0):
        logger.warning("Broker presumed down; message %s stays pending", message_id)
        return
    try:
        send_message.delay(message_id)
    except OperationalError:
        _broker_down_until[broker] = time.monotonic() + BROKER_DOWN_SECONDS
        logger.warning("Broker unavailable; message %s stays pending", message_id, exc_info=True)
    except Exception:
        logger.warning("Broker unavailable; message %s stays pending", message_id, exc_info=True)


def deliver(message_id):
    """Send one pending message by e-mail. Safe to call twice: the row is locked and re-checked."""
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != MessageState.PENDING:
            return False
        message.attempts += 1
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_email],
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        try:
            email.send()
        except Exception as exc:  # noqa: BLE001 — recorded on the row, retried later
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.state = MessageState.FAILED
            message.save(update_fields=["attempts", "last_error", "state"])
            logger.warning("Sending message %s failed: %s", message_id, exc)
            return False
        message.state = MessageState.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "last_error", "state", "sent_at"])
        return True


def resend_pending():
    """Queue again every message still pending after a minute (broker or SMTP was down)."""
    ids = list(OutgoingMessage.objects.due_for_resend().values_list("pk", flat=True)[:500])
    for message_id in ids:
        deliver(message_id)
    return len(ids)


def retry_message(message):
    """Secretariat action on the outbox page: try a failed message again."""
    OutgoingMessage.objects.filter(pk=message.pk).update(state=MessageState.PENDING, attempts=0)
    transaction.on_commit(lambda: enqueue_delivery(message.pk))


def resolve_task(round_code, tasks=None, *, actor=None, ref="", only_actor=False):
    """Someone did what messages about a round asked: ``actor`` acted on the round (a transition,
    an answer, a submission...). Messages of that round whose task is one of ``tasks`` (``None``:
    any task, e.g. the round closed) and, if given, about ``ref``, are settled: nobody is asked
    any more (``done_at``), and the actor's own become read. ``only_actor`` for tasks each
    person does for themselves (their invitation, their own answers). Callers outside this app
    say what was done; this app knows nothing of rounds. Returns the messages settled."""
    if not round_code:
        return 0
    now = timezone.now()
    qs = OutgoingMessage.objects.filter(round_code=round_code).exclude(task="")
    if tasks is not None:
        qs = qs.filter(task__in=list(tasks))
    if ref:
        qs = qs.filter(ref=ref)
    if actor is not None:
        qs.filter(recipient=actor, read_at__isnull=True).update(read_at=now)
    if only_actor:
        qs = qs.filter(recipient=actor) if actor is not None else qs.none()
    return qs.filter(done_at__isnull=True).update(done_at=now)


def mark_read(user, message_ids=None):
    qs = OutgoingMessage.objects.for_inbox(user).unread()
    if message_ids is not None:
        qs = qs.filter(pk__in=message_ids)
    return qs.update(read_at=timezone.now())


def mark_all_read(user):
    """Mark every unread message of the person read. Returns the count and the time written,
    which ``undo_mark_read`` takes to make exactly these unread again."""
    now = timezone.now()
    return OutgoingMessage.objects.for_inbox(user).unread().update(read_at=now), now


def undo_mark_read(user, read_at):
    """Undo "mark all as read": the person's messages marked read at that instant are unread
    again (a message opened since keeps its own, later, time)."""
    return OutgoingMessage.objects.for_inbox(user).filter(read_at=read_at).update(read_at=None)


def mark_unread(user, message):
    """The person wants to come back to a message later."""
    return OutgoingMessage.objects.for_inbox(user).filter(pk=message.pk).update(read_at=None)
