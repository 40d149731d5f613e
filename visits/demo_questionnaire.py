"""Demo preparer of ``schedule_visit`` (rounds/demo.py): the round's technical questionnaire
(R3.2), drafted by the round's panel experts, released by the secretariat, answered and
submitted by the focal point — so the guard ``visits.guards.technical_questionnaire_is_answered``
is satisfied the same way in the demo data and in the tests' ``make_round``.

Actors are found on the round itself (``people`` may be empty); idempotent per round."""

from datetime import timedelta

from accounts.enums import Role
from accounts.models import User
from rounds.demo import prepare

from . import services
from .enums import QuestionnaireKind, QuestionnaireStatus, QuestionType
from .models import Answer, Question, Questionnaire

SECTIONS = [
    (
        "Diseño y focalización",
        [
            (
                QuestionType.LONG_TEXT,
                "¿Cómo se identifica y selecciona a la población beneficiaria del programa?",
                "Describa los criterios, el instrumento (ficha, "
                "registro, proxy means test) y la frecuencia de recertificación.",
                "Mediante el Registro Social de Hogares y un índice de ingreso estimado; la "
                "recertificación es cada tres años.",
            ),
            (
                QuestionType.SINGLE_CHOICE,
                "¿El programa usa un registro social único compartido con otros programas?",
                "",
                "Sí",
                ["Sí", "No", "En construcción"],
            ),
            (
                QuestionType.SHORT_TEXT,
                "¿Cuántos hogares atiende hoy el programa?",
                "Indique la cifra y la fecha de corte.",
                "48 250 hogares (junio)",
            ),
        ],
    ),
    (
        "Gestión y operación",
        [
            (
                QuestionType.LONG_TEXT,
                "¿Cómo se realizan los pagos y qué costos de transacción enfrentan los hogares?",
                "",
                "Pagos bimestrales por banca móvil y en agencias rurales; el hogar promedio "
                "recorre 12 km para cobrar.",
            ),
            (
                QuestionType.MULTIPLE_CHOICE,
                "¿Qué instituciones participan en la operación?",
                "Marque todas las que apliquen.",
                ["Ministerio de Desarrollo Social", "Banco público"],
                [
                    "Ministerio de Desarrollo Social",
                    "Banco público",
                    "Gobiernos municipales",
                    "Ministerio de Salud",
                ],
            ),
            (
                QuestionType.LONG_TEXT,
                "¿Qué mecanismos de quejas y reclamos existen?",
                "",
                "Línea gratuita, oficinas municipales y un formulario en línea con plazo de "
                "respuesta de 15 días.",
            ),
        ],
    ),
    (
        "Seguimiento y evaluación",
        [
            (
                QuestionType.LONG_TEXT,
                "¿Qué evaluaciones de impacto o de proceso se han "
                "realizado y cuáles fueron sus hallazgos principales?",
                "",
                "Una evaluación de procesos (2023) señaló demoras en la recertificación; la "
                "evaluación de impacto está en diseño.",
            ),
            (
                QuestionType.LONG_TEXT,
                "¿Qué espera aprender de la experiencia de los países del panel?",
                "",
                "Cómo integrar los registros administrativos y reducir los errores de inclusión.",
            ),
        ],
    ),
]


def _actors(rnd):
    focal_point = (
        User.objects.filter(
            role=Role.FOCAL_POINT, institution_id=rnd.institution_id, is_active=True
        )
        .order_by("pk")
        .first()
    )
    experts = list(
        User.objects.filter(
            panel_seats__round=rnd, panel_seats__status="accepted", role=Role.EXPERT, is_active=True
        ).order_by("pk")
    )
    staff = (
        rnd.coordinators.filter(is_active=True).order_by("pk").first()
        or User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    )
    return focal_point, experts, staff


@prepare("schedule_visit")
def answered_technical_questionnaire(rnd, *, at, people):
    """Create (or complete) the round's technical questionnaire up to "answers submitted"."""
    done = rnd.questionnaires.filter(
        kind=QuestionnaireKind.TECHNICAL, status__in=QuestionnaireStatus.answered()
    )
    if done.exists():
        return
    focal_point, experts, staff = _actors(rnd)
    if focal_point is None or staff is None:
        return  # nothing sensible to build: the guard will say what is missing
    drafters = experts or [staff]
    questionnaire = (
        rnd.questionnaires.filter(kind=QuestionnaireKind.TECHNICAL, audience="country_team")
        .order_by("pk")
        .first()
    ) or services.create_questionnaire(rnd, staff, title="Cuestionario técnico")
    answers = {}
    if questionnaire.is_drafting and not questionnaire.questions.exists():
        n = 0
        for title, questions in SECTIONS:
            section = services.add_section(questionnaire, staff, title)
            for kind, text, help_text, *rest in questions:
                value, choices = rest[0], rest[1] if len(rest) > 1 else ()
                question = services.draft_question(
                    questionnaire, drafters[n % len(drafters)], text=text, type=kind,
                    help_text=help_text, choices=choices, section=section,
                )  # fmt: skip
                answers[question.pk] = value
                n += 1
    if questionnaire.is_drafting:
        services.release(questionnaire, staff, deadline=at - timedelta(days=2))
    for question in Question.objects.filter(questionnaire=questionnaire).order_by("pk"):
        answer = Answer.objects.filter(question=question, respondent__isnull=True).first()
        if (answer is not None and not answer.is_empty) or question.type == QuestionType.FILE:
            continue
        value = answers.get(question.pk)
        if value is None:
            value = question.choices[:1] if question.choices else "Respuesta del equipo técnico."
            if question.type == QuestionType.SINGLE_CHOICE:
                value = value[0]
        services.save_answer(question, focal_point, value, answer.version if answer else 0)
    services.submit_answers(questionnaire, focal_point)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        created_at=at - timedelta(days=30),
        released_at=at - timedelta(days=21),
        submitted_at=at - timedelta(days=3),
    )
    Answer.objects.filter(question__questionnaire=questionnaire).update(
        updated_at=at - timedelta(days=6)
    )


@prepare("schedule_visit")
def answered_self_assessment(rnd, *, at, people):
    """R3.3: a MECIGEP round also has its self-assessment, copied from the template of its theme
    (or the first one) and submitted by the focal point."""
    from .models import QuestionnaireTemplate

    if (
        rnd.methodology != "mecigep"
        or rnd.questionnaires.filter(kind=QuestionnaireKind.SELF_ASSESSMENT).exists()
    ):
        return
    focal_point, _experts, staff = _actors(rnd)
    templates = QuestionnaireTemplate.objects.filter(
        kind=QuestionnaireKind.SELF_ASSESSMENT, is_active=True
    ).order_by("pk")
    template = templates.filter(topic__in=rnd.topics.all()).first() or templates.first()
    if focal_point is None or staff is None or template is None:
        return
    questionnaire = services.release(services.copy_template(rnd, staff, template), staff)
    for question in questionnaire.questions.order_by("position", "pk"):
        if question.type == QuestionType.FILE:
            continue
        value = "Según el informe de gestión del último año, con los indicadores disponibles."
        if question.type == QuestionType.SINGLE_CHOICE:
            value = question.choices[0]
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            value = question.choices[:2]
        services.save_answer(question, focal_point, value, 0)
    services.submit_answers(questionnaire, focal_point)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        created_at=at - timedelta(days=34),
        released_at=at - timedelta(days=33),
        submitted_at=at - timedelta(days=8),
    )
    Answer.objects.filter(question__questionnaire=questionnaire).update(
        updated_at=at - timedelta(days=10)
    )
