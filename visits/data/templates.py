"""The questionnaire templates the product ships with (R3.3 and the end-of-round evaluation):
two MECIGEP self-assessments, based on the MECIGEP reference document (docs/rules.md, R3.3: a
self-assessment questionnaire on the chosen theme, filled by the country's authorities and used
as the guide of the panel's interviews), and the standard evaluation survey.

``load_default_templates(models)`` is idempotent (templates are found by ``key``): the data
migration, the demo data and tests whose database was flushed call it.
"""

SELF_ASSESSMENT = "self_assessment"
EVALUATION = "evaluation"
COUNTRY = "country_team"
EVERYONE = "all_participants"
RATING = ["1", "2", "3", "4", "5"]
STANDARD_EVALUATION_KEY = "evaluation-standard"

TEMPLATES = [
    {
        "key": "mecigep-open-government",
        "kind": SELF_ASSESSMENT,
        "audience": COUNTRY,
        "topic": "Open government",
        "title": "Autoevaluación MECIGEP — Gobierno abierto / Self-assessment: open government",
        "description": (
            "Cuestionario de autoevaluación que diligencian las autoridades del país antes de la "
            "visita del panel; guía las entrevistas bilaterales (MECIGEP, paso 2)."
        ),
        "sections": [
            (
                "Visión y marco institucional",
                [
                    (
                        "long_text",
                        "¿Qué instrumento de política (plan, ley, estrategia) orienta "
                        "la agenda de gobierno abierto y qué horizonte de largo plazo fija?",
                        "Cite el instrumento, su fecha de aprobación y su vigencia.",
                    ),
                    (
                        "single_choice",
                        "¿Existe una unidad con mandato formal para coordinar la "
                        "agenda de gobierno abierto?",
                        "",
                        ["Sí", "No", "En creación"],
                    ),
                    (
                        "long_text",
                        "¿Cómo participan la sociedad civil y la ciudadanía en la "
                        "planificación y el seguimiento de los compromisos?",
                        "",
                    ),
                ],
            ),
            (
                "Transparencia y rendición de cuentas",
                [
                    (
                        "multiple_choice",
                        "¿Qué mecanismos de transparencia están en operación?",
                        "Marque todos los que apliquen.",
                        [
                            "Portal de datos abiertos",
                            "Ley de acceso a la información",
                            "Rendición de cuentas periódica",
                            "Presupuesto ciudadano",
                        ],
                    ),
                    (
                        "long_text",
                        "¿Qué resultados medibles ha tenido la agenda en los últimos tres años?",
                        "Indique indicadores, líneas de base y fuentes.",
                    ),
                    (
                        "file",
                        "Adjunte el último informe de avance del plan de acción.",
                        "",
                        None,
                        False,
                    ),
                ],
            ),
            (
                "Desafíos y necesidades de cooperación",
                [
                    (
                        "long_text",
                        "¿Cuáles son los principales desafíos de reforma, innovación "
                        "o modernización que enfrenta la institución?",
                        "",
                    ),
                    (
                        "long_text",
                        "¿En qué aspectos concretos espera aprender de la experiencia "
                        "de otros Estados miembros?",
                        "",
                    ),
                ],
            ),
        ],
    },
    {
        "key": "mecigep-civil-service",
        "kind": SELF_ASSESSMENT,
        "audience": COUNTRY,
        "topic": "Civil service",
        "title": "Autoevaluación MECIGEP — Servicio civil / Self-assessment: civil service",
        "description": (
            "Autoevaluación sobre la profesionalización del servicio civil (MECIGEP): ingreso por "
            "mérito, carrera, evaluación del desempeño y capacitación."
        ),
        "sections": [
            (
                "Marco normativo e institucional",
                [
                    (
                        "long_text",
                        "¿Qué ley o normativa regula el servicio civil y qué "
                        "porcentaje del empleo público cubre?",
                        "",
                    ),
                    (
                        "single_choice",
                        "¿El ingreso al servicio civil se realiza por concurso público de méritos?",
                        "",
                        ["Siempre", "En la mayoría de los casos", "Excepcionalmente", "No"],
                    ),
                ],
            ),
            (
                "Gestión de personas",
                [
                    (
                        "long_text",
                        "¿Cómo se evalúa el desempeño de los servidores públicos y qué "
                        "consecuencias tiene la evaluación?",
                        "",
                    ),
                    (
                        "long_text",
                        "¿Qué oferta de capacitación existe y cómo se vincula con la carrera?",
                        "",
                    ),
                    (
                        "multiple_choice",
                        "¿Con qué sistemas de información cuenta la gestión de personas?",
                        "",
                        [
                            "Registro único de servidores",
                            "Planilla electrónica",
                            "Sistema de evaluación en línea",
                            "Ninguno",
                        ],
                    ),
                ],
            ),
            (
                "Desafíos",
                [
                    ("long_text", "¿Qué reformas están previstas y qué obstáculos enfrentan?", ""),
                    (
                        "file",
                        "Adjunte el organigrama y la normativa vigente (opcional).",
                        "",
                        None,
                        False,
                    ),
                ],
            ),
        ],
    },
    {
        "key": STANDARD_EVALUATION_KEY,
        "kind": EVALUATION,
        "audience": EVERYONE,
        "topic": None,
        "title": "Evaluación de la ronda / Round evaluation",
        "description": (
            "Encuesta breve al final de la ronda: la responden el equipo del país, los expertos "
            "y los coordinadores."
        ),
        "sections": [
            (
                "Valoración (1 = muy insatisfecho, 5 = muy satisfecho)",
                [
                    (
                        "single_choice",
                        "Utilidad de la ronda para la política o programa",
                        "",
                        RATING,
                    ),
                    ("single_choice", "Organización de la visita y la agenda", "", RATING),
                    ("single_choice", "Apoyo de la Secretaría Técnica", "", RATING),
                ],
            ),
            (
                "Comentarios",
                [
                    ("long_text", "¿Qué fue lo más valioso de la ronda?", "", None, False),
                    ("long_text", "¿Qué mejoraría para las próximas rondas?", "", None, False),
                ],
            ),
        ],
    },
]


def _question(spec):
    """(type, text, help[, choices[, required]])"""
    kind, text, help_text, *rest = spec
    choices = rest[0] if rest and rest[0] else []
    required = rest[1] if len(rest) > 1 else True
    return {"type": kind, "text": text, "help_text": help_text, "choices": choices,
            "required": required}  # fmt: skip


def load_default_templates(template_model, topic_model):
    """Create the templates that are missing (by key); returns how many were created."""
    created = 0
    for spec in TEMPLATES:
        if template_model.objects.filter(key=spec["key"]).exists():
            continue
        topic = None
        if spec["topic"]:
            topic = topic_model.objects.filter(methodology="mecigep", name_en=spec["topic"]).first()
        template = template_model.objects.create(
            key=spec["key"], kind=spec["kind"], audience=spec["audience"], title=spec["title"],
            description=spec["description"], topic=topic,
        )  # fmt: skip
        position = 0
        for s_position, (title, questions) in enumerate(spec["sections"], start=1):
            section = template.sections.create(title=title, position=s_position)
            for q in questions:
                position += 1
                template.questions.create(section=section, position=position, **_question(q))
        created += 1
    return created
