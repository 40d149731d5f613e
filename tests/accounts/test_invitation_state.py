"""A person invited by e-mail exists only once she uses her link: the secretariat sees each
invitation's state (sent, expired, accepted) and sends it again (a new link; the old one stops
working), confirmed, recorded and not twice within a few minutes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.enums import Role
from accounts.models import Invitation
from notifications.models import OutgoingMessage
from tests import factories as f

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:invitations")


def sent(email, hours_ago, **fields):
    token = f"token-{email}-{hours_ago}"
    invitation = f.InvitationFactory(email=email, token=token, **fields)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    invitation.refresh_from_db()
    return invitation


@pytest.fixture
def invitations(cast):
    waiting = sent("ana.espera@example.org", 2, full_name="Ana Espera Ruiz", role=Role.EXPERT)
    expired = sent("beto.vencido@example.org", 24 * 20, full_name="Beto Vencido Paz")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=6))
    accepted = sent("carla.acepto@example.org", 24 * 3, full_name="Carla Aceptó Ríos")
    Invitation.objects.filter(pk=accepted.pk).update(used_at=timezone.now() - timedelta(days=1))
    return waiting, Invitation.objects.get(pk=expired.pk), Invitation.objects.get(pk=accepted.pk)


def test_people_page_points_to_invitations_not_yet_accepted(client, cast, invitations):
    client.force_login(cast.secretariat)
    html = client.get(reverse("accounts:people")).content.decode()
    assert "2 invited people have not created an account yet" in html
    assert f'href="{LIST}"' in html


def test_invitation_states_are_shown(client, cast, invitations):
    waiting, expired, accepted = invitations
    client.force_login(cast.coordinator)  # reads English
    html = client.get(LIST).content.decode()
    assert "Ana Espera Ruiz" in html and "Sent, not accepted yet" in html
    assert "Beto Vencido Paz" in html and ">Expired<" in html
    assert "Carla Aceptó Ríos" not in html  # accepted: among the people now
    html = client.get(LIST, {"state": "accepted"}).content.decode()
    assert "Carla Aceptó Ríos" in html and "Ana Espera Ruiz" not in html
    assert [waiting.state, expired.state, accepted.state] == ["sent", "expired", "accepted"]


def test_resend_makes_a_new_link_and_the_old_one_stops_working(client, cast, invitations):
    waiting, expired, _accepted = invitations
    client.force_login(cast.secretariat)
    for old in (waiting, expired):
        before = OutgoingMessage.objects.filter(to_email=old.email).count()
        response = client.post(reverse("accounts:invitation_resend", args=[old.pk]))
        assert response.status_code == 302 and response["Location"] == LIST
        old.refresh_from_db()
        new = Invitation.objects.filter(email=old.email).latest("created_at")
        assert new.pk != old.pk and new.is_usable and new.invited_by == cast.secretariat
        assert (new.full_name, new.role) == (old.full_name, old.role)
        assert not old.is_usable and old.revoked_at is not None
        assert OutgoingMessage.objects.filter(to_email=old.email).count() == before + 1
    # The old link of the waiting one no longer works; the new one does.
    with pytest.raises(services.InvitationExpired):
        services.check_invitation_usable(Invitation.objects.get(pk=waiting.pk))
    message = OutgoingMessage.objects.filter(to_email=waiting.email).latest("pk")
    token = message.link.rstrip("/").rsplit("/", 1)[1]
    user = services.accept_invitation(token, password="una-clave-larga-2026")
    assert user.email == waiting.email


def test_resend_is_confirmed_and_not_repeated_within_minutes(client, cast, invitations):
    waiting, _expired, accepted = invitations
    client.force_login(cast.coordinator)  # reads English
    html = client.get(LIST).content.decode()
    assert "data-confirm=" in html and "The link sent before stops working." in html
    client.post(reverse("accounts:invitation_resend", args=[waiting.pk]))
    newest = Invitation.objects.filter(email=waiting.email).latest("created_at")
    # A second click on the old row, or on the new one right away: nothing more is sent.
    count = Invitation.objects.filter(email=waiting.email).count()
    response = client.post(reverse("accounts:invitation_resend", args=[waiting.pk]), follow=True)
    assert "A newer invitation was already sent" in response.content.decode()
    response = client.post(reverse("accounts:invitation_resend", args=[newest.pk]), follow=True)
    assert "you can send another from" in response.content.decode()
    assert Invitation.objects.filter(email=waiting.email).count() == count
    # An accepted one is never resent.
    response = client.post(reverse("accounts:invitation_resend", args=[accepted.pk]), follow=True)
    assert "already accepted the invitation" in response.content.decode()


def test_resend_at_most_five_links_a_day(cast):
    invitation = sent("dora.insiste@example.org", 23)
    for hours in (20, 15, 10, 5):
        sent("dora.insiste@example.org", hours)
    last = Invitation.objects.filter(email="dora.insiste@example.org").latest("created_at")
    with pytest.raises(services.ResendTooSoon):
        services.resend_invitation(last, actor=cast.secretariat)
    assert invitation.pk  # the first of the five


@pytest.mark.parametrize(
    "role", ["coordinator", "focal_point", "team_member", "expert_on_panel", "expert_invited"]
)
def test_invitations_are_the_secretariats_only(client, cast, invitations, role):
    waiting = invitations[0]
    client.force_login(cast.user(role))
    expected = 200 if role == "coordinator" else 404
    assert client.get(LIST).status_code == expected
    if role != "coordinator":
        response = client.post(reverse("accounts:invitation_resend", args=[waiting.pk]))
        assert response.status_code == 404
        assert Invitation.objects.filter(email=waiting.email).count() == 1


@pytest.mark.parametrize("rows", [1, 10])
def test_invitation_list_queries_are_constant(client, cast, rows, django_assert_num_queries):
    for i in range(rows):
        sent(f"persona{i}@example.org", i + 1, invited_by=cast.secretariat)
    client.force_login(cast.secretariat)
    client.get(LIST)
    with django_assert_num_queries(5):
        assert client.get(LIST).status_code == 200
