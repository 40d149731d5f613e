"""A whole RIPSO round in Chromium, by the people who do each step, in Spanish (issue 11).

From the focal point's first draft to an anonymous visitor downloading the published PDF, each
person in their own browser window, reaching every step from "My work" or the round page by
visible links and buttons (typed addresses: the login page and the public portal only). Every
page and every PDF is checked for English (``tests/e2e/language.py``); an English-speaking
coordinator's pages are checked for Spanish. The people and the topic list are made with
factories; every step of the round goes through the interface.

Rules walked: R1.1–R1.6 (request), R2.1, R2.2, R2.4, R2.7 (panel), R3.2, R3.4, R3.5
(preparation), R4.1–R4.4 (visit), R5.1–R5.4 (report and publication); and for MECIGEP R2.3 and
R3.3 (``test_mecigep_round_to_the_self_assessment``).
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from rounds.enums import RoundState
from rounds.models import Round
from tests import factories as f
from tests.e2e.walk import Walk

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TITLE = "Programa Bono Social Rural"
START = date.today() + timedelta(days=45)
YES_TODAY = "Sí, continuar hoy"


def day(n):
    return (START + timedelta(days=n)).isoformat()


def load_topics():
    from rounds.data.topics import load_default_topics
    from rounds.models import Topic

    load_default_topics(Topic)


def test_whole_ripso_round_from_the_first_draft_to_the_public_pdf(
    browser, live_server, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    load_topics()
    mariana = f.CoordinatorFactory(
        email="mariana.castillo@example.org",
        full_name="Mariana Castillo Vega",
        preferred_language="es",
    )
    walk = Walk(browser, live_server, "whole_round")
    walk.typed.update(
        {cast.mides.name, "Ministerio de Desarrollo Social y Familia", "Secretaría de Bienestar"}
    )

    # --- R1.1–R1.5: the focal point drafts the request from My work and submits it. -----------
    lucia = walk.person(cast.gt_focal_point)
    lucia.shot("01_focal_point_my_work")
    lucia.follow("Nueva solicitud de cooperación")
    page = lucia.page
    lucia.type("input[name=title]", TITLE)
    page.check("input[name=initiative_kind][value=program]")
    page.check("input[name=stage][value=reform]")
    lucia.type(
        "textarea[name=description]",
        "Transferencias monetarias condicionadas para hogares rurales en situación de pobreza.",
    )
    page.locator("input[name=topics]").first.check()
    lucia.type(
        "textarea[name=goal]",
        "Recomendaciones para rediseñar la focalización y el registro de beneficiarios.",
    )
    lucia.type("textarea[name=expected_results]", "Una hoja de ruta de reformas con metas anuales.")
    lucia.type("input[name=contact_name]", "Lucía Morales Quiñónez")
    lucia.type("input[name=contact_position]", "Directora de Cooperación Externa")
    lucia.type("input[name=contact_email]", "lucia.morales@example.org")
    lucia.type("input[name=contact_phone]", "+502 2201 0101")
    page.select_option("select[name=coi-0-country]", str(cast.expert_cl.expert_profile.country_id))
    lucia.type("input[name=coi-0-note]", "Registro Social de Hogares")
    page.select_option("select[name=coi-1-country]", str(cast.expert_mx.expert_profile.country_id))
    lucia.type("input[name=coi-1-note]", "Programa de pensiones rurales")
    lucia.press("Guardar borrador")
    rnd = Round.objects.get()
    lucia.shot("02_request_draft")
    lucia.press("Guardar y revisar antes de enviar")
    lucia.press("Enviar la solicitud")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.SUBMITTED
    lucia.shot("03_request_submitted")

    # --- R1.6: the secretariat accepts it as a RIPSO round and chooses two OAS coordinators. ---
    elena = walk.person(cast.secretariat)
    expect(elena.page.locator("main")).to_contain_text(TITLE)
    elena.open_round(TITLE)
    elena.follow("Aceptar la solicitud")
    elena.page.select_option("select[name=methodology]", "ripso")
    elena.page.get_by_label(mariana.full_name).check()
    elena.page.get_by_label(cast.coordinator.full_name).check()
    elena.shot("04_accept")
    elena.press("Aceptar la solicitud")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.PANEL_FORMING

    # --- R2.1, R2.2, R2.4, R2.7: the coordinator proposes, the country agrees, experts accept. --
    for expert, institution in [
        (cast.expert_cl, "Ministerio de Desarrollo Social y Familia"),
        (cast.expert_mx, "Secretaría de Bienestar"),
    ]:
        profile = expert.expert_profile
        profile.institution = f.InstitutionFactory(country=profile.country, name=institution)
        profile.save()
    experts = [cast.expert_cl, cast.expert_mx]
    coordinator = walk.person(mariana)
    coordinator.open_round(TITLE)
    coordinator.follow("Abrir el panel de expertos")
    main = coordinator.page.locator("main")
    for expert in experts:
        candidate = main.locator("li.candidate", has_text=expert.full_name)
        coordinator.press("Proponer", within=candidate)
    coordinator.shot("05_panel_proposed")

    lucia.open_round(TITLE)
    lucia.follow("Abrir el panel de expertos")
    for expert in experts:
        seat = lucia.page.locator("main [id^=seat-]", has_text=expert.full_name)
        lucia.press("Estoy de acuerdo", within=seat)
    lucia.shot("06_panel_country_agrees")

    coordinator.page.reload()
    for expert in experts:
        seat = coordinator.page.locator("main [id^=seat-]", has_text=expert.full_name)
        coordinator.press("Invitar", within=seat)

    people = []
    for expert in experts:
        person = walk.person(expert)
        person.open_round(TITLE)
        # The invitation from the round: "Leer y responder" (one hop once issue 11 #15 is fixed).
        for _ in range(2):
            if person.page.locator("input[name=accept-ad_honorem]").count():
                break
            person.follow("Leer y responder")
        person.page.check("input[name=accept-ad_honorem]")
        person.page.check("input[name=accept-no_conflict]")
        person.type("textarea[name=accept-availability]", "Marzo y abril; cinco días como máximo.")
        if expert == cast.expert_cl:
            person.shot("07_invitation_expert")
        person.press("Aceptar e integrar el panel")
        people.append(person)
    valentina, guadalupe = people

    # The coordinators were seated as accepted when chosen (issue 11 #4): nothing is missing.
    coordinator.my_work()
    coordinator.open_round(TITLE)
    coordinator.follow("Abrir el panel de expertos")
    coordinator.shot("08_panel_complete")
    coordinator.follow("Confirmar el panel")
    coordinator.press("Confirmar el panel")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.PREPARATION

    # --- R3.2: the panel writes the technical questionnaire; the country answers it. ----------
    coordinator.open_round(TITLE)
    coordinator.follow("Cuestionarios")
    create = coordinator.page.locator("main form[action$='/new/']")
    coordinator.type("input[name=title]", "Cuestionario técnico", within=create)
    create.locator("select[name=audience]").select_option("country_team")
    coordinator.press("Crear el cuestionario", within=create)
    questions = {
        valentina: "¿Cuántos hogares rurales recibe hoy el bono y con qué criterios?",
        guadalupe: "¿Cada cuánto se actualiza el registro de hogares?",
    }
    for expert, text in questions.items():
        expert.open_round(TITLE)
        expert.follow("Cuestionarios")
        expert.follow("Cuestionario técnico")
        form = expert.page.locator("main form[action$='/questions/new/']")
        form.locator("select[name=type]").select_option("long_text")
        expert.type("textarea[name=text]", text, within=form)
        expert.press("Agregar la pregunta", within=form)
    valentina.shot("09_questionnaire_draft")
    coordinator.page.reload()
    coordinator.press("Publicar el cuestionario")

    # The focal point gives one question to the technical team (Andrés reads in English).
    lucia.open_round(TITLE)
    lucia.follow("Cuestionarios")
    lucia.follow("Cuestionario técnico")
    card = lucia.page.locator("main [id^=question-]", has_text=questions[guadalupe])
    card.locator("select[name=assignee]").select_option(label=cast.gt_team_member.full_name)
    lucia.press("Asignar", within=card)
    andres = walk.person(cast.gt_team_member, lang="en")
    andres.open_round(TITLE)
    andres.follow("Questionnaires")
    andres.follow("Cuestionario técnico")
    card = andres.page.locator("main [id^=question-]", has_text=questions[guadalupe])
    andres.type("textarea[name=value]", "Cada dos años, con visitas domiciliarias.", within=card)
    andres.save("Save", within=card, exact=True)
    andres.shot("10_questionnaire_team_member_en")
    card = lucia.page.locator("main [id^=question-]", has_text=questions[valentina])
    lucia.page.reload()
    lucia.type(
        "textarea[name=value]", "Unos 42 000 hogares, según un índice de pobreza.", within=card
    )
    lucia.save("Guardar", within=card, exact=True)
    lucia.press("Enviar las respuestas")
    lucia.shot("11_questionnaire_submitted")

    # --- R3.4, R4.1, R4.2: the focal point builds the agenda; the coordinator releases it. ----
    lucia.open_round(TITLE)
    lucia.follow("Agenda de la visita")
    dates = lucia.page.locator("#visit-details form")
    dates.locator("input[name=start_date]").fill(day(0))
    dates.locator("input[name=end_date]").fill(day(3))
    lucia.type("input[name=city]", "Ciudad de Guatemala", within=dates)
    lucia.press("Guardar los datos de la visita", within=dates)
    items = [
        (0, "09:00", "10:00", "protocol", "Reunión protocolar con la Ministra"),
        (0, "10:30", "12:00", "initiative", "Presentación del Bono Social Rural"),
        (0, "14:00", "16:00", "experiences", "Experiencias de Chile y México"),
        (1, "09:00", "12:00", "working", "Mesa técnica de focalización"),
        (1, "14:00", "15:30", "interview", "Entrevista con organizaciones rurales"),
        (2, "16:00", "17:00", "panel_session", "Sesión interna del panel"),
    ]
    for n, start, end, kind, title in items:
        lucia.page.locator(f"#day-{day(n)}").get_by_role(
            "link", name="Agregar una actividad"
        ).click()
        form = lucia.page.locator(f"#add-{day(n)} #item-form form")
        form.locator("select[name=type]").select_option(kind)
        form.locator("input[name=start_time]").fill(start)
        form.locator("input[name=end_time]").fill(end)
        lucia.type("input[name=title]", title, within=form)
        lucia.type("input[name=venue]", "Sala del Ministerio", within=form)
        lucia.type("textarea[name=participants]", "Equipo del MIDES y panel", within=form)
        lucia.type("input[name=responsible]", "Lucía Morales", within=form)
        lucia.press(re.compile("Guardar|Agregar"), within=form)
    lucia.shot("12_agenda_focal_point")
    coordinator.open_round(TITLE)
    coordinator.follow("Agenda de la visita")
    release = coordinator.page.locator("main form[action$='/agenda/release/']")
    coordinator.type("textarea[name=note]", "Agenda acordada con el ministerio.", within=release)
    coordinator.press(re.compile("Publicar"), within=release)
    coordinator.shot("13_agenda_final")
    agenda_pdf = coordinator.page.locator("main").get_by_role("link", name="PDF", exact=True)
    coordinator.check_pdf(coordinator.download(agenda_pdf)[0], "the agenda PDF")

    # --- R3.5, R4.4: logistics on both sides; the country chooses the visibility. ------------
    coordinator.open_round(TITLE)
    coordinator.follow("Logística de la visita")
    settle_logistics(coordinator, "international")
    coordinator.shot("14_logistics_international")
    lucia.my_work()
    # Issue 11 #18: the visibility decision waits on the focal point: a task on My work.
    lucia.follow(re.compile("visibilidad", re.IGNORECASE))
    visibility = lucia.page.locator("main form[action$='/visibility/']")
    visibility.locator("input[name=visibility][value=public]").check()
    lucia.press("Registrar la elección", within=visibility)
    settle_logistics(lucia, "local")
    lucia.shot("15_logistics_local_and_visibility")

    # --- R4.1–R4.3: the visit is scheduled, starts, notes are taken, it is completed. --------
    coordinator.open_round(TITLE)
    coordinator.press("Programar la visita")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.VISIT_SCHEDULED
    # The visit starts weeks before its first day in this walk: the page asks first (#10).
    coordinator.follow("Iniciar la visita…")
    coordinator.press(YES_TODAY)
    rnd.refresh_from_db()
    assert rnd.status == RoundState.VISIT_IN_PROGRESS
    notes = {
        valentina: "El registro de hogares no se actualiza desde hace cuatro años.",
        guadalupe: "Los equipos locales piden una ventanilla de actualización continua.",
    }
    for expert, text in notes.items():
        expert.open_round(TITLE)
        expert.follow("Notas de la visita")
        card = expert.page.locator("main [id^=item-]", has_text="Mesa técnica de focalización")
        expert.type("textarea[name=findings]", text, within=card)
        expert.save("Guardar la nota", within=card)
    valentina.shot("16_visit_notes")
    coordinator.open_round(TITLE)
    coordinator.follow("Finalizar la visita…")
    coordinator.press(YES_TODAY)
    rnd.refresh_from_db()
    assert rnd.status == RoundState.REPORT_DRAFTING

    # --- R5.1–R5.3: the report is drafted and sent; the focal point approves it. -------------
    coordinator.follow("Informe ejecutivo")
    for kind, text in [
        ("description", "Ronda solicitada por el ministerio para revisar el programa."),
        ("cooperation", "Interés en una pasantía sobre registros sociales."),
    ]:
        write_in_editor(coordinator, f"#section-{kind}", text)
    findings = coordinator.page.locator("#section-findings .tiptap").first
    expect(findings).to_contain_text(notes[valentina])
    coordinator.page.locator("#recommendation-new summary").click()  # "Agregar una recomendación"
    add = coordinator.page.locator("main form[action$='/recommendations/new/']")
    coordinator.type(
        "textarea[name=text]", "Actualizar el registro de hogares de forma continua.", within=add
    )
    coordinator.press("Agregar la recomendación", within=add)
    coordinator.button("Generar el borrador de trabajo").click()
    expect(coordinator.page.locator("#pdf-status")).to_contain_text(
        re.compile("Generado"), timeout=60_000
    )
    coordinator.page.reload()
    coordinator.check()
    draft_pdf = coordinator.link("Abrir el PDF del borrador de trabajo")
    coordinator.check_pdf(coordinator.download(draft_pdf)[0], "the working draft PDF")
    coordinator.shot("17_report_draft")
    coordinator.follow("Enviar el informe al país")
    coordinator.press("Enviar el informe al país")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.COUNTRY_REVIEW

    lucia.my_work()
    lucia.follow(TITLE, exact=True)
    lucia.follow("Leer el informe")
    lucia.expect_text(notes[valentina])
    lucia.shot("18_report_review")
    lucia.press("Aprobar el informe", within=lucia.page.locator("#decide"))
    rnd.refresh_from_db()
    assert rnd.status == RoundState.APPROVED

    # --- R5.4: the country decides to publish and uploads the signed authorization. ----------
    lucia.open_round(TITLE)
    lucia.follow(re.compile("publicación", re.IGNORECASE))  # issue 11 #1
    lucia.press("Hacer público el informe")
    letter = tmp_path / "autorizacion-firmada.pdf"
    letter.write_bytes(LETTER)
    lucia.page.set_input_files("input[name=file]", str(letter))
    lucia.type("input[name=signed_by]", "Dra. Ana Ruiz, Ministra de Desarrollo Social")
    lucia.press("Cargar la autorización")
    lucia.shot("19_publication_authorized")

    # The secretariat (not a coordinator of this round) writes the summary and publishes.
    elena.my_work()
    elena.follow(TITLE, exact=True)
    elena.follow(re.compile("publicación", re.IGNORECASE))
    summary = elena.page.locator("main form[action$='/summary/']")
    elena.type(
        "textarea",
        "El panel recomienda actualizar de forma continua el registro de hogares rurales.",
        within=summary,
    )
    elena.press("Guardar el resumen", within=summary)
    elena.follow("Publicar el informe")  # a confirmation page, then the button
    elena.press("Publicar el informe")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.PUBLISHED
    elena.shot("20_published")

    # --- An anonymous visitor finds the report on the portal and downloads the PDF. ----------
    visitor = walk.anonymous()
    visitor.goto_public("/portal/")
    visitor.page.fill("#portal-q", "hogares")
    visitor.press("Buscar", within=visitor.page.locator("form:has(#portal-q)"))  # the hero's search
    visitor.follow(re.compile(TITLE))
    visitor.shot("21_portal_report")
    link = visitor.link(re.compile("Descargar"))
    expect(link).to_be_visible(timeout=60_000)
    data, content_type = visitor.download(link)
    assert content_type == "application/pdf"
    text, pages = visitor.check_pdf(data, "the published report's PDF")
    assert pages <= 20  # R5.1
    assert "Actualizar el registro de hogares de forma continua." in " ".join(text.split())
    assert not any(p.errors for p in [lucia, elena, coordinator, valentina, guadalupe, andres])


LETTER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def settle_logistics(person, side):
    """Every arrangement of ``side`` ("international" or "local"): confirmed, saved in place."""
    page = person.page
    items = page.locator(f"#{side} li.logistics-item:has(details)")
    count = items.count()
    assert count, f"no {side} arrangement to update"
    for i in range(count):
        item = items.nth(i)
        item.locator("details > summary").first.click()
        item.locator("select[name$=status]").select_option("confirmed")
        item.get_by_role("button", name="Guardar", exact=True).click()
        expect(items.nth(i)).to_contain_text("Guardado")
    page.reload()
    person.check()


def write_in_editor(person, container, text):
    editor = person.page.locator(f"{container} .tiptap").first
    editor.click()
    person.page.keyboard.press("Control+End")
    person.page.keyboard.type(text)
    person.walk.typed.add(text)
    expect(person.page.locator(f"{container} [id^=status-section]")).to_contain_text(
        re.compile(r"\d\d:\d\d")
    )


def test_mecigep_round_to_the_self_assessment(browser, live_server, cast, settings, tmp_path):
    """R2.3: the country selects three member states and the panel comes from them (one OAS
    expert coordinates); R3.3: the secretariat copies a self-assessment template, the country's
    authorities answer it and submit it. The template is the secretariat's reference content,
    prepared beforehand like the topic list."""
    from rounds.models import Topic
    from visits.models import QuestionnaireTemplate, TemplateQuestion

    settings.MEDIA_ROOT = tmp_path
    load_topics()
    topic = Topic.objects.filter(methodology="mecigep").order_by("pk").first()
    template = QuestionnaireTemplate.objects.create(
        kind="self_assessment", title="Autoevaluación de gobierno abierto", topic=topic,
        audience="country_team",
    )  # fmt: skip
    question = "¿Existe un plan nacional de gobierno abierto vigente?"
    TemplateQuestion.objects.create(template=template, position=1, type="long_text", text=question)
    mariana = f.CoordinatorFactory(
        email="mariana.castillo@example.org", full_name="Mariana Castillo Vega",
        preferred_language="es",
    )  # fmt: skip
    title = "Plan de Gobierno Abierto"
    walk = Walk(browser, live_server, "whole_round_mecigep")
    walk.typed.update({cast.mides.name, template.title, question, topic.name})

    lucia = walk.person(cast.gt_focal_point)
    lucia.follow("Nueva solicitud de cooperación")
    page = lucia.page
    lucia.type("input[name=title]", title)
    page.check("input[name=initiative_kind][value=policy]")
    page.check("input[name=stage][value=design]")
    lucia.type("textarea[name=description]", "Política nacional de apertura de datos públicos.")
    page.check(f"input[name=topics][value='{topic.pk}']")
    lucia.type("textarea[name=goal]", "Recomendaciones para el segundo plan nacional.")
    lucia.type("textarea[name=expected_results]", "Un plan de acción revisado.")
    lucia.type("input[name=contact_name]", "Lucía Morales Quiñónez")
    lucia.type("input[name=contact_position]", "Directora de Cooperación Externa")
    lucia.type("input[name=contact_email]", "lucia.morales@example.org")
    lucia.type("input[name=contact_phone]", "+502 2201 0101")
    lucia.press("Guardar borrador")
    lucia.press("Guardar y revisar antes de enviar")
    lucia.press("Enviar la solicitud")
    rnd = Round.objects.get()

    elena = walk.person(cast.secretariat)
    elena.open_round(title)
    elena.follow("Aceptar la solicitud")
    elena.page.select_option("select[name=methodology]", "mecigep")
    elena.page.get_by_label(mariana.full_name).check()
    elena.press("Aceptar la solicitud")
    rnd.refresh_from_db()
    assert (rnd.status, rnd.methodology) == (RoundState.PANEL_FORMING, "mecigep")

    # R2.3: the country chooses the three member states the experts come from.
    experts = [cast.expert_cl, cast.expert_uy, cast.expert_mx]
    lucia.open_round(title)
    lucia.follow("Abrir el panel de expertos")
    states = lucia.page.locator("main form[action$='/states/']")
    for i, expert in enumerate(experts, start=1):
        states.locator(f"select[name=state_{i}]").select_option(
            str(expert.expert_profile.country_id)
        )
    lucia.press("Guardar los Estados miembros", within=states)
    lucia.shot("01_member_states")

    coordinator = walk.person(mariana)
    coordinator.open_round(title)
    coordinator.follow("Abrir el panel de expertos")
    for expert in experts:
        candidate = coordinator.page.locator("main li.candidate", has_text=expert.full_name)
        coordinator.press("Proponer", within=candidate)
    lucia.page.reload()
    for expert in experts:
        seat = lucia.page.locator("main [id^=seat-]", has_text=expert.full_name)
        lucia.press("Estoy de acuerdo", within=seat)
    coordinator.page.reload()
    for expert in experts:
        seat = coordinator.page.locator("main [id^=seat-]", has_text=expert.full_name)
        coordinator.press("Invitar", within=seat)
    for expert in experts:
        person = walk.person(expert, lang=expert.preferred_language)
        person.open_round(title)
        answer = {"es": "Leer y responder", "en": "Read and answer"}[person.lang]
        for _ in range(2):
            if person.page.locator("input[name=accept-ad_honorem]").count():
                break
            person.follow(answer)
        person.page.check("input[name=accept-ad_honorem]")
        person.page.check("input[name=accept-no_conflict]")
        person.type("textarea[name=accept-availability]", "Todo el mes de mayo.")
        person.press({"es": "Aceptar e integrar el panel", "en": "Accept and join the panel"}[
            person.lang
        ])  # fmt: skip
    coordinator.open_round(title)
    coordinator.follow("Abrir el panel de expertos")
    coordinator.shot("02_panel_complete")
    coordinator.follow("Confirmar el panel")
    coordinator.press("Confirmar el panel")
    rnd.refresh_from_db()
    assert rnd.status == RoundState.PREPARATION

    # R3.3: the coordinator copies the self-assessment template; the country answers it.
    coordinator.follow("Cuestionarios")
    copy = coordinator.page.locator(
        "main form[action$='/from-template/'], main form:has(select[name=template])"
    ).first
    copy.locator("select[name=template]").select_option(str(template.pk))
    coordinator.press("Copiar la plantilla", within=copy)
    coordinator.shot("03_self_assessment_copied")
    if (
        coordinator.page.locator("main")
        .get_by_role("button", name="Publicar el cuestionario")
        .count()
    ):
        coordinator.press("Publicar el cuestionario")
    lucia.open_round(title)
    lucia.follow("Cuestionarios")
    lucia.follow(template.title)
    card = lucia.page.locator("main [id^=question-]", has_text=question)
    lucia.type("textarea[name=value]", "Sí: el plan 2024-2026, con doce compromisos.", within=card)
    lucia.save("Guardar", within=card, exact=True)
    lucia.press("Enviar las respuestas")
    lucia.shot("04_self_assessment_submitted")
    self_assessment = rnd.questionnaires.get(kind="self_assessment")
    assert self_assessment.status == "submitted"
    assert self_assessment.submitted_by == cast.gt_focal_point
