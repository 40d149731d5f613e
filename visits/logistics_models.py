"""Logistics of the visit (R3.5) and its visibility (R4.4).

R3.5 splits the arrangements by responsibility: the Technical Secretariat books what concerns
the international travellers (flights, travel insurance, visa or invitation letter, per diem, one
set per accepted panel member, coordinators included); the beneficiary country arranges what
happens on the ground (hotel, ground transport, venues, interpretation, anything else).

``RoundLogistics`` is the round's own logistics sheet: the planned first day of the visit (a
placeholder the agenda's visit dates can later replace, see docs/decisions-logistics.md) and the
country's choice about the visit's visibility (R4.4).

Slim models: every write with business meaning is in ``visits.logistics_services``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["Arrangement", "ArrangementAttachment", "RoundLogistics"]


class Side(models.TextChoices):
    """Who is responsible (R3.5)."""

    INTERNATIONAL = "international", _("International arrangements (Technical Secretariat)")
    LOCAL = "local", _("Local arrangements (the country)")


class ArrangementKind(models.TextChoices):
    FLIGHTS = "flights", _("Flights")
    INSURANCE = "insurance", _("Travel insurance")
    VISA = "visa", _("Visa or invitation letter")
    PER_DIEM = "per_diem", _("Per diem")
    HOTEL = "hotel", _("Hotel")
    GROUND_TRANSPORT = "ground_transport", _("Ground transport")
    VENUES = "venues", _("Meeting venues")
    INTERPRETATION = "interpretation", _("Interpretation")
    OTHER = "other", pgettext_lazy("arrangement kind", "Other")


INTERNATIONAL_KINDS = (
    ArrangementKind.FLIGHTS,
    ArrangementKind.INSURANCE,
    ArrangementKind.VISA,
    ArrangementKind.PER_DIEM,
)
LOCAL_KINDS = (
    ArrangementKind.HOTEL,
    ArrangementKind.GROUND_TRANSPORT,
    ArrangementKind.VENUES,
    ArrangementKind.INTERPRETATION,
)
# Days before the visit by which an arrangement should be confirmed: an open item past that day
# is shown as overdue (and the daily reminder says so).
LEAD_DAYS = {
    ArrangementKind.VISA: 30,
    ArrangementKind.FLIGHTS: 21,
    ArrangementKind.HOTEL: 14,
    ArrangementKind.VENUES: 14,
    ArrangementKind.INTERPRETATION: 14,
    ArrangementKind.INSURANCE: 7,
    ArrangementKind.PER_DIEM: 7,
    ArrangementKind.GROUND_TRANSPORT: 7,
    ArrangementKind.OTHER: 7,
}


class ArrangementStatus(models.TextChoices):
    TODO = "todo", pgettext_lazy("arrangement", "To do")
    IN_PROGRESS = "in_progress", pgettext_lazy("arrangement", "In progress")
    CONFIRMED = "confirmed", pgettext_lazy("arrangement", "Confirmed")
    NOT_NEEDED = "not_needed", pgettext_lazy("arrangement", "Not needed")

    @classmethod
    def done(cls):
        return {cls.CONFIRMED, cls.NOT_NEEDED}


class Visibility(models.TextChoices):
    """R4.4: the beneficiary country decides how visible the visit is."""

    PUBLIC = "public", _("Press coverage and public communication")
    LOW_PROFILE = "low_profile", _("Low profile: no press, no public communication")


class RoundLogistics(models.Model):
    round = models.OneToOneField(
        "rounds.Round", on_delete=models.CASCADE, related_name="logistics", verbose_name=_("round")
    )
    # Until the agenda records the visit's dates, the planned first day lives here.
    planned_start = models.DateField(_("planned first day of the visit"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility of the visit"), max_length=20, choices=Visibility.choices, blank=True
    )
    visibility_notes = models.TextField(_("notes on visibility"), blank=True)
    visibility_chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visibility_chosen_at = models.DateTimeField(_("chosen"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("logistics of a round")
        verbose_name_plural = _("logistics of rounds")

    def __str__(self):
        return f"{self.round_id}: {self.visibility or '-'}"


class Arrangement(models.Model):
    """One line of the logistics checklist."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="arrangements")
    side = models.CharField(_("responsibility"), max_length=20, choices=Side.choices)
    kind = models.CharField(_("arrangement"), max_length=20, choices=ArrangementKind.choices)
    traveller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="travel_arrangements",
        verbose_name=_("traveller"),
    )
    title = models.CharField(_("description"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ArrangementStatus.choices,
        default=ArrangementStatus.TODO,
    )
    not_needed_reason = models.CharField(_("why it is not needed"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["round", "side", "traveller_id", "position", "pk"]
        verbose_name = _("logistics arrangement")
        verbose_name_plural = _("logistics arrangements")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "traveller"],
                condition=Q(traveller__isnull=False),
                name="one_arrangement_per_kind_and_traveller",
            ),
            models.UniqueConstraint(
                fields=["round", "kind"],
                condition=Q(traveller__isnull=True) & ~Q(kind="other"),
                name="one_standard_local_arrangement_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_needed") | ~Q(not_needed_reason=""),
                name="not_needed_arrangement_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.round_id}: {self.kind} ({self.status})"

    @property
    def is_done(self):
        return self.status in ArrangementStatus.done()

    @property
    def label(self):
        """What the item is, in words: "Flights", or the description of an "other" item."""
        if self.kind == ArrangementKind.OTHER and self.title:
            return self.title
        return self.get_kind_display()


def attachment_upload_to(instance, filename):
    # The stored name is random: the person's file name is kept only as data.
    return f"logistics/{instance.arrangement.round_id}/{secrets.token_hex(12)}"


class ArrangementAttachment(models.Model):
    """A file of an arrangement (an e-ticket, an insurance certificate, a hotel booking)."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
