"""Phase 2 in Chromium: convening the expert panel with the country, through to confirmation.

The secretariat proposes two specialists, the focal point agrees, one specialist declines, the
secretariat invites the suggested alternate, who accepts, and the panel is confirmed; the expert
then opens the reference documents (R2.1–R2.7, R3.1). Screenshots of the panel page
(secretariat, focal point) and of the invitation page in Spanish and English.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from notifications.models import OutgoingMessage
from panels.enums import SeatKind, SeatStatus
from panels.models import PanelSeat
from rounds.enums import DocumentKind, RoundState
from rounds.request_models import CountryOfInterest, ReferenceDocument
from tests import factories as f
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_as(browser, live_server, user, path="/"):
    """A fresh browser window for ``user``: open ``path``, log in on the way, land on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions
    page.goto(f"{live_server.url}{path}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{path}")
    return page


def switch_language(page, code):
    page.locator(f".language-switcher button[value={code}]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == code


def invitation_link(user):
    message = OutgoingMessage.objects.filter(
        recipient=user, message_type="panel_invitation"
    ).latest("pk")
    return message.link


def seat_item(page, user):
    seat = PanelSeat.objects.filter(user=user).latest("pk")
    return page.locator(f"#seat-{seat.pk}")


def submit_in(locator):
    """Click the submit button of a form inside ``locator`` and wait for the next page."""
    page = locator.page
    with page.expect_navigation():
        locator.locator("button[type=submit]").first.click()


def test_panel_convened_with_the_country_and_confirmed(
    browser, live_server, cast, make_round, settings, tmp_path
):
    """The panel is convened with the country (R2.1) and confirmed; the expert who joined reads
    the request's reference documents, the one who declined cannot (R3.1)."""
    settings.MEDIA_ROOT = tmp_path
    rnd = make_round("panel_forming")
    # The OAS coordinators are seated; the specialists are still to be found.
    rnd.panel_seats.filter(kind=SeatKind.SPECIALIST).delete()
    for code in ("CL", "UY"):
        CountryOfInterest.objects.create(round=rnd, country=f.CountryFactory(code=code))
    for expert, institution in [
        (cast.expert_cl, "Ministerio de Desarrollo Social y Familia"),
        (cast.expert_uy, "Ministerio de Desarrollo Social"),
        (cast.expert_mx, "Secretaría de Bienestar"),
    ]:
        profile = expert.expert_profile
        profile.institution = f.InstitutionFactory(country=profile.country, name=institution)
        profile.save()
    document = ReferenceDocument(
        round=rnd,
        title="Evaluación de impacto 2024",
        kind=DocumentKind.REPORT,
        original_name="evaluacion.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=cast.gt_focal_point,
    )
    document.file.save("upload", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    panel = f"/rounds/{rnd.code}/panel/"

    # The secretariat opens the panel from the round page and proposes Chile and Uruguay.
    staff = open_as(browser, live_server, cast.secretariat, rnd.get_absolute_url())
    with staff.expect_navigation():
        staff.click(f"a[href='{panel}']")
    for name in ("Valentina Rojas Fuentes", "Martín Sosa Pereira"):
        submit_in(staff.locator("li.candidate", has_text=name))
        assert staff.locator(".alert-success").is_visible()
    assert PanelSeat.objects.filter(round=rnd, status=SeatStatus.PROPOSED).count() == 2
    shot(staff, "panel-secretariat-proposed-es")

    # The focal point sees the proposal with the profiles and agrees with both.
    focal = open_as(browser, live_server, cast.gt_focal_point, panel)
    assert focal.get_by_text("Ministerio de Desarrollo Social y Familia").is_visible()
    shot(focal, "panel-focal-point-es")
    for expert in (cast.expert_cl, cast.expert_uy):
        submit_in(seat_item(focal, expert).locator("form:has(input[value=agree])"))
    switch_language(focal, "en")
    shot(focal, "panel-focal-point-en")
    specialists = PanelSeat.objects.filter(round=rnd, kind=SeatKind.SPECIALIST)
    assert set(specialists.values_list("country_opinion", flat=True)) == {"agreed"}

    # The secretariat invites both.
    staff.reload()
    for expert in (cast.expert_cl, cast.expert_uy):
        submit_in(seat_item(staff, expert).locator("form[action$='/invite/']"))
    assert PanelSeat.objects.filter(round=rnd, status=SeatStatus.INVITED).count() == 2

    # Chile follows the e-mailed link (login on the way), reads the summary, and declines.
    chile = open_as(browser, live_server, cast.expert_cl, invitation_link(cast.expert_cl))
    assert chile.get_by_role("heading", name=re.compile("Invitación")).first.is_visible()
    assert chile.get_by_text(rnd.goal).is_visible()
    shot(chile, "invitation-es")
    chile.fill("textarea[name=decline-reason]", "Estaré en misión oficial durante el semestre.")
    with chile.expect_navigation():
        chile.click("button[name=answer][value=decline]")
    assert PanelSeat.objects.get(round=rnd, user=cast.expert_cl).status == SeatStatus.DECLINED
    declined = OutgoingMessage.objects.get(message_type="panel_invitation_declined")
    assert "Guadalupe Herrera Ruiz" in declined.body_text  # the next best

    # The secretariat proposes the suggested alternate, overriding the R2.7 warning.
    staff.reload()
    alternate = staff.locator("li.candidate").first
    assert "Guadalupe Herrera Ruiz" in alternate.inner_text()
    alternate.locator("textarea[name=override_reason]").fill(
        "Experiencia directa en la reforma de un programa rural similar."
    )
    submit_in(alternate)
    focal.reload()
    submit_in(seat_item(focal, cast.expert_mx).locator("form:has(input[value=agree])"))
    staff.reload()
    submit_in(seat_item(staff, cast.expert_mx).locator("form[action$='/invite/']"))
    switch_language(staff, "en")
    shot(staff, "panel-secretariat-en")
    switch_language(staff, "es")
    shot(staff, "panel-secretariat-es")

    # Uruguay (English) and Mexico (Spanish) accept: ad honorem, no conflict, availability.
    for expert, lang in ((cast.expert_uy, "en"), (cast.expert_mx, "es")):
        page = open_as(browser, live_server, expert, invitation_link(expert))
        assert page.locator("html").get_attribute("lang") == lang
        if lang == "en":
            shot(page, "invitation-en")
        page.check("input[name=accept-ad_honorem]")
        page.check("input[name=accept-no_conflict]")
        page.fill("textarea[name=accept-availability]", "March and April; 5 days at most.")
        with page.expect_navigation():
            page.click("button[name=answer][value=accept]")
        assert page.url == f"{live_server.url}{rnd.get_absolute_url()}"
    mexico = page
    assert PanelSeat.objects.filter(round=rnd, status=SeatStatus.ACCEPTED).count() == 4

    # Nothing is missing: the secretariat confirms the panel.
    staff.reload()
    shot(staff, "panel-secretariat-complete-es")
    with staff.expect_navigation():
        staff.click(f"a[href='/rounds/{rnd.code}/actions/confirm_panel/']")
    submit_in(staff.locator("main form"))
    rnd.refresh_from_db()
    assert rnd.status == RoundState.PREPARATION

    # Mexico, now on the panel, reads the request and downloads its reference document (R3.1);
    # Chile, who declined, cannot.
    mexico.goto(f"{live_server.url}{rnd.get_absolute_url()}")
    assert mexico.get_by_text("Evaluación de impacto 2024").is_visible()
    response = mexico.request.get(f"{live_server.url}{document.get_download_url()}")
    assert response.status == 200
    assert response.body() == b"%PDF-1.4\n"
    mexico.goto(f"{live_server.url}{panel}")
    shot(mexico, "panel-expert-members-es")
    assert chile.request.get(f"{live_server.url}{document.get_download_url()}").status == 404
