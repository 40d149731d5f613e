from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """A person's role in the network. OAS coordinators are secretariat staff with a flag."""

    SECRETARIAT = "secretariat", _("Technical Secretariat staff")
    FOCAL_POINT = "focal_point", _("Country focal point")
    TEAM_MEMBER = "team_member", _("Technical team member")
    EXPERT = "expert", _("Expert (specialist)")

    @classmethod
    def country_roles(cls):
        return {cls.FOCAL_POINT, cls.TEAM_MEMBER}


class Language(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    PORTUGUESE = "pt", _("Portuguese")
    FRENCH = "fr", _("French")


class AccountRequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("account request", "Pending")
    APPROVED = "approved", pgettext_lazy("account request", "Approved")
    REJECTED = "rejected", pgettext_lazy("account request", "Rejected")
