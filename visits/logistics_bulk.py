"""Several logistics items at once (issue 11, item 12): the table of the checklist saves the
statuses changed in it, "confirm all" for a traveller and "set the whole column" for a kind.

What every write here guarantees, like a single edit in ``visits.logistics_services``:

* permission: the person may edit every item the change touches (R3.5: the secretariat the
  international items, the country the local ones); otherwise nothing is written;
* concurrency: the person sends the version of each item as they saw it; if any item of the
  scope changed since (or an item was added to it), nothing is written and ``Conflict`` names
  who changed it;
* all or nothing: one transaction, rows locked in primary-key order;
* confirmation: a bulk change that would undo confirmed or "not needed" items is refused with
  ``NeedsConfirmation`` (listing them) unless ``confirmed``; "not needed" needs a reason;
* audit: one event per action — ``visits.logistics.updated`` when a single item changed,
  ``visits.logistics.bulk_updated`` with the count otherwise.

Services raise domain errors and never touch a request.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ripso.converters import parse_id
from rounds.enums import EventVisibility
from rounds.services import log_event

from .logistics_models import INTERNATIONAL_KINDS, Arrangement, ArrangementStatus, Side
from .logistics_services import Conflict, LogisticsError, NotAllowed, describe

BULK_STATUSES = (
    ArrangementStatus.TODO,
    ArrangementStatus.IN_PROGRESS,
    ArrangementStatus.CONFIRMED,
    ArrangementStatus.NOT_NEEDED,
)


class NeedsConfirmation(LogisticsError):
    """The change needs the person's explicit "yes" (undoing done items) or a reason ("not
    needed"). ``items`` are the items concerned, ``needs_reason`` says which is missing."""

    def __init__(self, message, *, items=(), needs_reason=False):
        super().__init__(message)
        self.items = list(items)
        self.needs_reason = needs_reason


@dataclass(frozen=True)
class Scope:
    """Which items a bulk action covers: ``traveller`` (a person's international items),
    ``kind`` (a column: every item of that kind) or ``local`` (every local item)."""

    name: str
    key: str = ""

    @classmethod
    def parse(cls, text):
        name, _sep, key = (text or "").partition(":")
        if name == "traveller" and parse_id(key) is not None:
            return cls(name, key)
        if name == "kind" and key in {k.value for k in INTERNATIONAL_KINDS}:
            return cls(name, key)
        if name == "local" and not key:
            return cls(name)
        raise LogisticsError(_("Choose which arrangements to update."))

    def __str__(self):
        return f"{self.name}:{self.key}" if self.key else self.name

    def filter(self, queryset):
        if self.name == "traveller":
            return queryset.filter(side=Side.INTERNATIONAL, traveller_id=int(self.key))
        if self.name == "kind":
            return queryset.filter(side=Side.INTERNATIONAL, kind=self.key)
        return queryset.filter(side=Side.LOCAL)


def parse_seen(data):
    """``{pk: version}`` from the form's ``v-<pk>`` fields (what the person saw)."""
    seen = {}
    for name, value in data.items():
        if name.startswith("v-") and name[2:].isdigit() and str(value).isdigit():
            seen[int(name[2:])] = int(value)
    return seen


def _locked(rnd, pks):
    items = list(
        Arrangement.objects.filter(round=rnd, pk__in=pks)
        .select_related("traveller__expert_profile__country", "updated_by")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for item in items:
        item.round = rnd
    return items


def _check_versions(items, seen):
    stale = [i for i in items if seen.get(i.pk) != i.version]
    if not stale:
        return
    who = sorted({str(i.updated_by) for i in stale if i.updated_by}) or [_("Someone")]
    raise Conflict(
        ngettext(
            "%(people)s changed %(n)s of these arrangements while you were looking at them: "
            "nothing was saved. The table now shows them as they are; check and try again.",
            "%(people)s changed %(n)s of these arrangements while you were looking at them: "
            "nothing was saved. The table now shows them as they are; check and try again.",
            len(stale),
        )
        % {"people": ", ".join(who), "n": len(stale)},
        latest=stale,
    )


def _check_edit(user, items):
    if any(not user.has_perm("visits.edit_arrangement", i) for i in items):
        raise NotAllowed(_("You may not change some of these arrangements."))


def _write(rnd, user, changed, status_of, reason):
    now = timezone.now()
    before = {}
    for item in changed:
        before[item.pk] = item.status
        item.status = status_of[item.pk]
        item.not_needed_reason = reason[:200] if item.status == ArrangementStatus.NOT_NEEDED else ""
        item.version += 1
        item.updated_by = user
        item.updated_at = now
    Arrangement.objects.bulk_update(
        changed, ["status", "not_needed_reason", "version", "updated_by", "updated_at"]
    )
    international = any(i.side == Side.INTERNATIONAL for i in changed)
    visibility = EventVisibility.STAFF if international else EventVisibility.ALL
    if len(changed) == 1:
        item = changed[0]
        log_event(
            rnd,
            user,
            "visits.logistics.updated",
            data={
                "arrangement": item.pk,
                "kind": item.kind,
                "traveller": item.traveller_id,
                "from": before[item.pk],
                "to": item.status,
            },
            visibility=visibility,
        )
    return before, visibility


def save_statuses(rnd, user, *, statuses, seen, reason=""):
    """The statuses changed in the table (``{pk: status}``; unchanged ones are ignored), each
    checked against the version the person saw. Returns the items that changed."""
    reason = (reason or "").strip()
    if any(s not in ArrangementStatus.values for s in statuses.values()):
        raise LogisticsError(_("Choose a status."))
    with transaction.atomic():
        items = _locked(rnd, list(statuses))
        if len(items) != len(statuses):
            raise LogisticsError(_("Some of these arrangements no longer exist. Reload the page."))
        _check_edit(user, items)
        changed = [i for i in items if statuses[i.pk] != i.status]
        if not changed:
            return []
        _check_versions(changed, seen)
        newly_not_needed = [i for i in changed if statuses[i.pk] == ArrangementStatus.NOT_NEEDED]
        if newly_not_needed and not reason:
            raise NeedsConfirmation(
                _("Say briefly why this is not needed."), items=newly_not_needed, needs_reason=True
            )
        _before, visibility = _write(rnd, user, changed, statuses, reason)
        if len(changed) > 1:
            log_event(
                rnd,
                user,
                "visits.logistics.bulk_updated",
                data={
                    "scope": "table",
                    "count": len(changed),
                    "arrangements": [i.pk for i in changed],
                    "to": sorted({i.status for i in changed}),
                },
                visibility=visibility,
            )
    return changed


def bulk_set_status(rnd, user, *, scope, status, seen, reason="", confirmed=False):
    """Set every item of ``scope`` (a ``Scope``) to ``status``. Items already there are left
    alone. Returns the items that changed (possibly none)."""
    reason = (reason or "").strip()
    if status not in BULK_STATUSES:
        raise LogisticsError(_("Choose a status."))
    with transaction.atomic():
        pks = list(scope.filter(rnd.arrangements.all()).values_list("pk", flat=True))
        items = _locked(rnd, pks)
        if not items:
            raise LogisticsError(_("There is nothing to update here."))
        _check_edit(user, items)
        # An item added to the scope since the person loaded the table counts as a change too.
        _check_versions(items, seen)
        changed = [i for i in items if i.status != status]
        if not changed:
            return []
        if status == ArrangementStatus.NOT_NEEDED and not reason:
            raise NeedsConfirmation(
                _("Say briefly why these arrangements are not needed."),
                items=changed,
                needs_reason=True,
            )
        undone = [i for i in changed if i.is_done]
        if undone and not confirmed:
            raise NeedsConfirmation(
                ngettext(
                    "This changes %(n)s arrangement that is already done: %(items)s.",
                    "This changes %(n)s arrangements that are already done: %(items)s.",
                    len(undone),
                )
                % {"n": len(undone), "items": ", ".join(describe(i) for i in undone)},
                items=undone,
            )
        before, visibility = _write(rnd, user, changed, dict.fromkeys(pks, status), reason)
        if len(changed) > 1:
            counts = {}
            for previous in before.values():
                counts[previous] = counts.get(previous, 0) + 1
            log_event(
                rnd,
                user,
                "visits.logistics.bulk_updated",
                data={
                    "scope": str(scope),
                    "count": len(changed),
                    "arrangements": [i.pk for i in changed],
                    "from": counts,
                    "to": status,
                },
                visibility=visibility,
            )
    return changed
