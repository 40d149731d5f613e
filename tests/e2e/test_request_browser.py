"""Phase 1 in Chromium: from the focal point's form to the secretariat's acceptance (R1.1–R1.7)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from rounds.enums import STATE_NAMES, Methodology, RoundState
from rounds.models import Round
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n"
    b"0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def login(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def add_document(page, title, kind, path):
    page.fill("input[name=doc-title]", title)
    page.select_option("select[name=doc-kind]", kind)
    page.set_input_files("input[name=doc-file]", str(path))
    with page.expect_navigation():  # a file to upload: the Save button posts the whole form
        page.click("button[name=save]")


def test_focal_point_to_secretariat_acceptance(browser, live_server, cast, tmp_path):
    from rounds.data.topics import load_default_topics
    from rounds.models import Topic

    load_default_topics(Topic)
    pdf = tmp_path / "diagnostico.pdf"
    pdf.write_bytes(PDF)
    docx = tmp_path / "marco-conceptual.docx"
    docx.write_bytes(docx_bytes())

    # The Guatemalan focal point fills the form over two sittings.
    focal = login(browser, live_server, cast.gt_focal_point)
    focal.goto(f"{live_server.url}/rounds/new/")
    shot(focal, "request-form-empty-es")
    focal.fill("input[name=title]", "Programa Bono Social Rural")
    focal.check("input[name=initiative_kind][value=program]")
    focal.check("input[name=stage][value=reform]")
    focal.fill("textarea[name=description]", "Transferencias condicionadas para hogares rurales.")
    focal.locator("input[name=topics]").first.check()
    focal.fill("textarea[name=goal]", "Recomendaciones para rediseñar la focalización.")
    focal.fill("input[name=contact_email]", "esto no es un correo")
    focal.click("button[name=save]")
    focal.wait_for_load_state()
    # The wrong e-mail is shown with an error; the rest was saved.
    assert focal.locator("input[name=contact_email]").input_value() == "esto no es un correo"
    shot(focal, "request-form-errors-es")
    rnd = Round.objects.get()
    assert rnd.goal == "Recomendaciones para rediseñar la focalización."
    focal.fill("input[name=contact_email]", "lucia.morales@example.org")
    focal.fill("textarea[name=expected_results]", "Una hoja de ruta de reforma.")
    focal.click("button[name=save]")
    # Item 19: on the request's own form "Save draft" saves through the autosave pipeline, no
    # reload; the status says so.
    expect(focal.locator("#autosave-status")).to_contain_text(re.compile(r"\d\d:\d\d"))
    rnd.refresh_from_db()
    assert (rnd.contact_email, rnd.expected_results) == (
        "lucia.morales@example.org",
        "Una hoja de ruta de reforma.",
    )
    # The two countries of interest have their own labels (issue 11, item 19).
    expect(focal.locator("label[for=id_coi-0-country]")).to_contain_text("Primer país de interés")
    expect(focal.locator("label[for=id_coi-1-country]")).to_contain_text("Segundo país de interés")
    add_document(focal, "Diagnóstico del programa", "report", pdf)
    add_document(focal, "Marco conceptual", "conceptual", docx)
    assert rnd.documents.count() == 2
    focal.context.close()

    # Later: back from the home page, review and submit.
    focal = login(browser, live_server, cast.gt_focal_point)
    focal.click(f"a[href='/rounds/{rnd.code}/']")
    focal.click(f"a[href='/rounds/{rnd.code}/request/']")
    shot(focal, "request-form-complete-es")
    focal.click("button[name=review]")
    focal.wait_for_url(f"{live_server.url}/rounds/{rnd.code}/actions/submit/")
    focal.locator("main form button[type=submit]").click()
    focal.wait_for_url(f"{live_server.url}/rounds/{rnd.code}/submitted/")
    shot(focal, "request-submitted-es")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.SUBMITTED

    # The secretariat returns it with a comment.
    staff = login(browser, live_server, cast.secretariat)
    staff.goto(f"{live_server.url}/requests/")
    shot(staff, "request-queue-es")
    staff.click(f"a[href='/rounds/{rnd.code}/']")
    shot(staff, "request-review-es")
    staff.click(f"a[href='/rounds/{rnd.code}/actions/return_for_changes/']")
    staff.fill("textarea[name=comment]", "Indique los resultados esperados con más detalle.")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(f"{live_server.url}/rounds/{rnd.code}/")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.RETURNED

    # The focal point sees the comment beside the form, edits and resubmits.
    focal.goto(f"{live_server.url}/rounds/{rnd.code}/request/")
    assert focal.get_by_text("Indique los resultados esperados con más detalle.").is_visible()
    focal.fill("textarea[name=expected_results]", "Una hoja de ruta de reforma con metas anuales.")
    focal.click("button[name=review]")
    focal.wait_for_url(f"{live_server.url}/rounds/{rnd.code}/actions/submit/")
    focal.locator("main form button[type=submit]").click()
    focal.wait_for_url(f"{live_server.url}/rounds/{rnd.code}/submitted/")

    # The secretariat sees what changed and accepts it as a RIPSO round.
    staff.goto(f"{live_server.url}/rounds/{rnd.code}/")
    staff.click(f"a[href='/rounds/{rnd.code}/changes/']")
    assert staff.locator("ins", has_text="metas anuales.").is_visible()
    shot(staff, "request-changes-es")
    staff.goto(f"{live_server.url}/rounds/{rnd.code}/actions/accept/")
    staff.select_option("select[name=methodology]", Methodology.RIPSO)
    staff.check(f"input[name=coordinators][value='{cast.coordinator.pk}']")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(f"{live_server.url}/rounds/{rnd.code}/")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.PANEL_FORMING
    assert rnd.methodology == Methodology.RIPSO

    # The focal point's home page shows the new state in their language (Spanish).
    focal.goto(f"{live_server.url}/")
    with translation.override("es"):
        expected = str(STATE_NAMES[RoundState.PANEL_FORMING][2])
    assert focal.locator(".state-badge", has_text=expected).first.is_visible()
    shot(focal, "home-focal-after-accept-es")
