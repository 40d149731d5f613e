"""Query counts of the questionnaire's new pages (docs/style.md, "Query counts"): the same
literal count with one row and many."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from visits import services
from visits import template_services as ts
from visits.enums import Audience

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def _get_twice(client, url):
    assert client.get(url).status_code == 200  # warms the session


@pytest.mark.parametrize("size", [1, 30])
def test_r3_2_submitted_answers_page_queries_do_not_grow(
    client, cast, make_round, django_assert_num_queries, size
):
    """The expert reads the submitted answers, each with a file and a clarification."""
    rnd = make_round("preparation")
    questionnaire = services.create_questionnaire(rnd, cast.secretariat, title="Cuestionario")
    section = services.add_section(questionnaire, cast.secretariat, "Focalización")
    for n in range(size):
        services.draft_question(
            questionnaire, cast.expert_cl, text=f"Pregunta {n}", section=section if n % 2 else None
        )
    services.release(questionnaire, cast.secretariat)
    for question in questionnaire.questions.all():
        services.save_answer(question, cast.gt_focal_point, f"Respuesta {question.pk}", 0)
        services.attach_file(
            question, cast.gt_focal_point, SimpleUploadedFile(f"anexo{question.pk}.pdf", PDF)
        )
        services.add_clarification(question, cast.expert_cl, "¿Desde cuándo?")
    services.submit_answers(questionnaire, cast.gt_focal_point)
    client.force_login(cast.expert_cl)
    url = questionnaire.get_absolute_url()
    _get_twice(client, url)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("anexo") == size


@pytest.mark.parametrize("size", [1, 30])
def test_a_respondents_questionnaire_page_queries_do_not_grow(
    client, cast, make_round, django_assert_num_queries, size
):
    rnd = make_round("preparation")
    questionnaire = services.create_questionnaire(
        rnd, cast.secretariat, title="Encuesta", audience=Audience.ALL_PARTICIPANTS
    )
    for n in range(size):
        services.draft_question(questionnaire, cast.secretariat, text=f"Pregunta {n}")
    services.release(questionnaire, cast.secretariat)
    for question in questionnaire.questions.all():
        services.save_answer(question, cast.gt_team_member, f"Mía {question.pk}", 0)
        services.save_answer(question, cast.expert_cl, f"De Valentina {question.pk}", 0)
    client.force_login(cast.gt_team_member)
    url = questionnaire.get_absolute_url()
    _get_twice(client, url)
    with django_assert_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('data-autosave data-autosave-status="#answer-status-') == size
    assert "De Valentina" not in html


@pytest.mark.parametrize("size", [1, 20])
def test_responses_page_queries_do_not_grow(
    client, cast, make_round, django_assert_num_queries, size
):
    rnd = make_round("preparation")
    questionnaire = services.create_questionnaire(
        rnd, cast.secretariat, title="Encuesta", audience=Audience.ALL_PARTICIPANTS
    )
    for n in range(size):
        services.draft_question(questionnaire, cast.secretariat, text=f"Pregunta {n}")
    services.release(questionnaire, cast.secretariat)
    for person in (cast.gt_focal_point, cast.expert_cl, cast.expert_uy):
        for question in questionnaire.questions.all():
            services.save_answer(question, person, f"Respuesta {person.pk}", 0)
    services.send_own_answers(questionnaire, cast.expert_cl)
    client.force_login(cast.coordinator)
    url = reverse("visits:responses", args=[rnd.code, questionnaire.pk])
    _get_twice(client, url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count(f"Respuesta {cast.expert_uy.pk}") == size


@pytest.mark.parametrize("size", [1, 30])
def test_template_list_queries_do_not_grow(client, cast, django_assert_num_queries, size):
    for n in range(size):
        template = ts.save_template(cast.secretariat, title=f"Plantilla de prueba {n}")
        ts.save_question(template, cast.secretariat, text="¿Pregunta?")
    client.force_login(cast.secretariat)
    url = reverse("visits:templates")
    _get_twice(client, url)
    with django_assert_num_queries(5):
        response = client.get(url, {"q": "Plantilla de prueba"})
    assert response.content.decode().count("Plantilla de prueba ") == min(size, 25)


@pytest.mark.parametrize("size", [1, 12])
def test_evaluations_page_queries_do_not_grow(
    client, cast, make_round, django_assert_num_queries, size
):
    rnd = make_round("report_drafting")
    template = services.standard_evaluation_template()
    for _n in range(size):
        survey = services.release(
            services.copy_template(rnd, cast.secretariat, template), cast.secretariat
        )
        for question in survey.questions.filter(type="single_choice"):
            services.save_answer(question, cast.expert_cl, "4", 0)
        services.send_own_answers(survey, cast.expert_cl)
    client.force_login(cast.secretariat)
    url = reverse("visits:evaluations")
    _get_twice(client, url)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count('<span class="fw-semibold">4') == 3 * size
