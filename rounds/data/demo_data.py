"""The demo data set: fictional institutions, people and rounds (``manage.py seed_demo``).

Every person and address is fictional (@example.org); titles and texts are plausible examples of
social-protection initiatives, not real requests.
"""

from accounts.enums import Role
from rounds import demo
from rounds.enums import RoundState

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
        "steps": [*demo.PATH_TO[S.PUBLISHED]],
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
