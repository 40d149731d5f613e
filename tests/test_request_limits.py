"""Request bodies are capped before they are read (issue 12, item 6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rounds.request_models import ReferenceDocument

pytestmark = pytest.mark.django_db


def test_a_60_mb_post_is_refused_with_413_and_a_page_that_says_the_limit(client, cast):
    client.force_login(cast.gt_focal_point)
    big = SimpleUploadedFile("grande.pdf", b"%PDF-1.4\n" + b"0" * (60 * 1024 * 1024))
    response = client.post(
        reverse("rounds:request_create"), {"title": "x", "doc-file": big}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "A file may be at most 20" in page
    assert "Nothing was saved from this form." in page
    assert ReferenceDocument.objects.count() == 0


def test_the_413_page_is_in_the_persons_language(client, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = client.post(
        reverse("accounts:login"), {"username": "x" * 2000}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 413
    assert "El archivo es demasiado grande" in response.content.decode()


def test_a_body_under_the_limit_is_served_as_usual(client, settings):
    settings.MAX_REQUEST_BYTES = 10_000
    response = client.post(reverse("accounts:login"), {"username": "a@example.org"})
    assert response.status_code == 200
