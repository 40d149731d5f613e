"""Builders of agendas shared by the agenda tests (imported, not a pytest conftest)."""

from datetime import date, time, timedelta

from visits import agenda_services as services

START = date(2026, 5, 4)  # a Monday

# (day index, start, end, type, title, panel attends): a complete 4-day agenda (R4.2).
COMPLETE = [
    (0, "08:30", "09:30", "protocol", "Reunión protocolar", True),
    (0, "10:00", "12:00", "initiative", "Presentación del programa", True),
    (0, "14:00", "16:00", "experiences", "Experiencias de Chile y Uruguay", True),
    (1, "09:00", "12:00", "working", "Mesa técnica de focalización", True),
    (1, "14:00", "15:30", "interview", "Entrevista con sociedad civil", True),
    (2, "09:00", "10:00", "panel_session", "Sesión interna del panel", True),
    (3, "09:00", "10:00", "other", "Cierre", True),
]


def set_dates(visit, user, start=START, days=4, **extra):
    return services.update_visit(
        visit,
        user,
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        city=extra.get("city", "Ciudad de Guatemala"),
        venues=extra.get("venues", ["Sala del Ministerio", "Hotel"]),
        tz=extra.get("tz", "America/Guatemala"),
        expected_version=visit.version,
    )


def add(visit, user, day, start, end, type, title, panel=True, **extra):
    return services.add_item(
        visit,
        user,
        day=visit.start_date + timedelta(days=day),
        start_time=time.fromisoformat(start),
        end_time=time.fromisoformat(end),
        type=type,
        title=title,
        venue=extra.get("venue", "Sala del Ministerio"),
        participants=extra.get("participants", "MIDES"),
        responsible=extra.get("responsible", "Lucía Morales"),
        panel_attends=panel,
    )


def complete_agenda(rnd, user, rows=COMPLETE):
    """The round's visit with dates and every type R4.2 requires (not released)."""
    visit = set_dates(services.visit_of(rnd), user)
    for row in rows:
        add(visit, user, *row)
    visit.refresh_from_db()
    visit.round = rnd
    return visit


def released_final(rnd, cast):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    services.release_agenda(visit, cast.secretariat, final=True, expected_revision=visit.revision)
    visit.refresh_from_db()
    visit.round = rnd
    return visit
