"""The questionnaire rows of the access matrix (tests/test_access.py): URL arguments, POST data
and the checks that an allowed write did what it says. Each builder runs inside the test's
savepoint, on Guatemala's round while its panel is being formed (Chile accepted on the panel,
Mexico invited)."""

from visits import services
from visits.enums import QuestionnaireStatus
from visits.models import Answer, Assignment, Clarification, Question, Questionnaire, Section


def snapshot():
    """Everything a stray write on a questionnaire could change (added to the matrix's own)."""
    return {
        "questionnaires": list(Questionnaire.objects.order_by("pk").values_list("pk", "status")),
        "sections": Section.objects.count(),
        "questions": list(Question.objects.order_by("pk").values_list("pk", "position")),
        "answers": list(Answer.objects.order_by("pk").values_list("pk", "version")),
        "assignments": list(Assignment.objects.values_list("question_id", "assignee_id")),
        "clarifications": Clarification.objects.count(),
    }


def drafting(w, rnd):
    questionnaire = services.create_questionnaire(
        rnd, w.cast.secretariat, title="Cuestionario técnico de la matriz"
    )
    services.draft_question(questionnaire, w.cast.expert_cl, text="¿Cómo se focaliza?")
    services.draft_question(questionnaire, w.cast.expert_uy, text="¿Cuántos hogares?")
    return questionnaire


def released(w, rnd):
    """Released; the first question is assigned to Guatemala's team member."""
    questionnaire = drafting(w, rnd)
    services.release(questionnaire, w.cast.secretariat)
    services.assign(first(questionnaire), w.cast.gt_focal_point, w.cast.gt_team_member)
    return questionnaire


def first(questionnaire):
    return questionnaire.questions.order_by("position", "pk")[0]


# --- GET --------------------------------------------------------------------------------------
def list_kwargs(w, role):
    return {"code": w.round.code}


def released_kwargs(w, role):
    return {"code": w.round.code, "pk": released(w, w.round).pk}


def drafting_kwargs(w, role):
    return {"code": w.round.code, "pk": drafting(w, w.round).pk}


def question_kwargs(w, role):
    """GET of a POST-only question URL."""
    questionnaire = released(w, w.round)
    return {"code": w.round.code, "pk": questionnaire.pk, "question_pk": first(questionnaire).pk}


# --- POST -------------------------------------------------------------------------------------
def code_of(w, rnd):
    return {"code": rnd.code}


def created(w, rnd, before, role):
    questionnaire = rnd.questionnaires.get()
    assert (questionnaire.title, questionnaire.status, questionnaire.created_by) == (
        "Cuestionario técnico",
        QuestionnaireStatus.DRAFTING,
        w.users[role],
    )


def on_drafting(w, rnd):
    return {"code": rnd.code, "pk": drafting(w, rnd).pk}


def on_released(w, rnd):
    return {"code": rnd.code, "pk": released(w, rnd).pk}


def on_first_drafting_question(w, rnd):
    questionnaire = drafting(w, rnd)
    second = questionnaire.questions.order_by("position", "pk")[1]
    return {"code": rnd.code, "pk": questionnaire.pk, "question_pk": second.pk}


def on_first_released_question(w, rnd):
    questionnaire = released(w, rnd)
    return {"code": rnd.code, "pk": questionnaire.pk, "question_pk": first(questionnaire).pk}


def on_answered(w, rnd):
    """Released, every required question answered: ready to submit."""
    questionnaire = released(w, rnd)
    for question in questionnaire.questions.all():
        services.save_answer(question, w.cast.gt_focal_point, "Respuesta completa.", 0)
    return {"code": rnd.code, "pk": questionnaire.pk}


def _questionnaire(rnd):
    return rnd.questionnaires.get()


def question_added(w, rnd, before, role):
    question = _questionnaire(rnd).questions.get(text="¿Qué evaluaciones existen?")
    assert question.author == w.users[role]


def section_added(w, rnd, before, role):
    assert list(_questionnaire(rnd).sections.values_list("title", flat=True)) == ["Focalización"]


def moved_up(w, rnd, before, role):
    texts = _questionnaire(rnd).questions.order_by("position").values_list("text", flat=True)
    assert list(texts) == ["¿Cuántos hogares?", "¿Cómo se focaliza?"]


def released_done(w, rnd, before, role):
    assert _questionnaire(rnd).status == QuestionnaireStatus.RELEASED


def assign_data(w, rnd):
    return {"assignee": ""}


def unassigned(w, rnd, before, role):
    assert not Assignment.objects.filter(question__questionnaire__round=rnd).exists()


def answer_data(w, rnd):
    return {"value": "Por ingreso estimado del hogar.", "version": "0"}


def answered(w, rnd, before, role):
    answer = Answer.objects.get(question__questionnaire__round=rnd)
    assert (answer.text, answer.updated_by) == ("Por ingreso estimado del hogar.", w.users[role])


def clarify_data(w, rnd):
    return {"text": "¿Desde qué año?"}


def clarified(w, rnd, before, role):
    clarification = Clarification.objects.get(question__questionnaire__round=rnd)
    assert (clarification.author, clarification.text) == (w.users[role], "¿Desde qué año?")


def submitted(w, rnd, before, role):
    questionnaire = _questionnaire(rnd)
    assert (questionnaire.status, questionnaire.submitted_by) == (
        QuestionnaireStatus.SUBMITTED,
        w.users[role],
    )
