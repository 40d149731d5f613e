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


# --- Size messages (issue 12, item 9): never "20.0 MB, limit 20.0 MB" --------------------------
MB20 = 20 * 1024 * 1024


def _refusal(size, language):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from ripso.uploads import check_document

    upload = SimpleUploadedFile("grande.pdf", b"%PDF-1.4\n" + b"0" * (size - 9))
    with translation.override(language), pytest.raises(ValidationError) as refused:
        check_document(upload)
    return refused.value.message


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "en",
            "The file is too large (20,971,521 bytes). The limit is 20,971,520 bytes (20\xa0MB).",
        ),
        (
            "es",
            "El archivo es demasiado grande (20\xa0971\xa0521 bytes). "
            "El límite es 20\xa0971\xa0520 bytes (20\xa0MB).",
        ),
    ],
)
def test_a_file_one_byte_over_the_limit_is_told_in_bytes_not_20_mb_of_20_mb(language, expected):
    assert _refusal(MB20 + 1, language) == expected


def test_a_file_clearly_over_the_limit_is_told_in_megabytes_without_a_useless_decimal():
    assert _refusal(MB20 + 300 * 1024, "en") == (
        "The file is too large (20.3\xa0MB). The limit is 20\xa0MB."
    )
    assert _refusal(MB20 + 300 * 1024, "es") == (
        "El archivo es demasiado grande (20,3\xa0MB). El límite es 20\xa0MB."
    )


def test_the_request_form_shows_the_exact_sizes_of_a_file_just_over_the_limit(
    client, cast, settings
):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(cast.gt_focal_point)
    upload = SimpleUploadedFile("grande.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1 - 9))
    response = client.post(
        reverse("rounds:request_create"),
        {"title": "Programa", "doc-title": "Estudio", "doc-file": upload},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    page = response.content.decode()
    assert "(1\xa0048\xa0577 bytes). El límite es 1\xa0048\xa0576 bytes (1\xa0MB)." in page
    assert "1,0" not in page.split("demasiado grande", 1)[1][:80]
