"""Access-matrix rows of the questionnaire's second part (tests/test_access.py, AREAS):
attachments, editing and merging drafts, the answers' PDF, per-respondent answers, templates and
evaluations. Each builder runs inside the test's savepoint, on Guatemala's round while its panel
is being formed (Chile accepted, Mexico invited) unless a state is named."""

from django.core.files.uploadedfile import SimpleUploadedFile

from rounds.models import Round
from tests.access_table import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PDF,
    REDIRECT,
    PostCase,
    row,
)
from tests.visits import access_cases as base
from visits import services
from visits.enums import Audience
from visits.models import (
    Answer,
    Attachment,
    Question,
    QuestionnaireTemplate,
    RespondentSubmission,
    TemplateQuestion,
    TemplateSection,
)

# fmt: off
#                            anon   S          C          F          T          E          I          O-F        O-T        O-E        former
POST_ONLY = row(             LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN)
SECRETARIAT_PAGE = row(      LOGIN, OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
SECRETARIAT_WRITE = row(     LOGIN, REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
ON_ROUND_SECRETARIAT = row(  LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
COUNTRY_WRITE = row(         LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

EXPECTED = {
    # Drafted questions: the secretariat edits any, Chile her own (this one); the country does
    # not see drafts.
    "visits:question_edit": row(
                             LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Merging: the secretariat only.
    "visits:question_merge": row(
                             LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "visits:question_delete": POST_ONLY,
    # A file of the country's answer before submission: the country's working space.
    "visits:attachment": row(
                             LOGIN, FORBIDDEN, FORBIDDEN, OK,        OK,        FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # ...and once submitted: S, C, F, T, E.
    "visits:attachment#submitted": row(
                             LOGIN, OK,        OK,        OK,        OK,        OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "visits:attach": POST_ONLY,
    "visits:attachment_remove": POST_ONLY,
    # The submitted answers as a PDF.
    "visits:pdf": row(       LOGIN, OK,        OK,        OK,        OK,        OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Before submission nobody downloads it (the country reads its answers on the page).
    "visits:pdf#released": row(
                             LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # A questionnaire for the panel's experts: answers per respondent, for the secretariat.
    "visits:responses": row(
                             LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Chile answers it; the country never sees it.
    "visits:questionnaire#for_experts": row(
                             LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "visits:send_own": POST_ONLY,
    "visits:from_template": POST_ONLY,
    "visits:open_evaluation": POST_ONLY,
    # Templates and evaluations across rounds: the secretariat's own pages.
    "visits:templates": SECRETARIAT_PAGE,
    "visits:template_create": SECRETARIAT_PAGE,
    "visits:template": SECRETARIAT_PAGE,
    "visits:template_question_edit": SECRETARIAT_PAGE,
    "visits:template_section_add": POST_ONLY,
    "visits:template_question_add": POST_ONLY,
    "visits:template_question_delete": POST_ONLY,
    "visits:evaluations": SECRETARIAT_PAGE,
}
# fmt: on


def snapshot():
    return {
        "question_texts": list(
            Question.objects.order_by("pk").values_list("pk", "text", "note", "version")
        ),
        "attachments": list(Attachment.objects.order_by("pk").values_list("pk", flat=True)),
        "sent": list(RespondentSubmission.objects.values_list("questionnaire_id", "respondent_id")),
        "answers": list(Answer.objects.order_by("pk").values_list("pk", "respondent_id", "text")),
        "templates": list(QuestionnaireTemplate.objects.order_by("pk").values_list("pk", "title")),
        "template_sections": TemplateSection.objects.count(),
        "template_questions": list(
            TemplateQuestion.objects.order_by("pk").values_list("pk", "text")
        ),
    }


def _upload(name="anexo.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _with_file(w, rnd):
    """Released; the focal point attached a file to the first question (assigned to Andrés)."""
    questionnaire = base.released(w, rnd)
    attachment = services.attach_file(base.first(questionnaire), w.cast.gt_focal_point, _upload())
    return questionnaire, attachment


def _submitted(w, rnd):
    questionnaire, attachment = _with_file(w, rnd)
    for question in questionnaire.questions.all():
        answer = Answer.objects.filter(question=question).first()
        version = answer.version if answer else 0
        services.save_answer(question, w.cast.gt_focal_point, "Respuesta.", version)
    services.submit_answers(questionnaire, w.cast.gt_focal_point)
    return questionnaire, attachment


def _for_experts(w, rnd):
    questionnaire = services.create_questionnaire(
        rnd, w.cast.secretariat, title="Primera lectura", audience=Audience.PANEL_EXPERTS
    )
    services.draft_question(questionnaire, w.cast.secretariat, text="¿Qué le llamó la atención?")
    return services.release(questionnaire, w.cast.secretariat)


def _template():
    return services.standard_evaluation_template()


# --- GET kwargs ---------------------------------------------------------------------------------
def _first_draft(w, role):
    questionnaire = base.drafting(w, w.round)
    return {"code": w.round.code, "pk": questionnaire.pk,
            "question_pk": base.first(questionnaire).pk}  # fmt: skip


def _attachment(w, role):
    questionnaire, attachment = _with_file(w, w.round)
    return {"code": w.round.code, "pk": questionnaire.pk, "file_pk": attachment.pk}


def _attachment_submitted(w, role):
    questionnaire, attachment = _submitted(w, w.round)
    return {"code": w.round.code, "pk": questionnaire.pk, "file_pk": attachment.pk}


def _pdf(w, role):
    return {"code": w.round.code, "pk": _submitted(w, w.round)[0].pk}


def _experts_questionnaire(w, role):
    return {"code": w.round.code, "pk": _for_experts(w, w.round).pk}


def _template_kwargs(w, role):
    return {"pk": _template().pk}


def _template_question(w, role):
    template = _template()
    return {"pk": template.pk, "question_pk": template.questions.order_by("pk")[0].pk}


KWARGS = {
    "visits:question_edit": _first_draft,
    "visits:question_merge": _first_draft,
    "visits:question_delete": _first_draft,
    "visits:attachment": _attachment,
    "visits:attachment#submitted": _attachment_submitted,
    "visits:attach": base.question_kwargs,
    "visits:attachment_remove": _attachment,
    "visits:pdf": _pdf,
    "visits:pdf#released": base.released_kwargs,
    "visits:responses": _experts_questionnaire,
    "visits:questionnaire#for_experts": _experts_questionnaire,
    "visits:send_own": _experts_questionnaire,
    "visits:from_template": base.list_kwargs,
    "visits:open_evaluation": base.list_kwargs,
    "visits:template": _template_kwargs,
    "visits:template_question_edit": _template_question,
    "visits:template_section_add": _template_kwargs,
    "visits:template_question_add": _template_kwargs,
    "visits:template_question_delete": _template_question,
}


# --- POST ---------------------------------------------------------------------------------------
def _on_first_draft(w, rnd):
    questionnaire = base.drafting(w, rnd)
    return {"code": rnd.code, "pk": questionnaire.pk,
            "question_pk": base.first(questionnaire).pk}  # fmt: skip


def _deleted(w, rnd, before, role):
    assert list(rnd.questionnaires.get().questions.values_list("text", flat=True)) == [
        "¿Cuántos hogares?"
    ]


def _on_first_released(w, rnd):
    return base.on_first_released_question(w, rnd)


def _attached(w, rnd, before, role):
    attachment = Attachment.objects.get(answer__question__questionnaire__round=rnd)
    assert (attachment.original_name, attachment.uploaded_by) == ("plan.pdf", w.users[role])


def _on_attachment(w, rnd):
    questionnaire, attachment = _with_file(w, rnd)
    return {"code": rnd.code, "pk": questionnaire.pk, "file_pk": attachment.pk}


def _removed(w, rnd, before, role):
    assert not Attachment.objects.filter(answer__question__questionnaire__round=rnd).exists()


def _on_experts_answered(w, rnd):
    """Chile answered the experts' questionnaire (and may send it)."""
    questionnaire = _for_experts(w, rnd)
    services.save_answer(base.first(questionnaire), w.cast.expert_cl, "El registro social.", 0)
    return {"code": rnd.code, "pk": questionnaire.pk}


def _sent(w, rnd, before, role):
    sent = RespondentSubmission.objects.get(questionnaire__round=rnd)
    assert sent.respondent == w.users[role]


def _on_mecigep(w, rnd):
    Round.objects.filter(pk=rnd.pk).update(methodology="mecigep")
    return {"code": rnd.code}


def _template_data(w, rnd):
    return {"template": QuestionnaireTemplate.objects.get(key="mecigep-open-government").pk}


def _copied(w, rnd, before, role):
    copy = rnd.questionnaires.get(kind="self_assessment")
    assert copy.questions.count() == 8


def _evaluation_opened(w, rnd, before, role):
    survey = rnd.questionnaires.get(kind="evaluation")
    assert (survey.status, survey.created_by) == ("released", w.users[role])


def _on_template(w, rnd):
    return {"pk": _template().pk}


def _on_template_question(w, rnd):
    template = _template()
    return {"pk": template.pk, "question_pk": template.questions.order_by("-pk")[0].pk}


def _template_section_added(w, rnd, before, role):
    assert _template().sections.filter(title="Recomendaciones").exists()


def _template_question_added(w, rnd, before, role):
    assert _template().questions.filter(text="¿Recomendaría la ronda?").exists()


def _template_question_deleted(w, rnd, before, role):
    before_questions = before[__name__]["template_questions"]  # of every template
    assert TemplateQuestion.objects.count() == len(before_questions) - 1
    deleted = {pk for pk, _text in before_questions} - set(
        TemplateQuestion.objects.values_list("pk", flat=True)
    )
    assert len(deleted) == 1


# fmt: off
POST_EXPECTED = {
    "visits:question_delete": PostCase(
        "visits:question_delete", row(
                                LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "panel_forming", kwargs=_on_first_draft, done=_deleted),
    # The focal point, and Andrés (the question is assigned to him), attach files.
    "visits:attach": PostCase(
        "visits:attach", COUNTRY_WRITE, "panel_forming", kwargs=_on_first_released,
        data=lambda w, rnd: {"file": _upload("plan.pdf")}, done=_attached),
    "visits:attachment_remove": PostCase(
        "visits:attachment_remove", COUNTRY_WRITE, "panel_forming", kwargs=_on_attachment,
        done=_removed),
    # Chile sends her answers to the experts' questionnaire; the coordinator (on the panel in a
    # coordination seat) is no expert and answers nothing there.
    "visits:send_own": PostCase(
        "visits:send_own", row(
                                LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "panel_forming", kwargs=_on_experts_answered, done=_sent),
    "visits:from_template": PostCase(
        "visits:from_template", ON_ROUND_SECRETARIAT, "panel_forming", kwargs=_on_mecigep,
        data=_template_data, done=_copied),
    # After the visit (the report under the country's review); Mexico declined: anyone else.
    "visits:open_evaluation": PostCase(
        "visits:open_evaluation", row(
                                LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
        "country_review", kwargs=base.code_of, done=_evaluation_opened),
    "visits:template_section_add": PostCase(
        "visits:template_section_add", SECRETARIAT_WRITE, kwargs=_on_template,
        data=lambda w, rnd: {"title": "Recomendaciones"}, done=_template_section_added),
    "visits:template_question_add": PostCase(
        "visits:template_question_add", SECRETARIAT_WRITE, kwargs=_on_template,
        data=lambda w, rnd: {"text": "¿Recomendaría la ronda?", "type": "long_text"},
        done=_template_question_added),
    "visits:template_question_delete": PostCase(
        "visits:template_question_delete", SECRETARIAT_WRITE, kwargs=_on_template_question,
        done=_template_question_deleted),
}
# fmt: on
