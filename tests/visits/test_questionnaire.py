"""R3.2: the technical questionnaire, through the services and the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import OutgoingMessage
from rounds.models import RoundEvent
from visits import deadlines, services
from visits.enums import QuestionnaireStatus
from visits.models import Answer, Question


def _question(q, n):
    return q.questions.order_by("position", "pk")[n]


# --- Services ---------------------------------------------------------------------------------
def test_r3_2_experts_draft_and_see_each_others_questions(client, cast, questionnaire):
    services.draft_question(questionnaire, cast.expert_cl, text="Pregunta de Valentina")
    services.draft_question(questionnaire, cast.expert_uy, text="Pregunta de Martín")
    client.force_login(cast.expert_uy)
    html = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "Pregunta de Valentina" in html
    assert "Pregunta de Martín" in html


def test_r3_2_the_country_does_not_see_draft_questions(client, cast, questionnaire):
    services.draft_question(questionnaire, cast.expert_cl, text="Pregunta en borrador")
    client.force_login(cast.gt_focal_point)
    assert client.get(questionnaire.get_absolute_url()).status_code == 403
    with pytest.raises(services.NotAllowed):
        services.draft_question(questionnaire, cast.gt_focal_point, text="No puede")


def test_r3_2_release_refuses_an_empty_questionnaire(cast, questionnaire):
    with translation.override("en"), pytest.raises(services.QuestionnaireError) as exc:
        services.release(questionnaire, cast.secretariat)
    assert exc.value.message == "Add at least one question before releasing it."
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.DRAFTING


def test_r3_2_only_the_secretariat_releases(cast, questionnaire):
    services.draft_question(questionnaire, cast.expert_cl, text="Pregunta")
    with pytest.raises(services.NotAllowed):
        services.release(questionnaire, cast.expert_cl)
    deadline = timezone.now() + timedelta(days=20)
    services.release(questionnaire, cast.secretariat, deadline=deadline)
    questionnaire.refresh_from_db()
    assert (questionnaire.status, questionnaire.deadline) == (
        QuestionnaireStatus.RELEASED,
        deadline,
    )
    message = OutgoingMessage.objects.get(message_type="questionnaire_released")
    assert message.recipient == cast.gt_focal_point
    assert RoundEvent.objects.filter(action="visits.questionnaire.released").count() == 1
    with pytest.raises(services.NotAllowed):  # released questions are no longer drafted
        services.draft_question(questionnaire, cast.secretariat, text="Tarde")


def test_r3_2_questions_are_ordered_while_drafting(cast, questionnaire):
    a = services.draft_question(questionnaire, cast.expert_cl, text="A")
    b = services.draft_question(questionnaire, cast.expert_uy, text="B")
    assert services.move_question(b, cast.secretariat, "up") is True
    assert list(questionnaire.questions.order_by("position").values_list("text", flat=True)) == [
        "B",
        "A",
    ]
    assert services.move_question(Question.objects.get(pk=b.pk), cast.secretariat, "up") is False
    assert a.pk


def test_r3_2_choice_questions_need_two_choices(cast, questionnaire):
    with pytest.raises(services.QuestionnaireError):
        services.draft_question(
            questionnaire, cast.expert_cl, text="¿Sí?", type="single_choice", choices=["Sí"]
        )


def test_r3_2_the_focal_point_assigns_to_the_team_of_the_institution(cast, released):
    question = _question(released, 0)
    services.assign(question, cast.gt_focal_point, cast.gt_team_member)
    assert question.assignment.assignee == cast.gt_team_member
    with pytest.raises(services.QuestionnaireError):
        services.assign(question, cast.gt_focal_point, cast.hn_team_member)
    with pytest.raises(services.NotAllowed):
        services.assign(question, cast.gt_team_member, cast.gt_team_member)


def test_r3_2_a_team_member_answers_only_assigned_questions(cast, released):
    first, second = _question(released, 0), _question(released, 1)
    with pytest.raises(services.NotAllowed):
        services.save_answer(first, cast.gt_team_member, "Texto", 0)
    services.assign(first, cast.gt_focal_point, cast.gt_team_member)
    first = Question.objects.get(pk=first.pk)
    answer = services.save_answer(first, cast.gt_team_member, "Por ingreso estimado.", 0)
    assert (answer.text, answer.version, answer.updated_by) == (
        "Por ingreso estimado.",
        1,
        cast.gt_team_member,
    )
    # The focal point answers any question.
    assert services.save_answer(second, cast.gt_focal_point, "Sí", 0).choices == ["Sí"]
    with pytest.raises(services.QuestionnaireError):
        services.save_answer(second, cast.gt_focal_point, "Quizás", 1)


def test_r3_2_two_people_saving_the_same_answer_keep_the_latest_and_tell_the_other(cast, released):
    question = _question(released, 0)
    services.assign(question, cast.gt_focal_point, cast.gt_team_member)
    question = Question.objects.get(pk=question.pk)
    # Both opened the page at version 0; Lucía saves first.
    services.save_answer(question, cast.gt_focal_point, "Texto de Lucía", 0)
    with pytest.raises(services.Conflict) as exc:
        services.save_answer(question, cast.gt_team_member, "Texto de Andrés", 0)
    assert exc.value.latest.text == "Texto de Lucía"
    assert exc.value.latest.version == 1
    assert "Lucía Morales Quiñónez" in exc.value.message
    answer = Answer.objects.get(question=question)
    assert (answer.text, answer.version) == ("Texto de Lucía", 1)
    # Andrés merges from the latest version: saved.
    merged = services.save_answer(
        question, cast.gt_team_member, "Texto de Lucía\nTexto de Andrés", 1
    )
    assert (merged.text, merged.version) == ("Texto de Lucía\nTexto de Andrés", 2)


def test_r3_2_submit_refuses_while_required_questions_are_unanswered(cast, released):
    first, second, optional = (_question(released, i) for i in range(3))
    services.save_answer(first, cast.gt_focal_point, "   ", 0)  # blank is not an answer
    with pytest.raises(services.Incomplete) as exc:
        services.submit_answers(released, cast.gt_focal_point)
    assert exc.value.details == [first.text, second.text]
    services.save_answer(first, cast.gt_focal_point, "Respuesta", 1)
    services.save_answer(second, cast.gt_focal_point, "No", 0)
    with pytest.raises(services.NotAllowed):
        services.submit_answers(released, cast.gt_team_member)
    services.submit_answers(released, cast.gt_focal_point)
    released.refresh_from_db()
    assert (released.status, released.submitted_by) == (
        QuestionnaireStatus.SUBMITTED,
        cast.gt_focal_point,
    )
    with pytest.raises(services.NotAllowed):
        services.save_answer(optional, cast.gt_focal_point, "Tarde", 0)


def test_r3_2_clarification_thread(cast, released):
    question = _question(released, 0)
    services.add_clarification(question, cast.gt_team_member, "¿Desde qué año?")
    services.add_clarification(question, cast.expert_cl, "Desde 2020.")
    assert list(question.clarifications.values_list("text", flat=True)) == [
        "¿Desde qué año?",
        "Desde 2020.",
    ]
    with pytest.raises(services.NotAllowed):
        services.add_clarification(question, cast.hn_focal_point, "Intruso")


# --- Deadlines --------------------------------------------------------------------------------
def test_r3_2_deadline_reminders_before_and_after(cast, released):
    now = timezone.now()
    released.deadline = now + timedelta(days=2)
    released.save()
    OutgoingMessage.objects.all().delete()
    assert deadlines.process_questionnaire_deadlines(now - timedelta(days=5)) == 0
    assert deadlines.process_questionnaire_deadlines(now) == 1
    reminders = OutgoingMessage.objects.filter(message_type="questionnaire_reminder")
    assert sorted(reminders.values_list("recipient__email", flat=True)) == sorted(
        [cast.gt_team_member.email, cast.gt_focal_point.email]
    )
    assert deadlines.process_questionnaire_deadlines(now) == 0  # once before
    assert deadlines.process_questionnaire_deadlines(now + timedelta(days=3)) == 1  # once after
    overdue = reminders.get(recipient=cast.gt_team_member, subject__contains="overdue")
    assert "were due on" in overdue.body_text
    assert deadlines.process_questionnaire_deadlines(now + timedelta(days=9)) == 0
    assert reminders.count() == 4


def test_r3_2_no_reminder_once_submitted(cast, released):
    for i, value in ((0, "Respuesta"), (1, "Sí")):
        services.save_answer(_question(released, i), cast.gt_focal_point, value, 0)
    services.submit_answers(released, cast.gt_focal_point)
    type(released).objects.filter(pk=released.pk).update(deadline=timezone.now())
    assert deadlines.process_questionnaire_deadlines(timezone.now() + timedelta(days=1)) == 0


# --- The pages, end to end ---------------------------------------------------------------------
def test_r3_2_end_to_end_through_the_pages(client, cast, make_round):
    rnd = make_round("preparation")
    client.force_login(cast.secretariat)
    list_url = reverse("visits:list", args=[rnd.code])
    # Elena reads Spanish: the title is prefilled in her language.
    assert 'value="Cuestionario técnico"' in client.get(list_url).content.decode()
    response = client.post(reverse("visits:create", args=[rnd.code]), {"title": "Cuestionario"})
    questionnaire = rnd.questionnaires.get()
    assert response.status_code == 302
    base = [rnd.code, questionnaire.pk]
    # Two experts draft.
    for expert, text in (
        (cast.expert_cl, "¿Cómo se focaliza?"),
        (cast.expert_uy, "¿Cuántos hogares?"),
    ):
        client.force_login(expert)
        response = client.post(
            reverse("visits:question_add", args=base),
            {"type": "long_text", "text": text, "required": "on"},
        )
        assert response.status_code == 302
    assert questionnaire.questions.count() == 2
    # The secretariat releases.
    client.force_login(cast.coordinator)
    response = client.post(reverse("visits:release", args=base), {"deadline": "2030-01-31"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.RELEASED
    assert timezone.localtime(questionnaire.deadline).date().isoformat() == "2030-01-31"
    first, second = questionnaire.questions.order_by("position")
    # The focal point assigns the first question to Andrés.
    client.force_login(cast.gt_focal_point)
    client.post(
        reverse("visits:assign", args=[*base, first.pk]), {"assignee": cast.gt_team_member.pk}
    )
    assert first.__class__.objects.get(pk=first.pk).assignment.assignee == cast.gt_team_member
    # Andrés answers with autosave (htmx): a status partial comes back.
    client.force_login(cast.gt_team_member)
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "data-autosave " in page  # one save pipeline per answer (autosave.js)
    response = client.post(
        reverse("visits:answer", args=[*base, first.pk]),
        {"value": "Por ingreso estimado.", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'value="1"' in response.content.decode()
    # He may not answer the question he was not given.
    response = client.post(
        reverse("visits:answer", args=[*base, second.pk]), {"value": "x", "version": "0"}
    )
    assert response.status_code == 403
    # The secretariat and the experts do not read the answers yet.
    for person in (cast.secretariat, cast.expert_cl):
        client.force_login(person)
        assert (
            "Por ingreso estimado."
            not in client.get(questionnaire.get_absolute_url()).content.decode()
        )
    # The focal point answers the rest and submits.
    client.force_login(cast.gt_focal_point)
    response = client.post(reverse("visits:submit", args=base))
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.RELEASED  # refused: one missing
    client.post(
        reverse("visits:answer", args=[*base, second.pk]), {"value": "12 000", "version": "0"}
    )
    client.post(reverse("visits:submit", args=base))
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.SUBMITTED
    # The experts read the answers.
    client.force_login(cast.expert_uy)
    html = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "Por ingreso estimado." in html
    assert "12 000" in html


def test_r3_2_a_stale_autosave_answers_with_the_latest_text(client, cast, released):
    question = _question(released, 0)
    services.save_answer(question, cast.gt_focal_point, "Texto más reciente", 0)
    services.assign(question, cast.gt_focal_point, cast.gt_team_member)
    client.force_login(cast.gt_team_member)
    response = client.post(
        reverse("visits:answer", args=[released.round.code, released.pk, question.pk]),
        {"value": "Mi texto viejo", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 409  # a message, never a 500, never a silent overwrite
    assert "Texto más reciente" in html  # their text, shown
    assert "Mi texto viejo" in html  # and the person's own text, not lost
    assert "Lucía Morales Quiñónez" in html
    # The person chooses: the fragment offers the three choices, from the latest version.
    for choice in ("mine", "theirs", "merge"):
        assert f'data-conflict-choice="{choice}"' in html
    assert 'data-version="1"' in html
    assert f'data-theirs="id_q{question.pk}_value"' in html
    assert Answer.objects.get(question=question).text == "Texto más reciente"


def test_r3_2_a_get_changes_nothing(client, cast, released):
    client.force_login(cast.gt_focal_point)
    before = (Answer.objects.count(), released.status)
    assert client.get(released.get_absolute_url()).status_code == 200
    released.refresh_from_db()
    assert (Answer.objects.count(), released.status) == before


# --- Query counts (docs/style.md, "Query counts") -------------------------------------------------
@pytest.mark.parametrize("size", [1, 30])
def test_r3_2_questionnaire_page_queries_do_not_grow_with_questions(
    client, cast, make_round, django_assert_num_queries, size
):
    rnd = make_round("preparation")
    questionnaire = services.create_questionnaire(rnd, cast.secretariat, title="Cuestionario")
    section = services.add_section(questionnaire, cast.secretariat, "Focalización")
    for n in range(size):
        services.draft_question(
            questionnaire, cast.expert_cl, text=f"Pregunta {n}", section=section if n % 2 else None
        )
    services.release(questionnaire, cast.secretariat)
    for question in questionnaire.questions.all():
        services.assign(question, cast.gt_focal_point, cast.gt_team_member)
        services.save_answer(question, cast.gt_focal_point, f"Respuesta {question.pk}", 0)
        services.add_clarification(question, cast.expert_cl, "¿Desde cuándo?")
    client.force_login(cast.gt_focal_point)
    url = questionnaire.get_absolute_url()
    assert client.get(url).status_code == 200  # warms the session
    with django_assert_num_queries(12):  # + the answers' attachments
        response = client.get(url)
    assert (
        response.content.decode().count('data-autosave data-autosave-status="#answer-status-')
        == size
    )


@pytest.mark.parametrize("size", [1, 30])
def test_questionnaire_list_queries_do_not_grow(
    client, cast, make_round, django_assert_num_queries, size
):
    rnd = make_round("preparation")
    for n in range(size):
        services.create_questionnaire(rnd, cast.secretariat, title=f"Encuesta previa {n}")
    client.force_login(cast.expert_cl)
    url = reverse("visits:list", args=[rnd.code])
    assert client.get(url).status_code == 200
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("Encuesta previa ") == size
