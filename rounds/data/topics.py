"""The initial topic lists (R6.1). The secretariat edits them afterwards."""

# (methodology, Spanish, English, Portuguese, French) — R6.1; the secretariat edits the lists.
TOPICS = [
    (
        "ripso",
        "Registros sociales y focalización",
        "Social registries and targeting",
        "Registros sociais e focalização",
        "Registres sociaux et ciblage",
    ),
    (
        "ripso",
        "Programas de transferencias monetarias",
        "Cash transfer programs",
        "Programas de transferência de renda",
        "Programmes de transferts monétaires",
    ),
    (
        "ripso",
        "Pensiones no contributivas",
        "Non-contributory pensions",
        "Pensões não contributivas",
        "Pensions non contributives",
    ),
    ("ripso", "Sistemas de cuidados", "Care systems", "Sistemas de cuidados", "Systèmes de soins"),
    ("ripso", "Primera infancia", "Early childhood", "Primeira infância", "Petite enfance"),
    (
        "ripso",
        "Inclusión laboral y productiva",
        "Labour and productive inclusion",
        "Inclusão produtiva e laboral",
        "Inclusion productive et professionnelle",
    ),
    (
        "ripso",
        "Protección social de trabajadores informales",
        "Social protection for informal workers",
        "Proteção social de trabalhadores informais",
        "Protection sociale des travailleurs informels",
    ),
    (
        "ripso",
        "Seguro de desempleo",
        "Unemployment insurance",
        "Seguro-desemprego",
        "Assurance chômage",
    ),
    (
        "ripso",
        "Protección social adaptativa y emergencias",
        "Adaptive social protection and emergencies",
        "Proteção social adaptativa e emergências",
        "Protection sociale adaptative et urgences",
    ),
    (
        "ripso",
        "Discapacidad e inclusión",
        "Disability and inclusion",
        "Deficiência e inclusão",
        "Handicap et inclusion",
    ),
    ("ripso", "Igualdad de género", "Gender equality", "Igualdade de gênero", "Égalité de genre"),
    (
        "ripso",
        "Migración y protección social",
        "Migration and social protection",
        "Migração e proteção social",
        "Migration et protection sociale",
    ),
    (
        "ripso",
        "Medición de la pobreza",
        "Poverty measurement",
        "Medição da pobreza",
        "Mesure de la pauvreté",
    ),
    (
        "ripso",
        "Sistemas de información social",
        "Social information systems",
        "Sistemas de informação social",
        "Systèmes d'information sociale",
    ),
    ("mecigep", "Gobierno abierto", "Open government", "Governo aberto", "Gouvernement ouvert"),
    ("mecigep", "Planificación", "Planning", "Planejamento", "Planification"),
    ("mecigep", "Presupuesto público", "Public budget", "Orçamento público", "Budget public"),
    ("mecigep", "Servicio civil", "Civil service", "Serviço civil", "Fonction publique"),
    (
        "mecigep",
        "Mecanismos de coordinación",
        "Coordination mechanisms",
        "Mecanismos de coordenação",
        "Mécanismes de coordination",
    ),
    (
        "mecigep",
        "Evaluación de políticas y programas",
        "Policy and program evaluation",
        "Avaliação de políticas e programas",
        "Évaluation des politiques et programmes",
    ),
    (
        "mecigep",
        "Transparencia y rendición de cuentas",
        "Transparency and accountability",
        "Transparência e prestação de contas",
        "Transparence et redevabilité",
    ),
    (
        "mecigep",
        "Tecnologías de la información (gobierno electrónico)",
        "Information technology (e-government)",
        "Tecnologias da informação (governo eletrônico)",
        "Technologies de l'information (e-gouvernement)",
    ),
    ("mecigep", "Descentralización", "Decentralization", "Descentralização", "Décentralisation"),
    (
        "mecigep",
        "Calidad de los servicios públicos",
        "Quality of public services",
        "Qualidade dos serviços públicos",
        "Qualité des services publics",
    ),
    (
        "mecigep",
        "Participación ciudadana",
        "Citizen participation",
        "Participação cidadã",
        "Participation citoyenne",
    ),
]


def load_default_topics(topic_model):
    """Create the default topics that are missing (idempotent; used by the migration, the demo
    data and tests whose database was flushed)."""
    for position, (methodology, es, en, pt, fr) in enumerate(TOPICS):
        topic_model.objects.update_or_create(
            methodology=methodology,
            name_en=en,
            defaults={"name_es": es, "name_pt": pt, "name_fr": fr, "position": position},
        )
