"""Sentences of the visits app's audit actions (rounds.audit): questionnaires, logistics, the
agenda and the visit record. Registered from VisitsConfig.ready()."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rounds.audit import AuditPhase, loader, register

from .logistics_models import ArrangementKind, ArrangementStatus, Visibility

PREP = AuditPhase.PREPARATION
QUESTIONNAIRE = {"questionnaire": ("questionnaire", "questionnaire")}
QUESTION = {"question": ("question", "question")}


def _short(text, limit=90):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(value):
    try:
        return date_format(date.fromisoformat(str(value)[:10]), "DATE_FORMAT")
    except (TypeError, ValueError):
        return ""


def _data(*keys, short=()):
    """values= for placeholders copied from the event's data (``short``: long texts cut)."""

    def values(event):
        data = event.data or {}
        return {k: _short(data.get(k)) if k in short else data.get(k) for k in keys}

    return values


@loader("questionnaire")
def _questionnaires(keys):
    from .models import Questionnaire

    return dict(Questionnaire.objects.filter(pk__in=keys).values_list("pk", "title"))


@loader("question")
def _questions(keys):
    from .models import Question

    return {
        pk: _short(text)
        for pk, text in Question.objects.filter(pk__in=keys).values_list("pk", "text")
    }


@loader("arrangement")
def _arrangements(keys):
    from .logistics_models import Arrangement

    rows = Arrangement.objects.filter(pk__in=keys).values_list("pk", "kind", "title")
    return {pk: title or ArrangementKind(kind).label for pk, kind, title in rows}


# --- Questionnaires (R3.2, R3.3) --------------------------------------------------------------
register(
    "visits.questionnaire.created",
    _("Questionnaire “%(title)s” created"),
    phase=PREP,
    values=_data("title"),
)
register(
    "visits.questionnaire.released",
    _("Questionnaire “%(questionnaire)s” sent to its respondents"),
    phase=PREP,
    refs=QUESTIONNAIRE,
)
register(
    "visits.questionnaire.submitted",
    _("The country submitted its answers to “%(questionnaire)s”"),
    phase=PREP,
    refs=QUESTIONNAIRE,
)
register(
    "visits.questionnaire.answers_sent",
    _("Answers to “%(questionnaire)s” sent"),
    phase=PREP,
    refs=QUESTIONNAIRE,
)
register(
    "visits.question.edited",
    _("Question edited in “%(questionnaire)s”: “%(question)s”"),
    phase=PREP,
    refs={**QUESTIONNAIRE, **QUESTION},
)
register(
    "visits.question.deleted",
    _("Question removed from “%(questionnaire)s”: “%(text)s”"),
    phase=PREP,
    refs=QUESTIONNAIRE,
    values=_data("text", short=("text",)),
)
register(
    "visits.question.merged",
    _("Two questions merged in “%(questionnaire)s” (“%(merged)s” folded into another)"),
    phase=PREP,
    refs=QUESTIONNAIRE,
    values=_data("merged", short=("merged",)),
)
register(
    "visits.answer.file_attached",
    _("File “%(name)s” attached to the answer to “%(question)s”"),
    phase=PREP,
    refs=QUESTION,
    values=_data("name"),
)
register(
    "visits.answer.file_removed",
    _("File “%(name)s” removed from the answer to “%(question)s”"),
    phase=PREP,
    refs=QUESTION,
    values=_data("name"),
)


# --- Logistics (R3.5, R4.4) -------------------------------------------------------------------
def _status(value):
    return ArrangementStatus(value).label if value in ArrangementStatus.values else ""


def _logistics_update(event):
    data = event.data or {}
    kind = data.get("kind")
    return {
        "kind": ArrangementKind(kind).label if kind in ArrangementKind.values else "",
        "from": _status(data.get("from")),
        "to": _status(data.get("to")),
    }


def _logistics_sentence(event):
    data = event.data or {}
    same = data.get("from") == data.get("to")
    if data.get("traveller"):
        if same:
            return _("“%(arrangement)s” for %(traveller)s updated (%(to)s)")
        return _("“%(arrangement)s” for %(traveller)s: %(from)s → %(to)s")
    if same:
        return _("“%(arrangement)s” updated (%(to)s)")
    return _("“%(arrangement)s”: %(from)s → %(to)s")


register(
    "visits.logistics.updated",
    _logistics_sentence,
    phase=PREP,
    refs={"arrangement": ("arrangement", "arrangement"), "traveller": ("traveller", "user")},
    values=_logistics_update,
)
register(
    "visits.logistics.added",
    _("Local arrangement added: “%(title)s”"),
    phase=PREP,
    values=_data("title"),
)
register(
    "visits.logistics.file_added",
    _("File “%(file)s” added to “%(arrangement)s”"),
    phase=PREP,
    refs={"arrangement": ("arrangement", "arrangement")},
    values=_data("file"),
)
register(
    "visits.logistics.file_removed",
    _("File “%(file)s” removed from “%(arrangement)s”"),
    phase=PREP,
    refs={"arrangement": ("arrangement", "arrangement")},
    values=_data("file"),
)


def _visibility(event):
    value = (event.data or {}).get("to")
    return {"visibility": Visibility(value).label if value in Visibility.values else ""}


register(
    "visits.logistics.visibility_chosen",
    _("The country chose the visibility of the visit (R4.4): %(visibility)s"),
    phase=PREP,
    values=_visibility,
)
register(
    "visits.logistics.dates_set",
    lambda e: (
        _("Planned first day of the visit set to %(day)s")
        if (e.data or {}).get("to")
        else _("Planned first day of the visit cleared")
    ),
    phase=PREP,
    values=lambda e: {"day": _day((e.data or {}).get("to"))},
)


# --- The agenda and the visit record (R4.1–R4.3) ----------------------------------------------
def _visit_details(event):
    data = event.data or {}
    return {
        "start": _day(data.get("start")),
        "end": _day(data.get("end")),
        "city": data.get("city"),
    }


register(
    "visits.visit.details_changed",
    lambda e: (
        _("Visit set for %(start)s – %(end)s in %(city)s")
        if (e.data or {}).get("city")
        else _("Visit set for %(start)s – %(end)s")
    ),
    phase=PREP,
    values=_visit_details,
)


def _agenda_item(event):
    data = event.data or {}
    return {"title": data.get("title"), "day": _day(data.get("day"))}


register(
    "visits.agenda.item_added",
    _("Agenda item added: “%(title)s” (%(day)s)"),
    phase=PREP,
    values=_agenda_item,
)
register(
    "visits.agenda.item_changed",
    _("Agenda item changed: “%(title)s” (%(day)s)"),
    phase=PREP,
    values=_agenda_item,
)
register(
    "visits.agenda.item_deleted",
    _("Agenda item removed: “%(title)s” (%(day)s)"),
    phase=PREP,
    values=_agenda_item,
)
register(
    "visits.agenda.released",
    lambda e: (
        _("Final agenda shared (version %(version)s)")
        if (e.data or {}).get("final")
        else _("Draft agenda shared (version %(version)s)")
    ),
    phase=PREP,
    values=_data("version"),
)
register(
    "visits.visit_note.created",
    _("Visit note added to “%(title)s”"),
    phase=AuditPhase.VISIT,
    values=_data("title"),
)


def _bulk_count(event):
    return {"n": int((event.data or {}).get("count") or 0)}


register(
    "visits.logistics.bulk_updated",
    lambda e: ngettext(
        "%(n)d logistics arrangement updated at once",
        "%(n)d logistics arrangements updated at once",
        _bulk_count(e)["n"],
    ),
    phase=PREP,
    values=_bulk_count,
)
