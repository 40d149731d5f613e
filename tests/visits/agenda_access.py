"""The agenda and visit-record rows of the access matrix (tests/test_access.py, AREAS).

docs/access.md: the agenda — S, C and F edit, T and E read; the visit notes — S, C and E (the
panel), never the country. GETs run on Guatemala's round while its panel is being formed (Chile
accepted, Mexico invited); the visit notes also on the round after its visit (country review).
"""

from datetime import time, timedelta

from django.utils import timezone

from rounds.demo import run_preparers
from rounds.services import transition_round
from tests.access_table import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    PostCase,
    row,
)
from visits import agenda_services as services
from visits.agenda_models import AgendaItem, AgendaVersion, Visit, VisitNote

from .agenda_builders import START, add, complete_agenda, set_dates


def snapshot():
    return {
        "visits": list(Visit.objects.order_by("pk").values_list("pk", "version", "revision")),
        "items": list(AgendaItem.objects.order_by("pk").values_list("pk", "version")),
        "versions": AgendaVersion.objects.count(),
        "notes": list(VisitNote.objects.order_by("pk").values_list("pk", "version")),
    }


# --- Builders (inside each test's savepoint) ---------------------------------------------------
def _dated(w, rnd):
    return set_dates(services.visit_of(rnd), w.cast.gt_focal_point)


def _item(w, rnd):
    visit = _dated(w, rnd)
    return add(visit, w.cast.gt_focal_point, 0, "08:30", "09:30", "protocol", "Protocolo")


def code(w, role):
    return {"code": w.round.code}


def dated_code(w, role):
    _dated(w, w.round)
    return {"code": w.round.code}


def item_kwargs(w, role):
    return {"code": w.round.code, "pk": _item(w, w.round).pk}


def released_code(w, role):
    visit = complete_agenda(w.round, w.cast.gt_focal_point)
    services.release_agenda(visit, w.cast.secretariat, final=True, expected_revision=visit.revision)
    return {"code": w.round.code}


def after_visit_code(w, role):
    return {"code": w.rounds["country_review"].code}


def draft_code(w, role):
    return {"code": w.rounds["draft"].code}


def note_kwargs(w, role):
    rnd = w.rounds["country_review"]
    item = rnd.visit.items.order_by("day", "start_time")[0]
    return {"code": rnd.code, "item_pk": item.pk}


# fmt: off
#                     anon   S          C          F          T          E          I          O-F        O-T        O-E        former
READERS = row(        LOGIN, OK,        OK,        OK,        OK,        OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
EDITORS = row(        LOGIN, OK,        OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
PANEL = row(          LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
# After the visit Mexico (who declined) is "anyone else".
PANEL_AFTER = row(    LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
NOBODY = row(         LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
POST_ONLY = row(      LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN)

EXPECTED = {
    # The agenda: S, C, F, T and the panel read it; the invited expert does not.
    "visits:agenda": READERS,
    # A request not accepted has no agenda (404 to everyone).
    "visits:agenda#request_not_accepted": NOBODY,
    "visits:agenda#released_final": READERS,
    "visits:agenda_visit": POST_ONLY,
    # Items are added and edited by S, C and the focal point (docs/access.md).
    "visits:agenda_item_add": EDITORS,
    "visits:agenda_item_edit": EDITORS,
    "visits:agenda_item_delete": POST_ONLY,
    "visits:agenda_release": POST_ONLY,
    "visits:agenda_print": READERS,
    "visits:agenda_pdf": READERS,
    "visits:agenda_ics": READERS,
    "visits:agenda_ics_all": READERS,
    # Visit notes (R4.3): the panel and the secretariat only; the country gets 403.
    "visits:visit_notes": PANEL,
    "visits:visit_notes#after_the_visit": PANEL_AFTER,
    "visits:visit_note_save": POST_ONLY,
}

KWARGS = {
    "visits:agenda": code,
    "visits:agenda#request_not_accepted": draft_code,
    "visits:agenda#released_final": released_code,
    "visits:agenda_visit": code,
    "visits:agenda_item_add": dated_code,
    "visits:agenda_item_edit": item_kwargs,
    "visits:agenda_item_delete": item_kwargs,
    "visits:agenda_release": code,
    "visits:agenda_print": released_code,
    "visits:agenda_pdf": released_code,
    "visits:agenda_ics": released_code,
    "visits:agenda_ics_all": released_code,
    "visits:visit_notes": code,
    "visits:visit_notes#after_the_visit": after_visit_code,
    "visits:visit_note_save": note_kwargs,
}


# --- POST ---------------------------------------------------------------------------------------
def on_round(w, rnd):
    return {"code": rnd.code}


def on_dated(w, rnd):
    _dated(w, rnd)
    return {"code": rnd.code}


def on_item(w, rnd):
    return {"code": rnd.code, "pk": _item(w, rnd).pk}


def visit_data(w, rnd):
    return {"start_date": "2026-05-04", "end_date": "2026-05-06", "city": "Quetzaltenango",
            "venues": "Sala", "timezone": "America/Guatemala", "version": "0"}  # fmt: skip


def visit_saved(w, rnd, before, role):
    visit = Visit.objects.get(round=rnd)
    assert (visit.city, visit.end_date, visit.updated_by) == (
        "Quetzaltenango", START + timedelta(days=2), w.users[role],
    )  # fmt: skip


def item_data(w, rnd):
    return {"day": "2026-05-05", "start_time": "10:00", "end_time": "11:00", "type": "working",
            "title": "Mesa de la matriz", "panel_attends": "on", "version": "1"}  # fmt: skip


def item_added(w, rnd, before, role):
    item = AgendaItem.objects.get(visit__round=rnd, title="Mesa de la matriz")
    assert (item.created_by, item.start_time) == (w.users[role], time(10))


def item_saved(w, rnd, before, role):
    item = AgendaItem.objects.get(visit__round=rnd)
    assert (item.title, item.version, item.updated_by) == ("Mesa de la matriz", 2, w.users[role])


def item_deleted(w, rnd, before, role):
    assert not AgendaItem.objects.filter(visit__round=rnd).exists()


def on_complete(w, rnd):
    complete_agenda(rnd, w.cast.gt_focal_point)
    return {"code": rnd.code}


def release_data(w, rnd):
    return {"final": "on", "revision": str(Visit.objects.get(round=rnd).revision)}


def released(w, rnd, before, role):
    version = AgendaVersion.objects.get(visit__round=rnd)
    assert (version.number, version.is_final, version.released_by) == (1, True, w.users[role])


def on_visit_in_progress(w, rnd):
    """The round in preparation, taken through the visit's transitions (the demo preparers
    build its final agenda), then the first item of its agenda."""
    for name in ("schedule_visit", "start_visit"):
        run_preparers(rnd, name, at=timezone.now(), people={})
        rnd = transition_round(rnd.pk, name, w.cast.secretariat, confirmed=True)
    item = rnd.visit.items.order_by("day", "start_time")[0]
    return {"code": rnd.code, "item_pk": item.pk}


def note_data(w, rnd):
    return {"attendance": "20", "findings": "Hallazgo de la matriz", "version": "0"}


def note_saved(w, rnd, before, role):
    note = VisitNote.objects.get(item__visit__round=rnd)
    assert (note.author, note.findings, note.version) == (
        w.users[role], "Hallazgo de la matriz", 1,
    )  # fmt: skip


#                     anon   S          C          F          T          E          I          O-F        O-T        O-E        former
AGENDA_EDIT = row(    LOGIN, REDIRECT,  REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
AGENDA_RELEASE = row( LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
# During the visit (Mexico declined before the panel was confirmed: "anyone else").
NOTE_WRITE = row(     LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

POST_EXPECTED = {
    "visits:agenda_visit": PostCase(
        "visits:agenda_visit", AGENDA_EDIT, "panel_forming",
        kwargs=on_round, data=visit_data, done=visit_saved),
    "visits:agenda_item_add": PostCase(
        "visits:agenda_item_add", AGENDA_EDIT, "panel_forming",
        kwargs=on_dated, data=item_data, done=item_added),
    "visits:agenda_item_edit": PostCase(
        "visits:agenda_item_edit", AGENDA_EDIT, "panel_forming",
        kwargs=on_item, data=item_data, done=item_saved),
    "visits:agenda_item_delete": PostCase(
        "visits:agenda_item_delete", AGENDA_EDIT, "panel_forming",
        kwargs=on_item, done=item_deleted),
    "visits:agenda_release": PostCase(
        "visits:agenda_release", AGENDA_RELEASE, "panel_forming",
        kwargs=on_complete, data=release_data, done=released),
    "visits:visit_note_save": PostCase(
        "visits:visit_note_save", NOTE_WRITE, "preparation",
        kwargs=on_visit_in_progress, data=note_data, done=note_saved),
}
# fmt: on
