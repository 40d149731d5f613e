from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SeatKind(models.TextChoices):
    SPECIALIST = "specialist", _("Specialist (cooperating country)")
    COORDINATOR = "coordinator", _("OAS specialist (coordination)")


class SeatStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("seat", "Proposed")
    INVITED = "invited", pgettext_lazy("seat", "Invited")
    ACCEPTED = "accepted", pgettext_lazy("seat", "Accepted")
    DECLINED = "declined", pgettext_lazy("seat", "Declined")
    EXPIRED = "expired", pgettext_lazy("seat", "Expired")
