"""Every write on the visit, its agenda and the visit record (R3.4, R4.1–R4.3), and the
checks a final agenda must pass. Views call these; they raise ``AgendaError`` and never touch a
request.

Public functions other parts call:

* ``agenda_problems(visit, items)`` — what stops an agenda from being final (R4.1, R4.2);
* ``current_final(visit)`` — the agenda version in force (the latest released as final);
* ``visit_findings(rnd)`` — the visit notes grouped by agenda item, for the report (R4.3).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType
from notifications.services import queue_message
from rounds.rules import SEAT_ACCEPTED
from rounds.services import RoundError, log_event

from .agenda_enums import (
    MAX_VISIT_DAYS,
    MIN_VISIT_DAYS,
    MISSING_TYPE,
    REQUIRED_TYPES,
    ItemType,
    capital_timezone,
)
from .agenda_models import AgendaItem, AgendaVersion, Visit, VisitNote


class AgendaError(RoundError):
    """A domain error; ``field`` names the form field it is about (or None)."""

    def __init__(self, message, *, field=None, details=()):
        super().__init__(message, details=details)
        self.field = field


class NotAllowed(AgendaError):
    """The person may not do this now (their role, or the round's state)."""


class Conflict(AgendaError):
    """Someone else saved since this person loaded the page: nothing is overwritten; ``latest``
    is the object as it is now."""

    def __init__(self, message, *, latest):
        super().__init__(message)
        self.latest = latest


def _check(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise NotAllowed(_("This action is not possible on this agenda now."))


# --- The visit ------------------------------------------------------------------------------
def visit_of(rnd, *, create=True):
    """The round's visit; created (empty, in the capital's time zone) when ``create``."""
    visit = Visit.objects.filter(round=rnd).first()
    if visit is None and create:
        visit, _created = Visit.objects.get_or_create(
            round=rnd, defaults={"timezone": capital_timezone(rnd.country.code)}
        )
    if visit is not None:
        visit.round = rnd
    return visit


def date_problems(start, end):
    """R4.1: a visit lasts 3 to 5 days (both ends included). Returns (field, message) pairs."""
    if start is None or end is None:
        return [(None, _("Give the first and the last day of the visit."))]
    if end < start:
        return [("end_date", _("The last day cannot be before the first day."))]
    days = (end - start).days + 1
    if not MIN_VISIT_DAYS <= days <= MAX_VISIT_DAYS:
        return [
            (
                "end_date",
                _("A visit lasts 3 to 5 days in the country (R4.1); these dates make %(days)d.")
                % {"days": days},
            )
        ]
    return []


def _valid_timezone(name):
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def update_visit(visit, user, *, start_date, end_date, city="", venues=(), tz="",
                 expected_version):  # fmt: skip
    """Set the visit's dates (R4.1), city, venues and time zone. Refused when the dates are not
    3–5 days, when items would fall outside them, or when someone saved in between."""
    for _field, message in date_problems(start_date, end_date):
        raise AgendaError(message, field=_field)
    tz = tz or visit.timezone
    if not _valid_timezone(tz):
        raise AgendaError(_("Choose a time zone from the list."), field="timezone")
    venues = [v.strip() for v in venues if v and v.strip()]
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        locked.round = visit.round
        _check(user, "visits.edit_agenda", visit.round)
        if locked.version != expected_version:
            raise Conflict(
                _("Someone else changed the visit's details since you opened the page."),
                latest=locked,
            )
        outside = list(locked.items.exclude(day__gte=start_date, day__lte=end_date).order_by("day"))
        if outside:
            raise AgendaError(
                _("Move or delete the items outside the new dates first: %(items)s.")
                % {"items": "; ".join(f"{_day(i.day)} {i.title}" for i in outside)},
                field="start_date",
            )
        before = {"start": str(locked.start_date or ""), "end": str(locked.end_date or "")}
        locked.start_date, locked.end_date = start_date, end_date
        locked.city = (city or "").strip()
        locked.venues = venues
        locked.timezone = tz
        locked.version += 1
        locked.revision += 1
        locked.updated_by = user
        locked.updated_at = timezone.now()
        locked.save()
        log_event(
            visit.round, user, "visits.visit.details_changed", visibility="all",
            data={**{f"old_{k}": v for k, v in before.items()},
                  "start": str(start_date), "end": str(end_date), "city": locked.city},
        )  # fmt: skip
    return locked


def _day(day):
    return date_format(day, "D j M")


# --- Items ----------------------------------------------------------------------------------
ITEM_FIELDS = (
    "day", "start_time", "end_time", "type", "title", "venue", "participants", "responsible",
    "panel_attends",
)  # fmt: skip


def item_problems(visit, *, day, start_time, end_time):
    """(field, message) pairs: the item must sit within the visit's dates and end after it
    starts."""
    problems = []
    if not visit.has_dates:
        problems.append((None, _("Set the dates of the visit before adding items.")))
    elif day is not None and not visit.start_date <= day <= visit.end_date:
        problems.append(
            (
                "day",
                _("The visit runs from %(start)s to %(end)s: choose a day within it.")
                % {"start": _day(visit.start_date), "end": _day(visit.end_date)},
            )
        )
    if start_time is not None and end_time is not None and end_time <= start_time:
        problems.append(("end_time", _("The item must end after it starts.")))
    return problems


def _clean_item(visit, data):
    data = {k: data.get(k) for k in ITEM_FIELDS}
    for name in ("title", "venue", "participants", "responsible"):
        data[name] = (data[name] or "").strip()
    data["panel_attends"] = bool(data["panel_attends"])
    if not data["title"]:
        raise AgendaError(_("Give the item a title."), field="title")
    if data["type"] not in ItemType.values:
        raise AgendaError(_("Choose the type of item."), field="type")
    for _field, message in item_problems(
        visit, day=data["day"], start_time=data["start_time"], end_time=data["end_time"]
    ):
        raise AgendaError(message, field=_field)
    return data


def _touch(visit, user):
    Visit.objects.filter(pk=visit.pk).update(revision=visit.revision + 1)
    visit.revision += 1


def _locked_visit(visit):
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    locked.round = visit.round
    return locked


def add_item(visit, user, **data):
    with transaction.atomic():
        visit = _locked_visit(visit)
        _check(user, "visits.edit_agenda", visit.round)
        data = _clean_item(visit, data)
        item = AgendaItem.objects.create(visit=visit, created_by=user, updated_by=user, **data)
        _touch(visit, user)
        log_event(
            visit.round, user, "visits.agenda.item_added", visibility="staff",
            data={"item": item.pk, "title": item.title, "day": str(item.day)},
        )  # fmt: skip
    return item


def update_item(item, user, *, expected_version, **data):
    with transaction.atomic():
        visit = _locked_visit(item.visit)
        _check(user, "visits.edit_agenda", visit.round)
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.version != expected_version:
            raise Conflict(
                _("Someone else changed this item since you opened it: here it is as saved now."),
                latest=locked,
            )
        data = _clean_item(visit, data)
        for name, value in data.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.updated_by = user
        locked.updated_at = timezone.now()
        locked.save()
        _touch(visit, user)
        log_event(
            visit.round, user, "visits.agenda.item_changed", visibility="staff",
            data={"item": locked.pk, "title": locked.title, "day": str(locked.day)},
        )  # fmt: skip
    return locked


def delete_item(item, user):
    with transaction.atomic():
        visit = _locked_visit(item.visit)
        _check(user, "visits.edit_agenda", visit.round)
        if VisitNote.objects.filter(item=item).exists():
            raise AgendaError(
                _("Notes were taken on this item during the visit: it cannot be deleted.")
            )
        AgendaItem.objects.filter(pk=item.pk).delete()
        _touch(visit, user)
        log_event(
            visit.round, user, "visits.agenda.item_deleted", visibility="staff",
            data={"item": item.pk, "title": item.title, "day": str(item.day)},
        )  # fmt: skip


# --- Validation of a final agenda (R4.1, R4.2) -----------------------------------------------
@dataclass
class Checklist:
    """What the agenda page shows: each required type present or not, and the overlaps."""

    present: list = field(default_factory=list)  # (label, bool)
    problems: list = field(default_factory=list)  # readable messages

    @property
    def is_valid(self):
        return not self.problems


def overlaps(items):
    """Pairs of items the panel attends that overlap in time on the same day."""
    panel = sorted(
        (i for i in items if i.panel_attends), key=lambda i: (i.day, i.start_time, i.end_time)
    )
    pairs = []
    for index, a in enumerate(panel):
        for b in panel[index + 1 :]:
            if b.day != a.day or b.start_time >= a.end_time:
                continue
            pairs.append((a, b))
    return pairs


def checklist(start_date, end_date, items):
    """The checks of a final agenda (R4.1 dates, R4.2 types, no overlaps for the panel), for
    the live items or for a released snapshot (anything with the items' attributes)."""
    result = Checklist()
    result.problems.extend(message for _f, message in date_problems(start_date, end_date))
    types = {i.type for i in items}
    first_day_types = {i.type for i in items if start_date and i.day == start_date}
    for kind in REQUIRED_TYPES:
        ok = kind in (first_day_types if kind == ItemType.PROTOCOL else types)
        result.present.append((kind.label, ok))
        if not ok:
            result.problems.append(_("The agenda lacks %(what)s.") % {"what": MISSING_TYPE[kind]})
    for a, b in overlaps(items):
        result.problems.append(
            _("“%(a)s” and “%(b)s” overlap on %(day)s, and the panel attends both.")
            % {"a": a.title, "b": b.title, "day": _day(a.day)}
        )
    if start_date and end_date:
        for item in items:
            if not start_date <= item.day <= end_date:
                result.problems.append(
                    _("“%(title)s” is outside the visit's dates.") % {"title": item.title}
                )
    return result


def agenda_checklist(visit, items=None):
    items = list(visit.items.all()) if items is None else items
    return checklist(visit.start_date, visit.end_date, items)


def agenda_problems(visit, items=None):
    return agenda_checklist(visit, items).problems


# --- Versions -------------------------------------------------------------------------------
def snapshot_of(visit, items):
    return {
        "start_date": str(visit.start_date) if visit.start_date else "",
        "end_date": str(visit.end_date) if visit.end_date else "",
        "city": visit.city,
        "venues": list(visit.venues),
        "timezone": visit.timezone,
        "items": [
            {
                "id": i.pk,
                "day": i.day.isoformat(),
                "start_time": i.start_time.strftime("%H:%M"),
                "end_time": i.end_time.strftime("%H:%M"),
                "type": i.type,
                "title": i.title,
                "venue": i.venue,
                "participants": i.participants,
                "responsible": i.responsible,
                "panel_attends": i.panel_attends,
            }
            for i in items
        ],
    }


def _parse_date(value):
    return date.fromisoformat(value) if value else None


def items_from_snapshot(snapshot):
    """The items of a released version, as objects with the live items' attributes."""
    items = []
    for data in snapshot.get("items", []):
        item = SimpleNamespace(**data)
        item.pk = data["id"]
        item.day = date.fromisoformat(data["day"])
        item.start_time = time.fromisoformat(data["start_time"])
        item.end_time = time.fromisoformat(data["end_time"])
        item.get_type_display = ItemType(data["type"]).label if data["type"] in ItemType.values \
            else data["type"]  # fmt: skip
        items.append(item)
    items.sort(key=lambda i: (i.day, i.start_time, i.end_time, i.pk))
    return items


def version_checklist(version):
    snap = version.snapshot
    return checklist(
        _parse_date(snap.get("start_date")),
        _parse_date(snap.get("end_date")),
        items_from_snapshot(snap),
    )


def _when(data):
    return f"{data['day']} {data['start_time']}–{data['end_time']}"


def describe_changes(previous, current):
    """What changed between two snapshots, as a list of entries the template puts in words:
    ``{"kind": "added"|"removed"|"moved"|"changed"|"dates", ...}``."""
    changes = []
    if previous is None:
        return [{"kind": "first", "count": len(current["items"])}]
    if (previous.get("start_date"), previous.get("end_date")) != (
        current["start_date"],
        current["end_date"],
    ):
        changes.append(
            {
                "kind": "dates",
                "from": f"{previous.get('start_date')} – {previous.get('end_date')}",
                "to": f"{current['start_date']} – {current['end_date']}",
            }
        )
    old = {i["id"]: i for i in previous.get("items", [])}
    new = {i["id"]: i for i in current["items"]}
    for pk, item in new.items():
        if pk not in old:
            changes.append({"kind": "added", "title": item["title"], "when": _when(item)})
            continue
        before = old[pk]
        if _when(before) != _when(item):
            changes.append(
                {"kind": "moved", "title": item["title"], "from": _when(before),
                 "to": _when(item)}
            )  # fmt: skip
        others = [
            name
            for name in ("title", "type", "venue", "participants", "responsible", "panel_attends")
            if before.get(name) != item.get(name)
        ]
        if others:
            changes.append(
                {"kind": "changed", "title": item["title"], "old_title": before["title"],
                 "fields": others}
            )  # fmt: skip
    for pk, item in old.items():
        if pk not in new:
            changes.append({"kind": "removed", "title": item["title"], "when": _when(item)})
    return changes


def latest_version(visit):
    return visit.versions.order_by("-number").first()


def current_final(visit):
    """The agenda in force: the latest version released as final. Later edits make a new
    draft; this version stays in force until a new one is released as final."""
    if visit is None:
        return None
    return visit.versions.filter(is_final=True).order_by("-number").first()


def release_agenda(visit, user, *, final, expected_revision, note=""):
    """The secretariat freezes the agenda as version N (final or a draft for circulation),
    with the change log since version N-1. A final version must pass every check (R4.1, R4.2).
    The focal point, the technical team and the panel are told."""
    with transaction.atomic():
        visit = _locked_visit(visit)
        _check(user, "visits.release_agenda", visit.round)
        if visit.revision != expected_revision:
            raise Conflict(
                _("The agenda changed while you were looking at it: check it again, then release."),
                latest=visit,
            )
        items = list(visit.items.all())
        if not items:
            raise AgendaError(_("The agenda has no items yet."))
        if final:
            problems = agenda_problems(visit, items)
            if problems:
                raise AgendaError(
                    _("The agenda cannot be released as final yet:"), details=problems
                )
        previous = latest_version(visit)
        snapshot = snapshot_of(visit, items)
        if previous is not None and previous.snapshot == snapshot and previous.is_final == final:
            raise AgendaError(_("Nothing changed since version %(n)d.") % {"n": previous.number})
        version = AgendaVersion.objects.create(
            visit=visit,
            number=(previous.number if previous else 0) + 1,
            is_final=final,
            snapshot=snapshot,
            changes=describe_changes(previous.snapshot if previous else None, snapshot),
            note=(note or "").strip(),
            released_by=user,
        )
        rnd = visit.round
        log_event(
            rnd, user, "visits.agenda.released", visibility="all",
            data={"version": version.number, "final": final},
        )  # fmt: skip
        for person in agenda_audience(rnd):
            if person.pk == user.pk:
                continue
            queue_message(
                MessageType.AGENDA_RELEASED,
                recipient=person,
                context={"round": rnd, "version": version, "visit": visit},
                link=visit.get_absolute_url(),
                round_code=rnd.code,
            )
    return version


def panel_members(rnd):
    return User.objects.filter(
        panel_seats__round=rnd, panel_seats__status=SEAT_ACCEPTED, is_active=True
    ).order_by("pk")


def agenda_audience(rnd):
    """Who is told about a released agenda: the country (focal point and team) and the panel."""
    country = User.objects.filter(
        role__in=[Role.FOCAL_POINT, Role.TEAM_MEMBER],
        institution_id=rnd.institution_id,
        is_active=True,
    )
    return list((country | panel_members(rnd)).distinct().order_by("pk"))


def displayed_agenda(visit, *, draft=False):
    """What the printable page, the PDF and the calendars show: the latest released version
    (the final one in force when there is one), or the working draft when asked or when nothing
    was released. Returns ``(version or None, items)``."""
    if visit is not None and not draft:
        version = current_final(visit) or latest_version(visit)
        if version is not None:
            return version, items_from_snapshot(version.snapshot)
    if visit is None:
        return None, []
    return None, list(visit.items.all())


def items_for_person(user, rnd, items):
    """ "My agenda": the panel's items for a panel member, every item for anyone else."""
    from .rules import is_agenda_panel_reader

    if is_agenda_panel_reader(user, rnd):
        return [i for i in items if i.panel_attends]
    return list(items)


def local_datetime(visit_tz, day, at):
    return datetime.combine(day, at, tzinfo=ZoneInfo(visit_tz))


# --- The visit record (R4.3) ----------------------------------------------------------------
NOTE_FIELDS = ("attendance", "findings", "challenges", "ideas")


def save_note(item, user, data, *, expected_version):
    """Create or update ``user``'s note on ``item``. A save based on an older version is
    refused (``Conflict`` carries the note as saved), so two tabs never overwrite each other."""
    rnd = item.visit.round
    _check(user, "visits.write_visit_notes", rnd)
    values = {name: (data.get(name) or "").strip() for name in NOTE_FIELDS}
    with transaction.atomic():
        # The item's row serialises the saves on it: two first saves of the same note (two
        # windows) cannot both create it.
        list(AgendaItem.objects.select_for_update().filter(pk=item.pk).values_list("pk"))
        note = VisitNote.objects.select_for_update().filter(item=item, author=user).first()
        current = note.version if note else 0
        if note is not None and all(getattr(note, n) == v for n, v in values.items()):
            return note  # what is there already: nothing to overwrite, whatever the version
        if note is None and not any(values.values()) and expected_version == 0:
            return VisitNote(item=item, author=user, version=0, updated_at=timezone.now())
        if current != expected_version:
            raise Conflict(
                _(
                    "This note was saved from another window while you were writing. Yours "
                    "was not saved over it: both are shown, choose which to keep."
                ),
                latest=note,
            )
        if note is None:
            note = VisitNote(item=item, author=user)
        for name, value in values.items():
            setattr(note, name, value)
        note.version = current + 1
        note.updated_at = timezone.now()
        note.save()
        if current == 0:
            log_event(
                rnd, user, "visits.visit_note.created", visibility="panel",
                data={"item": item.pk, "title": item.title},
            )  # fmt: skip
    return note


def visit_findings(rnd):
    """The visit record of ``rnd`` for the report (R4.3): a list, in agenda order, of
    ``{"item": AgendaItem, "notes": [VisitNote, ...]}`` for every item with at least one note
    that is not empty (each note with ``author`` loaded; fields ``attendance``, ``findings``,
    ``challenges``, ``ideas``). Empty when the round has no visit."""
    visit = visit_of(rnd, create=False)
    if visit is None:
        return []
    notes = VisitNote.objects.select_related("author").order_by("created_at", "pk")
    items = visit.items.prefetch_related(Prefetch("notes", queryset=notes, to_attr="all_notes"))
    grouped = []
    for item in items:
        kept = [n for n in item.all_notes if not n.is_empty]
        if kept:
            grouped.append({"item": item, "notes": kept})
    return grouped
