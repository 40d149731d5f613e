"""Demo data of the report while it is drafted (``rounds.demo`` preparers).

Before ``send_for_review`` a demo round gets a realistic report: every section with several
paragraphs (a table in the findings), six recommendations and contributions from the panel, in
Spanish for Spanish-speaking countries and in English otherwise. Actors are found on the round
(``people`` is empty in the tests). Idempotent: what is already written is kept.
"""

from django.db import transaction
from django.utils.html import escape

from accounts.enums import Role
from accounts.models import User
from rounds.demo import prepare
from rounds.enums import RoundState

from . import services
from .enums import Horizon, Priority, SectionKind
from .models import Contribution

ES = {
    SectionKind.DESCRIPTION: [
        "La ronda de cooperación entre pares fue solicitada por {institution} ({country}) para "
        "revisar «{title}». El panel internacional de expertos estudió la documentación de "
        "referencia, las respuestas al cuestionario técnico y, durante la visita, se reunió "
        "con equipos de gestión, operadores territoriales y organizaciones de la sociedad civil.",
        "Este informe ejecutivo resume lo aprendido en el intercambio y propone recomendaciones "
        "prácticas y no vinculantes, ordenadas por prioridad y horizonte de tiempo.",
    ],
    SectionKind.INITIATIVE: [
        "La iniciativa se encuentra en una etapa de ajuste: la cobertura creció en los últimos "
        "años, y la institución busca ahora mejorar la focalización, la articulación con otros "
        "programas y la calidad de la información sobre los hogares participantes.",
        "El equipo técnico cuenta con experiencia y compromiso; los principales retos son la "
        "actualización del registro de hogares y la coordinación con los gobiernos locales.",
    ],
    SectionKind.FINDINGS: [
        "<h3>Focalización y registro</h3><p>El registro social cubre a la mayoría de los hogares "
        "del área rural, pero su actualización depende de barridos censales poco frecuentes. "
        "Las y los gestores locales señalaron demoras de varios meses para incorporar cambios.</p>",
        "<h3>Gestión territorial</h3><p>Las oficinas departamentales tienen buenas prácticas de "
        "atención, aunque con cargas de trabajo desiguales. La experiencia de los países del "
        "panel muestra que la ventanilla única reduce tiempos y costos para las familias.</p>",
        "<table><thead><tr><th>Ámbito</th><th>Fortaleza observada</th><th>Reto principal</th>"
        "</tr></thead><tbody><tr><td>Registro</td><td>Cobertura amplia</td><td>Actualización "
        "lenta</td></tr><tr><td>Pagos</td><td>Calendario estable</td><td>Acceso bancario "
        "limitado</td></tr><tr><td>Seguimiento</td><td>Indicadores definidos</td><td>Uso escaso "
        "en decisiones</td></tr></tbody></table>",
        "<p>En las reuniones con la sociedad civil se destacó la confianza en el programa y se "
        "pidió información más clara sobre los criterios de permanencia.</p>",
    ],
    SectionKind.RECOMMENDATIONS: [
        "Las recomendaciones siguientes surgen del diálogo con el equipo técnico y de la "
        "experiencia de los países del panel. Son voluntarias y pueden adaptarse al contexto.",
    ],
    SectionKind.COOPERATION: [
        "La institución manifestó interés en una pasantía técnica sobre interoperabilidad de "
        "registros sociales y en intercambiar instrumentos de evaluación con los países del panel.",
        "La Secretaría Técnica puede facilitar estos contactos a través de la Red y acompañar el "
        "seguimiento de las recomendaciones durante el próximo año.",
    ],
    SectionKind.ANNEXES: [],
}
EN = {
    SectionKind.DESCRIPTION: [
        "The peer cooperation round was requested by {institution} ({country}) to review "
        "“{title}”. The international expert panel studied the reference documents and the "
        "answers to the technical questionnaire and, during the visit, met management teams, "
        "field staff and civil society organisations.",
        "This executive report summarises what the exchange taught and proposes practical, "
        "non-binding recommendations, ordered by priority and time horizon.",
    ],
    SectionKind.INITIATIVE: [
        "The initiative is being adjusted: its coverage grew in recent years, and the "
        "institution now wants better targeting, closer links with other programmes and better "
        "information on participating households.",
        "The technical team is experienced and committed; the main challenges are keeping the "
        "household registry up to date and coordinating with local governments.",
    ],
    SectionKind.FINDINGS: [
        "<h3>Targeting and registry</h3><p>The social registry covers most rural households, "
        "but it is updated only through infrequent sweeps. Local managers reported delays of "
        "several months before changes are recorded.</p>",
        "<h3>Field management</h3><p>District offices follow good service practices, with "
        "uneven workloads. The panel countries' experience shows that one-stop shops cut time "
        "and costs for families.</p>",
        "<table><thead><tr><th>Area</th><th>Strength observed</th><th>Main challenge</th></tr>"
        "</thead><tbody><tr><td>Registry</td><td>Wide coverage</td><td>Slow updates</td></tr>"
        "<tr><td>Payments</td><td>Stable calendar</td><td>Limited access to banks</td></tr>"
        "<tr><td>Monitoring</td><td>Defined indicators</td><td>Little use in decisions</td></tr>"
        "</tbody></table>",
        "<p>Civil society organisations stressed their trust in the programme and asked for "
        "clearer information on the rules to remain in it.</p>",
    ],
    SectionKind.RECOMMENDATIONS: [
        "The following recommendations come from the dialogue with the technical team and the "
        "panel countries' experience. They are voluntary and can be adapted to the context.",
    ],
    SectionKind.COOPERATION: [
        "The institution is interested in a technical internship on social registry "
        "interoperability and in exchanging evaluation tools with the panel countries.",
        "The Technical Secretariat can facilitate these contacts through the Network and "
        "follow up on the recommendations during the coming year.",
    ],
    SectionKind.ANNEXES: [],
}
RECOMMENDATIONS = {
    "es": [
        (
            "Actualizar el registro social de forma continua, con ventanillas locales que "
            "registren los cambios de los hogares.",
            "Registro social",
            Priority.HIGH,
            Horizon.SHORT,
        ),
        (
            "Interoperar el registro con las bases de identidad y de otros programas sociales.",
            "Sistemas de información",
            Priority.HIGH,
            Horizon.MEDIUM,
        ),
        (
            "Publicar criterios de entrada y permanencia en lenguaje claro.",
            "Transparencia",
            Priority.MEDIUM,
            Horizon.SHORT,
        ),
        (
            "Equilibrar la carga de trabajo de las oficinas departamentales con un tablero de "
            "gestión.",
            "Gestión territorial",
            Priority.MEDIUM,
            Horizon.MEDIUM,
        ),
        (
            "Ampliar los medios de pago para los hogares sin acceso bancario.",
            "Pagos",
            Priority.MEDIUM,
            Horizon.MEDIUM,
        ),
        (
            "Diseñar una evaluación de impacto de la nueva focalización.",
            "Monitoreo y evaluación",
            Priority.LOW,
            Horizon.LONG,
        ),
    ],
    "en": [
        (
            "Update the social registry continuously, with local desks recording changes in "
            "households.",
            "Social registry",
            Priority.HIGH,
            Horizon.SHORT,
        ),
        (
            "Make the registry interoperable with identity records and other social programmes.",
            "Information systems",
            Priority.HIGH,
            Horizon.MEDIUM,
        ),
        (
            "Publish the rules of entry and permanence in plain language.",
            "Transparency",
            Priority.MEDIUM,
            Horizon.SHORT,
        ),
        (
            "Balance the workload of district offices with a management dashboard.",
            "Field management",
            Priority.MEDIUM,
            Horizon.MEDIUM,
        ),
        (
            "Offer more payment channels for households without a bank account.",
            "Payments",
            Priority.MEDIUM,
            Horizon.MEDIUM,
        ),
        (
            "Design an impact evaluation of the new targeting.",
            "Monitoring and evaluation",
            Priority.LOW,
            Horizon.LONG,
        ),
    ],
}
# A contribution may be copied into the report as it is: it names nobody (its author is shown
# beside it on the drafting page).
CONTRIBUTION = {
    "es": "<p>En mi país la actualización continua del registro redujo los errores de "
    "inclusión. Sugiero revisar la experiencia de ventanilla única.</p>",
    "en": "<p>In my country continuous registry updates reduced inclusion errors. I suggest "
    "reviewing the one-stop-shop experience.</p>",
}


def _html(paragraph, values):
    text = paragraph.format(**values)
    return text if text.startswith("<") else f"<p>{escape(text)}</p>"


def _secretariat_user(rnd):
    return (
        rnd.coordinators.filter(is_active=True).order_by("pk").first()
        or User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    )


@prepare("send_for_review")
def drafted_report(rnd, *, at, people):
    """Every section written, recommendations listed and the panel's contributions in."""
    if rnd.status != RoundState.REPORT_DRAFTING:
        return  # the transition will be refused anyway: write nothing
    staff = _secretariat_user(rnd)
    with transaction.atomic():
        report = services.ensure_report(rnd, staff, findings=services.collect_findings(rnd))
        lang = "es" if report.language == "es" else "en"
        texts = ES if lang == "es" else EN
        values = {"institution": escape(rnd.institution.name), "country": escape(rnd.country.name),
                  "title": escape(rnd.title)}  # fmt: skip
        members = list(services.panel_members(rnd))
        for section in report.sections.order_by("position"):
            paragraphs = texts.get(section.kind, [])
            body = "".join(_html(p, values) for p in paragraphs)
            # Before what the visit's notes started (findings, ideas), once.
            if paragraphs and services.html.to_text(body) not in services.html.to_text(
                section.body
            ):
                services.save_section(section, staff, body + section.body, section.version)
            if section.kind == SectionKind.FINDINGS:
                for member in members[:2]:
                    contribution, _created = Contribution.objects.get_or_create(
                        section=section, author=member, defaults={"assigned_by": staff}
                    )
                    if not contribution.body:
                        body = CONTRIBUTION[lang]
                        services.save_contribution(
                            contribution, member, body, contribution.version, ready=True
                        )
        if not report.recommendations.exists():
            for text, area, priority, horizon in RECOMMENDATIONS[lang]:
                services.add_recommendation(
                    report, staff, text=text, area=area, priority=priority, horizon=horizon,
                    responsible_institution=rnd.institution.name,
                )  # fmt: skip
