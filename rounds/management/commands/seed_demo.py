"""``manage.py seed_demo``: the demo data set — a person for every role, a round in every state.

Every person and round is fictional; all addresses are @example.org and every password is
``ripso-demo``. Rounds reach their state through the real lifecycle (``transition_round``, with
the right actor and the comments the transitions ask for), so each has a plausible audit trail;
afterwards the timestamps are moved back so the histories spread over 2025–2026.

Idempotent: people are keyed by e-mail, institutions by (country, name), rounds by
(institution, title); whatever exists is left alone, so a second run changes nothing.
"""

import hashlib
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from accounts.data.countries import load_member_states
from accounts.enums import Role
from accounts.models import Country, ExpertProfile, Institution, User
from notifications.models import OutgoingMessage
from rounds import demo, request_services
from rounds.data.topics import load_default_topics
from rounds.enums import RoundState
from rounds.models import Round, RoundCounter, RoundEvent
from rounds.request_models import RequestSubmission, Topic
from rounds.services import RoundError, create_round, next_round_code, transition_round

S = RoundState

# --- Institutions: key -> (country, name, acronym) --------------------------------------------
INSTITUTIONS = {
    "GT": ("GT", "Ministerio de Desarrollo Social", "MIDES"),
    "HN": ("HN", "Secretaría de Desarrollo Social", "SEDESOL"),
    "PY": ("PY", "Ministerio de Desarrollo Social", "MDS"),
    "DO": ("DO", "Gabinete de Coordinación de Políticas Sociales", "GCPS"),
    "PE": ("PE", "Ministerio de Desarrollo e Inclusión Social", "MIDIS"),
    "EC": ("EC", "Ministerio de Inclusión Económica y Social", "MIES"),
    "CO": ("CO", "Departamento Administrativo para la Prosperidad Social", "DPS"),
    # Institutions of the cooperating countries the experts come from.
    "CL": ("CL", "Ministerio de Desarrollo Social y Familia", "MDSF"),
    "UY": ("UY", "Ministerio de Desarrollo Social", "MIDES"),
    "MX": ("MX", "Secretaría de Bienestar", "BIENESTAR"),
    "AR": ("AR", "Administración Nacional de la Seguridad Social", "ANSES"),
    "BR": ("BR", "Ministério do Desenvolvimento e Assistência Social", "MDS"),
    "CR": ("CR", "Instituto Mixto de Ayuda Social", "IMAS"),
    "PA": ("PA", "Ministerio de Desarrollo Social", "MIDES"),
}

SEC = "secretariat@example.org"
COORD = "coordinator@example.org"
COORD2 = "coordinator2@example.org"

# --- People (all fictional) -------------------------------------------------------------------
PEOPLE = [
    {
        "email": SEC,
        "full_name": "Mariana Solís Ortega",
        "role": Role.SECRETARIAT,
        "position": "Oficial de programas, Secretaría Técnica de la RIPSO (DIS/OEA)",
        "phone": "+1 202 555 0140",
    },
    {
        "email": COORD,
        "full_name": "Daniel Ferreira Acosta",
        "role": Role.SECRETARIAT,
        "is_oas_specialist": True,
        "position": "Especialista principal, Departamento de Inclusión Social (OEA)",
        "phone": "+1 202 555 0141",
    },
    {
        "email": COORD2,
        "full_name": "Claire Whitfield-Moreau",
        "role": Role.SECRETARIAT,
        "is_oas_specialist": True,
        "position": "Social Protection Specialist, Department of Social Inclusion (OAS)",
        "phone": "+1 202 555 0142",
        "preferred_language": "en",
    },
    {
        "email": "focal.gt@example.org",
        "full_name": "Lucía Marroquín Estrada",
        "role": Role.FOCAL_POINT,
        "institution": "GT",
        "position": "Directora de Cooperación Internacional",
        "phone": "+502 2200 0101",
    },
    {
        "email": "team.gt@example.org",
        "full_name": "José Andrés Pérez Barrios",
        "role": Role.TEAM_MEMBER,
        "institution": "GT",
        "position": "Coordinador técnico, Dirección de Programas Sociales",
        "phone": "+502 2200 0102",
    },
    {
        "email": "focal.hn@example.org",
        "full_name": "Karla Mejía Zelaya",
        "role": Role.FOCAL_POINT,
        "institution": "HN",
        "position": "Jefa de la Unidad de Cooperación Externa",
        "phone": "+504 2230 0201",
    },
    {
        "email": "focal.py@example.org",
        "full_name": "Rodrigo Benítez Aquino",
        "role": Role.FOCAL_POINT,
        "institution": "PY",
        "position": "Director de Relaciones Internacionales",
        "phone": "+595 21 555 0301",
    },
    {
        "email": "focal.do@example.org",
        "full_name": "Yanira Peña Castillo",
        "role": Role.FOCAL_POINT,
        "institution": "DO",
        "position": "Encargada de Cooperación Técnica",
        "phone": "+1 809 555 0401",
    },
    {
        "email": "focal.pe@example.org",
        "full_name": "Miguel Ángel Quispe Rojas",
        "role": Role.FOCAL_POINT,
        "institution": "PE",
        "position": "Jefe de la Oficina de Cooperación y Asuntos Internacionales",
        "phone": "+51 1 555 0501",
    },
    {
        "email": "focal.ec@example.org",
        "full_name": "Verónica Andrade Salazar",
        "role": Role.FOCAL_POINT,
        "institution": "EC",
        "position": "Directora de Cooperación Interinstitucional",
        "phone": "+593 2 555 0601",
    },
    {
        "email": "focal.co@example.org",
        "full_name": "Camilo Arbeláez Restrepo",
        "role": Role.FOCAL_POINT,
        "institution": "CO",
        "position": "Asesor de Cooperación Internacional",
        "phone": "+57 601 555 0701",
    },
    {
        "email": "expert.cl@example.org",
        "full_name": "Francisca Valdés Morales",
        "role": Role.EXPERT,
        "expert": {
            "country": "CL",
            "institution": "CL",
            "position": "Jefa de la División de Información Social",
            "areas": [
                "Registro social de hogares",
                "Focalización y caracterización socioeconómica",
                "Interoperabilidad de registros administrativos",
                "Sistemas de información social",
            ],
            "languages": "es, en",
            "manages_teams": True,
            "similar": (
                "Nueve años a cargo del registro social de hogares de su país: diseño de la "
                "calificación socioeconómica, integración de 40 bases administrativas y "
                "atención ciudadana en línea. Dirige un equipo de 35 profesionales."
            ),
        },
    },
    {
        "email": "expert.uy@example.org",
        "full_name": "Martín Pereira Silveira",
        "role": Role.EXPERT,
        "expert": {
            "country": "UY",
            "institution": "UY",
            "position": "Director Nacional de Transferencias y Análisis de Datos",
            "areas": [
                "Transferencias monetarias",
                "Sistema de cuidados",
                "Monitoreo y evaluación de programas sociales",
            ],
            "languages": "es, pt, en",
            "manages_teams": True,
            "similar": (
                "Condujo el rediseño de las transferencias monetarias a hogares vulnerables y "
                "la puesta en marcha del sistema nacional de cuidados; coordina la evaluación "
                "de impacto de los programas del ministerio."
            ),
        },
    },
    {
        "email": "expert.mx@example.org",
        "full_name": "Alejandra Torres Villanueva",
        "role": Role.EXPERT,
        "expert": {
            "country": "MX",
            "institution": "MX",
            "position": "Directora General de Padrones de Personas Beneficiarias",
            "areas": [
                "Pensiones no contributivas",
                "Padrones de personas beneficiarias",
                "Pagos digitales e inclusión financiera",
            ],
            "languages": "es, en",
            "manages_teams": True,
            "similar": (
                "Responsable de la integración del padrón de la pensión universal para personas "
                "adultas mayores y de la migración de los pagos a tarjetas bancarias."
            ),
        },
    },
    {
        "email": "expert.ar@example.org",
        "full_name": "Gustavo Ledesma Ríos",
        "role": Role.EXPERT,
        "expert": {
            "country": "AR",
            "institution": "AR",
            "position": "Coordinador de Prestaciones por Desempleo",
            "areas": ["Seguro de desempleo", "Asignaciones familiares", "Seguridad social"],
            "languages": "es",
            "manages_teams": True,
            "similar": (
                "Quince años en la gestión de prestaciones de la seguridad social; diseñó el "
                "procedimiento de alta en línea del seguro de desempleo."
            ),
        },
    },
    {
        "email": "expert.br@example.org",
        "full_name": "Renata Albuquerque Nunes",
        "role": Role.EXPERT,
        "preferred_language": "pt",
        "expert": {
            "country": "BR",
            "institution": "BR",
            "position": "Coordenadora-Geral de Cadastro e Transferências",
            "areas": [
                "Cadastro único e registros sociais",
                "Transferências de renda condicionadas",
                "Gestão descentralizada com municípios",
            ],
            "languages": "pt, es, en",
            "manages_teams": True,
            "similar": (
                "Coordenou a atualização cadastral de programas de transferência de renda em "
                "mais de 5 000 municípios e a revisão das condicionalidades de saúde e educação."
            ),
        },
    },
    {
        "email": "expert.cr@example.org",
        "full_name": "Esteban Quesada Mora",
        "role": Role.EXPERT,
        "expert": {
            "country": "CR",
            "institution": "CR",
            "position": "Subgerente de Desarrollo Social",
            "areas": [
                "Atención a la pobreza extrema",
                "Acompañamiento familiar",
                "Gestión territorial de programas sociales",
            ],
            "languages": "es, en",
            "manages_teams": True,
            "similar": (
                "Dirigió la estrategia nacional de atención integral a hogares en pobreza "
                "extrema con cogestores sociales en todas las regiones del país."
            ),
        },
    },
    {
        "email": "expert.pa@example.org",
        "full_name": "Inés Caballero Arosemena",
        "role": Role.EXPERT,
        "expert": {
            "country": "PA",
            "institution": "PA",
            "position": "Directora de Políticas Sociales",
            "areas": [
                "Protección social adaptativa",
                "Cuidados de personas mayores",
                "Planificación y presupuesto por resultados",
            ],
            "languages": "es, en",
            "manages_teams": False,
            "similar": (
                "Coordinó la respuesta de las transferencias de emergencia durante la pandemia "
                "y el diseño de la red de centros de cuidado diurno."
            ),
        },
    },
]

# The experts' topics of expertise (panels.Expertise, the roster's main filter), by English name.
EXPERT_TOPICS = {
    "expert.cl@example.org": [
        "Social registries and targeting",
        "Social information systems",
        "Poverty measurement",
    ],
    "expert.uy@example.org": [
        "Cash transfer programs",
        "Care systems",
        "Policy and program evaluation",
    ],
    "expert.mx@example.org": [
        "Non-contributory pensions",
        "Social registries and targeting",
        "Information technology (e-government)",
    ],
    "expert.ar@example.org": [
        "Unemployment insurance",
        "Social protection for informal workers",
        "Cash transfer programs",
    ],
    "expert.br@example.org": [
        "Social registries and targeting",
        "Cash transfer programs",
        "Decentralization",
    ],
    "expert.cr@example.org": [
        "Poverty measurement",
        "Labour and productive inclusion",
        "Coordination mechanisms",
    ],
    "expert.pa@example.org": [
        "Adaptive social protection and emergencies",
        "Care systems",
        "Public budget",
        "Planning",
    ],
}

FOCAL = {
    key: f"focal.{key.lower()}@example.org" for key in ("GT", "HN", "PY", "DO", "PE", "EC", "CO")
}


def seat(email, status="accepted", kind="specialist"):
    return (email, kind, status)


def coordinator_seats(*emails):
    return [seat(e, kind="coordinator") for e in emails]


RIPSO_COORDS = [COORD, COORD2]

# --- Rounds -----------------------------------------------------------------------------------
# Each round: institution, title, description, goal, the rest of the request (kind, stage,
# topics by English name, countries of interest, reference documents as links), start (creation
# date), steps (transition names, or (name, comment) pairs; "edit_request" adds "late_doc"), and
# from acceptance on: methodology, coordinators, panel seats (e-mail, kind, status).
RETURN_DOCS = (
    "Gracias por la solicitud. Antes de aceptarla necesitamos que precisen los resultados "
    "esperados de la cooperación y que adjunten el documento de diseño del programa o su "
    "último informe de evaluación (R1.2, R1.4)."
)
RESUBMIT = "Se precisaron los resultados esperados y se adjuntó el documento de diseño."

ROUNDS = [
    # ---- Guatemala: many states ----
    {
        "inst": "GT",
        "title": "Registro Social de Hogares: interoperabilidad con registros administrativos",
        "description": (
            "El Registro Social de Hogares reúne la información socioeconómica de 1,2 millones "
            "de hogares. Se busca conectarlo con el registro civil, la seguridad social y los "
            "padrones de programas para actualizar datos sin nuevas encuestas."
        ),
        "goal": (
            "Una hoja de ruta de interoperabilidad (acuerdos de intercambio, estándares de datos, "
            "protección de datos personales) y recomendaciones sobre la actualización continua."
        ),
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Social registries and targeting", "Social information systems"],
            "interest": [("CL", "Registro Social de Hogares")],
            "docs": [],
        },
        "start": "2026-10-19",
        "steps": [],
    },
    {
        "inst": "GT",
        "title": "Bono Social: revisión de los criterios de focalización",
        "description": (
            "Transferencia monetaria a hogares con niñas y niños en situación de pobreza. Los "
            "criterios de elegibilidad datan de 2012 y presentan errores de inclusión y exclusión."
        ),
        "goal": (
            "Recomendaciones para un modelo de focalización basado en el Registro Social de "
            "Hogares y un plan de recertificación gradual de los hogares participantes."
        ),
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Cash transfer programs", "Social registries and targeting"],
            "interest": [("BR", "Cadastro Único"), ("CL", "")],
            "docs": [("Reglamento operativo del Bono Social", "conceptual")],
        },
        "start": "2026-10-01",
        "steps": ["submit"],
    },
    {
        "inst": "GT",
        "title": "Sistema Nacional de Cuidados: modelo de gestión territorial",
        "description": (
            "Diseño de un sistema de cuidados para primera infancia, personas mayores y personas "
            "con discapacidad, articulado con los gobiernos municipales."
        ),
        "goal": (
            "Conocer experiencias de gobernanza de sistemas de cuidados y obtener recomendaciones "
            "sobre el modelo de gestión territorial y su financiamiento."
        ),
        "contact": (
            "Ana Sofía Ixcot Chávez",
            "Directora de Políticas de Cuidado",
            "cuidados.gt@example.org",
            "+502 2200 0110",
        ),
        "request": {
            "kind": "policy",
            "stage": "design",
            "topics": ["Care systems"],
            "interest": [("UY", "Sistema Nacional Integrado de Cuidados")],
            "docs": [("Propuesta de política nacional de cuidados", "conceptual")],
        },
        "start": "2026-07-13",
        "steps": ["submit", ("return_for_changes", RETURN_DOCS)],
    },
    {
        "inst": "GT",
        "title": "Seguro de desempleo: estudio de factibilidad",
        "description": (
            "Estudio preliminar para crear un seguro de desempleo contributivo para personas "
            "trabajadoras del sector formal."
        ),
        "goal": "Opciones de diseño, costos y requisitos institucionales de un seguro de desempleo.",
        "request": {
            "kind": "initiative",
            "stage": "design",
            "topics": ["Unemployment insurance"],
            "interest": [("AR", ""), ("CL", "Seguro de cesantía")],
            "docs": [],
        },
        "start": "2025-03-10",
        "steps": [
            "submit",
            ("return_for_changes", RETURN_DOCS),
            (
                "withdraw",
                "Las nuevas autoridades reorientan la prioridad hacia el sistema de "
                "cuidados; retiramos la solicitud por ahora.",
            ),
        ],
    },
    {
        "inst": "GT",
        "title": "Pensión no contributiva para personas adultas mayores: ampliación de cobertura",
        "description": (
            "Programa de aporte económico a personas de 65 años y más sin pensión. Se prepara una "
            "reforma para ampliar la cobertura rural y digitalizar los pagos."
        ),
        "goal": (
            "Recomendaciones sobre criterios de acceso, mecanismos de pago y sostenibilidad "
            "fiscal de la ampliación."
        ),
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Non-contributory pensions"],
            "interest": [
                ("MX", "Pensión para el bienestar de las personas adultas mayores"),
                ("CR", "Régimen no contributivo"),
            ],
            "docs": [
                ("Informe de cobertura 2025", "report"),
                ("Sitio web del programa", "website"),
            ],
        },
        "start": "2026-08-17",
        "steps": ["submit", ("accept", "Solicitud aceptada: ronda RIPSO.")],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.cr@example.org"),
            seat("expert.mx@example.org", "invited"),
        ],
    },
    {
        "inst": "GT",
        "title": "Programa de transferencias monetarias condicionadas: rediseño de "
        "corresponsabilidades",
        "description": (
            "Las corresponsabilidades de salud y educación del programa se verifican en papel y "
            "con meses de retraso. La reforma en curso busca verificarlas con datos de los "
            "ministerios sectoriales."
        ),
        "goal": (
            "Recomendaciones sobre la verificación de corresponsabilidades, el acompañamiento a "
            "hogares que no las cumplen y la articulación con la oferta de servicios."
        ),
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Cash transfer programs", "Social information systems"],
            "interest": [
                ("CL", "Verificación de corresponsabilidades con registros administrativos"),
                ("AR", ""),
            ],
            "docs": [
                ("Manual operativo del programa", "conceptual"),
                ("Evaluación de procesos 2024", "report"),
            ],
            "late_doc": ("Documento de diseño de la reforma", "conceptual"),
        },
        "start": "2026-04-20",
        "steps": [
            "submit",
            ("return_for_changes", RETURN_DOCS),
            "edit_request",
            ("submit", RESUBMIT),
            ("accept", "Aceptada. Se propone un panel con experiencia en registros sociales."),
            "confirm_panel",
        ],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.cl@example.org"),
            seat("expert.ar@example.org"),
        ],
    },
    {
        "inst": "GT",
        "title": "Estrategia de inclusión productiva para hogares rurales",
        "description": (
            "Estrategia que combina transferencias, capacitación y acceso a mercados para hogares "
            "rurales que egresan de los programas de asistencia."
        ),
        "goal": "Recomendaciones para la ruta de egreso y la coordinación con el sector agrícola.",
        "request": {
            "kind": "policy",
            "stage": "design",
            "topics": ["Labour and productive inclusion"],
            "interest": [("BR", "Inclusão produtiva rural"), ("CR", "")],
            "docs": [("Nota conceptual de la estrategia", "conceptual")],
        },
        "start": "2025-11-10",
        "steps": [*demo.PATH_TO[S.REPORT_DRAFTING]],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.br@example.org"),
            seat("expert.cr@example.org"),
        ],
    },
    {
        "inst": "GT",
        "title": "Sistema de información social y ventanilla única de programas",
        "description": (
            "Sistema que integra la información de los programas sociales y una ventanilla única "
            "para que las personas soliciten y den seguimiento a sus trámites."
        ),
        "goal": (
            "Recomendaciones sobre arquitectura de datos, gobernanza del sistema y canales de "
            "atención ciudadana."
        ),
        "request": {
            "kind": "initiative",
            "stage": "reform",
            "topics": ["Social information systems"],
            "interest": [("CL", "Registro de Información Social"), ("BR", "")],
            "docs": [
                ("Arquitectura del sistema de información", "conceptual"),
                ("Portal ciudadano", "website"),
            ],
        },
        "start": "2025-08-04",
        "steps": [
            *demo.PATH_TO[S.COUNTRY_REVIEW],
            (
                "request_changes",
                "La sección de recomendaciones debería distinguir medidas de "
                "corto y mediano plazo; favor de revisar la cifra de cobertura "
                "de 2024 en la sección 2.",
            ),
            ("send_for_review", "Versión revisada con las observaciones del Ministerio."),
        ],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.cl@example.org"),
            seat("expert.br@example.org"),
        ],
    },
    {
        "inst": "GT",
        "title": "Programa de alimentación escolar con compras a la agricultura familiar",
        "description": (
            "El programa entrega alimentación a 2,5 millones de estudiantes y debe comprar al "
            "menos la mitad de los alimentos a la agricultura familiar local."
        ),
        "goal": "Recomendaciones sobre compras públicas locales, calidad nutricional y monitoreo.",
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Early childhood", "Labour and productive inclusion"],
            "interest": [("CR", "Comedores escolares"), ("CL", "")],
            "docs": [
                ("Ley de alimentación escolar", "conceptual"),
                ("Informe anual del programa", "report"),
            ],
        },
        "start": "2025-01-20",
        "steps": [
            *demo.PATH_TO[S.APPROVED][:-1],
            ("approve", "El Ministerio aprueba el informe final."),
            (
                "publish",
                "Autorización escrita del Ministerio recibida; informe publicado en el "
                "portal de la Red.",
            ),
        ],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.cl@example.org"),
            seat("expert.cr@example.org"),
        ],
    },
    # ---- Honduras ----
    {
        "inst": "HN",
        "title": "Registro Único de Participantes: actualización de datos en línea",
        "description": (
            "Plataforma para que los hogares actualicen sus datos en el registro de participantes "
            "de programas sociales sin acudir a una oficina."
        ),
        "goal": "Recomendaciones sobre validación de datos en línea y protección de datos.",
        "request": {
            "kind": "initiative",
            "stage": "design",
            "topics": ["Social registries and targeting"],
            "interest": [],
            "docs": [],
        },
        "start": "2026-11-02",
        "steps": [],
    },
    {
        "inst": "HN",
        "title": "Programa de transferencias monetarias: estrategia de graduación de hogares",
        "description": (
            "Los hogares permanecen en el programa sin una ruta de salida. Se diseña una estrategia "
            "de graduación con acompañamiento y vinculación laboral."
        ),
        "goal": "Criterios de graduación, acompañamiento familiar y articulación con empleo.",
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Cash transfer programs", "Labour and productive inclusion"],
            "interest": [("UY", ""), ("AR", "")],
            "docs": [("Diagnóstico de permanencia de hogares", "report")],
        },
        "start": "2026-07-27",
        "steps": [*demo.PATH_TO[S.VISIT_IN_PROGRESS]],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.uy@example.org"),
            seat("expert.ar@example.org"),
        ],
    },
    {
        "inst": "HN",
        "title": "Pensión no contributiva para personas con discapacidad",
        "description": (
            "Creación de una pensión para personas con discapacidad severa en situación de "
            "pobreza, con certificación de la discapacidad por equipos regionales."
        ),
        "goal": "Recomendaciones sobre certificación, montos, pagos y articulación con servicios.",
        "request": {
            "kind": "program",
            "stage": "design",
            "topics": ["Non-contributory pensions", "Disability and inclusion"],
            "interest": [("BR", "Benefício de Prestação Continuada"), ("CR", "")],
            "docs": [("Anteproyecto de reglamento", "conceptual")],
        },
        "start": "2025-12-01",
        "steps": [*demo.PATH_TO[S.APPROVED]],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.br@example.org"),
            seat("expert.cr@example.org"),
        ],
    },
    {
        "inst": "HN",
        "title": "Programa de vivienda social: subsidios focalizados",
        "description": "Subsidio para la construcción de viviendas en zonas urbanas marginales.",
        "goal": "Recomendaciones sobre el diseño de los subsidios y la selección de familias.",
        "request": {
            "kind": "program",
            "stage": "implementation",
            "topics": ["Social registries and targeting"],
            "interest": [("CL", "")],
            "docs": [("Sitio web del programa", "website")],
        },
        "start": "2025-10-13",
        "steps": [
            "submit",
            (
                "decline",
                "La construcción de vivienda está fuera de las líneas temáticas de la "
                "Red. Sugerimos reformular la solicitud en torno a la focalización de "
                "subsidios sociales en general.",
            ),
        ],
    },
    # ---- Paraguay (MECIGEP) ----
    {
        "inst": "PY",
        "title": "Sistema de monitoreo y evaluación de programas sociales",
        "description": (
            "Puesta en marcha de un sistema de monitoreo y evaluación común a los programas del "
            "Ministerio, con indicadores de resultado y evaluaciones periódicas."
        ),
        "goal": "Autoevaluación del sistema y recomendaciones de pares para su institucionalización.",
        "request": {
            "kind": "initiative",
            "stage": "design",
            "topics": ["Policy and program evaluation", "Coordination mechanisms"],
            "interest": [("AR", ""), ("BR", "")],
            "docs": [("Cuestionario de autoevaluación preliminar", "report")],
        },
        "start": "2026-06-22",
        "steps": [*demo.PATH_TO[S.VISIT_SCHEDULED]],
        "methodology": "mecigep",
        "coordinators": [COORD2],
        "seats": [
            *coordinator_seats(COORD2),
            seat("expert.ar@example.org"),
            seat("expert.br@example.org"),
            seat("expert.cr@example.org"),
        ],
    },
    {
        "inst": "PY",
        "title": "Gestión por resultados en la protección social: planificación y presupuesto",
        "description": (
            "Vinculación del plan estratégico del Ministerio con el presupuesto por programas y "
            "sus metas físicas."
        ),
        "goal": "Recomendaciones para presupuestar por resultados los programas de protección social.",
        "request": {
            "kind": "policy",
            "stage": "reform",
            "topics": ["Public budget", "Planning"],
            "interest": [("BR", ""), ("PA", "")],
            "docs": [("Plan estratégico institucional", "conceptual")],
        },
        "start": "2025-02-03",
        "steps": [
            *demo.PATH_TO[S.APPROVED],
            (
                "keep_internal",
                "El Ministerio prefiere mantener el informe como documento interno "
                "de trabajo para la reforma presupuestaria.",
            ),
        ],
        "methodology": "mecigep",
        "coordinators": [COORD],
        "seats": [
            *coordinator_seats(COORD),
            seat("expert.ar@example.org"),
            seat("expert.br@example.org"),
            seat("expert.pa@example.org"),
        ],
    },
    # ---- Dominican Republic ----
    {
        "inst": "DO",
        "title": "Sistema de cuidados para la primera infancia",
        "description": (
            "Ampliación de los centros de atención a la primera infancia y creación de un "
            "servicio de cuidado comunitario para familias con jornadas laborales extensas."
        ),
        "goal": "Recomendaciones sobre modelos de servicio, calidad y financiamiento.",
        "request": {
            "kind": "policy",
            "stage": "reform",
            "topics": ["Care systems", "Early childhood"],
            "interest": [("AR", ""), ("PA", "Centros de atención integral a la primera infancia")],
            "docs": [("Hoja de ruta de la política de cuidados", "conceptual")],
        },
        "start": "2025-09-08",
        "steps": [*demo.PATH_TO[S.APPROVED]],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.ar@example.org"),
            seat("expert.pa@example.org"),
        ],
    },
    {
        "inst": "DO",
        "title": "Seguro de desempleo para trabajadores de la economía informal",
        "description": "Diseño de un mecanismo de protección ante la pérdida de ingresos.",
        "goal": "Opciones de diseño y de financiamiento para trabajadores informales.",
        "request": {
            "kind": "initiative",
            "stage": "design",
            "topics": ["Unemployment insurance", "Social protection for informal workers"],
            "interest": [("AR", ""), ("CR", "")],
            "docs": [],
        },
        "start": "2025-05-19",
        "steps": [
            *demo.PATH_TO[S.PREPARATION],
            (
                "cancel",
                "The institution asked to postpone the round after the change of "
                "authorities; it may submit a new request next year.",
            ),
        ],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.cr@example.org"),
            seat("expert.ar@example.org"),
        ],
    },
    {
        "inst": "DO",
        "title": "Pensión no contributiva: sistema de pagos digitales",
        "description": "Migración de los pagos en efectivo de la pensión a cuentas básicas.",
        "goal": "Recomendaciones sobre inclusión financiera de personas mayores y canales de pago.",
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Non-contributory pensions"],
            "interest": [("MX", "Pagos de la pensión con tarjeta bancaria")],
            "docs": [("Estudio de canales de pago", "report")],
        },
        "start": "2026-11-05",
        "steps": ["submit"],
    },
    # ---- Peru ----
    {
        "inst": "PE",
        "title": "Padrón General de Hogares: verificación de datos socioeconómicos",
        "description": (
            "Modernización de la verificación de la clasificación socioeconómica con registros "
            "administrativos y visitas focalizadas."
        ),
        "goal": "Recomendaciones sobre la verificación y la actualización de la clasificación.",
        "request": {
            "kind": "initiative",
            "stage": "reform",
            "topics": ["Social registries and targeting", "Poverty measurement"],
            "interest": [("CL", "")],
            "docs": [("Metodología de clasificación socioeconómica", "conceptual")],
        },
        "start": "2026-09-21",
        "steps": [
            "submit",
            (
                "return_for_changes",
                "Please add a reference document on the current verification "
                "procedure and state the expected products more precisely.",
            ),
        ],
    },
    {
        "inst": "PE",
        "title": "Programa de becas para educación superior",
        "description": "Becas para estudiantes de hogares en pobreza.",
        "goal": "Revisión del programa de becas.",
        "request": {
            "kind": "program",
            "stage": "implementation",
            "topics": ["Labour and productive inclusion"],
            "interest": [],
            "docs": [],
        },
        "start": "2025-04-07",
        "steps": [
            "submit",
            (
                "decline",
                "El programa ya recibe asistencia técnica de otro organismo sobre el "
                "mismo tema; para no duplicar esfuerzos no podemos aceptar la solicitud.",
            ),
        ],
    },
    {
        "inst": "PE",
        "title": "Programa de acompañamiento familiar para hogares en pobreza extrema",
        "description": (
            "Acompañamiento de gestores locales a hogares en pobreza extrema para articular "
            "servicios de salud, educación e identidad."
        ),
        "goal": "Recomendaciones sobre el modelo de acompañamiento y los perfiles de gestores.",
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Cash transfer programs"],
            "interest": [("CR", "Estrategia Puente al Desarrollo"), ("PA", "")],
            "docs": [("Modelo de acompañamiento", "conceptual")],
        },
        "start": "2026-02-09",
        "steps": [*demo.PATH_TO[S.REPORT_DRAFTING]],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.cr@example.org"),
            seat("expert.pa@example.org"),
        ],
    },
    # ---- Ecuador ----
    {
        "inst": "EC",
        "title": "Bono de Desarrollo Humano: actualización de la línea de corte",
        "description": "Revisión del umbral de elegibilidad del bono con datos del nuevo censo.",
        "goal": "Recomendaciones metodológicas para la línea de corte.",
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Cash transfer programs", "Poverty measurement"],
            "interest": [],
            "docs": [],
        },
        "start": "2026-03-02",
        "steps": [
            "submit",
            ("withdraw", "El tema se resolverá con apoyo del instituto de estadística."),
        ],
    },
    {
        "inst": "EC",
        "title": "Servicios de cuidado para personas adultas mayores",
        "description": (
            "Red de centros diurnos y atención domiciliaria para personas mayores en situación "
            "de dependencia."
        ),
        "goal": "Recomendaciones sobre estándares de calidad, costos y gestión con municipios.",
        "request": {
            "kind": "program",
            "stage": "design",
            "topics": ["Care systems"],
            "interest": [("PA", ""), ("UY", "")],
            "docs": [("Norma técnica de centros diurnos", "conceptual")],
        },
        "start": "2026-07-27",
        "steps": [*demo.PATH_TO[S.PREPARATION]],
        "methodology": "ripso",
        "coordinators": RIPSO_COORDS,
        "seats": [
            *coordinator_seats(COORD, COORD2),
            seat("expert.pa@example.org"),
            seat("expert.ar@example.org"),
        ],
    },
    # ---- Colombia ----
    {
        "inst": "CO",
        "title": "Transferencias monetarias no condicionadas: pagos y bancarización",
        "description": (
            "Unificación de varios programas de transferencias en uno solo, pagado mediante "
            "cuentas bancarias y billeteras móviles."
        ),
        "goal": "Autoevaluación y recomendaciones de pares sobre el esquema de pagos.",
        "request": {
            "kind": "program",
            "stage": "reform",
            "topics": ["Quality of public services", "Information technology (e-government)"],
            "interest": [("BR", ""), ("AR", "")],
            "docs": [("Autoevaluación MECIGEP", "report")],
        },
        "start": "2025-03-17",
        "steps": [*demo.PATH_TO[S.PUBLISHED]],
        "methodology": "mecigep",
        "coordinators": [COORD],
        "seats": [
            *coordinator_seats(COORD),
            seat("expert.ar@example.org"),
            seat("expert.br@example.org"),
            seat("expert.pa@example.org"),
        ],
    },
    {
        "inst": "CO",
        "title": "Sistema de protección social adaptativo ante emergencias",
        "description": (
            "Mecanismos para ampliar temporalmente las transferencias ante desastres, usando el "
            "registro social y alertas tempranas."
        ),
        "goal": "Recomendaciones sobre protocolos de activación, financiamiento y focalización.",
        "request": {
            "kind": "policy",
            "stage": "design",
            "topics": ["Adaptive social protection and emergencies"],
            "interest": [("PA", ""), ("CL", "")],
            "docs": [("Protocolo de respuesta a emergencias", "conceptual")],
        },
        "start": "2026-09-28",
        "steps": ["submit", "accept"],
        "methodology": "ripso",
        "coordinators": [COORD2],
        "seats": [
            *coordinator_seats(COORD2),
            seat("expert.pa@example.org", "invited"),
            seat("expert.ar@example.org", "proposed"),
        ],
    },
]

FOCAL_POINT_TRANSITIONS = {"submit", "withdraw", "request_changes", "approve", "keep_internal"}
REQUEST_DECISIONS = {"return_for_changes", "accept", "decline", "cancel"}
DEFAULT_COMMENTS = {
    "submit": "",
    "accept": "Solicitud aceptada por la Secretaría Técnica.",
    "confirm_panel": "Panel completo: todas las personas invitadas aceptaron.",
    "schedule_visit": "Agenda final y logística confirmadas.",
    "start_visit": "Reunión protocolar de apertura realizada.",
    "complete_visit": "Visita concluida; se inicia la redacción del informe.",
    "send_for_review": "Informe preliminar enviado para revisión del país.",
    "approve": "Aprobamos el informe final.",
    "publish": "Autorización escrita recibida; informe publicado.",
}
READ_AFTER = timedelta(days=90)
# "edit_request" is not a transition: the focal point completes a returned request (adds the
# round's "late_doc") before submitting it again.
GAP_DAYS = demo.TYPICAL_GAP_DAYS | {"edit_request": 5}
EXPECTED_RESULTS = (
    "Un informe ejecutivo (20 páginas como máximo) con los hallazgos del intercambio, "
    "recomendaciones prácticas y una hoja de ruta para adoptarlas."
)


def _date(text):
    return datetime.fromisoformat(text).replace(hour=14, tzinfo=UTC)


def _jitter(key, spread):
    """A deterministic fraction in [-spread, spread] (the demo is the same on every run)."""
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] / 255 * 2 - 1) * spread


class Command(BaseCommand):
    help = "Create the demo data set (people for every role, rounds in every state). Idempotent."

    def handle(self, *args, **options):
        demo.discover()
        self.now = timezone.now()
        started = timezone.now()
        people = self.create_people()
        created, failures = 0, []
        with demo.quiet_notifications():
            for spec in sorted(ROUNDS, key=lambda r: r["start"]):
                institution = self.institutions[spec["inst"]]
                if Round.objects.filter(institution=institution, title=spec["title"]).exists():
                    continue
                try:
                    rnd = self.create_round(spec, institution, people)
                except RoundError as exc:
                    failures.append((spec["title"], exc))
                    continue
                demo.backdate_messages(rnd.code, read_before=self.now - READ_AFTER)
                created += 1
        self.summary(created, timezone.now() - started)
        if failures:
            lines = [
                f"  {title}: {exc.message} {'; '.join(exc.details)}" for title, exc in failures
            ]
            raise CommandError(
                "Some demo rounds could not reach their state (rolled back):\n" + "\n".join(lines)
            )

    # --- people -----------------------------------------------------------------------------
    def create_people(self):
        # Reference data normally comes from migrations; a flushed test database lacks it.
        load_member_states(Country)
        load_default_topics(Topic)
        self.countries = countries = {c.code: c for c in Country.objects.all()}
        self.institutions = {}
        for key, (code, name, acronym) in INSTITUTIONS.items():
            inst, _ = Institution.objects.get_or_create(
                country=countries[code], name=name, defaults={"acronym": acronym}
            )
            self.institutions[key] = inst
        people = {}
        self.new_users = 0
        self.password_hash = None
        for person in PEOPLE:
            user = User.objects.filter(email__iexact=person["email"]).first()
            if user is None:
                user = self.create_person(person, countries)
                self.new_users += 1
            people[person["email"]] = user
        self.give_expertise(people)
        return people

    def give_expertise(self, people):
        """Topics of expertise for the demo experts who have none yet (idempotent)."""
        expertise = apps.get_model("panels", "Expertise")  # panels builds on rounds, not back
        topics = {t.name_en: t for t in Topic.objects.all()}
        for email, names in EXPERT_TOPICS.items():
            user = people.get(email)
            if user is None or expertise.objects.filter(user=user).exists():
                continue
            expertise.objects.bulk_create(
                [expertise(user=user, topic=topics[name]) for name in names if name in topics]
            )

    def create_person(self, person, countries):
        fields = {
            "full_name": person["full_name"],
            "role": person["role"],
            "position": person.get("position", ""),
            "phone": person.get("phone", ""),
            "is_oas_specialist": person.get("is_oas_specialist", False),
            "preferred_language": person.get("preferred_language", "es"),
        }
        if person.get("institution"):
            fields["institution"] = self.institutions[person["institution"]]
        expert = person.get("expert")
        if expert:
            fields["position"] = expert["position"]
        if self.password_hash is None:
            # Hashed once (PBKDF2 takes ~0.5 s): every demo login has the same, public password.
            self.password_hash = make_password(demo.DEMO_PASSWORD)
        with transaction.atomic():
            user = User.objects.create(
                email=person["email"].lower(), password=self.password_hash, **fields
            )
            if expert:
                ExpertProfile.objects.create(
                    user=user,
                    country=countries[expert["country"]],
                    institution=self.institutions[expert["institution"]],
                    position=expert["position"],
                    areas_of_expertise="\n".join(expert["areas"]),
                    languages=expert["languages"],
                    manages_teams=expert["manages_teams"],
                    similar_initiatives_experience=expert["similar"],
                )
        return user

    # --- rounds -----------------------------------------------------------------------------
    def timeline(self, spec):
        """The creation date and the (back-dated) moment of every step, never in the future."""
        start = _date(spec["start"])
        steps = [s if isinstance(s, tuple) else (s, None) for s in spec["steps"]]
        gaps = [
            timedelta(days=GAP_DAYS[name]) * (1 + _jitter(f"{spec['title']}/{i}", 0.3))
            for i, (name, _c) in enumerate(steps)
        ]
        latest = self.now - timedelta(hours=6)
        total = sum(gaps, timedelta())
        if steps and start + total > latest:
            scale = max((latest - start) / total, 0.01)
            gaps = [g * scale for g in gaps]
        moments, at = [], start
        for gap in gaps:
            at += gap
            moments.append(at.replace(second=0, microsecond=0))
        return start, list(zip(steps, moments, strict=True))

    def create_round(self, spec, institution, people):
        focal = people[FOCAL[spec["inst"]]]
        start, steps = self.timeline(spec)
        request = spec["request"]
        fields = {
            "description": spec["description"],
            "goal": spec["goal"],
            "expected_results": EXPECTED_RESULTS,
            "initiative_kind": request["kind"],
            "stage": request["stage"],
        }
        if spec.get("contact"):
            name, position, email, phone = spec["contact"]
            fields |= {
                "contact_name": name,
                "contact_position": position,
                "contact_email": email,
                "contact_phone": phone,
            }
        coordinators = [people[e] for e in spec.get("coordinators", ())]
        with transaction.atomic():
            rnd = create_round(
                creator=focal, institution=institution, title=spec["title"], **fields
            )
            self.recode(rnd, start.year)
            Round.objects.filter(pk=rnd.pk).update(
                created_at=start, state_changed_at=start, updated_at=start
            )
            RoundEvent.objects.filter(round=rnd).update(created_at=start)
            self.fill_request(rnd, focal, request)
            self.backdate_request_events(rnd, start)
            for index, ((name, comment), at) in enumerate(steps):
                if name == "edit_request":
                    self.add_documents(rnd, focal, [request["late_doc"]])
                    self.backdate_request_events(rnd, at)
                    continue
                if comment is None:
                    comment = DEFAULT_COMMENTS.get(name, "")
                actor = self.actor_for(name, focal, coordinators, people)
                params = {}
                if name == "accept":
                    params = {"methodology": spec["methodology"], "coordinators": coordinators}
                demo.run_preparers(rnd, name, at=at, people=people)
                mark = OutgoingMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
                rnd = transition_round(rnd.pk, name, actor, comment=comment, **params)
                self.backdate_step(rnd, name, at, mark or 0)
                if name == "accept" and spec.get("seats"):
                    following = steps[index + 1][1] if index + 1 < len(steps) else None
                    self.create_seats(rnd, spec["seats"], at, following, people)
            expected = demo.TARGET[steps[-1][0][0]] if steps else S.DRAFT
            rnd.refresh_from_db()
            if rnd.status != expected:  # pragma: no cover - a wrong scenario, not a user error
                raise CommandError(f"{rnd.code} ended in {rnd.status}, expected {expected}")
        return rnd

    def recode(self, rnd, year):
        """A round created (back-dated) in an earlier year gets a code of that year.

        ``create_round`` took this year's next number; it is given back when still the last one
        (it always is here, under the counter's lock), so this year's codes have no gap.
        """
        this_year = self.now.year
        if year == this_year:
            return
        counter = RoundCounter.objects.select_for_update().get(year=this_year)
        if rnd.code == f"RIPSO-{this_year}-{counter.last:03d}":
            counter.last -= 1
            counter.save(update_fields=["last"])
        rnd.code = next_round_code(year)
        Round.objects.filter(pk=rnd.pk).update(code=rnd.code)

    def actor_for(self, name, focal, coordinators, people):
        if name in FOCAL_POINT_TRANSITIONS:
            return focal
        if name in REQUEST_DECISIONS or not coordinators:
            return people[SEC]
        return coordinators[0]

    def backdate_step(self, rnd, name, at, mark):
        event = RoundEvent.objects.filter(round=rnd).order_by("-pk").first()
        RoundEvent.objects.filter(pk=event.pk).update(created_at=at)
        extra = {"submitted_at": at} if name == "submit" else {}
        Round.objects.filter(pk=rnd.pk).update(state_changed_at=at, updated_at=at, **extra)
        OutgoingMessage.objects.filter(pk__gt=mark).update(created_at=at)
        if name == "submit":
            latest = rnd.submissions.order_by("-number").first()
            RequestSubmission.objects.filter(pk=latest.pk).update(submitted_at=at)

    def fill_request(self, rnd, focal, request):
        """Topics, countries of interest and reference documents, as the focal point enters them."""
        topics = list(Topic.objects.filter(name_en__in=request["topics"]))
        request_services.save_request_fields(rnd, focal, {}, topics=topics)
        if request["interest"]:
            request_services.set_countries_of_interest(
                rnd, focal, [(self.countries[code], note) for code, note in request["interest"]]
            )
        self.add_documents(rnd, focal, request["docs"])

    def add_documents(self, rnd, focal, docs):
        acronym = rnd.institution.acronym.lower()
        for title, kind in docs:
            request_services.add_document(
                rnd,
                focal,
                title=title,
                kind=kind,
                url=f"https://{demo.DEMO_DOMAIN}/{acronym}/{slugify(title)}",
            )

    def backdate_request_events(self, rnd, since):
        """Request edits not yet dated follow ``since`` an hour apart."""
        undated = RoundEvent.objects.filter(round=rnd, created_at__gt=self.now).order_by("pk")
        for i, pk in enumerate(undated.values_list("pk", flat=True)):
            RoundEvent.objects.filter(pk=pk).update(created_at=since + timedelta(hours=i + 1))

    def create_seats(self, rnd, seats, accepted_at, following, people):
        """The panel, invited after acceptance and answered before the next step."""
        seat_model = apps.get_model("panels", "PanelSeat")
        window = (following or min(accepted_at + timedelta(days=20), self.now)) - accepted_at
        for i, (email, kind, status) in enumerate(seats):
            created = accepted_at + window * (0.1 + 0.05 * i)
            responded = accepted_at + window * (0.5 + 0.05 * i) if status == "accepted" else None
            seat_model.objects.get_or_create(
                round=rnd,
                user=people[email],
                defaults={
                    "kind": kind,
                    "status": status,
                    "rank": i + 1,
                    "created_at": created,
                    "country_opinion": "agreed" if status != "proposed" else "pending",
                    "invited_at": created if status != "proposed" else None,
                    "response_deadline": created + timedelta(days=10)
                    if status != "proposed"
                    else None,
                    "responded_at": responded,
                    "ad_honorem_confirmed": status == "accepted",
                    "no_conflict_declared": status == "accepted",
                },
            )
            if rnd.methodology == "mecigep" and kind == "specialist":
                # R2.3: the beneficiary selected the member states the experts come from.
                profile = getattr(people[email], "expert_profile", None)
                if profile is not None:
                    apps.get_model("panels", "SelectedState").objects.get_or_create(
                        round=rnd, country=profile.country
                    )

    # --- report -----------------------------------------------------------------------------
    def summary(self, created, elapsed):
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Demo data: {self.new_users} new people, {created} new rounds "
                f"({elapsed.total_seconds():.1f} s). Password of every demo login: "
                f"{demo.DEMO_PASSWORD}"
            )
        )
        out.write("People:")
        for person in PEOPLE:
            role = Role(person["role"]).label
            out.write(f"  {person['email']:<28} {role}")
        counts = dict(Round.objects.values_list("status").annotate(n=Count("pk")))
        out.write("Rounds per state:")
        for state in RoundState:
            out.write(f"  {state.value:<18} {counts.get(state.value, 0):>5}")
        out.write(f"  {'total':<18} {sum(counts.values()):>5}")
