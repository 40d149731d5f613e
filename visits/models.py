"""The questionnaire engine: every questionnaire of a round (technical R3.2, self-assessment
R3.3, end-of-round evaluation) is a Questionnaire of Sections and Questions, answered online.

Slim models: every write with business meaning is in ``visits.services``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Audience, QuestionnaireKind, QuestionnaireStatus, QuestionType


class Questionnaire(models.Model):
    round = models.ForeignKey(
        "rounds.Round",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("round"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionnaireKind.choices)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("answered by"), max_length=20, choices=Audience.choices, default=Audience.COUNTRY_TEAM
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFTING,
    )
    deadline = models.DateTimeField(_("answers due by"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("answers submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template = models.ForeignKey(
        "QuestionnaireTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from template"),
    )

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("visits:questionnaire", args=[self.round.code, self.pk])

    @property
    def is_drafting(self):
        return self.status == QuestionnaireStatus.DRAFTING

    @property
    def is_released(self):
        return self.status == QuestionnaireStatus.RELEASED

    @property
    def is_answered(self):
        return self.status in QuestionnaireStatus.answered()

    @property
    def per_respondent(self):
        """Each respondent answers for themselves (experts, every participant)."""
        return self.audience != Audience.COUNTRY_TEAM


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("section"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("section"),
    )
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(
        _("type of answer"), max_length=20, choices=QuestionType.choices, default="long_text"
    )
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(
        _("drafting note"),
        blank=True,
        help_text=_("Kept when questions are merged: who drafted what."),
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:80]


class Answer(models.Model):
    """One answer to a question. The country team shares one answer per question
    (``respondent`` empty); any other respondent (an expert, a participant) has their own.

    ``version`` counts the saves: a save based on an older version is refused, so two people
    typing the same answer never overwrite each other without knowing it.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("answer"), blank=True)
    choices = models.JSONField(default=list, blank=True)
    file = models.FileField(upload_to="answers/%Y/", blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(respondent__isnull=True),
                name="one_shared_answer_per_question",
            ),
            models.UniqueConstraint(
                fields=["question", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_answer_per_question_and_respondent",
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: v{self.version}"

    @property
    def is_empty(self):
        return not (self.text.strip() or self.choices or self.file or self.has_files)

    @property
    def has_files(self):
        return bool(self.attachments.all())  # prefetched by the pages

    @property
    def display(self):
        """The answer as text (choices joined), for conflicts and read-only views."""
        if self.choices:
            return ", ".join(self.choices)
        return self.text


class Assignment(models.Model):
    """The focal point asks a member of the technical team to answer a question."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="assignment")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.question_id} → {self.assignee_id}"


class Clarification(models.Model):
    """A message in a question's thread between the country and the experts."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="clarifications")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")

    def __str__(self):
        return f"{self.question_id}: {self.author_id}"


from .agenda_models import AgendaItem, AgendaVersion, Visit, VisitNote  # noqa: E402, F401
from .logistics_models import *  # noqa: E402, F403 — the logistics of the visit (R3.5, R4.4)


def attachment_upload_to(instance, filename):
    # The stored name is random: the person's file name is kept only as data.
    return f"answers/{instance.answer.question.questionnaire.round_id}/{secrets.token_hex(12)}"


class Attachment(models.Model):
    """A document attached to an answer (any question; the answer to a file question)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="attachments")
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


class RespondentSubmission(models.Model):
    """A respondent of a per-respondent questionnaire (experts, every participant) sent their
    answers: from then on they are final and the secretariat counts them as answered."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="respondent_submissions"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answers sent")
        verbose_name_plural = _("answers sent")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "respondent"], name="one_submission_per_respondent"
            )
        ]

    def __str__(self):
        return f"{self.questionnaire_id}: {self.respondent_id}"


# --- Templates (R3.3 self-assessment, end-of-round evaluation) --------------------------------
class QuestionnaireTemplate(models.Model):
    """A questionnaire the secretariat maintains per theme and copies into a round."""

    key = models.SlugField(max_length=60, unique=True, null=True, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=QuestionnaireKind.choices,
        default=QuestionnaireKind.SELF_ASSESSMENT,
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.ForeignKey(
        "rounds.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("answered by"), max_length=20, choices=Audience.choices, default=Audience.COUNTRY_TEAM
    )
    is_active = models.BooleanField(_("offered to rounds"), default=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("questionnaire template")
        verbose_name_plural = _("questionnaire templates")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("visits:template", args=[self.pk])


class TemplateSection(models.Model):
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("section"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class TemplateQuestion(models.Model):
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        TemplateSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("section"),
    )
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(
        _("type of answer"), max_length=20, choices=QuestionType.choices, default="long_text"
    )
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        ordering = ["template", "position", "pk"]

    def __str__(self):
        return self.text[:80]
