"""Invitations to a panel (R2.4): every link goes straight to the page where the expert reads the
invitation and answers; and one rule says whether an invitation is still open, so My work, My
invitations, the round page, the invitation page and the reminders always agree."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutgoingMessage
from panels import deadlines, services
from panels.enums import GRACE_AFTER_DEADLINE, CountryOpinion, SeatStatus
from panels.models import PanelSeat
from rounds.dashboards import work_for
from tests import factories as f
from tests.panels.conftest import invitation_token

ANSWER_FORM = 'name="answer" value="accept"'


@pytest.fixture
def invited(cast, forming):
    """Chile invited to Guatemala's panel by the secretariat, as the panel page does it."""
    seat = f.PanelSeatFactory(
        round=forming,
        user=cast.expert_cl,
        status=SeatStatus.PROPOSED,
        country_opinion=CountryOpinion.AGREED,
    )
    services.invite(seat, cast.secretariat)
    seat.refresh_from_db()
    return seat


def _answer_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert ANSWER_FORM in html and 'name="answer" value="decline"' in html, url
    assert "ad honorem" in html.lower()
    return html


def test_r2_4_every_link_to_an_invitation_opens_the_answer_page(client, cast, invited):
    rnd = invited.round
    client.force_login(cast.expert_cl)
    # The e-mail, which is also the inbox message: its link is the invitation itself.
    message = OutgoingMessage.objects.get(recipient=cast.expert_cl, message_type="panel_invitation")
    _answer_page(client, message.link)
    assert message.link == reverse("panels:invitation", args=[invitation_token(cast.expert_cl)])
    answer_url = reverse("panels:answer", args=[invited.pk])
    # My invitations: one "Read and answer" per invitation, to the answer page.
    my_invitations = client.get(reverse("panels:my_invitations")).content.decode()
    assert f'href="{answer_url}"' in my_invitations
    _answer_page(client, answer_url)
    # The round page (My work links there) is the summary whose one button is the answer page.
    summary = client.get(rnd.get_absolute_url()).content.decode()
    assert f'href="{answer_url}"' in summary
    assert f'href="{reverse("panels:my_invitations")}"' not in summary
    # The reminders link the answer page too.
    deadlines.process_invitation_deadlines(now=invited.response_deadline - timedelta(days=1))
    reminder = OutgoingMessage.objects.get(
        recipient=cast.expert_cl, message_type="panel_invitation_reminder"
    )
    assert reminder.link == answer_url


def test_r2_4_an_expired_invitation_is_expired_everywhere(client, cast, invited):
    """Past its deadline and the grace period, before the hourly job marks it expired: My work,
    My invitations, the round page and the invitation page all say it is no longer open."""
    rnd = invited.round
    lapsed = timezone.now() - GRACE_AFTER_DEADLINE - timedelta(hours=1)
    PanelSeat.objects.filter(pk=invited.pk).update(response_deadline=lapsed)
    client.force_login(cast.expert_cl)

    work = work_for(cast.expert_cl)
    assert [s for s in work["tasks"] + work["more_tasks"] if s.key == "invitation"] == []
    assert list(PanelSeat.objects.open_invitations().filter(user=cast.expert_cl)) == []
    assert rnd.title not in client.get(reverse("panels:my_invitations")).content.decode()
    summary = client.get(rnd.get_absolute_url()).content.decode()
    assert "This invitation expired" in summary
    assert reverse("panels:answer", args=[invited.pk]) not in summary
    page = client.get(reverse("panels:answer", args=[invited.pk]))
    assert page.status_code == 410
    assert ANSWER_FORM not in page.content.decode()
    # No reminder for it; the job expires it and the seat is freed.
    assert deadlines.process_invitation_deadlines() == (0, 1)
    invited.refresh_from_db()
    assert invited.status == SeatStatus.EXPIRED


def test_r2_4_an_overdue_invitation_in_its_grace_period_is_open_everywhere(client, cast, invited):
    rnd = invited.round
    PanelSeat.objects.filter(pk=invited.pk).update(
        response_deadline=timezone.now() - timedelta(days=1)
    )
    client.force_login(cast.expert_cl)
    work = work_for(cast.expert_cl)
    invitations = [s for s in work["tasks"] + work["more_tasks"] if s.key == "invitation"]
    assert [s.url for s in invitations] == [reverse("panels:answer", args=[invited.pk])]
    assert rnd.title in client.get(reverse("panels:my_invitations")).content.decode()
    html = _answer_page(client, reverse("panels:answer", args=[invited.pk]))
    assert "overdue" in html
