"""Issue 11, item 10: browsers ask for /favicon.ico whatever the pages link; it is served (no
404), and every page links an icon."""

import io

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image


def test_favicon_ico_is_served_to_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"] and (16, 16) in icon.info["sizes"]


def test_favicon_refuses_writes(client):
    assert client.post("/favicon.ico").status_code == 405


def test_pages_and_the_portal_link_the_icons(client, db):
    for url in (reverse("accounts:login"), reverse("portal:home")):
        html = client.get(url).content.decode()
        assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in html
        assert 'type="image/svg+xml"' in html
    assert finders.find("img/favicon.svg")  # the SVG the pages link, among the static files
