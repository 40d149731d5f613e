"""Phase 5 in Chromium: drafting the executive report and the country's review (R5.1–R5.3).

An expert writes her contribution in the rich editor, the secretariat copies it into the findings
and edits them, sends the report to the country; the focal point reads it, comments on the
findings and requests changes; the secretariat marks the comment addressed, revises and sends
again; the focal point approves. Screenshots of the editor and of the review page in Spanish and
English.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from reports import rendering, services
from reports.enums import VersionKind
from reports.models import Contribution, ReviewComment
from rounds.enums import RoundState
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
SAVED = re.compile(r"\d\d:\d\d")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_as(browser, live_server, user, path, lands_on=None):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.goto(f"{live_server.url}{path}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{lands_on or path}")
    return page


def switch_language(page, code):
    page.locator(f".language-switcher button[value={code}]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == code


def type_in_editor(page, container, text):
    editor = page.locator(f"{container} .tiptap").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def wait_until(page, check, timeout_ms=10_000):
    """Autosave runs 2 s after the last keystroke: poll the database until ``check()``."""
    for _ in range(timeout_ms // 250):
        if check():
            return
        page.wait_for_timeout(250)
    raise AssertionError("not saved in time")


def findings_text(report):
    return report.sections.get(kind="findings").body


def submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


def render_working_draft(page, report, path):
    """R5.1: the secretariat renders the working draft (the widget queues the PDF) and, once its
    pages are counted, the page offers sending it."""
    page.locator("#pdf-status form button[type=submit]").click()
    wait_until(page, lambda: list(rendering.budget(report).blockers()) == [], timeout_ms=60_000)
    page.goto(page.url.split("#")[0].rsplit(path, 1)[0] + path)


def test_report_drafted_with_the_panel_reviewed_by_the_country_and_approved(
    browser, live_server, cast, make_round
):
    rnd = make_round("report_drafting")
    report = rnd.report
    code = rnd.code
    staff = cast.secretariat
    for kind, text in [
        ("description", "<p>Ronda solicitada por el MIDES para revisar el programa.</p>"),
        ("cooperation", "<p>Interés en una pasantía sobre registros sociales.</p>"),
    ]:
        section = report.sections.get(kind=kind)
        services.save_section(section, staff, text, section.version)
    services.add_recommendation(report, staff, text="Actualizar el registro de forma continua.")
    draft_path = f"/rounds/{code}/report/draft/"

    # The secretariat asks Chile's expert for the findings.
    secretariat = open_as(browser, live_server, staff, draft_path)
    secretariat.locator("#section-findings details:not(.note-provenance) summary").click()
    secretariat.select_option("#section-findings select[name=author]", str(cast.expert_cl.pk))
    submit(secretariat, "#section-findings form[action$='/assign/'] button[type=submit]")
    contribution = Contribution.objects.get(author=cast.expert_cl)

    # She writes it in the rich editor (bold included); it is saved as she types.
    expert = open_as(browser, live_server, cast.expert_cl, draft_path)
    box = f"#contribution-{contribution.pk}"
    expect(expert.locator(f"{box} .tiptap")).to_be_visible()
    expect(expert.locator("#section-findings .prose-menubar").first).to_be_visible()
    type_in_editor(expert, box, "El registro social cubre al 80 % de los hogares rurales. ")
    expert.keyboard.press("Control+b")
    expert.keyboard.type("Se actualiza cada cuatro años.")
    expect(expert.locator(f"#status-{box[1:]}")).to_contain_text(SAVED, timeout=10_000)
    contribution.refresh_from_db()
    assert contribution.body == (
        "<p>El registro social cubre al 80 % de los hogares rurales."
        "<strong> Se actualiza cada cuatro años.</strong></p>"
    )
    shot(expert, "report-editor-expert-es")
    assert expert.errors == []

    # The secretariat copies it into the findings with one click, then edits the text.
    secretariat.reload()
    expect(secretariat.locator(box)).to_contain_text("Se actualiza cada cuatro años.")
    submit(secretariat, f"{box} form[action$='/adopt/'] button[type=submit]")
    findings = "#section-findings form[action$='/sections/findings/']"
    expect(secretariat.locator(f"{findings} .tiptap")).to_contain_text("cuatro años")
    type_in_editor(secretariat, findings, " El panel sugiere la actualización continua.")
    wait_until(secretariat, lambda: "actualización continua" in findings_text(report))
    expect(secretariat.locator("#section-findings [id^=status-section]")).to_contain_text(SAVED)
    switch_language(secretariat, "en")
    shot(secretariat, "report-editor-secretariat-en")
    switch_language(secretariat, "es")
    shot(secretariat, "report-editor-secretariat-es")
    assert secretariat.errors == []

    # ...renders the working draft to count its pages (R5.1) and sends it to the country.
    render_working_draft(secretariat, report, draft_path)
    secretariat.locator("#send a.btn-primary").click()
    submit(secretariat, "main form button[type=submit]")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.COUNTRY_REVIEW
    assert report.versions.get(kind=VersionKind.PRELIMINARY).number == 1

    # The focal point reads it, comments on the findings and requests changes.
    focal = open_as(browser, live_server, cast.gt_focal_point, f"/rounds/{code}/report/",
                    lands_on=f"/rounds/{code}/report/versions/1/")  # fmt: skip
    expect(focal.locator("#read-findings")).to_contain_text("actualización continua")
    focal.select_option("select[name=section_kind]", "findings")
    focal.fill("textarea[name=text]", "Agregar los datos de cobertura de 2025.")
    submit(focal, "#comment button[type=submit]")
    expect(focal.locator("#read-findings")).to_contain_text("Agregar los datos de cobertura")
    shot(focal, "report-review-focal-point-es")
    switch_language(focal, "en")
    shot(focal, "report-review-focal-point-en")
    focal.fill("#id_changes_comment", "Por favor incluyan los datos de 2025.")
    submit(focal, "#decide form[action$='/request_changes/'] button[type=submit]")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.REPORT_DRAFTING

    # The secretariat sees the comment beside the findings, addresses it and sends again.
    secretariat.goto(f"{live_server.url}{draft_path}")
    comment = ReviewComment.objects.get()
    expect(secretariat.locator(f"#section-findings #comment-{comment.pk}")).to_be_visible()
    type_in_editor(secretariat, findings, " En 2025 la cobertura llegó al 83 %.")
    wait_until(secretariat, lambda: "83 %" in findings_text(report))
    submit(secretariat, f"#comment-{comment.pk} button[type=submit]")
    comment.refresh_from_db()
    assert comment.resolved_by == staff
    render_working_draft(secretariat, report, draft_path)
    secretariat.locator("#send a.btn-primary").click()
    submit(secretariat, "main form button[type=submit]")
    numbered = report.versions.filter(number__isnull=False)
    assert list(numbered.values_list("number", flat=True)) == [1, 2]

    # The focal point approves version 2: it becomes the final report.
    focal.goto(f"{live_server.url}/rounds/{code}/report/")
    assert focal.url.endswith("/versions/2/")
    expect(focal.locator("#read-findings")).to_contain_text("83 %")
    submit(focal, "#decide form[action$='/approve/'] button[type=submit]")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.APPROVED
    final = report.versions.get(kind=VersionKind.FINAL)
    assert final.number == 3
    assert final.content == report.versions.get(number=2).content
