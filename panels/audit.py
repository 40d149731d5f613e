"""Sentences of the panel's audit actions (rounds.audit), registered from PanelsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from rounds.audit import AuditPhase, register

from .enums import SeatKind

PERSON = {"person": ("user", "user")}


def _kind(event):
    value = (event.data or {}).get("kind")
    return {"kind": SeatKind(value).label if value in SeatKind.values else ""}


def _proposed(event):
    if (event.data or {}).get("override_reason"):
        return _("%(person)s proposed for the panel (%(kind)s), warnings overridden")
    return _("%(person)s proposed for the panel (%(kind)s)")


P = AuditPhase.PANEL
register("panels.seat.proposed", _proposed, phase=P, refs=PERSON, values=_kind)
register("panels.seat.country_agreed", _("The country agreed to %(person)s"), phase=P, refs=PERSON)
register(
    "panels.seat.country_objected", _("The country objected to %(person)s"), phase=P, refs=PERSON
)
register("panels.seat.invited", _("%(person)s invited to join the panel"), phase=P, refs=PERSON)
register(
    "panels.seat.accepted", _("%(person)s accepted the seat on the panel"), phase=P, refs=PERSON
)
register(
    "panels.seat.declined",
    _("%(person)s declined the invitation to the panel"),
    phase=P,
    refs=PERSON,
)
register("panels.seat.withdrawn", _("%(person)s withdrawn from the panel"), phase=P, refs=PERSON)
register(
    "panels.seat.expired",
    _("The invitation of %(person)s expired; the seat is free again"),
    phase=P,
    refs=PERSON,
)
register(
    "panels.states_selected",
    _("Member states chosen for the experts: %(countries)s"),
    phase=P,
    refs={"countries": ("countries", "country")},
)
register(
    "panels.seat.coordinator_seated",
    _("%(person)s seated as OAS coordinator when the request was accepted"),
    phase=P,
    refs=PERSON,
)
