"""The questionnaire engine, second part (issue 5, phases 3-4): files and attachments, editing
and merging drafts, the submission notice and the answers' PDF, questionnaires answered by each
respondent, templates (R3.3), the end-of-round evaluation, and the schedule_visit guard (R3.2)."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from notifications.models import OutgoingMessage
from rounds.demo import run_preparers
from rounds.guards import blockers
from rounds.models import Round, RoundEvent
from rounds.services import Blocked, transition_round
from visits import evaluation, services
from visits import template_services as ts
from visits.demo_questionnaire import answered_technical_questionnaire
from visits.enums import Audience, QuestionnaireKind, QuestionnaireStatus
from visits.guards import technical_questionnaire_blockers
from visits.models import (
    Answer,
    Attachment,
    Question,
    Questionnaire,
    QuestionnaireTemplate,
    RespondentSubmission,
)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def pdf_upload(name="informe.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _q(questionnaire, n):
    return questionnaire.questions.order_by("position", "pk")[n]


def _url(name, questionnaire, *more):
    return reverse(name, args=[questionnaire.round.code, questionnaire.pk, *more])


def _answer_all(questionnaire, person):
    for question in questionnaire.questions.order_by("position", "pk"):
        if question.type == "file":
            services.attach_file(question, person, pdf_upload())
            continue
        value = question.choices[0] if question.choices else "Respuesta completa."
        if question.type == "multiple_choice":
            value = question.choices[:1]
        answer = Answer.objects.filter(question=question, respondent=None).first()
        if question.questionnaire.per_respondent:
            answer = Answer.objects.filter(question=question, respondent=person).first()
        services.save_answer(question, person, value, answer.version if answer else 0)


# --- Files and attachments --------------------------------------------------------------------
def test_r3_2_a_team_member_attaches_a_file_to_an_answer_and_the_text_is_kept(
    client, cast, released
):
    question = _q(released, 0)
    services.assign(question, cast.gt_focal_point, cast.gt_team_member)
    services.save_answer(Question.objects.get(pk=question.pk), cast.gt_team_member, "Texto", 0)
    client.force_login(cast.gt_team_member)
    response = client.post(
        _url("visits:attach", released, question.pk), {"file": pdf_upload("Evaluación 2024.pdf")}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.size, attachment.content_type) == (
        "Evaluación 2024.pdf",
        len(PDF),
        "application/pdf",
    )
    assert attachment.file.name.startswith(f"answers/{released.round_id}/")
    assert "Evaluación" not in attachment.file.name  # stored under a random name
    answer = Answer.objects.get(question=question)
    assert (answer.text, answer.version) == ("Texto", 1)  # an attachment never bumps the version
    page = client.get(released.get_absolute_url()).content.decode()
    assert "Evaluación 2024.pdf" in page


def test_r3_2_an_attachment_is_checked_by_content_and_size(client, cast, released, settings):
    question = _q(released, 0)
    client.force_login(cast.gt_focal_point)
    with translation.override("en"):
        with pytest.raises(services.QuestionnaireError) as exc:
            services.attach_file(question, cast.gt_focal_point, pdf_upload("x.pdf", b"MZ\x90 not"))
        assert "not a valid document" in exc.value.message
        settings.MAX_UPLOAD_BYTES = 10
        with pytest.raises(services.QuestionnaireError) as exc:
            services.attach_file(question, cast.gt_focal_point, pdf_upload())
        assert "too large" in exc.value.message
    response = client.post(_url("visits:attach", released, question.pk), {"file": pdf_upload()})
    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_r3_2_attachments_are_read_by_the_country_before_and_by_the_panel_after_submission(
    client, cast, released
):
    _answer_all(released, cast.gt_focal_point)
    attachment = services.attach_file(_q(released, 0), cast.gt_focal_point, pdf_upload())
    url = _url("visits:attachment", released, attachment.pk)
    expected_before = {
        cast.gt_focal_point: 200,
        cast.gt_team_member: 200,
        cast.secretariat: 403,
        cast.expert_cl: 403,
        cast.hn_focal_point: 404,
    }
    for person, status in expected_before.items():
        client.force_login(person)
        assert client.get(url).status_code == status, person
    services.submit_answers(released, cast.gt_focal_point)
    for person in (cast.secretariat, cast.coordinator, cast.expert_cl):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"


def test_r3_2_removing_an_attachment_asks_and_is_refused_once_submitted(client, cast, released):
    attachment = services.attach_file(_q(released, 0), cast.gt_focal_point, pdf_upload())
    client.force_login(cast.gt_focal_point)
    page = client.get(released.get_absolute_url()).content.decode()
    with translation.override("es"):  # the focal point reads Spanish
        confirm = gettext("Remove the file “%(name)s” from this answer?") % {"name": "informe.pdf"}
    assert confirm in page  # data-confirm
    assert client.get(_url("visits:attachment_remove", released, attachment.pk)).status_code == 405
    client.force_login(cast.expert_cl)
    remove = _url("visits:attachment_remove", released, attachment.pk)
    assert client.post(remove).status_code == 403
    client.force_login(cast.gt_focal_point)
    assert client.post(remove).status_code == 302
    assert not Attachment.objects.exists()
    # Once submitted nothing can be removed.
    again = services.attach_file(_q(released, 0), cast.gt_focal_point, pdf_upload())
    _answer_all(released, cast.gt_focal_point)
    services.submit_answers(released, cast.gt_focal_point)
    response = client.post(_url("visits:attachment_remove", released, again.pk))
    assert response.status_code == 403
    assert Attachment.objects.filter(pk=again.pk).exists()


def test_r3_2_a_file_question_is_answered_by_attaching_a_file(cast, questionnaire):
    question = services.draft_question(
        questionnaire, cast.expert_cl, text="Adjunte el manual operativo.", type="file"
    )
    services.release(questionnaire, cast.secretariat)
    assert services.missing_answers(questionnaire) == [question]
    with pytest.raises(services.QuestionnaireError):
        services.save_answer(question, cast.gt_focal_point, "texto", 0)
    services.attach_file(question, cast.gt_focal_point, pdf_upload("manual.pdf"))
    assert services.missing_answers(questionnaire) == []


# --- Editing, merging, deleting drafts ----------------------------------------------------------
def test_r3_2_the_secretariat_edits_a_drafted_question(client, cast, questionnaire):
    section = services.add_section(questionnaire, cast.secretariat, "Focalización")
    question = services.draft_question(questionnaire, cast.expert_cl, text="¿Cómo focaliza?")
    client.force_login(cast.secretariat)
    url = _url("visits:question_edit", questionnaire, question.pk)
    assert "¿Cómo focaliza?" in client.get(url).content.decode()
    response = client.post(
        url,
        {"text": "¿Cómo se focaliza el bono?", "type": "single_choice", "choices": "Sí\nNo",
         "help_text": "Criterios", "section": section.pk, "version": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.type, question.choices, question.required) == (
        "¿Cómo se focaliza el bono?",
        "single_choice",
        ["Sí", "No"],
        False,
    )
    assert (question.section, question.help_text, question.version) == (section, "Criterios", 1)
    # Someone who loaded version 0 is refused; what they typed stays on the form.
    response = client.post(url, {"text": "Otra redacción", "type": "long_text", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone else changed this question" in html or "Otra persona" in html
    assert "Otra redacción" in html
    assert Question.objects.get(pk=question.pk).text == "¿Cómo se focaliza el bono?"


def test_r3_2_an_expert_edits_only_their_own_drafts(client, cast, questionnaire):
    own = services.draft_question(questionnaire, cast.expert_cl, text="Mía")
    other = services.draft_question(questionnaire, cast.expert_uy, text="De Martín")
    client.force_login(cast.expert_cl)
    data = {"text": "Mía, mejor", "type": "long_text", "required": "on", "version": "0"}
    assert client.post(_url("visits:question_edit", questionnaire, own.pk), data).status_code == 302
    assert (
        client.post(_url("visits:question_edit", questionnaire, other.pk), data).status_code == 403
    )
    assert client.post(_url("visits:question_delete", questionnaire, other.pk)).status_code == 403
    assert client.get(_url("visits:question_merge", questionnaire, own.pk)).status_code == 403
    assert list(questionnaire.questions.order_by("pk").values_list("text", flat=True)) == [
        "Mía, mejor",
        "De Martín",
    ]
    assert client.post(_url("visits:question_delete", questionnaire, own.pk)).status_code == 302
    assert list(questionnaire.questions.values_list("text", flat=True)) == ["De Martín"]


def test_r3_2_merging_two_experts_questions_keeps_a_note_of_the_authors(
    client, cast, questionnaire
):
    keep = services.draft_question(questionnaire, cast.expert_cl, text="¿Cuántos hogares?")
    other = services.draft_question(
        questionnaire, cast.expert_uy, text="¿Cuál es la cobertura?", help_text="En hogares."
    )
    client.force_login(cast.coordinator)
    response = client.post(
        _url("visits:question_merge", questionnaire, keep.pk),
        {"other": other.pk, "text": "¿Cuántos hogares cubre el programa?"},
    )
    assert response.status_code == 302
    [merged] = questionnaire.questions.all()
    assert merged.pk == keep.pk
    assert merged.text == "¿Cuántos hogares cubre el programa?"
    assert merged.help_text == "En hogares."
    assert merged.note == (
        "Valentina Rojas Fuentes: “¿Cuántos hogares?”\nMartín Sosa Pereira: “¿Cuál es la cobertura?”"
    )
    assert RoundEvent.objects.filter(action="visits.question.merged").count() == 1
    client.force_login(cast.expert_cl)
    assert (
        "Martín Sosa Pereira: “¿Cuál es la cobertura?”"
        in client.get(questionnaire.get_absolute_url()).content.decode()
    )


def test_r3_2_released_questions_can_no_longer_be_edited(cast, released):
    with pytest.raises(services.NotAllowed):
        services.update_question(_q(released, 0), cast.secretariat, text="Tarde", type="long_text")
    with pytest.raises(services.NotAllowed):
        services.delete_question(_q(released, 0), cast.secretariat)


# --- Submission: notice, reading, PDF ---------------------------------------------------------
def test_r3_2_submitting_tells_the_panel_and_the_coordinators(cast, released):
    _answer_all(released, cast.gt_focal_point)
    OutgoingMessage.objects.all().delete()
    services.submit_answers(released, cast.gt_focal_point)
    messages = OutgoingMessage.objects.filter(message_type="questionnaire_submitted")
    assert sorted(messages.values_list("recipient__email", flat=True)) == sorted(
        [cast.expert_cl.email, cast.expert_uy.email, cast.coordinator.email,
         cast.coordinator2.email]
    )  # fmt: skip
    to_martin = messages.get(recipient=cast.expert_uy)  # he reads English
    assert to_martin.subject == f"{released.round.code} · The country submitted its answers"
    assert "Guatemala submitted its answers" in to_martin.body_text
    assert to_martin.link.endswith(released.get_absolute_url())


def test_r3_2_experts_download_the_answers_as_an_a4_pdf(client, cast, released):
    _answer_all(released, cast.gt_focal_point)
    services.attach_file(_q(released, 0), cast.gt_focal_point, pdf_upload("anexo.pdf"))
    url = _url("visits:pdf", released)
    client.force_login(cast.expert_cl)
    assert client.get(url).status_code == 403  # not submitted yet
    services.submit_answers(released, cast.gt_focal_point)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = reader.pages[0].extract_text()
    assert released.round.code in text
    assert "¿Cómo se focaliza el programa?" in text
    assert "Respuesta completa." in text
    assert "anexo.pdf" in text


def test_r3_2_a_long_questionnaire_pdf_has_several_pages(client, cast, questionnaire):
    for n in range(40):
        services.draft_question(questionnaire, cast.expert_cl, text=f"Pregunta número {n}")
    services.release(questionnaire, cast.secretariat)
    for question in questionnaire.questions.all():
        services.save_answer(question, cast.gt_focal_point, "Una respuesta larga. " * 20, 0)
    services.submit_answers(questionnaire, cast.gt_focal_point)
    client.force_login(cast.secretariat)
    reader = PdfReader(io.BytesIO(client.get(_url("visits:pdf", questionnaire)).content))
    assert len(reader.pages) == 7
    assert "Pregunta número 39" in reader.pages[-1].extract_text()


# --- Per-respondent questionnaires: the panel's experts, every participant ---------------------
@pytest.fixture
def for_experts(cast, make_round):
    rnd = make_round("preparation")
    questionnaire = services.create_questionnaire(
        rnd, cast.secretariat, title="Primera lectura", audience=Audience.PANEL_EXPERTS
    )
    services.draft_question(questionnaire, cast.secretariat, text="¿Qué le llamó la atención?")
    services.draft_question(
        questionnaire, cast.secretariat, text="Claridad", type="single_choice",
        choices=["1", "2", "3", "4", "5"],
    )  # fmt: skip
    return services.release(questionnaire, cast.secretariat)


def test_each_expert_answers_a_pre_visit_questionnaire_for_themselves(client, cast, for_experts):
    assert set(services.respondents_of(for_experts)) == {cast.expert_cl, cast.expert_uy}
    first = _q(for_experts, 0)
    services.save_answer(first, cast.expert_cl, "La focalización.", 0)
    services.save_answer(first, cast.expert_uy, "El registro.", 0)  # his own answer, version 0
    assert sorted(Answer.objects.values_list("respondent__email", "text")) == sorted(
        [(cast.expert_cl.email, "La focalización."), (cast.expert_uy.email, "El registro.")]
    )
    client.force_login(cast.expert_uy)
    html = client.get(for_experts.get_absolute_url()).content.decode()
    assert "El registro." in html
    assert "La focalización." not in html  # nobody else's answer
    # The country never sees the panel's questionnaire; it answers nothing here.
    client.force_login(cast.gt_focal_point)
    assert client.get(for_experts.get_absolute_url()).status_code == 403
    with pytest.raises(services.NotAllowed):
        services.save_answer(first, cast.gt_focal_point, "No", 0)


def test_an_expert_sends_their_answers_and_the_secretariat_sees_who_has_not(
    client, cast, for_experts
):
    client.force_login(cast.expert_cl)
    send = _url("visits:send_own", for_experts)
    client.post(send)
    assert not RespondentSubmission.objects.exists()  # refused: nothing answered
    client.post(
        _url("visits:answer", for_experts, _q(for_experts, 0).pk), {"value": "Todo", "version": 0}
    )
    client.post(
        _url("visits:answer", for_experts, _q(for_experts, 1).pk), {"value": "4", "version": 0}
    )
    assert client.post(send).status_code == 302
    assert RespondentSubmission.objects.get().respondent == cast.expert_cl
    with pytest.raises(services.NotAllowed):  # sent answers are final
        services.save_answer(_q(for_experts, 0), cast.expert_cl, "Cambio", 1)
    page = client.get(for_experts.get_absolute_url()).content.decode()
    with translation.override(cast.expert_cl.preferred_language):
        assert gettext("You sent your answers. Thank you.") in page
    # The secretariat: one of two sent; Martín has not answered.
    client.force_login(cast.secretariat)
    with translation.override("en"):
        cast.secretariat.preferred_language = "en"
        cast.secretariat.save()
        response = client.get(_url("visits:responses", for_experts))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 respondents sent their answers." in html
    waiting = html.split("Not answered yet")[1].split("</section>")[0]
    assert "Martín Sosa Pereira" in waiting
    assert "Valentina Rojas Fuentes" not in waiting
    assert "Todo" in html
    client.force_login(cast.expert_uy)
    assert client.get(_url("visits:responses", for_experts)).status_code == 403


def test_every_participant_answers_for_themselves(cast, make_round):
    rnd = make_round("preparation")
    questionnaire = services.create_questionnaire(
        rnd, cast.secretariat, title="Encuesta", audience=Audience.ALL_PARTICIPANTS
    )
    services.draft_question(questionnaire, cast.secretariat, text="¿Algo más?")
    OutgoingMessage.objects.all().delete()
    services.release(questionnaire, cast.secretariat)
    people = {cast.gt_focal_point, cast.gt_team_member, cast.expert_cl, cast.expert_uy,
              cast.coordinator, cast.coordinator2}  # fmt: skip
    assert set(services.respondents_of(questionnaire)) == people
    told = OutgoingMessage.objects.filter(message_type="questionnaire_to_answer")
    assert set(told.values_list("recipient__email", flat=True)) == {p.email for p in people}
    question = _q(questionnaire, 0)
    for person in people:
        services.save_answer(question, person, f"Respuesta de {person.full_name}", 0)
    assert Answer.objects.filter(question=question).count() == 6
    with pytest.raises(services.NotAllowed):
        services.save_answer(question, cast.secretariat, "No respondo", 0)


# --- Templates and the self-assessment (R3.3) --------------------------------------------------
def test_r3_3_two_mecigep_self_assessment_templates_are_seeded(db):
    seeded = QuestionnaireTemplate.objects.filter(kind="self_assessment").order_by("key")
    assert [(t.key, t.topic.name_en) for t in seeded] == [
        ("mecigep-civil-service", "Civil service"),
        ("mecigep-open-government", "Open government"),
    ]
    assert [t.questions.count() for t in seeded] == [7, 8]
    assert QuestionnaireTemplate.objects.get(key="evaluation-standard").audience == (
        "all_participants"
    )


def test_r3_3_a_mecigep_round_copies_a_self_assessment_answered_by_the_country(
    client, cast, make_round
):
    rnd = make_round("preparation")
    Round.objects.filter(pk=rnd.pk).update(methodology="mecigep")
    template = QuestionnaireTemplate.objects.get(key="mecigep-open-government")
    client.force_login(cast.secretariat)
    list_html = client.get(reverse("visits:list", args=[rnd.code])).content.decode()
    assert template.title in list_html  # offered
    response = client.post(
        reverse("visits:from_template", args=[rnd.code]), {"template": template.pk}
    )
    copy = Questionnaire.objects.get(round=rnd, kind=QuestionnaireKind.SELF_ASSESSMENT)
    assert response["Location"] == copy.get_absolute_url()
    assert (copy.template, copy.audience, copy.status) == (template, "country_team", "drafting")
    assert list(copy.sections.values_list("title", flat=True)) == list(
        template.sections.values_list("title", flat=True)
    )
    assert list(copy.questions.order_by("position").values_list("text", "type")) == list(
        template.questions.order_by("position").values_list("text", "type")
    )
    # The experts do not draft a template's questions; the country fills it once released.
    with pytest.raises(services.NotAllowed):
        services.draft_question(copy, cast.expert_cl, text="Extra")
    services.release(copy, cast.secretariat)
    _answer_all(copy, cast.gt_focal_point)
    services.submit_answers(copy, cast.gt_focal_point)
    assert Questionnaire.objects.get(pk=copy.pk).status == QuestionnaireStatus.SUBMITTED
    # Later changes of the template do not touch the copy.
    ts.save_question(template, cast.secretariat, text="Nueva pregunta de plantilla")
    assert not copy.questions.filter(text="Nueva pregunta de plantilla").exists()


def test_r3_3_a_ripso_round_gets_no_self_assessment(client, cast, make_round):
    rnd = make_round("preparation")
    template = QuestionnaireTemplate.objects.get(key="mecigep-civil-service")
    with translation.override("en"), pytest.raises(services.QuestionnaireError) as exc:
        services.copy_template(rnd, cast.secretariat, template)
    assert exc.value.message == "A self-assessment questionnaire is for MECIGEP rounds only (R3.3)."
    client.force_login(cast.secretariat)
    assert (
        "Self-assessment (MECIGEP)"
        not in client.get(
            reverse("visits:list", args=[rnd.code]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )
    client.post(reverse("visits:from_template", args=[rnd.code]), {"template": template.pk})
    assert not rnd.questionnaires.exists()


def test_r3_3_the_secretariat_maintains_templates_through_the_pages(client, cast):
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("visits:template_create"),
        {"title": "Autoevaluación: Planificación", "kind": "self_assessment",
         "audience": "country_team", "description": "", "is_active": "on"},
    )  # fmt: skip
    template = QuestionnaireTemplate.objects.get(title="Autoevaluación: Planificación")
    assert response["Location"] == template.get_absolute_url()
    client.post(reverse("visits:template_section_add", args=[template.pk]), {"title": "Visión"})
    section = template.sections.get()
    client.post(
        reverse("visits:template_question_add", args=[template.pk]),
        {"text": "¿Existe un plan nacional?", "type": "single_choice", "choices": "Sí\nNo",
         "section": section.pk, "required": "on"},
    )  # fmt: skip
    question = template.questions.get()
    assert (question.section, question.choices) == (section, ["Sí", "No"])
    # A choice question with one choice is refused, and what was typed stays.
    response = client.post(
        reverse("visits:template_question_add", args=[template.pk]),
        {"text": "¿Cuál?", "type": "single_choice", "choices": "Una"},
    )
    assert response.status_code == 400
    assert "¿Cuál?" in response.content.decode()
    client.post(
        reverse("visits:template_question_edit", args=[template.pk, question.pk]),
        {"text": "¿Existe un plan nacional de desarrollo?", "type": "long_text"},
    )
    question.refresh_from_db()
    assert (question.text, question.choices, question.required) == (
        "¿Existe un plan nacional de desarrollo?",
        [],
        False,
    )
    client.post(reverse("visits:template_question_delete", args=[template.pk, question.pk]))
    assert not template.questions.exists()
    client.force_login(cast.expert_cl)
    assert client.get(reverse("visits:templates")).status_code == 404


# --- The end-of-round evaluation ---------------------------------------------------------------
def test_the_evaluation_opens_only_after_the_visit(cast, make_round):
    rnd = make_round("preparation")
    with translation.override("en"), pytest.raises(services.QuestionnaireError) as exc:
        services.open_evaluation(rnd, cast.secretariat)
    assert "after the visit" in exc.value.message
    rnd = make_round("report_drafting")
    questionnaire = services.open_evaluation(rnd, cast.secretariat)
    assert (questionnaire.kind, questionnaire.audience, questionnaire.status) == (
        "evaluation",
        "all_participants",
        "released",
    )
    with pytest.raises(services.QuestionnaireError):
        services.open_evaluation(rnd, cast.secretariat)


def _evaluate(questionnaire, person, ratings, comment=""):
    rating_questions = questionnaire.questions.filter(type="single_choice").order_by("position")
    for question, value in zip(rating_questions, ratings, strict=True):
        services.save_answer(question, person, value, 0)
    if comment:
        question = questionnaire.questions.filter(type="long_text").order_by("position")[0]
        services.save_answer(question, person, comment, 0)
    services.send_own_answers(questionnaire, person)


def test_evaluation_results_per_round_and_across_rounds(client, cast, make_round):
    rnd = make_round("report_drafting")
    client.force_login(cast.secretariat)
    response = client.post(reverse("visits:open_evaluation", args=[rnd.code]))
    survey = rnd.questionnaires.get(kind="evaluation")
    assert response["Location"] == reverse("visits:responses", args=[rnd.code, survey.pk])
    _evaluate(survey, cast.gt_focal_point, ["5", "4", "5"], "El intercambio con Chile.")
    _evaluate(survey, cast.expert_cl, ["3", "4", "5"])
    services.save_answer(_q(survey, 0), cast.expert_uy, "1", 0)  # not sent: not counted
    result = evaluation.results(survey)
    assert result["sent"] == 2
    first = result["rows"][0]
    assert first["counts"] == [("1", 0, 0), ("2", 0, 0), ("3", 1, 50), ("4", 0, 0), ("5", 1, 50)]
    assert first["average"] == 4.0
    assert result["rows"][3]["texts"] == [("Lucía Morales Quiñónez", "El intercambio con Chile.")]
    html = client.get(reverse("visits:responses", args=[rnd.code, survey.pk])).content.decode()
    assert "El intercambio con Chile." in html
    # A second round's evaluation, another year.
    other = make_round("report_drafting")
    second = services.open_evaluation(other, cast.secretariat)
    Questionnaire.objects.filter(pk=second.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    _evaluate(second, cast.gt_team_member, ["2", "2", "2"])
    texts, rows = evaluation.overview()
    assert texts[0] == "Utilidad de la ronda para la política o programa"
    assert [
        (e.round.code, cells[0]) for e in [r[0] for r in rows] for cells in [dict(rows)[e]]
    ] == [
        (rnd.code, (4.0, 2)),
        (other.code, (2.0, 1)),
    ]
    year = timezone.now().year
    page = client.get(reverse("visits:evaluations"), {"year": year}).content.decode()
    assert rnd.code in page
    assert other.code not in page


# --- R3.2: the visit is scheduled once the technical questionnaire is answered -----------------
def test_r3_2_schedule_visit_needs_the_technical_questionnaire_answered(cast, make_round):
    rnd = make_round("panel_forming")
    rnd.panel_seats.filter(user=cast.expert_mx).update(status="declined")
    rnd = transition_round(rnd.pk, "confirm_panel", cast.secretariat)
    with translation.override("en"):
        assert technical_questionnaire_blockers(rnd) == [
            "The technical questionnaire does not exist yet (R3.2): create it and release it "
            "to the country."
        ]
        questionnaire = services.create_questionnaire(rnd, cast.secretariat, title="Técnico")
        services.draft_question(questionnaire, cast.expert_cl, text="¿Cómo?")
        services.release(questionnaire, cast.secretariat)
        assert technical_questionnaire_blockers(rnd) == [
            "The country has not submitted its answers to the technical questionnaire yet (R3.2)."
        ]
        with pytest.raises(Blocked):
            transition_round(rnd.pk, "schedule_visit", cast.secretariat)
    _answer_all(questionnaire, cast.gt_focal_point)
    services.submit_answers(questionnaire, cast.gt_focal_point)
    assert technical_questionnaire_blockers(rnd) == []
    # The agenda and the logistics, settled as the demo settles them (their guards are theirs).
    run_preparers(rnd, "schedule_visit", at=timezone.now(), people={})
    assert rnd.questionnaires.count() == 1  # the questionnaire's preparer left this one alone
    assert transition_round(rnd.pk, "schedule_visit", cast.secretariat).status == "visit_scheduled"


def test_the_demo_preparer_builds_an_answered_technical_questionnaire_once(cast, make_round):
    rnd = make_round("preparation")
    answered_technical_questionnaire(rnd, at=timezone.now(), people={})
    run_preparers(rnd, "schedule_visit", at=timezone.now(), people={})
    [questionnaire] = rnd.questionnaires.all()
    assert questionnaire.status == QuestionnaireStatus.SUBMITTED
    assert questionnaire.sections.count() == 3
    assert questionnaire.questions.count() == 8
    authors = set(questionnaire.questions.values_list("author__email", flat=True))
    assert authors == {cast.expert_cl.email, cast.expert_uy.email}
    assert services.missing_answers(questionnaire) == []
    assert questionnaire.submitted_by == cast.gt_focal_point
    assert blockers(rnd, "schedule_visit") == []


def test_make_round_visit_scheduled_runs_the_preparer(make_round):
    rnd = make_round("visit_scheduled")
    assert rnd.questionnaires.get().status == QuestionnaireStatus.SUBMITTED


def test_r3_2_saved_choices_are_shown_checked(client, cast, questionnaire):
    question = services.draft_question(
        questionnaire, cast.expert_cl, text="¿Qué instituciones?", type="multiple_choice",
        choices=["MIDES", "Banco", "Municipios"],
    )  # fmt: skip
    services.release(questionnaire, cast.secretariat)
    services.save_answer(question, cast.gt_focal_point, ["Municipios", "MIDES"], 0)
    client.force_login(cast.gt_focal_point)
    html = client.get(questionnaire.get_absolute_url()).content.decode()
    pk = question.pk
    assert f'value="MIDES" id="id_q{pk}_value_0" checked>' in html
    assert f'value="Banco" id="id_q{pk}_value_1">' in html
    assert f'value="Municipios" id="id_q{pk}_value_2" checked>' in html
    assert f'name="version" value="1" id="id_q{pk}_version"' in html
