"""The inbox rows of the access matrix (tests/test_access.py): "mark as unread" and undoing "mark
all as read". Each person reaches only their own messages; another person's message id answers
404, the secretariat included (they have the outbox, not other people's inboxes).

The cases use the world's messages (one per person, ``w.own_messages``); the POST data builders
first mark them read, so that the write has something to undo.
"""

from datetime import UTC, datetime

from django.utils import timezone

from notifications.models import OutgoingMessage
from tests.access_table import LOGIN, NOT_ALLOWED, NOT_FOUND, REDIRECT, PostCase, row

# fmt: off
#                        anon    S            C            F            T            E            I            O-F          O-T          O-E          former
POST_ONLY = row(         LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN)

EXPECTED = {
    "notifications:mark_unread": POST_ONLY,
    "notifications:undo_mark_all_read": POST_ONLY,
}
# fmt: on

KWARGS = {
    "notifications:mark_unread": lambda w, role: {"pk": w.own_messages["focal_point"].pk},
}


def _focal_points_message_read(w, rnd):
    message = w.own_messages["focal_point"]
    OutgoingMessage.objects.filter(pk=message.pk).update(read_at=timezone.now())
    return {}


def _focal_points_message_unread(w, rnd, before, role):
    message = w.own_messages["focal_point"]
    message.refresh_from_db()
    assert message.read_at is None


# Everyone's message was marked read at the same instant by "mark all as read".
MARKED_AT = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)


def _everyones_messages_marked_read(w, rnd):
    ids = [m.pk for m in w.own_messages.values()]
    OutgoingMessage.objects.filter(pk__in=ids).update(read_at=MARKED_AT)
    return {"at": MARKED_AT.isoformat()}


def _own_message_unread_again_and_nobody_elses(w, rnd, before, role):
    own = w.own_messages[role]
    own.refresh_from_db()
    assert own.read_at is None
    others = [m.pk for r, m in w.own_messages.items() if r != role]
    assert not OutgoingMessage.objects.filter(pk__in=others, read_at__isnull=True).exists()


# fmt: off
POST_EXPECTED = {
    # Lucía's message: hers to mark unread; anyone else's id answers 404.
    "notifications:mark_unread": PostCase(
        "notifications:mark_unread", row(
                                LOGIN, NOT_FOUND,   NOT_FOUND,   REDIRECT,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   LOGIN),
        kwargs=lambda w, rnd: {"pk": w.own_messages["focal_point"].pk},
        data=_focal_points_message_read, done=_focal_points_message_unread),
    # Undo touches only the person's own messages marked read at that instant.
    "notifications:undo_mark_all_read": PostCase(
        "notifications:undo_mark_all_read", row(
                                LOGIN, REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT,    LOGIN),
        data=_everyones_messages_marked_read, done=_own_message_unread_again_and_nobody_elses),
}
# fmt: on
