from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SeatKind(models.TextChoices):
    """RIPSO: 2 specialists + 2 OAS coordinators (R2.2). MECIGEP: up to 3 experts from 3
    different member states + 1 OAS expert (R2.3). The OAS seat is a COORDINATOR seat in both."""

    SPECIALIST = "specialist", _("Specialist (cooperating country)")
    COORDINATOR = "coordinator", _("OAS specialist (coordination)")


class SeatStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("seat", "Proposed")
    INVITED = "invited", pgettext_lazy("seat", "Invited")
    ACCEPTED = "accepted", pgettext_lazy("seat", "Accepted")
    DECLINED = "declined", pgettext_lazy("seat", "Declined")
    EXPIRED = "expired", pgettext_lazy("seat", "Expired")
    WITHDRAWN = "withdrawn", pgettext_lazy("seat", "Withdrawn")

    @classmethod
    def holding(cls):
        """States in which a person holds (or is about to hold) a seat."""
        return {cls.PROPOSED, cls.INVITED, cls.ACCEPTED}

    @classmethod
    def released(cls):
        return {cls.DECLINED, cls.EXPIRED, cls.WITHDRAWN}


class CountryOpinion(models.TextChoices):
    """R2.1: the panel is convened in partnership with the requesting country."""

    PENDING = "pending", pgettext_lazy("opinion", "Not yet seen")
    AGREED = "agreed", pgettext_lazy("opinion", "Agreed")
    OBJECTED = "objected", pgettext_lazy("opinion", "Objected")


# Seats a confirmed panel needs, per methodology: kind -> (minimum, maximum).
SEAT_RULES = {
    "ripso": {SeatKind.SPECIALIST: (2, 2), SeatKind.COORDINATOR: (2, 2)},
    "mecigep": {SeatKind.SPECIALIST: (1, 3), SeatKind.COORDINATOR: (1, 1)},
}


# Invitations (R2.4): answer within INVITATION_DAYS; a reminder REMINDER_BEFORE the deadline and
# one after it; the invitation can still be answered for GRACE_AFTER_DEADLINE, then it expires.
INVITATION_DAYS = 10
REMINDER_BEFORE = timedelta(days=3)
GRACE_AFTER_DEADLINE = timedelta(days=3)
