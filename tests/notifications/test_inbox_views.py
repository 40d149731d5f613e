"""The inbox pages: what needs the person first, filters, paging, "mark all as read" with undo,
"mark as unread", and nobody else's messages (issue 11, item 14)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MessageType, Task
from notifications.models import OutgoingMessage
from notifications.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def message(user, subject, *, task="", read=False, done=False, minutes_ago=0):
    now = timezone.now()
    return OutgoingMessage.objects.create(
        recipient=user,
        to_email=user.email,
        message_type=MessageType.ROUND_ACCEPTED if not task else MessageType.ROUND_SUBMITTED,
        language="es",
        subject=subject,
        body_text="Texto.\n",
        task=task,
        round_code="RIPSO-2026-001",
        created_at=now - timedelta(minutes=minutes_ago),
        read_at=now if read else None,
        done_at=now if done else None,
    )


def subjects(response):
    return [m.subject for m in response.context["page"].object_list]


def test_the_inbox_lists_what_needs_me_then_unread_then_read(client, cast):
    user = cast.secretariat
    message(user, "leído, el más nuevo", read=True, minutes_ago=1)
    message(user, "aviso sin leer", minutes_ago=2)
    message(user, "decidir, ya hecho por un colega", task=Task.DECIDE_REQUEST, done=True,
            minutes_ago=3)  # fmt: skip
    message(user, "decidir, el más antiguo", task=Task.DECIDE_REQUEST, minutes_ago=9)
    client.force_login(user)

    everything = client.get(reverse("notifications:inbox"))
    unread = client.get(reverse("notifications:inbox"), {"show": "unread"})
    needs_me = client.get(reverse("notifications:inbox"), {"show": "needs_me"})

    assert subjects(everything) == [
        "decidir, el más antiguo",
        "aviso sin leer",
        "decidir, ya hecho por un colega",
        "leído, el más nuevo",
    ]
    assert subjects(unread) == [
        "decidir, el más antiguo",
        "aviso sin leer",
        "decidir, ya hecho por un colega",
    ]
    assert subjects(needs_me) == ["decidir, el más antiguo"]
    page = everything.content.decode()
    assert "1 mensaje requiere su acción." in page
    assert "Hecho: Decidir sobre la solicitud" in page
    assert "Por hacer: Decidir sobre la solicitud" in page


def test_the_inbox_pages_through_many_messages(client, cast):
    for n in range(PAGE_SIZE + 3):
        message(cast.secretariat, f"aviso {n}", minutes_ago=n)
    client.force_login(cast.secretariat)
    second = client.get(reverse("notifications:inbox"), {"show": "unread", "page": 2})
    assert subjects(second) == ["aviso 25", "aviso 26", "aviso 27"]
    assert "show=unread&amp;page=1" in second.content.decode()


def test_an_unknown_filter_shows_everything(client, cast):
    message(cast.secretariat, "aviso", read=True)
    client.force_login(cast.secretariat)
    response = client.get(reverse("notifications:inbox"), {"show": "<script>"})
    assert (response.context["show"], subjects(response)) == ("all", ["aviso"])


def test_mark_all_read_then_undo_restores_exactly_those(client, cast):
    user = cast.gt_focal_point
    task = message(user, "revisar el informe", task=Task.REVIEW_REPORT)
    news = message(user, "visita programada")
    opened = message(user, "abierto antes", read=True)
    opened_at = opened.read_at
    theirs = message(cast.gt_team_member, "del equipo")
    client.force_login(user)

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert OutgoingMessage.objects.for_inbox(user).unread().count() == 0
    assert OutgoingMessage.objects.filter(pk=theirs.pk, read_at__isnull=True).exists()
    inbox = client.get(response.url).content.decode()
    assert "2 mensajes marcados como leídos." in inbox
    assert reverse("notifications:undo_mark_all_read") in inbox
    # The offer is made once: a reload does not show it again.
    assert (
        reverse("notifications:undo_mark_all_read") not in client.get(response.url).content.decode()
    )

    marked_at = OutgoingMessage.objects.get(pk=task.pk).read_at
    undone = client.post(reverse("notifications:undo_mark_all_read"), {"at": marked_at.isoformat()})

    assert undone.status_code == 302
    assert set(OutgoingMessage.objects.for_inbox(user).unread().values_list("pk", flat=True)) == {
        task.pk,
        news.pk,
    }
    opened.refresh_from_db()
    assert opened.read_at == opened_at  # read before: stays read
    assert "2 mensajes vuelven a estar sin leer." in client.get(undone.url).content.decode()


def test_undo_with_a_garbled_time_changes_nothing(client, cast):
    message(cast.gt_focal_point, "leído", read=True)
    client.force_login(cast.gt_focal_point)
    response = client.post(reverse("notifications:undo_mark_all_read"), {"at": "ayer"})
    assert response.status_code == 302
    assert OutgoingMessage.objects.unread().count() == 0


def test_mark_all_read_requires_the_csrf_token(cast):
    from django.test import Client

    message(cast.gt_focal_point, "aviso")
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.gt_focal_point)
    assert client.post(reverse("notifications:mark_all_read")).status_code == 403
    assert OutgoingMessage.objects.unread().count() == 1


def test_mark_one_message_unread(client, cast):
    read = message(cast.gt_focal_point, "revisar el informe", task=Task.REVIEW_REPORT, read=True)
    client.force_login(cast.gt_focal_point)
    response = client.post(reverse("notifications:mark_unread", args=[read.pk]))
    assert response.status_code == 302
    read.refresh_from_db()
    assert read.read_at is None
    # Unread again and still to do: it is back in the badge.
    assert OutgoingMessage.objects.for_inbox(cast.gt_focal_point).inbox_counts() == {
        "needs_me": 1,
        "unread": 1,
    }


def test_another_persons_message_answers_404_and_stays_as_it_was(client, cast):
    theirs = message(cast.gt_team_member, "del equipo", read=True)
    client.force_login(cast.gt_focal_point)
    assert client.get(reverse("notifications:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_unread", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is not None


def test_the_badge_counts_what_needs_me_and_a_dot_tells_of_other_news(client, cast):
    user = cast.gt_focal_point
    client.force_login(user)
    message(user, "aviso")
    page = client.get(reverse("rounds:home")).content.decode()
    assert 'id="inbox-dot"' in page and 'id="inbox-badge"' not in page

    message(user, "revisar", task=Task.REVIEW_REPORT)
    message(user, "responder", task=Task.ANSWER_QUESTIONNAIRE)
    message(user, "hecho", task=Task.REVISE_REQUEST, done=True)
    page = client.get(reverse("rounds:home")).content.decode()
    assert 'title="2 mensajes requieren su acción"' in page
    assert 'id="inbox-dot"' not in page
