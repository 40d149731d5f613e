"""The focal point invites colleagues of the same institution as technical-team members."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Invitation
from notifications.models import OutgoingMessage

pytestmark = pytest.mark.django_db


def test_focal_point_invites_a_colleague_of_the_same_institution(client, cast):
    client.force_login(cast.gt_focal_point)
    response = client.post(
        reverse("accounts:team"),
        {"full_name": "Rosa Chen", "email": "rosa.chen@example.org", "language": "es"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="rosa.chen@example.org")
    assert invitation.role == Role.TEAM_MEMBER
    assert invitation.institution == cast.mides
    assert invitation.invited_by == cast.gt_focal_point
    assert OutgoingMessage.objects.filter(to_email="rosa.chen@example.org").count() == 1
    page = client.get(reverse("accounts:team")).content.decode()
    assert "rosa.chen@example.org" in page
    assert cast.gt_team_member.email in page
    assert cast.hn_team_member.email not in page


def test_existing_account_cannot_be_invited_again(client, cast):
    client.force_login(cast.gt_focal_point)
    response = client.post(
        reverse("accounts:team"),
        {"full_name": "X", "email": cast.hn_team_member.email, "language": "es"},
    )
    assert response.status_code == 200
    assert Invitation.objects.count() == 0


def test_team_member_sees_the_team_but_cannot_invite(client, cast):
    client.force_login(cast.gt_team_member)
    assert client.get(reverse("accounts:team")).status_code == 200
    response = client.post(
        reverse("accounts:team"), {"full_name": "Y", "email": "y@example.org", "language": "es"}
    )
    assert response.status_code == 404
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("role", ["secretariat", "expert_on_panel"])
def test_team_page_is_404_for_people_without_an_institution(client, cast, role):
    client.force_login(cast.user(role))
    assert client.get(reverse("accounts:team")).status_code == 404
