"""Demo data of the agenda and the visit record (rounds/demo.py explains preparers).

``schedule_visit``: a realistic 4-day final agenda (every type R4.2 requires, nothing the panel
attends overlaps), released as version 1, final. ``complete_visit``: a few notes by the panel.
Both find their actors on the round (``people`` is empty in the tests) and are idempotent.
"""

from datetime import time, timedelta

from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from rounds.demo import prepare

from . import agenda_services as services
from .agenda_enums import SPANISH_SPEAKING, ItemType
from .agenda_models import VisitNote

T = ItemType

# (day index, start, end, type, title es, title en, venue index, participants es, participants
#  en, panel attends)
AGENDA = [
    (0, "08:30", "09:30", T.PROTOCOL, "Reunión protocolar de apertura con la autoridad nacional",
     "Opening protocol meeting with the national authority", 0,
     "Ministra o Ministro, Viceministerio de Protección Social, Representación de la OEA",
     "Minister, Vice-Ministry of Social Protection, OAS country office", True),
    (0, "10:00", "12:00", T.INITIATIVE, "Presentación del programa por el equipo técnico",
     "Presentation of the programme by the technical team", 0,
     "Dirección del programa y equipo técnico", "Programme direction and technical team", True),
    (0, "14:00", "16:00", T.EXPERIENCES, "Experiencias similares: presentaciones del panel",
     "Similar experiences: the panel's presentations", 0,
     "Especialistas del panel; equipo técnico", "The panel's specialists; technical team", True),
    (0, "16:30", "17:30", T.PANEL_SESSION, "Sesión interna del panel: primeras impresiones",
     "Internal panel session: first impressions", 1, "Panel y Secretaría Técnica",
     "Panel and Technical Secretariat", True),
    (1, "09:00", "12:30", T.WORKING, "Mesa técnica: focalización y registro de hogares",
     "Working meeting: targeting and household registry", 0,
     "Unidad de focalización, Registro Social de Hogares",
     "Targeting unit, social registry of households", True),
    (1, "14:00", "15:30", T.INTERVIEW, "Entrevista con organizaciones de la sociedad civil",
     "Interview with civil society organisations", 2,
     "Redes comunitarias, organizaciones de mujeres rurales",
     "Community networks, rural women's organisations", True),
    (1, "16:00", "17:00", T.OTHER, "Reunión logística con la Representación de la OEA",
     "Logistics meeting with the OAS country office", 1, "Secretaría Técnica, Representación",
     "Technical Secretariat, country office", False),
    (2, "08:00", "13:00", T.INTERVIEW, "Visita de campo: entrevistas con personas participantes",
     "Field visit: interviews with participants", 2,
     "Personas participantes y gestores municipales", "Participants and municipal officers",
     True),
    (2, "14:30", "16:30", T.WORKING, "Mesa técnica: pagos, corresponsabilidades y monitoreo",
     "Working meeting: payments, co-responsibilities and monitoring", 0,
     "Unidad de pagos, Unidad de monitoreo y evaluación", "Payments unit, M&E unit", True),
    (2, "17:00", "18:00", T.PANEL_SESSION, "Sesión interna del panel: hallazgos",
     "Internal panel session: findings", 1, "Panel y Secretaría Técnica",
     "Panel and Technical Secretariat", True),
    (3, "09:00", "10:30", T.INTERVIEW, "Entrevista con socios de cooperación",
     "Interview with cooperation partners", 0, "Banco Mundial, BID, PNUD",
     "World Bank, IDB, UNDP", True),
    (3, "11:00", "12:30", T.PANEL_SESSION, "Sesión interna del panel: recomendaciones preliminares",
     "Internal panel session: preliminary recommendations", 1, "Panel y Secretaría Técnica",
     "Panel and Technical Secretariat", True),
    (3, "14:00", "15:00", T.PROTOCOL, "Reunión de cierre con la autoridad nacional",
     "Closing meeting with the national authority", 0,
     "Ministra o Ministro, equipo técnico, Representación de la OEA",
     "Minister, technical team, OAS country office", True),
]  # fmt: skip

VENUES = {
    "es": ["Sala de reuniones del Ministerio", "Hotel de la delegación", "Municipio visitado"],
    "en": ["Ministry meeting room", "Delegation's hotel", "Municipality visited"],
}

CAPITALS = {
    "GT": "Ciudad de Guatemala", "HN": "Tegucigalpa", "SV": "San Salvador", "CR": "San José",
    "PA": "Ciudad de Panamá", "DO": "Santo Domingo", "PE": "Lima", "CO": "Bogotá",
    "EC": "Quito", "PY": "Asunción", "UY": "Montevideo", "CL": "Santiago", "AR": "Buenos Aires",
    "BO": "La Paz", "MX": "Ciudad de México", "JM": "Kingston", "TT": "Port of Spain",
    "BB": "Bridgetown", "BZ": "Belmopan", "GY": "Georgetown",
}  # fmt: skip


def _secretariat(rnd):
    return (
        rnd.coordinators.filter(is_active=True).order_by("pk").first()
        or User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    )


def _focal_point(rnd):
    return (
        User.objects.filter(
            role=Role.FOCAL_POINT, institution_id=rnd.institution_id, is_active=True
        )
        .order_by("pk")
        .first()
    )


@prepare("schedule_visit")
def final_agenda(rnd, *, at, people):
    """A 4-day agenda starting three weeks after ``at``, released as the final version 1."""
    visit = services.visit_of(rnd)
    if services.current_final(visit) is not None:
        return
    editor = _focal_point(rnd) or _secretariat(rnd)
    releaser = _secretariat(rnd)
    if editor is None or releaser is None:
        return
    lang = "es" if rnd.country.code in SPANISH_SPEAKING else "en"
    start = timezone.localdate(at) + timedelta(days=21)
    venues = VENUES[lang]
    if not visit.has_dates:
        visit = services.update_visit(
            visit, editor, start_date=start, end_date=start + timedelta(days=3),
            city=CAPITALS.get(rnd.country.code, ""), venues=venues, tz=visit.timezone,
            expected_version=visit.version,
        )  # fmt: skip
    if not visit.items.exists():
        for day, begin, end, kind, title_es, title_en, venue, who_es, who_en, panel in AGENDA:
            services.add_item(
                visit, editor, day=visit.start_date + timedelta(days=day),
                start_time=time.fromisoformat(begin), end_time=time.fromisoformat(end),
                type=kind, title=title_es if lang == "es" else title_en,
                venue=visit.venues[venue] if venue < len(visit.venues) else "",
                participants=who_es if lang == "es" else who_en,
                responsible=editor.full_name, panel_attends=panel,
            )  # fmt: skip
        visit.refresh_from_db()
    visit.round = rnd
    services.release_agenda(
        visit, releaser, final=True, expected_revision=visit.revision,
        note="Agenda acordada con la autoridad nacional." if lang == "es"
        else "Agenda agreed with the national authority.",
    )  # fmt: skip


NOTES = {
    T.WORKING: (
        "12 personas: equipo técnico y dos unidades del ministerio.",
        "El registro de hogares se actualiza cada tres años; los datos de ingreso son "
        "autodeclarados.",
        "Baja interoperabilidad con el registro civil y con el sistema de salud.",
        "Cruce periódico de datos con registros administrativos; actualización continua.",
    ),
    T.INTERVIEW: (
        "9 personas de organizaciones comunitarias y 3 gestores municipales.",
        "Los hogares conocen el programa, pero no los criterios de salida.",
        "Pagos con retraso en zonas rurales alejadas; poca información sobre reclamos.",
        "Mecanismo de quejas por SMS y ventanillas municipales; comunicar criterios de salida.",
    ),
    T.PANEL_SESSION: (
        "Panel completo y Secretaría Técnica.",
        "Coincidencia en que la focalización es sólida y el seguimiento es débil.",
        "Falta una línea de base para medir resultados.",
        "Priorizar un sistema de monitoreo con pocos indicadores y una evaluación de impacto.",
    ),
}


NOTES_EN = {
    T.WORKING: (
        "12 people: the technical team and two units of the ministry.",
        "The household registry is updated every three years; income data are self-reported.",
        "Little interoperability with the civil registry and the health system.",
        "Regular data matching with administrative records; continuous updating.",
    ),
    T.INTERVIEW: (
        "9 people from community organisations and 3 municipal managers.",
        "Households know the programme, but not the rules for leaving it.",
        "Late payments in remote rural areas; little information on complaints.",
        "A complaints mechanism by SMS and municipal desks; explain the exit rules.",
    ),
    T.PANEL_SESSION: (
        "The whole panel and the Technical Secretariat.",
        "Agreement that targeting is sound and monitoring is weak.",
        "There is no baseline to measure results.",
        "Give priority to a monitoring system with few indicators and an impact evaluation.",
    ),
}


@prepare("complete_visit")
def panel_notes(rnd, *, at, people):
    """Notes by the panel's members on the working meetings, interviews and panel sessions."""
    visit = services.visit_of(rnd, create=False)
    if visit is None:
        return
    members = sorted(services.panel_members(rnd), key=lambda u: (u.role != Role.EXPERT, u.pk))
    authors = members[:2] or [_secretariat(rnd)]
    items = [i for i in visit.items.all() if i.type in NOTES]
    for index, item in enumerate(items):
        item.visit = visit
        author = authors[index % len(authors)]
        if author is None or item.notes.filter(author=author).exists():
            continue
        notes = NOTES if rnd.country.code in SPANISH_SPEAKING else NOTES_EN
        attendance, findings, challenges, ideas = notes[item.type]
        note = services.save_note(
            item, author,
            {"attendance": attendance, "findings": findings, "challenges": challenges,
             "ideas": ideas},
            expected_version=0,
        )  # fmt: skip
        if at is not None:  # dated during the visit, like the rest of the demo's history
            VisitNote.objects.filter(pk=note.pk).update(created_at=at, updated_at=at)
