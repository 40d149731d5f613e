"""Phases 3–4 in Chromium: the agenda of the visit and the visit record (R3.4, R4.1–R4.3).

The focal point sets the dates and builds the agenda day by day (an item added in place with
htmx, the others through the item page) while the page lists what a final agenda still lacks;
the secretariat releases it as final; the visit is scheduled and starts; a panel member records
notes on an item, saved as she types; the country cannot open the notes. Screenshots of the
agenda (focal point, secretariat, in Spanish and English) and of the visit notes.
"""

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from rounds.demo import run_preparers
from rounds.services import transition_round
from tests.factories import TEST_PASSWORD
from visits.agenda_models import AgendaItem, AgendaVersion, VisitNote

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


START = date.today() + timedelta(days=30)


def day(n):
    return (START + timedelta(days=n)).isoformat()


ITEMS = [
    (0, "09:00", "10:00", "protocol", "Reunión protocolar con la Ministra"),
    (0, "10:30", "12:00", "initiative", "Presentación del Bono Social Rural"),
    (0, "14:00", "16:00", "experiences", "Experiencias de Chile y Uruguay"),
    (1, "09:00", "12:00", "working", "Mesa técnica de focalización"),
    (1, "14:00", "15:30", "interview", "Entrevista con organizaciones rurales"),
    (2, "16:00", "17:00", "panel_session", "Sesión interna del panel"),
]


def saved_note(item, ideas, timeout=10):
    """The note on ``item`` once its autosave (after 2 s without typing) has stored ``ideas``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        note = VisitNote.objects.filter(item=item).first()
        if note is not None and note.ideas == ideas:
            return note
        time.sleep(0.2)
    raise AssertionError(f"not saved: {VisitNote.objects.filter(item=item).first()}")


def fill_item(form, n, start, end, kind, title):
    form.locator("select[name=day]").select_option(day(n))
    form.locator("input[name=start_time]").fill(start)
    form.locator("input[name=end_time]").fill(end)
    form.locator("select[name=type]").select_option(kind)
    form.locator("input[name=title]").fill(title)
    form.locator("input[name=venue]").fill("Sala del Ministerio")
    form.locator("textarea[name=participants]").fill("MIDES, Representación de la OEA")
    form.locator("input[name=responsible]").fill("Lucía Morales")
    with form.page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_agenda_built_released_and_visit_recorded(browser, live_server, cast, make_round):
    rnd = make_round("preparation")
    agenda = f"/rounds/{rnd.code}/agenda/"

    # The focal point opens the agenda from the round page and sets the dates.
    focal = open_as(browser, live_server, cast.gt_focal_point, rnd.get_absolute_url())
    with focal.expect_navigation():
        focal.click(f"a[href='{agenda}']")
    dates = focal.locator("#visit-details form")
    dates.locator("input[name=start_date]").fill(START.isoformat())
    dates.locator("input[name=end_date]").fill(day(5))  # six days: refused with the reason
    with focal.expect_navigation():
        dates.locator("button[type=submit]").click()
    assert "R4.1" in focal.locator("#visit-details").inner_text()
    assert "6" in focal.locator("#visit-details .invalid-feedback").inner_text()
    dates = focal.locator("#visit-details form")
    dates.locator("input[name=end_date]").fill(day(3))
    dates.locator("input[name=city]").fill("Ciudad de Guatemala")
    with focal.expect_navigation():
        dates.locator("button[type=submit]").click()
    assert focal.locator(f"#day-{day(3)}").is_visible()

    # The first item in place (htmx loads the form into the day), the next through its page.
    n, start, end, kind, title = ITEMS[0]
    focal.locator(f"#day-{day(0)} a[hx-get]").click()
    form = focal.locator(f"#add-{day(0)} #item-form form")
    form.wait_for()
    fill_item(form, n, start, end, kind, title)
    missing = focal.locator("#agenda-missing")
    assert "(R4.2 b)" in missing.inner_text()
    assert "(R4.2 a)" not in missing.inner_text()
    for n, start, end, kind, title in ITEMS[1:]:
        focal.goto(f"{live_server.url}{agenda}items/new/?day={day(n)}")
        fill_item(focal.locator("#item-form form"), n, start, end, kind, title)
    assert AgendaItem.objects.filter(visit__round=rnd).count() == 6
    assert focal.locator("#agenda-missing").count() == 0
    assert focal.locator("#agenda-checklist .text-danger").count() == 0
    shot(focal, "agenda-focal-point-es")
    switch_language(focal, "en")
    shot(focal, "agenda-focal-point-en")

    # The secretariat releases it as the final agenda (version 1).
    staff = open_as(browser, live_server, cast.secretariat, agenda)
    release = staff.locator(f"form[action='{agenda}release/']")
    assert release.locator("input[name=final]").is_checked()
    release.locator("textarea[name=note]").fill("Agenda acordada con el MIDES.")
    with staff.expect_navigation():
        release.locator("button[type=submit]").click()
    assert staff.locator(".alert-success").is_visible()
    version = AgendaVersion.objects.get(visit__round=rnd)
    assert (version.number, version.is_final) == (1, True)
    assert staff.locator(f"form[action='{agenda}release/']").count() == 0
    shot(staff, "agenda-secretariat-final-es")

    # The visit is scheduled (the agenda's guard is satisfied; the questionnaire and logistics
    # are settled as the demo settles them) and starts.
    run_preparers(rnd, "schedule_visit", at=timezone.now(), people={})
    transition_round(rnd.pk, "schedule_visit", cast.secretariat)
    transition_round(rnd.pk, "start_visit", cast.secretariat, confirmed=True)

    # A panel member records her notes on the working meeting; they are saved as she types.
    notes = f"/rounds/{rnd.code}/visit-notes/"
    expert = open_as(browser, live_server, cast.expert_cl, agenda)
    with expert.expect_navigation():
        expert.click(f"a[href='{notes}']")
    item = AgendaItem.objects.get(visit__round=rnd, type="working")
    card = expert.locator(f"#item-{item.pk}")
    card.locator("textarea[name=attendance]").fill("14 personas del MIDES")
    card.locator("textarea[name=findings]").fill("El registro de hogares no se actualiza.")
    card.locator("textarea[name=ideas]").fill("Actualización continua por ventanilla.")
    note = saved_note(item, "Actualización continua por ventanilla.")
    assert f"{note.version}" == card.locator(f"#id_n{item.pk}_version").input_value()
    assert (note.author, note.ideas) == (cast.expert_cl, "Actualización continua por ventanilla.")
    assert note.findings == "El registro de hogares no se actualiza."
    shot(expert, "visit-notes-expert-es")

    # The country never opens them.
    response = focal.goto(f"{live_server.url}{notes}")
    assert response.status == 403

    # The secretariat completes the visit (it confirms first); the report starts from the notes.
    staff.goto(f"{live_server.url}/rounds/{rnd.code}/actions/complete_visit/")
    with staff.expect_navigation():
        staff.locator("main form button[type=submit]").click()
    rnd.refresh_from_db()
    assert rnd.status == "report_drafting"
    findings = rnd.report.sections.get(kind="findings").body
    assert "El registro de hogares no se actualiza." in findings
