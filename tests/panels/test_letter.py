"""The invitation letter: a one-page A4 PDF, in the expert's language, to their institution."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from panels.enums import SeatStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "letters"


def _text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), reader.pages[0], " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Organización de los Estados Americanos", "ad honorem", "Secretaría Técnica"]),
        ("en", ["Organization of American States", "ad honorem", "Technical Secretariat"]),
    ],
)
def test_invitation_letter_is_a_one_page_a4_pdf_in_the_experts_language(
    client, cast, make_round, language, expected
):
    rnd = make_round("panel_forming")
    ministry = f.InstitutionFactory(
        country=f.CountryFactory(code="UY"),
        name="Ministerio de Desarrollo Social",
        acronym="MIDES-UY",
    )
    profile = cast.expert_uy.expert_profile
    profile.institution = ministry
    profile.position = "Directora Nacional de Protección Social"
    profile.save()
    cast.expert_uy.preferred_language = language
    cast.expert_uy.save()
    seat = rnd.panel_seats.get(user=cast.expert_uy)
    seat.status = SeatStatus.INVITED
    seat.save()
    client.force_login(cast.coordinator)
    response = client.get(reverse("panels:letter", args=[rnd.code, seat.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    pages, page, text = _text(pdf)
    assert pages == 1
    assert [round(float(x)) for x in page.mediabox[2:]] == [595, 842]  # A4 in points
    for words in [*expected, rnd.code, rnd.title, "Martín Sosa Pereira", "MIDES-UY"]:
        assert words in text, words

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"invitation-letter-{language}.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):  # for a person to look at: test-artifacts/letters/*.png
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(ARTIFACTS / f"invitation-letter-{language}.pdf"),
                str(ARTIFACTS / f"invitation-letter-{language}"),
            ],
            check=True,
        )


def test_a_long_goal_still_fits_on_one_page(client, cast, make_round):
    rnd = make_round("panel_forming", goal="Recomendaciones concretas " * 200)
    seat = rnd.panel_seats.get(user=cast.expert_cl)
    client.force_login(cast.secretariat)
    pages, _page, _words = _text(
        client.get(reverse("panels:letter", args=[rnd.code, seat.pk])).content
    )
    assert pages == 1


def test_no_letter_for_a_coordinator_or_a_released_seat(client, cast, make_round):
    rnd = make_round("panel_forming")
    client.force_login(cast.secretariat)
    coordinator_seat = rnd.panel_seats.get(user=cast.coordinator)
    assert (
        client.get(reverse("panels:letter", args=[rnd.code, coordinator_seat.pk])).status_code
        == 404
    )
    seat = rnd.panel_seats.get(user=cast.expert_mx)
    seat.status = SeatStatus.DECLINED
    seat.save()
    assert client.get(reverse("panels:letter", args=[rnd.code, seat.pk])).status_code == 404
