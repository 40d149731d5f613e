"""The executive report's vocabulary (R5.1–R5.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# R5.1: the executive report has at most this many pages.
PAGE_BUDGET = 20


class SectionKind(models.TextChoices):
    """The structure of the report (R5.3), in the order of the document."""

    DESCRIPTION = "description", _("Brief description of the round")
    INITIATIVE = "initiative", _("State of the initiative")
    FINDINGS = "findings", _("Findings of the peer exchange")
    RECOMMENDATIONS = "recommendations", _("Recommendations")
    COOPERATION = "cooperation", _("Further needs and opportunities for cooperation")
    ANNEXES = "annexes", _("Annexes")

    @classmethod
    def required(cls):
        """Sections that must have text before the report goes to the country (R5.3).
        Recommendations are structured items (at least one is required); annexes are filled
        from the round."""
        return [cls.DESCRIPTION, cls.FINDINGS, cls.COOPERATION]


class Priority(models.TextChoices):
    HIGH = "high", pgettext_lazy("priority", "High")
    MEDIUM = "medium", pgettext_lazy("priority", "Medium")
    LOW = "low", pgettext_lazy("priority", "Low")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term (under 1 year)")
    MEDIUM = "medium", _("Medium term (1 to 3 years)")
    LONG = "long", _("Long term (over 3 years)")


class VersionKind(models.TextChoices):
    PREVIEW = "preview", pgettext_lazy("report version", "Working draft")
    PRELIMINARY = "preliminary", pgettext_lazy("report version", "Preliminary")
    FINAL = "final", pgettext_lazy("report version", "Final")


class RenderStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("pdf", "Waiting to be rendered")
    RENDERING = "rendering", pgettext_lazy("pdf", "Rendering")
    DONE = "done", pgettext_lazy("pdf", "Ready")
    FAILED = "failed", pgettext_lazy("pdf", "Failed")


class PublicationChoice(models.TextChoices):
    """R5.4: the beneficiary decides."""

    UNDECIDED = "", _("Not decided yet")
    PUBLIC = "public", pgettext_lazy("publication choice", "Public")
    INTERNAL = "internal", _("Internal working document")


class FollowUpStatus(models.TextChoices):
    """What became of a recommendation after the round (R5.5)."""

    NOT_STARTED = "not_started", pgettext_lazy("recommendation", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation", "In progress")
    IMPLEMENTED = "implemented", pgettext_lazy("recommendation", "Implemented")
    DISCARDED = "discarded", pgettext_lazy("recommendation", "Not pursued")
