"""Phase 3 in Chromium: the technical questionnaire, drafted by the panel and answered by the
country (R3.2).

The secretariat opens a questionnaire on Guatemala's round in preparation; two experts each draft
a question and see each other's draft; the secretariat releases it; the focal point assigns one
question to a member of the technical team, who answers it (saved as she types, still there after
a reload) and attaches a PDF; the focal point answers the other question and submits; an expert
then reads the answers and downloads them as a PDF. Screenshots of the draft (expert), of the
team member's answer and of the submitted answers (expert).
"""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD
from visits.enums import QuestionnaireKind, QuestionnaireStatus
from visits.models import Answer, Question, Questionnaire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# A minimal but well-formed one-page PDF (the upload check reads its content, not its name).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)

CHILE_QUESTION = "¿Cuántos hogares rurales recibe hoy el Bono Social y con qué criterios?"
URUGUAY_QUESTION = "How is the household register updated, and how often?"
TEAM_ANSWER = "Se actualiza cada dos años mediante visitas domiciliarias del MIDES."
FOCAL_ANSWER = "42 000 hogares rurales, focalizados con el índice de pobreza multidimensional."


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


def submit_in(locator):
    """Click the submit button of a form inside ``locator`` and wait for the next page."""
    page = locator.page
    with page.expect_navigation():
        locator.locator("button[type=submit]").first.click()


def draft_question(page, text):
    form = page.locator("#draft form[action$='/questions/new/']")
    form.locator("select[name=type]").select_option("long_text")
    form.locator("textarea[name=text]").fill(text)
    submit_in(form)
    assert page.locator(".alert-success").is_visible()


def saved_answer(question, text, timeout=10):
    """The shared answer to ``question`` once its autosave (2 s after typing) stored ``text``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = Answer.objects.filter(question=question, respondent=None).first()
        if answer is not None and answer.text == text:
            return answer
        time.sleep(0.2)
    raise AssertionError(f"not saved: {Answer.objects.filter(question=question).first()}")


def test_r3_2_questionnaire_drafted_by_panel_answered_and_submitted_by_country(
    browser, live_server, cast, make_round, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rnd = make_round("preparation")
    # make_round runs no preparer for the preparation state itself: no questionnaire yet.
    assert not rnd.questionnaires.exists()
    listing = f"/rounds/{rnd.code}/questionnaires/"

    # The secretariat opens the questionnaires from the round page and creates the technical one.
    staff = open_as(browser, live_server, cast.secretariat, rnd.get_absolute_url())
    with staff.expect_navigation():
        staff.click(f"main a[href='{listing}']")
    create = staff.locator(f"form[action='{listing}new/']")
    create.locator("input[name=title]").fill("Cuestionario técnico")
    create.locator("select[name=audience]").select_option("country_team")
    submit_in(create)
    questionnaire = Questionnaire.objects.get(round=rnd)
    assert (questionnaire.kind, questionnaire.status) == (
        QuestionnaireKind.TECHNICAL,
        QuestionnaireStatus.DRAFTING,
    )
    url = questionnaire.get_absolute_url()
    assert staff.url == f"{live_server.url}{url}"

    # Chile (Spanish) and Uruguay (English) each draft a question and see the other's draft.
    chile = open_as(browser, live_server, cast.expert_cl, listing)
    with chile.expect_navigation():
        chile.click(f"main a[href='{url}']")
    draft_question(chile, CHILE_QUESTION)
    uruguay = open_as(browser, live_server, cast.expert_uy, url)
    assert uruguay.locator("article.card", has_text=CHILE_QUESTION).is_visible()
    draft_question(uruguay, URUGUAY_QUESTION)
    chile.reload()
    assert chile.locator("article.card", has_text=URUGUAY_QUESTION).is_visible()
    q_chile = Question.objects.get(questionnaire=questionnaire, text=CHILE_QUESTION)
    q_uruguay = Question.objects.get(questionnaire=questionnaire, text=URUGUAY_QUESTION)
    assert (q_chile.author, q_uruguay.author) == (cast.expert_cl, cast.expert_uy)
    shot(chile, "questionnaire-draft-expert-es")

    # The secretariat releases it (after the confirm question).
    staff.reload()
    submit_in(staff.locator(f"form[action='{url}release/']"))
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.RELEASED
    assert staff.locator(f"form[action='{url}release/']").count() == 0

    # The focal point assigns Uruguay's question to the team member.
    focal = open_as(browser, live_server, cast.gt_focal_point, url)
    card = focal.locator(f"#question-{q_uruguay.pk}")
    card.locator("select[name=assignee]").select_option(str(cast.gt_team_member.pk))
    submit_in(card.locator("form[action$='/assign/']"))
    assert Question.objects.get(pk=q_uruguay.pk).assignment.assignee == (cast.gt_team_member)

    # The team member answers it: saved as she types, still there after a reload; a PDF attached.
    team = open_as(browser, live_server, cast.gt_team_member, url)
    assert team.locator(f"#id_q{q_chile.pk}_value").count() == 0  # not hers to answer
    team.locator(f"#id_q{q_uruguay.pk}_value").fill(TEAM_ANSWER)
    status = team.locator(f"#answer-status-{q_uruguay.pk}")
    expect(status).to_contain_text(re.compile(r"\d{1,2}:\d{2}"), timeout=10_000)  # "Saved at"
    answer = saved_answer(q_uruguay, TEAM_ANSWER)
    assert answer.updated_by == cast.gt_team_member
    assert f"{answer.version}" == team.locator(f"#id_q{q_uruguay.pk}_version").input_value()
    team.reload()
    assert team.locator(f"#id_q{q_uruguay.pk}_value").input_value().strip() == TEAM_ANSWER
    card = team.locator(f"#question-{q_uruguay.pk}")
    card.locator("details:has(input[type=file]) > summary").click()
    card.locator("input[type=file][name=file]").set_input_files(
        {"name": "registro-hogares.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    submit_in(card.locator("form[action$='/files/']"))
    assert card.locator("a", has_text="registro-hogares.pdf").is_visible()
    shot(team, "questionnaire-team-member-answer-en")

    # The focal point answers the other question and submits the answers.
    focal.reload()
    card = focal.locator(f"#question-{q_chile.pk}")
    card.locator(f"#id_q{q_chile.pk}_value").fill(FOCAL_ANSWER)
    # The plain "Save" button saves through the autosave pipeline, without a reload (item 19).
    card.locator("form[action$='/answer/'] button[type=submit]").click()
    expect(card.locator(f"#answer-status-{q_chile.pk}")).to_contain_text(
        re.compile(r"\d{1,2}:\d{2}"), timeout=10_000
    )
    assert saved_answer(q_chile, FOCAL_ANSWER).updated_by == cast.gt_focal_point
    submit = focal.locator(f"form[action='{url}submit/']")
    assert submit.locator("button[type=submit]").is_enabled()
    submit_in(submit)
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.SUBMITTED
    assert questionnaire.submitted_by == cast.gt_focal_point

    # Chile reads the answers (the team member's among them) and downloads them as a PDF.
    chile.reload()
    read = chile.locator(f"#question-{q_uruguay.pk} .answer-text")
    assert read.inner_text().strip() == TEAM_ANSWER
    assert (
        chile.locator(f"#question-{q_uruguay.pk}")
        .get_by_text(cast.gt_team_member.full_name)
        .first.is_visible()
    )
    assert chile.locator(f"#question-{q_chile.pk} .answer-text").inner_text().strip() == (
        FOCAL_ANSWER
    )
    attachment = chile.locator(f"#question-{q_uruguay.pk} a", has_text="registro-hogares.pdf")
    response = chile.request.get(f"{live_server.url}{attachment.get_attribute('href')}")
    assert (response.status, response.body()) == (200, PDF)
    pdf_link = chile.locator(f"a[href='{url}answers.pdf']")
    assert pdf_link.is_visible()
    response = chile.request.get(f"{live_server.url}{url}answers.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    shot(chile, "questionnaire-answers-expert-es")
