"""The logistics of a visit in Chromium (issue 11, items 8 and 12; R3.5).

A coordinator of Guatemala's round goes from My work to the logistics by links; an item saved in
place (htmx) moves the readiness card without a reload; on the table view she confirms the
sixteen international items of the four travellers with a handful of clicks (counted), and
changes a status in place. Without JavaScript, "confirm all" posts and comes back to the table.
Screenshots of the table in Spanish and English at 1366 and 390 pixels wide.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import TEST_PASSWORD
from visits.logistics_models import Arrangement, ArrangementStatus, Side

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


class Clicks:
    """Counts what the person does: each click on a link or a button, each choice in a select."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator, navigates=True):
        self.count += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def select(self, locator, value):
        self.count += 1
        locator.select_option(value)


def log_in(browser, live_server, user, *, width=1366, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return page


def readiness(page):
    return " ".join(page.locator("#readiness").inner_text().split())


def test_r3_5_coordinator_confirms_sixteen_items_in_a_handful_of_clicks(
    browser, live_server, cast, make_round
):
    rnd = make_round("preparation")
    User.objects.update(preferred_language="es")
    page = log_in(browser, live_server, cast.coordinator)
    clicks = Clicks(page)

    # My work → the round → its logistics, by links.
    clicks.click(page.locator(f"main a[href='{rnd.get_absolute_url()}']").first)
    clicks.click(page.locator(f"a[href='/rounds/{rnd.code}/logistics/']"))
    assert "0 de 16 listos" in readiness(page)

    # Item 8: one item saved in place (htmx): the readiness card follows, no reload.
    flights = Arrangement.objects.get(round=rnd, kind="flights", traveller=cast.expert_cl)
    card = page.locator(f"#item-{flights.pk}")
    card.locator("summary").click()
    card.locator("select[name$=status]").select_option("confirmed")
    page.evaluate("window.__noReload = true")
    card.locator("button[type=submit]").first.click()
    page.locator(f"#item-{flights.pk} [role=status]").wait_for()
    expect(page.locator("#readiness")).to_contain_text("1 de 16 listos")
    assert page.evaluate("window.__noReload") is True  # the same page: nothing reloaded

    # The table: four "confirm all" clicks for sixteen items (one already confirmed).
    on_logistics = clicks.count  # My work → round → logistics: 2
    clicks.click(page.locator(f"a[href='/rounds/{rnd.code}/logistics/table/']"))
    shot(page, "logistics-table-es-1366-before")
    for person in (cast.expert_cl, cast.expert_uy, cast.coordinator, cast.coordinator2):
        button = page.locator(f"button[value='traveller:{person.pk}']")
        clicks.click(button, navigates=False)
        page.locator(f"button[value='traveller:{person.pk}']").wait_for(state="detached")
    expect(page.locator("#readiness")).to_contain_text("16 de 16 listos")
    international = Arrangement.objects.filter(round=rnd, side=Side.INTERNATIONAL)
    assert set(international.values_list("status", flat=True)) == {ArrangementStatus.CONFIRMED}
    print(
        f"\nclicks to 16 confirmed items: {clicks.count} from My work, "
        f"{clicks.count - on_logistics} from the logistics page"
    )
    # Before the table: 3 per item on the list (open "Update", choose, save), 48 + navigation.
    assert (clicks.count, clicks.count - on_logistics) == (7, 5)

    # A status changed in place is saved at once (htmx, on change) and counted.
    visa = international.get(kind="visa", traveller=cast.expert_uy)
    page.locator(f"#s-{visa.pk}").select_option("in_progress")
    expect(page.locator("#readiness")).to_contain_text("15 de 16 listos")
    visa.refresh_from_db()
    assert (visa.status, visa.updated_by) == (ArrangementStatus.IN_PROGRESS, cast.coordinator)
    assert "Guardado: se actualizó 1 arreglo." in page.locator("#logistics-table").inner_text()

    # A whole column: undoing confirmed items asks first, on the page.
    page.locator("#bulk-insurance").select_option("in_progress")
    page.locator("button[value='kind:insurance']").click()
    step = page.locator("#logistics-step")
    step.wait_for()
    assert "ya está" in step.inner_text() or "ya están" in step.inner_text()
    shot(page, "logistics-table-es-1366-confirm-step")
    step.locator("button[type=submit]").click()
    expect(page.locator("#readiness")).to_contain_text("11 de 16 listos")
    assert set(international.filter(kind="insurance").values_list("status", flat=True)) == {
        ArrangementStatus.IN_PROGRESS
    }
    page.goto(page.url)  # a fresh look for the screenshots
    shot(page, "logistics-table-es-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "logistics-table-es-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        page.locator(".language-switcher button[value=en]").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "11 of 16 ready" in readiness(page)
    shot(page, "logistics-table-en-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "logistics-table-en-390")


def test_r3_5_confirm_all_works_without_javascript(browser, live_server, cast, make_round):
    rnd = make_round("preparation")
    page = log_in(browser, live_server, cast.secretariat, javascript=False)
    page.goto(f"{live_server.url}/rounds/{rnd.code}/logistics/table/")
    with page.expect_navigation():
        page.locator(f"button[value='traveller:{cast.expert_uy.pk}']").click()
    assert page.url.endswith(f"/rounds/{rnd.code}/logistics/table/")
    assert "4 arreglos" in page.locator(".alert-success").inner_text()
    assert "4 de 16 listos" in readiness(page)
    mine = Arrangement.objects.filter(round=rnd, traveller=cast.expert_uy)
    assert set(mine.values_list("status", flat=True)) == {ArrangementStatus.CONFIRMED}
    # A status changed in place, then "Save the changes".
    flights = Arrangement.objects.get(round=rnd, kind="flights", traveller=cast.expert_cl)
    page.locator(f"#s-{flights.pk}").select_option("in_progress")
    with page.expect_navigation():
        page.locator("#logistics-table > div > button[type=submit]").click()
    flights.refresh_from_db()
    assert flights.status == ArrangementStatus.IN_PROGRESS
