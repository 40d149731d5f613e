"""Publication (R5.4) and the public portal in Chromium.

The focal point chooses to publish the approved report and uploads the signed authorization;
the secretariat publishes it with the button on the round page; an anonymous visitor finds the
report on the portal by searching a word of its findings, opens it and finds the PDF link.
Screenshots of the publication page and of the portal (home, list, report) in Spanish and
English.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from reports import counters
from reports.models import Report
from tests.factories import TEST_PASSWORD
from tests.reports.publication_helpers import FINDINGS_WORD, approved_round, pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_as(browser, live_server, user, path):
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


def test_the_country_authorizes_the_secretariat_publishes_and_the_public_finds_it(
    browser, live_server, cast, make_round, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    counters.clear()
    rnd = approved_round(make_round)
    # The focal point goes from My work to the publication page (R5.4), chooses public and
    # uploads the signed letter.
    focal = open_as(browser, live_server, cast.gt_focal_point, "/")
    switch_language(focal, "en")
    focal.locator("#tasks").get_by_role(
        "link", name="Decide on the publication of the report: public or internal"
    ).click()
    focal.wait_for_url(f"**/rounds/{rnd.code}/publication/")
    shot(focal, "publication-focal-point-en")
    focal.get_by_role("button", name="Make the report public").click()
    focal.wait_for_load_state()
    letter = tmp_path / "autorizacion-firmada.pdf"
    letter.write_bytes(pdf_bytes())
    focal.set_input_files("input[name=file]", str(letter))
    focal.fill("input[name=signed_by]", "Dra. Ana Ruiz, Ministra de Desarrollo Social")
    focal.get_by_role("button", name="Upload the authorization").click()
    focal.wait_for_load_state()
    assert "Signed by Dra. Ana Ruiz, Ministra de Desarrollo Social" in focal.content()
    shot(focal, "publication-authorized-en")
    switch_language(focal, "es")
    shot(focal, "publication-authorized-es")

    # The secretariat (who coordinates nothing) goes from My work to the publication page and
    # publishes there.
    staff = open_as(browser, live_server, cast.secretariat, "/")
    switch_language(staff, "en")
    staff.locator("#tasks").get_by_role(
        "link", name="Check the authorization and the portal summary, then publish the report"
    ).click()
    staff.wait_for_url(f"**/rounds/{rnd.code}/publication/")
    staff.get_by_role("link", name="Publish the report").click()
    staff.get_by_role("button", name="Publish the report").click()  # confirmed in a dialog
    staff.wait_for_load_state()
    assert "Done" in staff.content()
    rnd.refresh_from_db()
    assert rnd.status == "published"
    version = Report.objects.get(round=rnd).versions.get(kind="final")
    if version.render_status != "done":  # rendered by the task once the approval committed
        version.pdf.save("final.pdf", ContentFile(pdf_bytes(3)), save=False)
        version.render_status, version.page_count = "done", 3
        version.save()

    # An anonymous visitor finds it by a word of its findings.
    public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.goto(f"{live_server.url}/portal/")
    switch_language(public, "en")
    assert public.locator("nav").get_by_text("My work").count() == 0
    shot(public, "portal-home-en")
    public.fill("#portal-q", "georreferenc")
    public.get_by_role("button", name="Search").click()
    public.wait_for_load_state()
    assert "1 report" in public.content()
    shot(public, "portal-search-en")
    public.get_by_role("link", name=re.compile("Informe final")).click()
    public.wait_for_load_state()
    assert public.url.endswith(f"/portal/reports/{rnd.code}/")
    link = public.get_by_role("link", name=re.compile("Download the full report"))
    href = link.get_attribute("href")
    assert href == f"/rounds/{rnd.code}/report/versions/{version.pk}/pdf/"
    response = public.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
    shot(public, "portal-report-en")
    switch_language(public, "es")
    shot(public, "portal-report-es")
    public.goto(f"{live_server.url}/portal/")
    shot(public, "portal-home-es")
    public.goto(f"{live_server.url}/portal/reports/?q={FINDINGS_WORD}")
    shot(public, "portal-search-es")
    public.goto(f"{live_server.url}/portal/results/")
    shot(public, "portal-results-es")
