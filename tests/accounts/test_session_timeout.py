"""Sessions end after 30 idle minutes (configurable) or 12 hours; drafts survive."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY, LOGIN_AT_KEY
from rounds.services import create_round

pytestmark = pytest.mark.django_db


def age_session(client, *, idle_seconds=0, since_login_seconds=0):
    session = client.session
    now = int(time.time())
    session[LAST_SEEN_KEY] = now - idle_seconds
    session[LOGIN_AT_KEY] = now - since_login_seconds
    session.save()


def test_active_session_stays_open(client, cast):
    client.force_login(cast.gt_focal_point)
    client.get(reverse("rounds:home"))
    age_session(client, idle_seconds=29 * 60, since_login_seconds=3600)
    assert client.get(reverse("rounds:home")).status_code == 200


def test_idle_session_ends_after_thirty_minutes_and_says_why(client, cast):
    client.force_login(cast.gt_focal_point)
    client.get(reverse("rounds:home"))
    age_session(client, idle_seconds=31 * 60)
    response = client.get(reverse("rounds:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('rounds:list')}"
    page = client.get(response["Location"]).content.decode()
    assert "drafts were saved" in page or "borradores se guardaron" in page
    assert "_auth_user_id" not in client.session


def test_idle_timeout_is_configurable(client, cast, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client.force_login(cast.gt_focal_point)
    client.get(reverse("rounds:home"))
    age_session(client, idle_seconds=6 * 60)
    assert client.get(reverse("rounds:home")).status_code == 302


def test_session_ends_twelve_hours_after_login_even_when_active(client, cast):
    client.force_login(cast.gt_focal_point)
    client.get(reverse("rounds:home"))
    age_session(client, idle_seconds=60, since_login_seconds=12 * 3600 + 60)
    assert client.get(reverse("rounds:home")).status_code == 302


def test_a_saved_draft_is_still_there_after_the_session_expired(client, cast):
    rnd = create_round(creator=cast.gt_focal_point, institution=cast.mides, title="Borrador")
    client.force_login(cast.gt_focal_point)
    client.get(reverse("rounds:home"))
    age_session(client, idle_seconds=31 * 60)
    client.get(reverse("rounds:home"))
    client.force_login(cast.gt_focal_point)
    response = client.get(reverse("rounds:request_edit", args=[rnd.code]))
    assert response.status_code == 200
    assert 'value="Borrador"' in response.content.decode()
