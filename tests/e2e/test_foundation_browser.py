"""Browser tests in Chromium (Playwright) against a live server with the demo data."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from rounds.models import Round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def login(page, live_server, email, password="ripso-demo"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile("e-mail|correo", re.I)).fill(email)
    page.get_by_label(re.compile("password|contraseña", re.I)).fill(password)
    page.locator("form button[type=submit]").last.click()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_focal_point_logs_in_and_sees_home_in_spanish_then_english(demo, page, live_server):
    login(page, live_server, "focal.gt@example.org")
    page.wait_for_url(f"{live_server.url}/")
    # The demo focal point's profile language is Spanish.
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Lo que tiene que hacer").is_visible()
    assert page.get_by_role("heading", name="Sus rondas en curso").is_visible()
    assert page.get_by_role("link", name="Mi trabajo").is_visible()
    shot(page, "home-focal-es")
    # Switch to English with the language buttons: the page and the profile follow.
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="What you need to do").is_visible()
    assert page.get_by_role("heading", name="Your rounds in progress").is_visible()
    assert page.get_by_role("link", name="My work").is_visible()
    shot(page, "home-focal-en")
    # A Guatemalan round in country review reads in the country's words.
    rnd = Round.objects.filter(institution__country__code="GT", status="country_review").first()
    page.goto(f"{live_server.url}{rnd.get_absolute_url()}")
    assert page.get_by_text("Report awaiting your review").first.is_visible()
    shot(page, "round-focal-en")


def test_expert_cannot_open_a_round_they_are_not_on(demo, page, live_server):
    outsider = (
        Round.objects.exclude(panel_seats__user__email="expert.cl@example.org")
        .filter(institution__country__code="HN")
        .first()
    )
    login(page, live_server, "expert.cl@example.org")
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}{outsider.get_absolute_url()}")
    assert response.status == 404
    assert outsider.title not in page.content()
    # Their own round opens.
    own = Round.objects.filter(
        panel_seats__user__email="expert.cl@example.org", panel_seats__status="accepted"
    ).first()
    response = page.goto(f"{live_server.url}{own.get_absolute_url()}")
    assert response.status == 200
    assert page.get_by_role("heading", name=own.title).is_visible()


def test_secretariat_pages_in_both_languages(demo, page, live_server):
    """Screenshots of the home, list and round pages for the secretariat (looked at by a human)."""
    login(page, live_server, "secretariat@example.org")
    page.wait_for_url(f"{live_server.url}/")
    for lang in ("es", "en"):
        page.get_by_role("button", name=lang.upper()).click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == lang
        shot(page, f"home-secretariat-{lang}")
        page.goto(f"{live_server.url}/rounds/")
        assert page.locator("table tbody tr").count() == min(25, Round.objects.count())
        shot(page, f"list-secretariat-{lang}")
        rnd = Round.objects.filter(status="submitted").first()
        page.goto(f"{live_server.url}{rnd.get_absolute_url()}")
        assert page.get_by_role("heading", name=rnd.title).is_visible()
        shot(page, f"round-secretariat-{lang}")
        page.goto(f"{live_server.url}/")
