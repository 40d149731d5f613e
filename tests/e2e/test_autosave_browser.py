"""Autosave in Chromium, two windows at once (issue 11, items 3, 6, 7, 19), on PostgreSQL.

Two people (or one person in two windows) edit the same questionnaire answer (R3.2), the same
visit note (R4.3) and the same report section (R5.1): the second save meets the first, the
conflict message stays with both texts, nothing more is saved until the person chooses "keep
mine", "take theirs" or "put both together", and the database ends with the chosen text. Also:
"unsaved changes" while typing, one edit sends exactly one save, the Save button saves without a
reload, and text typed just before following a link is saved. Screenshots of the conflict in
English (answer) and Spanish (visit note, report section).
"""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD
from visits import agenda_services
from visits import services as q_services
from visits.agenda_models import VisitNote
from visits.models import Answer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
SAVED = re.compile(r"\d\d:\d\d")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def shot_of(locator, name):
    """The part of the page that matters (the pages are long)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SHOTS / f"{name}.png"))


def open_as(browser, live_server, user, path):
    """A fresh browser window for ``user``; it records its POSTs and its script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.posts = []
    page.on("request", lambda r: page.posts.append(r.url) if r.method == "POST" else None)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{live_server.url}{path}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{path}")
    page.posts.clear()
    return page


def eventually(check, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("not in time")


def saves_to(page, path):
    return [u for u in page.posts if u.endswith(path)]


def test_r3_2_two_people_answering_the_same_question_lose_nothing(
    browser, live_server, cast, make_round
):
    """R3.2: Lucía (es) and Andrés (en) answer the same question at once."""
    rnd = make_round("preparation")
    questionnaire = q_services.create_questionnaire(rnd, cast.secretariat, title="Cuestionario")
    question = q_services.draft_question(questionnaire, cast.expert_cl, text="¿Cómo se focaliza?")
    q_services.release(questionnaire, cast.secretariat)
    q_services.assign(question, cast.gt_focal_point, cast.gt_team_member)
    url = questionnaire.get_absolute_url()
    save_path = f"/questions/{question.pk}/answer/"
    box = f"#id_q{question.pk}_value"
    status = f"#answer-status-{question.pk}"

    lucia = open_as(browser, live_server, cast.gt_focal_point, url)
    andres = open_as(browser, live_server, cast.gt_team_member, url)

    # Lucía types: "unsaved changes" at once, then one save (debounce) and none on leaving the
    # field for the same content (item 6: one edit, one request).
    lucia.locator(box).fill("Por el índice de pobreza multidimensional.")
    expect(lucia.locator(status)).to_have_text("Cambios sin guardar")
    expect(lucia.locator(status)).to_contain_text(SAVED, timeout=10_000)
    lucia.keyboard.press("Tab")  # a change event on blur: same content, no second save
    lucia.wait_for_timeout(2500)
    assert len(saves_to(lucia, save_path)) == 1
    assert Answer.objects.get(question=question).text == (
        "Por el índice de pobreza multidimensional."
    )

    # Andrés started from the empty answer: his save meets hers. The message stays.
    andres.locator(box).fill("With the household register, updated every two years.")
    conflict = andres.locator(f"{status} [data-conflict]")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Por el índice de pobreza multidimensional.")
    expect(conflict).to_contain_text("With the household register, updated every two years.")
    expect(conflict).to_contain_text("Lucía Morales Quiñónez")
    # He keeps typing: nothing is saved automatically until he chooses (item 6).
    andres.locator(box).press("End")
    andres.keyboard.type(" Also by phone.")
    andres.wait_for_timeout(3000)
    expect(conflict).to_be_visible()
    assert len(saves_to(andres, save_path)) == 1
    assert Answer.objects.get(question=question).text == (
        "Por el índice de pobreza multidimensional."
    )
    assert "Also by phone." in andres.locator(box).input_value()
    expect(conflict.locator(".conflict-mine")).to_contain_text("Also by phone.")
    shot(andres, "autosave-conflict-answer-en")

    # He puts both texts together; the merged text is saved and the conflict is gone.
    andres.locator(f"{status} [data-conflict-choice=merge]").click()
    expect(andres.locator(f"{status} [data-conflict]")).to_have_count(0)
    expect(andres.locator(status)).to_contain_text(SAVED, timeout=10_000)

    def merged():
        text = Answer.objects.get(question=question).text
        return "Por el índice" in text and "Also by phone." in text

    eventually(merged)
    lucia.reload()
    expect(lucia.locator(box)).to_have_value(re.compile("Also by phone."))
    assert lucia.errors == [] and andres.errors == []


def test_r4_3_the_same_visit_note_in_two_windows_and_a_link_right_after_typing(
    browser, live_server, cast, make_round
):
    """R4.3: Valentina writes her note on her laptop and her tablet; then she follows a link a
    moment after typing, and what she typed is saved."""
    rnd = make_round("visit_in_progress")
    visit = agenda_services.visit_of(rnd, create=False)
    item = visit.items.order_by("start_time", "pk").first()
    notes = f"/rounds/{rnd.code}/visit-notes/"
    findings = f"#id_n{item.pk}_findings"
    status = f"#note-status-{item.pk}"

    laptop = open_as(browser, live_server, cast.expert_cl, notes)
    tablet = open_as(browser, live_server, cast.expert_cl, notes)

    laptop.locator(findings).fill("El registro no se actualiza desde 2021.")
    expect(laptop.locator(status)).to_contain_text(SAVED, timeout=10_000)
    tablet.locator(findings).fill("Hay 14 personas del MIDES.")
    conflict = tablet.locator(f"{status} [data-conflict]")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("El registro no se actualiza desde 2021.")
    expect(conflict).to_contain_text("Hay 14 personas del MIDES.")
    tablet.wait_for_timeout(2500)
    expect(conflict).to_be_visible()  # the message stays
    shot_of(tablet.locator(f"#item-{item.pk}"), "autosave-conflict-note-es")

    # On the tablet she keeps hers.
    tablet.locator(f"{status} [data-conflict-choice=mine]").click()
    expect(tablet.locator(status)).to_contain_text(SAVED, timeout=10_000)
    eventually(lambda: VisitNote.objects.get(item=item, author=cast.expert_cl).findings
               == "Hay 14 personas del MIDES.")  # fmt: skip

    # The laptop is now behind: its next edit meets the tablet's; she takes the tablet's text.
    laptop.locator(findings).fill("El registro no se actualiza desde 2021. Otra idea.")
    conflict = laptop.locator(f"{status} [data-conflict]")
    expect(conflict).to_be_visible(timeout=10_000)
    laptop.locator(f"{status} [data-conflict-choice=theirs]").click()
    expect(laptop.locator(findings)).to_have_value("Hay 14 personas del MIDES.")
    expect(laptop.locator(status)).to_contain_text(SAVED, timeout=10_000)
    note = VisitNote.objects.get(item=item, author=cast.expert_cl)
    assert note.findings == "Hay 14 personas del MIDES."

    # Typed a moment before following a link (item 7): saved before the next page opens.
    ideas = f"#id_n{item.pk}_ideas"
    laptop.locator(ideas).press_sequentially("Ventanilla única", delay=10)
    expect(laptop.locator(status)).to_have_text("Cambios sin guardar")
    with laptop.expect_navigation():
        laptop.locator("ol.breadcrumb a[href$='/agenda/']").click()
    note.refresh_from_db()
    assert note.ideas == "Ventanilla única"
    assert laptop.errors == [] and tablet.errors == []


def type_in_editor(page, form, text):
    editor = page.locator(f"{form} .tiptap").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def test_r5_1_two_people_editing_one_report_section_and_the_save_button(
    browser, live_server, cast, make_round
):
    """R5.1: Daniel (en) and Elena (es) edit the same section; Elena takes Daniel's text.
    The Save button saves through the same pipeline: no reload."""
    rnd = make_round("report_drafting")
    report = rnd.report
    section = report.sections.get(kind="description")
    path = f"/rounds/{rnd.code}/report/draft/"
    form = f"#form-section-{section.pk}"
    status = f"#status-section-{section.pk}"

    daniel = open_as(browser, live_server, cast.coordinator, path)
    elena = open_as(browser, live_server, cast.secretariat, path)

    type_in_editor(daniel, form, "Round requested by MIDES.")
    expect(daniel.locator(status)).to_contain_text(SAVED, timeout=10_000)
    type_in_editor(elena, form, "Ronda solicitada por el MIDES.")
    conflict = elena.locator(f"{status} [data-conflict]")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Round requested by MIDES.")
    expect(conflict).to_contain_text("Ronda solicitada por el MIDES.")
    expect(conflict).to_contain_text("Daniel Whitmore Reyes")
    shot_of(elena.locator("#section-description"), "autosave-conflict-report-es")
    elena.locator(f"{status} [data-conflict-choice=theirs]").click()
    expect(elena.locator(f"{form} .tiptap")).to_contain_text("Round requested by MIDES.")
    expect(elena.locator(f"{form} .tiptap")).not_to_contain_text("Ronda solicitada")
    expect(elena.locator(status)).to_contain_text(SAVED, timeout=10_000)
    section.refresh_from_db()
    assert "Round requested by MIDES." in section.body and "Ronda" not in section.body

    # Daniel adds a sentence and presses Save at once: one save, no page load.
    daniel.posts.clear()
    type_in_editor(daniel, form, " It covers rural households.")
    url_before = daniel.url
    daniel.evaluate("window.__same_page = true")
    daniel.locator(f"{form} button[type=submit]").first.click()
    expect(daniel.locator(status)).to_contain_text(SAVED, timeout=10_000)
    daniel.wait_for_timeout(2500)
    assert daniel.evaluate("window.__same_page") is True and daniel.url == url_before
    assert len(saves_to(daniel, f"/report/sections/{section.kind}/")) == 1
    section.refresh_from_db()
    assert "It covers rural households." in section.body
    assert daniel.errors == [] and elena.errors == []
