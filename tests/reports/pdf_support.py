"""Report content for the PDF tests, the look check and the benchmark (tests/perf/bench_report.py):
a demo-like executive report in Spanish or English, written into the drafting tables of a real
report (``fill_report``) or as a plain version content (``sample_content``).

``paragraphs(n)`` makes a body longer, for the page-budget tests (R5.1), which measure how many
paragraphs make 20 and 21 pages instead of assuming it."""

from django.utils import translation

from reports.enums import Horizon, Priority, SectionKind
from reports.html import clean
from reports.models import Recommendation, Report, ReportSection

ES = {
    "title": "Informe ejecutivo: rediseño de la focalización del Programa Bono Social Rural",
    "summary": (
        "El panel de pares de Chile y Uruguay acompañó al Ministerio de Desarrollo Social de "
        "Guatemala en la revisión de la focalización y el registro de beneficiarios del Programa "
        "Bono Social Rural. El informe propone ocho recomendaciones para los próximos tres años."
    ),
    "sections": [
        (
            SectionKind.DESCRIPTION,
            "Breve descripción de la ronda",
            "<p>La ronda de cooperación técnica fue solicitada por el <strong>Ministerio de "
            "Desarrollo Social (MIDES)</strong> de Guatemala en el marco de la Red Interamericana "
            "de Protección Social. Su objetivo fue revisar los criterios de focalización del "
            "Programa Bono Social Rural y proponer ajustes al registro de hogares "
            "beneficiarios.</p>"
            "<p>El panel estuvo integrado por especialistas del Ministerio de Desarrollo Social y "
            "Familia de Chile y del Ministerio de Desarrollo Social de Uruguay, con la "
            "coordinación del Departamento de Inclusión Social de la OEA. La visita técnica se "
            "realizó en la Ciudad de Guatemala y en el departamento de Alta Verapaz.</p>"
            "<h2>Metodología</h2>"
            "<ul><li>Cuestionario técnico previo, respondido por el equipo del programa.</li>"
            "<li>Reuniones de trabajo con las direcciones de focalización, registro y "
            "monitoreo.</li><li>Visita a dos oficinas municipales y diálogo con madres "
            "titulares del bono.</li></ul>",
        ),
        (
            SectionKind.INITIATIVE,
            "Estado de la iniciativa",
            "<p>El Programa Bono Social Rural entrega transferencias monetarias condicionadas a "
            "hogares rurales en situación de pobreza extrema, sujetas a la asistencia escolar y "
            "a controles de salud. En 2025 atendió a <strong>182.000 hogares</strong> en 96 "
            "municipios priorizados.</p>"
            "<table><caption>Cobertura del programa, 2022–2025</caption><thead><tr>"
            "<th>Año</th><th>Hogares</th><th>Municipios</th><th>Presupuesto (millones de "
            "quetzales)</th></tr></thead><tbody>"
            "<tr><td>2022</td><td>141.300</td><td>72</td><td>610</td></tr>"
            "<tr><td>2023</td><td>158.900</td><td>81</td><td>688</td></tr>"
            "<tr><td>2024</td><td>170.450</td><td>90</td><td>742</td></tr>"
            "<tr><td>2025</td><td>182.000</td><td>96</td><td>795</td></tr>"
            "</tbody></table>"
            "<p>La focalización combina un índice de pobreza municipal con una ficha "
            "socioeconómica levantada casa por casa. La ficha no se actualiza desde 2019, y el "
            "programa reconoce <em>errores de inclusión y de exclusión</em> que no puede "
            "medir con precisión.</p>",
        ),
        (
            SectionKind.FINDINGS,
            "Hallazgos del intercambio entre pares",
            "<h2>Focalización</h2>"
            "<p>El panel constató que el índice municipal es robusto, pero que la ficha de hogar "
            "ha perdido vigencia: una parte de los hogares cambió de composición o de ingresos "
            "desde el levantamiento. La experiencia chilena del Registro Social de Hogares "
            "muestra que la actualización continua, alimentada por registros administrativos, "
            "reduce los errores sin multiplicar los operativos de campo.</p>"
            "<h2>Registro de beneficiarios</h2>"
            "<p>El registro funciona en una base de datos aislada de las de educación y salud. "
            "La verificación de corresponsabilidades se hace con planillas que las escuelas "
            "envían en papel, lo que demora los pagos hasta dos meses.</p>"
            "<blockquote>«Cuando el pago se atrasa, las familias dejan de creer en el programa»"
            ", dijo una madre titular en Cobán.</blockquote>"
            "<h2>Monitoreo</h2>"
            "<ol><li>No hay un tablero de indicadores compartido entre las direcciones.</li>"
            "<li>Las quejas se reciben por teléfono y no se registran de forma sistemática.</li>"
            "<li>La evaluación de impacto de 2021 no tuvo seguimiento.</li></ol>",
        ),
        (
            SectionKind.RECOMMENDATIONS,
            "Recomendaciones",
            "<p>Las recomendaciones siguientes son prácticas y no vinculantes. Se ordenan por "
            "área y se indica para cada una la institución responsable y el horizonte "
            "temporal sugerido.</p>",
        ),
        (
            SectionKind.COOPERATION,
            "Otras necesidades y oportunidades de cooperación",
            "<p>El MIDES manifestó interés en una <strong>pasantía</strong> de su equipo de "
            "registro en Santiago de Chile y en una asistencia técnica breve de Uruguay sobre "
            "su sistema de quejas y reclamos. El panel sugiere además explorar, con el apoyo "
            "de la OEA, el intercambio con Colombia sobre interoperabilidad de registros "
            "sociales.</p>",
        ),
        (
            SectionKind.ANNEXES,
            "Anexos",
            "<p>Los anexos se completan a partir de la información de la ronda.</p>",
        ),
    ],
    "recommendations": [
        (
            "Actualizar la ficha socioeconómica con un operativo focalizado en los municipios "
            "con más cambios demográficos.",
            "Focalización",
            Priority.HIGH,
            "Dirección de Focalización, MIDES",
            Horizon.SHORT,
        ),
        (
            "Diseñar un registro social de hogares con actualización continua a partir de "
            "registros administrativos.",
            "Registro",
            Priority.HIGH,
            "MIDES y Registro Nacional de las Personas",
            Horizon.MEDIUM,
        ),
        (
            "Firmar convenios de intercambio de datos con los ministerios de Educación y Salud.",
            "Interoperabilidad",
            Priority.HIGH,
            "Despacho Ministerial, MIDES",
            Horizon.SHORT,
        ),
        (
            "Reemplazar las planillas en papel por una verificación digital de "
            "corresponsabilidades.",
            "Corresponsabilidades",
            Priority.MEDIUM,
            "Dirección de Registro, MIDES",
            Horizon.MEDIUM,
        ),
        (
            "Crear un tablero de indicadores compartido entre las direcciones del programa.",
            "Monitoreo",
            Priority.MEDIUM,
            "Dirección de Monitoreo y Evaluación",
            Horizon.SHORT,
        ),
        (
            "Instalar un sistema de quejas y reclamos con registro y plazos de respuesta.",
            "Atención ciudadana",
            Priority.MEDIUM,
            "Unidad de Atención Ciudadana",
            Horizon.SHORT,
        ),
        (
            "Programar una nueva evaluación de impacto con grupo de comparación.",
            "Evaluación",
            Priority.LOW,
            "MIDES con apoyo de la cooperación internacional",
            Horizon.LONG,
        ),
        (
            "Formar a los equipos municipales en el uso del nuevo registro.",
            "Capacidades",
            Priority.LOW,
            "Oficinas municipales de desarrollo social",
            Horizon.MEDIUM,
        ),
    ],
}

EN = {
    "title": "Executive report: redesigning the targeting of the Rural Social Bonus Programme",
    "summary": (
        "The peer panel from Chile and Uruguay supported Guatemala's Ministry of Social "
        "Development in reviewing the targeting and beneficiary registry of the Rural Social "
        "Bonus Programme. The report makes eight recommendations for the next three years."
    ),
    "sections": [
        (
            SectionKind.DESCRIPTION,
            "Brief description of the round",
            "<p>The technical cooperation round was requested by Guatemala's <strong>Ministry "
            "of Social Development (MIDES)</strong> within the Inter-American Social Protection "
            "Network. Its goal was to review the targeting criteria of the Rural Social Bonus "
            "Programme and to propose changes to the registry of beneficiary households.</p>"
            "<h2>Method</h2><ul><li>A technical questionnaire answered by the programme team."
            "</li><li>Working meetings with the targeting, registry and monitoring units.</li>"
            "<li>Visits to two municipal offices and a dialogue with mothers who receive the "
            "bonus.</li></ul>",
        ),
        (
            SectionKind.INITIATIVE,
            "State of the initiative",
            "<p>The programme pays conditional cash transfers to rural households in extreme "
            "poverty. In 2025 it reached <strong>182,000 households</strong> in 96 municipalities."
            "</p><table><caption>Coverage, 2022–2025</caption><thead><tr><th>Year</th>"
            "<th>Households</th><th>Municipalities</th></tr></thead><tbody>"
            "<tr><td>2022</td><td>141,300</td><td>72</td></tr>"
            "<tr><td>2025</td><td>182,000</td><td>96</td></tr></tbody></table>",
        ),
        (
            SectionKind.FINDINGS,
            "Findings of the peer exchange",
            "<h2>Targeting</h2><p>The household form has not been updated since 2019; Chile's "
            "Social Household Registry shows that continuous updating from administrative "
            "records reduces errors without more field operations.</p><h2>Registry</h2><p>"
            "Co-responsibilities are checked on paper forms sent by schools, which delays "
            "payments by up to two months.</p>",
        ),
        (
            SectionKind.RECOMMENDATIONS,
            "Recommendations",
            "<p>The following recommendations are practical and non-binding.</p>",
        ),
        (
            SectionKind.COOPERATION,
            "Further needs and opportunities for cooperation",
            "<p>MIDES asked for an <em>internship</em> of its registry team in Santiago de "
            "Chile and a short technical assistance from Uruguay on complaints handling.</p>",
        ),
        (SectionKind.ANNEXES, "Annexes", "<p>The annexes are filled from the round.</p>"),
    ],
    "recommendations": [
        (
            "Update the household form in the municipalities with the largest changes.",
            "Targeting",
            Priority.HIGH,
            "Targeting Unit, MIDES",
            Horizon.SHORT,
        ),
        (
            "Design a social registry updated continuously from administrative records.",
            "Registry",
            Priority.HIGH,
            "MIDES and the National Registry of Persons",
            Horizon.MEDIUM,
        ),
        (
            "Sign data-sharing agreements with the ministries of Education and Health.",
            "Interoperability",
            Priority.HIGH,
            "Minister's Office, MIDES",
            Horizon.SHORT,
        ),
        (
            "Replace paper forms with a digital check of co-responsibilities.",
            "Co-responsibilities",
            Priority.MEDIUM,
            "Registry Unit, MIDES",
            Horizon.MEDIUM,
        ),
        (
            "Create a dashboard of indicators shared by the programme's units.",
            "Monitoring",
            Priority.MEDIUM,
            "Monitoring and Evaluation Unit",
            Horizon.SHORT,
        ),
        (
            "Set up a complaints system with a register and response times.",
            "Citizen services",
            Priority.MEDIUM,
            "Citizen Services Unit",
            Horizon.SHORT,
        ),
        (
            "Plan a new impact evaluation with a comparison group.",
            "Evaluation",
            Priority.LOW,
            "MIDES with international cooperation",
            Horizon.LONG,
        ),
        (
            "Train municipal teams to use the new registry.",
            "Capacity",
            Priority.LOW,
            "Municipal social development offices",
            Horizon.MEDIUM,
        ),
    ],
}

AGENDA = [
    {
        "date": "2026-03-09",
        "start": "09:00",
        "end": "12:30",
        "title": "Apertura y presentación del programa",
        "institution": "MIDES",
    },
    {
        "date": "2026-03-09",
        "start": "14:00",
        "end": "17:00",
        "title": "Mesa técnica de focalización",
        "institution": "Dirección de Focalización",
    },
    {
        "date": "2026-03-10",
        "start": "08:00",
        "end": "16:00",
        "title": "Visita a oficinas municipales de Cobán y San Pedro Carchá",
        "institution": "Municipalidades de Alta Verapaz",
    },
    {
        "date": "2026-03-11",
        "start": "09:00",
        "end": "12:00",
        "title": "Interoperabilidad de registros",
        "institution": "RENAP, MINEDUC, MSPAS",
    },
    {
        "date": "2026-03-12",
        "start": "10:00",
        "end": "12:00",
        "title": "Devolución preliminar al Despacho Ministerial",
        "institution": "MIDES",
    },
]
INSTITUTIONS = [
    "Ministerio de Desarrollo Social (MIDES)",
    "Registro Nacional de las Personas (RENAP)",
    "Ministerio de Educación (MINEDUC)",
    "Ministerio de Salud Pública y Asistencia Social (MSPAS)",
    "Municipalidad de Cobán",
    "Municipalidad de San Pedro Carchá",
]

FILLER = (
    "La experiencia de los países de la Red muestra que los programas de transferencias "
    "monetarias ganan en eficacia cuando su registro de hogares se actualiza de forma continua, "
    "cuando las corresponsabilidades se verifican con datos administrativos y cuando las "
    "familias cuentan con canales claros para presentar quejas. El panel recomienda avanzar "
    "por etapas, empezando por los municipios con mayor rotación de hogares, y medir cada "
    "paso con indicadores acordados entre las direcciones del programa."
)


def paragraphs(n):
    return "".join(f"<p>{i}. {FILLER}</p>" for i in range(1, n + 1))


def texts(language):
    return ES if language == "es" else EN


def fill_report(rnd, language="es", extra_paragraphs=0):
    """A report on ``rnd`` with the demo text (in ``language``), its sections and eight
    recommendations; ``extra_paragraphs`` more paragraphs in the findings."""
    data = texts(language)
    report, _created = Report.objects.update_or_create(
        round=rnd,
        defaults={"title": data["title"], "summary": data["summary"], "language": language},
    )
    for position, (kind, title, body) in enumerate(data["sections"]):
        if kind == SectionKind.FINDINGS and extra_paragraphs:
            body += paragraphs(extra_paragraphs)
        ReportSection.objects.update_or_create(
            report=report,
            kind=kind,
            defaults={"title": title, "body": clean(body), "position": position},
        )
    report.recommendations.all().delete()
    Recommendation.objects.bulk_create(
        Recommendation(
            report=report,
            position=i,
            text=text,
            area=area,
            priority=priority,
            responsible_institution=institution,
            horizon=horizon,
        )
        for i, (text, area, priority, institution, horizon) in enumerate(data["recommendations"])
    )
    return report


def set_extra_paragraphs(report, n):
    """The findings with ``n`` filler paragraphs after the demo text."""
    data = texts(report.language)
    body = next(b for k, _t, b in data["sections"] if k == SectionKind.FINDINGS)
    report.sections.filter(kind=SectionKind.FINDINGS).update(body=clean(body + paragraphs(n)))


def sample_content(language="es", extra_paragraphs=0, code="RIPSO-2026-003"):
    """A version's content (reports.snapshot shape) without a database."""
    data = texts(language)
    sections = []
    for kind, title, body in data["sections"]:
        if kind == SectionKind.FINDINGS and extra_paragraphs:
            body += paragraphs(extra_paragraphs)
        sections.append({"kind": str(kind), "title": title, "body": clean(body)})
    with translation.override(language):
        recommendations = [
            {
                "number": i,
                "text": text,
                "area": area,
                "priority": str(priority),
                "priority_label": str(Priority(priority).label),
                "responsible_institution": institution,
                "horizon": str(horizon),
                "horizon_label": str(Horizon(horizon).label),
            }
            for i, (text, area, priority, institution, horizon) in enumerate(
                data["recommendations"], start=1
            )
        ]
    return {
        "title": data["title"],
        "summary": data["summary"],
        "language": language,
        "round": {
            "code": code,
            "title": "Programa Bono Social Rural",
            "country_code": "GT",
            "country": "Guatemala",
            "institution": "Ministerio de Desarrollo Social (MIDES)",
            "methodology": "ripso",
            "visit_start": "2026-03-09",
            "visit_end": "2026-03-12",
        },
        "sections": sections,
        "recommendations": recommendations,
        "annexes": {
            "panel": [
                {"name": "Valentina Rojas Pizarro", "country": "Chile", "role": "Especialista"},
                {"name": "Martín Sosa Ferreira", "country": "Uruguay", "role": "Especialista"},
                {"name": "Daniel Whitmore", "country": "OEA / OAS", "role": "Coordinación"},
            ],
            "agenda": AGENDA,
            "institutions": INSTITUTIONS,
        },
    }
