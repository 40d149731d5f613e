"""Demo preparer of ``schedule_visit`` for the logistics (R3.5, R4.4): the checklist with every
arrangement settled and the country's visibility choice recorded (see rounds/demo.py).

Finds its actors on the round (``people`` is empty in the tests): a coordinator (or any active
secretariat user) for the international side, the focal point for the local side. Idempotent.
Every name here is fictitious.
"""

from datetime import timedelta

from accounts.enums import Role
from accounts.models import User
from rounds.demo import prepare

from .logistics_models import ArrangementKind, ArrangementStatus, Side, Visibility
from .logistics_services import ensure_logistics

K = ArrangementKind
NOTES = {
    K.FLIGHTS: "Boleto electrónico emitido (Aerolíneas del Sur, ficticia); llegada la víspera de "
    "la visita por la tarde, regreso al día siguiente del cierre.",
    K.INSURANCE: "Póliza de asistencia en viaje emitida para toda la estadía.",
    K.VISA: "No se requiere visa; carta de invitación oficial enviada al experto.",
    K.PER_DIEM: "Viático calculado según la tabla de la OEA; transferencia antes del viaje.",
    K.HOTEL: "Hotel Central (ficticio), habitaciones reservadas con tarifa oficial, a diez "
    "minutos del ministerio.",
    K.GROUND_TRANSPORT: "Traslados aeropuerto–hotel y diarios en vehículo oficial del ministerio.",
    K.VENUES: "Sala de reuniones del ministerio (piso 3) y auditorio para la reunión protocolar.",
}
NOT_NEEDED = {K.INTERPRETATION: "Todas las reuniones se realizan en español."}
VISIT_STARTS_AFTER = timedelta(days=21)  # rounds.demo.TYPICAL_GAP_DAYS["start_visit"]


def _staff(rnd):
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
def logistics_settled(rnd, *, at, people):
    sheet = ensure_logistics(rnd)
    staff, focal = _staff(rnd), _focal_point(rnd)
    for item in rnd.arrangements.exclude(status__in=ArrangementStatus.done()):
        if item.kind in NOT_NEEDED:
            item.status = ArrangementStatus.NOT_NEEDED
            item.not_needed_reason = NOT_NEEDED[item.kind]
        else:
            item.status = ArrangementStatus.CONFIRMED
            item.notes = item.notes or NOTES.get(item.kind, "Confirmado.")
        actor = staff if item.side == Side.INTERNATIONAL else focal
        item.responsible = item.responsible or actor
        item.updated_by = actor
        item.updated_at = at
        item.version += 1
        item.save()
    if not sheet.visibility:
        sheet.visibility = Visibility.PUBLIC
        sheet.visibility_notes = (
            "Nota de prensa al cierre de la visita; contacto: oficina de comunicación del "
            "ministerio (prensa@example.org)."
        )
        sheet.visibility_chosen_by = focal
        sheet.visibility_chosen_at = at
    if sheet.planned_start is None:
        sheet.planned_start = (at + VISIT_STARTS_AFTER).date()
    sheet.version += 1
    sheet.save()
