"""Every write on the logistics of a visit (R3.5) and on its visibility (R4.4), the readiness
summary, the ``schedule_visit`` blockers and the daily reminders.

Public functions other parts call:

* ``ensure_logistics(rnd)`` — idempotent: the round's logistics sheet and checklist (one set of
  international items per accepted panel member, the standard local items). Run automatically
  when the panel is confirmed (``prepare_checklist``, a transition effect), by the demo preparer, and lazily by the
  logistics page for rounds confirmed before this existed.
* ``logistics_blockers(rnd)`` — readable messages of what still stops the visit from being
  scheduled (used by ``visits.guards_logistics``).
* ``visit_start(rnd)`` — the first day of the visit, or None: the one place to link to the
  agenda's visit dates later.

Services raise ``LogisticsError`` (a ``RoundError``) and never touch a request.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType
from notifications.services import queue_message
from ripso.uploads import CONTENT_TYPES, check_document
from rounds.enums import CLOSED_STATES, EventVisibility
from rounds.guards import on_transition
from rounds.models import Round
from rounds.notify import audience_members
from rounds.services import RoundError, log_event
from rounds.workflow import Audience

from .logistics_models import (
    INTERNATIONAL_KINDS,
    LEAD_DAYS,
    LOCAL_KINDS,
    Arrangement,
    ArrangementAttachment,
    ArrangementKind,
    ArrangementStatus,
    RoundLogistics,
    Side,
    Visibility,
)

REMIND_WITHIN_DAYS = 14  # daily reminders of open items when the visit is this close
MAX_ATTACHMENTS = 5  # per arrangement


class LogisticsError(RoundError):
    """A domain error; the view shows ``message`` and keeps what was typed."""


class NotAllowed(LogisticsError):
    """The person may not do this (their side of R3.5, or the round is closed)."""


class Conflict(LogisticsError):
    """Someone else saved the item since this person loaded it: nothing is overwritten.
    ``latest`` is the item (or the logistics sheet) as it is now."""

    def __init__(self, message, *, latest):
        super().__init__(message)
        self.latest = latest


def _check(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise NotAllowed(_("You may not change this arrangement."))


# --- The checklist ---------------------------------------------------------------------------
def travellers(rnd):
    """Everyone who travels to the visit: each accepted panel member, coordinators included."""
    return (
        User.objects.filter(panel_seats__round=rnd, panel_seats__status="accepted")
        .select_related("expert_profile__country")
        .order_by("panel_seats__kind", "full_name", "pk")
        .distinct()
    )


def logistics_of(rnd):
    """The round's logistics sheet, or None if the checklist was never prepared."""
    return RoundLogistics.objects.filter(round=rnd).first()


def ensure_logistics(rnd):
    """Create what is missing of the round's logistics: the sheet, four international items per
    traveller (flights, insurance, visa or invitation letter, per diem) and the four standard
    local items (hotel, ground transport, venues, interpretation). Idempotent; safe to run
    again when the panel changes. Open items of someone no longer on the panel become "not
    needed" with that reason. Returns the sheet."""
    with transaction.atomic():
        sheet, _created = RoundLogistics.objects.get_or_create(round=rnd)
        sheet = RoundLogistics.objects.select_for_update().get(pk=sheet.pk)
        existing = set(rnd.arrangements.values_list("kind", "traveller_id"))
        people = list(travellers(rnd))
        new = []
        for position, kind in enumerate(LOCAL_KINDS):
            if (kind.value, None) not in existing:
                new.append(Arrangement(round=rnd, side=Side.LOCAL, kind=kind, position=position))
        for person in people:
            for position, kind in enumerate(INTERNATIONAL_KINDS):
                if (kind.value, person.pk) not in existing:
                    new.append(
                        Arrangement(
                            round=rnd,
                            side=Side.INTERNATIONAL,
                            kind=kind,
                            traveller=person,
                            position=position,
                        )
                    )
        Arrangement.objects.bulk_create(new)
        rnd.arrangements.filter(side=Side.INTERNATIONAL).exclude(
            traveller__in=[p.pk for p in people]
        ).exclude(status__in=ArrangementStatus.done()).update(
            status=ArrangementStatus.NOT_NEEDED,
            not_needed_reason=_("No longer on the panel."),
            updated_at=timezone.now(),
        )
    return sheet


@on_transition("confirm_panel")
def prepare_checklist(rnd, actor, comment):
    """The checklist is prepared when the panel is confirmed (inside the transition)."""
    ensure_logistics(rnd)


def traveller_label(person):
    profile = getattr(person, "expert_profile", None)
    if profile is not None and profile.country_id:
        return f"{person.full_name} ({profile.country.name})"
    if person.role == Role.SECRETARIAT:
        return f"{person.full_name} ({_('OAS')})"
    return person.full_name


def describe(arrangement):
    """ "Flights for Valentina Rojas Fuentes (Chile)" / "Hotel"."""
    if arrangement.traveller_id:
        return _("%(item)s for %(person)s") % {
            "item": arrangement.label.lower()
            if arrangement.kind != ArrangementKind.OTHER
            else arrangement.label,
            "person": traveller_label(arrangement.traveller),
        }
    return arrangement.label


def arrangements_for(rnd):
    """Every arrangement of the round, with what the page and the summary read."""
    return list(
        rnd.arrangements.select_related(
            "traveller__expert_profile__country", "responsible", "updated_by"
        )
        .prefetch_related("attachments")
        .order_by("side", "traveller__full_name", "traveller_id", "position", "pk")
    )


def visible_arrangements(rnd, user, arrangements=None):
    """The items ``user`` may see (docs/access.md, logistics rows): experts their own travel and the
    local items; the country no per diem; the technical team no international items."""
    arrangements = arrangements_for(rnd) if arrangements is None else arrangements
    visible = []
    for item in arrangements:
        item.round = rnd  # one instance: the rules' panel-seat cache is shared
        if user.has_perm("visits.view_arrangement", item):
            visible.append(item)
    return visible


def responsible_candidates(rnd, side):
    """Who can be responsible for an item: staff for the international side (the round's
    coordinators first), the country's focal point and team for the local side."""
    active = User.objects.filter(is_active=True)
    if side == Side.INTERNATIONAL:
        return active.filter(role=Role.SECRETARIAT).order_by("full_name", "pk")
    return active.filter(
        role__in=[Role.FOCAL_POINT, Role.TEAM_MEMBER], institution_id=rnd.institution_id
    ).order_by("role", "full_name", "pk")


def update_arrangement(
    arrangement, user, *, status, version, not_needed_reason="", responsible=None, notes=""
):
    """Save one item of the checklist. ``version`` is the one the person loaded: if someone
    saved the item since, nothing is written and ``Conflict`` carries the latest item."""
    not_needed_reason = (not_needed_reason or "").strip()
    if status not in ArrangementStatus.values:
        raise LogisticsError(_("Choose a status."))
    if status == ArrangementStatus.NOT_NEEDED and not not_needed_reason:
        raise LogisticsError(_("Say briefly why this arrangement is not needed."))
    if status != ArrangementStatus.NOT_NEEDED:
        not_needed_reason = ""
    with transaction.atomic():
        locked = (
            Arrangement.objects.select_related("round", "traveller", "updated_by")
            .select_for_update(of=("self",))
            .get(pk=arrangement.pk)
        )
        locked.round = arrangement.round
        _check(user, "visits.edit_arrangement", locked)
        if responsible is not None and not (
            responsible_candidates(locked.round, locked.side).filter(pk=responsible.pk).exists()
        ):
            raise LogisticsError(
                _("The responsible person must be secretariat staff.")
                if locked.side == Side.INTERNATIONAL
                else _("The responsible person must be the focal point or a member of the team.")
            )
        if locked.version != version:
            raise Conflict(
                _(
                    "%(person)s changed this arrangement while you were editing it. Here is "
                    "their version; your changes were not saved."
                )
                % {"person": locked.updated_by or _("Someone")},
                latest=locked,
            )
        before = {"status": locked.status, "responsible": locked.responsible_id}
        locked.status = status
        locked.not_needed_reason = not_needed_reason[:200]
        locked.responsible = responsible
        locked.notes = (notes or "").strip()
        locked.version += 1
        locked.updated_by = user
        locked.updated_at = timezone.now()
        locked.save()
        log_event(
            locked.round,
            user,
            "visits.logistics.updated",
            data={
                "arrangement": locked.pk,
                "kind": locked.kind,
                "traveller": locked.traveller_id,
                "from": before["status"],
                "to": status,
            },
            visibility=_event_visibility(locked),
        )
    return locked


def _event_visibility(arrangement):
    # The international side (per diem included) is the secretariat's business (R3.5).
    if arrangement.side == Side.INTERNATIONAL:
        return EventVisibility.STAFF
    return EventVisibility.ALL


def add_other_item(rnd, user, title):
    """The country adds a local arrangement the standard list lacks (e.g. "Catering")."""
    title = (title or "").strip()
    if not title:
        raise LogisticsError(_("Describe the arrangement."))
    if not user.has_perm("visits.edit_local", rnd):
        raise NotAllowed(_("Local arrangements are made by the country (R3.5)."))
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=rnd.pk)
        position = (
            rnd.arrangements.filter(side=Side.LOCAL).aggregate(m=Max("position"))["m"] or 0
        ) + 1
        item = Arrangement.objects.create(
            round=rnd,
            side=Side.LOCAL,
            kind=ArrangementKind.OTHER,
            title=title[:200],
            position=position,
            updated_by=user,
        )
        log_event(
            rnd, user, "visits.logistics.added", data={"arrangement": item.pk, "title": title}
        )
    return item


def add_attachment(arrangement, user, uploaded):
    """Attach a checked document (content and size, as the request's documents)."""
    kind = check_document(uploaded)
    with transaction.atomic():
        locked = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
        locked.round = arrangement.round
        _check(user, "visits.edit_arrangement", locked)
        if locked.attachments.count() >= MAX_ATTACHMENTS:
            raise LogisticsError(
                _("An arrangement can have at most %(n)s files. Remove one first.")
                % {"n": MAX_ATTACHMENTS}
            )
        attachment = ArrangementAttachment(
            arrangement=locked,
            original_name=uploaded.name[:200],
            size=uploaded.size,
            content_type=CONTENT_TYPES[kind],
            uploaded_by=user,
        )
        attachment.file.save("upload", uploaded, save=False)
        attachment.save()
        log_event(
            locked.round,
            user,
            "visits.logistics.file_added",
            data={"arrangement": locked.pk, "file": attachment.original_name},
            visibility=_event_visibility(locked),
        )
    return attachment


def remove_attachment(attachment, user):
    arrangement = attachment.arrangement
    with transaction.atomic():
        _check(user, "visits.edit_arrangement", arrangement)
        name = attachment.original_name
        attachment.file.delete(save=False)
        attachment.delete()
        log_event(
            arrangement.round,
            user,
            "visits.logistics.file_removed",
            data={"arrangement": arrangement.pk, "file": name},
            visibility=_event_visibility(arrangement),
        )


# --- Visibility of the visit (R4.4) and its dates ------------------------------------------------
def record_visibility(rnd, user, *, visibility, notes="", version):
    """The focal point records the country's choice on the visit's visibility (R4.4); the
    secretariat is told. ``version`` as loaded: a concurrent change is refused."""
    if visibility not in Visibility.values:
        raise LogisticsError(_("Choose how visible the visit should be."))
    if not user.has_perm("visits.choose_visibility", rnd):
        raise NotAllowed(_("The visibility of the visit is the country's decision (R4.4)."))
    notes = (notes or "").strip()
    with transaction.atomic():
        sheet = ensure_logistics(rnd)
        sheet = (
            RoundLogistics.objects.select_related("visibility_chosen_by")
            .select_for_update(of=("self",))
            .get(pk=sheet.pk)
        )
        if sheet.version != version:
            raise Conflict(
                _("%(person)s changed the logistics of this visit meanwhile; check and try again.")
                % {"person": sheet.visibility_chosen_by or _("Someone")},
                latest=sheet,
            )
        previous = sheet.visibility
        if previous == visibility and sheet.visibility_notes == notes:
            return sheet
        sheet.visibility = visibility
        sheet.visibility_notes = notes
        sheet.visibility_chosen_by = user
        sheet.visibility_chosen_at = timezone.now()
        sheet.version += 1
        sheet.save()
        log_event(
            rnd,
            user,
            "visits.logistics.visibility_chosen",
            data={"from": previous, "to": visibility},
        )
        for person in audience_members(rnd, Audience.SECRETARIAT):
            queue_message(
                MessageType.VISIT_VISIBILITY_CHOSEN,
                recipient=person,
                context={
                    "round": rnd,
                    "actor": user,
                    "choice": Visibility(visibility).label,
                    "changed": bool(previous),
                    "notes": notes,
                },
                link=logistics_url(rnd),
                round_code=rnd.code,
            )
    return sheet


def set_planned_start(rnd, user, planned_start, *, version):
    """The planned first day of the visit (until the agenda holds the visit's dates)."""
    if not user.has_perm("visits.set_visit_start", rnd):
        raise NotAllowed(_("You may not change the dates of this visit."))
    with transaction.atomic():
        sheet = ensure_logistics(rnd)
        sheet = RoundLogistics.objects.select_for_update().get(pk=sheet.pk)
        if sheet.version != version:
            raise Conflict(
                _("Someone changed the logistics of this visit meanwhile; check and try again."),
                latest=sheet,
            )
        previous = sheet.planned_start
        sheet.planned_start = planned_start
        sheet.version += 1
        sheet.save(update_fields=["planned_start", "version"])
        log_event(
            rnd,
            user,
            "visits.logistics.dates_set",
            data={
                "from": previous.isoformat() if previous else None,
                "to": planned_start.isoformat() if planned_start else None,
            },
        )
    return sheet


def visit_start(rnd, sheet=None):
    """The first day of the visit, or None while unknown: the agenda's visit dates (R4.1) once
    they are set, before that the planned first day on the logistics sheet."""
    from .agenda_models import Visit

    agreed = Visit.objects.filter(round=rnd).values_list("start_date", flat=True).first()
    if agreed:
        return agreed
    sheet = sheet if sheet is not None else logistics_of(rnd)
    return sheet.planned_start if sheet else None


def logistics_url(rnd):
    from django.urls import reverse

    return reverse("visits:logistics", args=[rnd.code])


# --- Readiness, blockers -----------------------------------------------------------------------
def due_date(arrangement, start):
    return start - timedelta(days=LEAD_DAYS[arrangement.kind]) if start else None


def readiness(arrangements, start, today=None):
    """The summary of the page: per side, how many items are ready (confirmed or not needed),
    how many confirmed, what is open; the open items past their due date; days to the visit."""
    today = today or timezone.localdate()
    sides = []
    overdue = []
    for side in Side:
        items = [a for a in arrangements if a.side == side]
        if not items:
            continue
        open_items = [a for a in items if not a.is_done]
        sides.append(
            {
                "side": side,
                "label": side.label,
                "total": len(items),
                "ready": len(items) - len(open_items),
                "confirmed": sum(a.status == ArrangementStatus.CONFIRMED for a in items),
                "open": open_items,
                "percent": round(100 * (len(items) - len(open_items)) / len(items)),
            }
        )
        for item in open_items:
            item.due = due_date(item, start)
            item.overdue = bool(item.due and item.due < today)
            if item.overdue:
                overdue.append(item)
    days = (start - today).days if start else None
    return {
        "sides": sides,
        "overdue": overdue,
        "days_to_visit": days,
        "visit_is_close": days is not None and days <= REMIND_WITHIN_DAYS,
        "complete": all(not s["open"] for s in sides),
    }


def _open_sentence(side, items):
    names = ", ".join(describe(a) for a in items)
    if side == Side.INTERNATIONAL:
        text = ngettext(
            "%(n)s international arrangement is not confirmed yet: %(items)s (R3.5).",
            "%(n)s international arrangements are not confirmed yet: %(items)s (R3.5).",
            len(items),
        )
    else:
        text = ngettext(
            "%(n)s local arrangement is not confirmed yet: %(items)s (R3.5).",
            "%(n)s local arrangements are not confirmed yet: %(items)s (R3.5).",
            len(items),
        )
    return text % {"n": len(items), "items": names}


def logistics_blockers(rnd):
    """What still stops the visit from being scheduled on the logistics side: every arrangement
    confirmed or not needed (R3.5) and the country's visibility choice recorded (R4.4)."""
    sheet = logistics_of(rnd)
    if sheet is None:
        return [
            _(
                "The logistics checklist has not been prepared yet: open the round's logistics "
                "page (R3.5)."
            )
        ]
    messages = []
    open_items = list(
        rnd.arrangements.exclude(status__in=ArrangementStatus.done())
        .select_related("traveller__expert_profile__country")
        .order_by("side", "traveller__full_name", "traveller_id", "position", "pk")
    )
    for side in Side:
        items = [a for a in open_items if a.side == side]
        if items:
            messages.append(_open_sentence(side, items))
    if not sheet.visibility:
        messages.append(
            _(
                "The country has not recorded its choice on the visibility of the visit (press "
                "coverage or low profile) yet (R4.4)."
            )
        )
    return messages


# --- Reminders (celery beat, daily) -----------------------------------------------------------------
def _fallback_responsible(rnd, side):
    """Who is reminded of an item nobody is responsible for: the round's coordinators (or the
    secretariat) for the international side, the focal point for the local side."""
    if side == Side.INTERNATIONAL:
        return list(audience_members(rnd, Audience.SECRETARIAT))
    return list(audience_members(rnd, Audience.FOCAL_POINT))


def remind_open_items(today=None):
    """Remind each responsible person of their open items when the visit is at most 14 days
    away (and its first day is known). At most one reminder per item per day, so running the
    task twice sends nothing twice. Returns the number of messages queued."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=REMIND_WITHIN_DAYS)
    sheets = RoundLogistics.objects.filter(
        planned_start__isnull=False, planned_start__gte=today, planned_start__lte=horizon
    ).exclude(round__status__in=CLOSED_STATES)
    queued = 0
    for sheet in sheets.select_related("round"):
        queued += _remind_round(sheet, today)
    return queued


def _remind_round(sheet, today):
    rnd = sheet.round
    with transaction.atomic():
        items = list(
            rnd.arrangements.select_for_update(of=("self",))
            .exclude(status__in=ArrangementStatus.done())
            .exclude(last_reminded_on=today)
            .select_related("traveller__expert_profile__country", "responsible")
            .order_by("side", "position", "pk")
        )
        if not items:
            return 0
        per_person = {}
        for item in items:
            item.due = due_date(item, sheet.planned_start)
            people = [item.responsible] if item.responsible and item.responsible.is_active else []
            for person in people or _fallback_responsible(rnd, item.side):
                per_person.setdefault(person.pk, (person, []))[1].append(item)
        Arrangement.objects.filter(pk__in=[i.pk for i in items]).update(last_reminded_on=today)
        for person, person_items in per_person.values():
            with translation.override(person.preferred_language or None):
                lines = [
                    {"text": describe(i), "overdue": bool(i.due and i.due < today)}
                    for i in person_items
                ]
            queue_message(
                MessageType.LOGISTICS_REMINDER,
                recipient=person,
                context={
                    "round": rnd,
                    "start": sheet.planned_start,
                    "days": (sheet.planned_start - today).days,
                    "items": lines,
                },
                link=logistics_url(rnd),
                round_code=rnd.code,
            )
        return len(per_person)
