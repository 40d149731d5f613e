"""The questionnaire engine's vocabulary (R3.2, R3.3 and the end-of-round evaluation)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionnaireKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical questionnaire")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    EVALUATION = "evaluation", _("End-of-round evaluation")
    OTHER = "other", pgettext_lazy("questionnaire kind", "Other")


class Audience(models.TextChoices):
    """Who answers. The country team shares one answer per question; every other respondent
    answers for themselves."""

    COUNTRY_TEAM = "country_team", _("The country's technical team")
    PANEL_EXPERTS = "panel_experts", _("The panel's experts")
    ALL_PARTICIPANTS = "all_participants", _("Every participant")


class QuestionnaireStatus(models.TextChoices):
    DRAFTING = "drafting", pgettext_lazy("questionnaire", "Drafting")
    RELEASED = "released", pgettext_lazy("questionnaire", "Released")
    SUBMITTED = "submitted", pgettext_lazy("questionnaire", "Answers submitted")
    CLOSED = "closed", pgettext_lazy("questionnaire", "Closed")

    @classmethod
    def answered(cls):
        """The answers are final and readable by everyone on the round."""
        return {cls.SUBMITTED, cls.CLOSED}


class QuestionType(models.TextChoices):
    LONG_TEXT = "long_text", _("Long text")
    SHORT_TEXT = "short_text", _("Short text")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    FILE = "file", _("File")

    @classmethod
    def with_choices(cls):
        return {cls.SINGLE_CHOICE, cls.MULTIPLE_CHOICE}
