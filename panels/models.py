from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import SeatKind, SeatStatus


class PanelSeat(models.Model):
    """A person's place on a round's international expert panel (phase 2, R2.2/R2.3).

    The foundation keeps only what access needs (who sits, in which state); the panel issue
    builds proposals, invitations and the seat rules on top.
    """

    round = models.ForeignKey(
        "rounds.Round",
        on_delete=models.CASCADE,
        related_name="panel_seats",
        verbose_name=_("round"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="panel_seats",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("seat"), max_length=20, choices=SeatKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SeatStatus.choices, default=SeatStatus.PROPOSED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["round", "kind", "pk"]
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_seat_per_person_per_round")
        ]

    def __str__(self):
        return f"{self.round_id}: {self.user_id} ({self.status})"
