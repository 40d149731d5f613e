"""The inbox in Chromium: the badge counts what waits for the person; opening a message, marking
it unread, "mark all as read" and its undo, by links and buttons only (issue 11, item 14)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from notifications.models import OutgoingMessage

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


def badge(page):
    """The number in the navigation's badge (0 when there is none)."""
    found = page.locator("#inbox-badge [aria-hidden=true]")
    return int(found.inner_text()) if found.count() else 0


def test_the_focal_point_works_through_her_inbox(demo, page, live_server):
    focal_point = User.objects.get(email="focal.gt@example.org")
    mine = OutgoingMessage.objects.for_inbox(focal_point)
    waiting = mine.needs_me().count()
    assert waiting >= 1  # the demo's Guatemalan report waits for her review

    login(page, live_server, focal_point.email)
    page.wait_for_url(f"{live_server.url}/")
    assert badge(page) == waiting
    shot(page, "inbox-badge-home-es")

    page.locator("nav").get_by_role("link", name=re.compile("^Mensajes")).click()
    assert page.get_by_role("heading", name="Mensajes").is_visible()
    first = page.locator(".list-group-item").first
    assert "Requiere su acción" in first.inner_text()
    shot(page, "inbox-focal-es")

    # Opening it: read, out of the badge; the page says what to do and offers to keep it unread.
    first.click()
    assert page.get_by_text(re.compile("^Por hacer: ")).is_visible()
    assert badge(page) == waiting - 1
    shot(page, "inbox-message-es")
    page.get_by_role("button", name="Marcar como no leído").click()
    assert page.get_by_text(re.compile("Marcado como no leído")).is_visible()
    assert badge(page) == waiting

    # Mark all as read, then change her mind.
    unread = mine.unread().count()
    page.get_by_role("button", name="Marcar todos como leídos").click()
    assert badge(page) == 0
    assert page.locator("#inbox-dot").count() == 0
    assert mine.unread().count() == 0
    shot(page, "inbox-all-read-es")
    page.get_by_role("button", name="Deshacer").click()
    assert page.get_by_text(f"{unread} mensajes vuelven a estar sin leer.").is_visible()
    assert badge(page) == waiting
    assert mine.unread().count() == unread

    # The same in English.
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Inbox").is_visible()
    assert page.get_by_role("link", name=re.compile("Needs my action")).is_visible()
    shot(page, "inbox-focal-en")
    page.get_by_role("link", name=re.compile("Needs my action")).click()
    assert page.locator(".list-group-item").count() == waiting
    page.locator(".list-group-item").first.click()
    assert page.get_by_text(re.compile("^To do: ")).is_visible()
    shot(page, "inbox-message-en")
