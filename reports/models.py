"""The executive report of a round (R5.1–R5.5): its structured sections, the panel's
contributions, structured recommendations, frozen versions with their PDF, the country's review
comments and the written authorization to publish.

Slim models: every write with business meaning is in ``reports.services`` (drafting, versions,
review), ``reports.rendering`` (PDF and DOCX) and ``reports.publication`` (R5.4 and the portal).
Stored HTML (section bodies, contributions) is always sanitized by ``reports.html.clean`` before
it is saved.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    FollowUpStatus,
    Horizon,
    Priority,
    PublicationChoice,
    RenderStatus,
    SectionKind,
    VersionKind,
)


class Report(models.Model):
    """One per accepted round, created when the report is first opened (after the visit)."""

    round = models.OneToOneField(
        "rounds.Round", on_delete=models.CASCADE, related_name="report", verbose_name=_("round")
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(
        _("summary for the public portal"),
        blank=True,
        help_text=_("A short paragraph in plain words: shown on the portal if it is published."),
    )
    language = models.CharField(_("language of the report"), max_length=5, default="es")
    review_deadline = models.DateTimeField(_("country review due by"), null=True, blank=True)
    review_reminders_sent = models.PositiveSmallIntegerField(default=0)
    publication_choice = models.CharField(
        _("publication"),
        max_length=10,
        choices=PublicationChoice.choices,
        default=PublicationChoice.UNDECIDED,
        blank=True,
    )
    publication_chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    publication_chosen_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Whether the report names the people whose visit notes started its text (a line in the
    # report's language under the Findings). Off unless the secretariat chooses it: the panel
    # writes as one, and the country's and the public versions name no individual author.
    credit_note_authors = models.BooleanField(
        _("credit the authors of the visit notes in the report"), default=False
    )
    # Plain text of the published final version (title, summary, sections, recommendations):
    # what the portal's full-text search reads.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.round.code])

    @property
    def is_published(self):
        return self.published_at is not None


class ReportSection(models.Model):
    """The master text of one section (R5.3), consolidated by the secretariat."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("section"), max_length=20, choices=SectionKind.choices)
    title = models.CharField(_("heading"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(_("text"), blank=True)  # sanitized HTML
    version = models.PositiveIntegerField(default=0)  # optimistic: a stale save is refused
    # Where the pre-filled text came from, for the secretariat and the panel on the drafting
    # page only (never exported): ``[{"what": agenda item or idea, "authors": [names]}]``.
    provenance = models.JSONField(default=list, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="one_section_of_each_kind")
        ]

    def __str__(self):
        return self.title


class Contribution(models.Model):
    """A panel member's text for a section they were assigned (R5.1: the secretariat
    systematizes the panel's contributions)."""

    section = models.ForeignKey(
        ReportSection, on_delete=models.CASCADE, related_name="contributions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_contributions"
    )
    body = models.TextField(_("contribution"), blank=True)  # sanitized HTML
    version = models.PositiveIntegerField(default=0)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("marked ready"), null=True, blank=True)

    class Meta:
        ordering = ["section__position", "assigned_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "author"], name="one_contribution_per_author_and_section"
            )
        ]

    def __str__(self):
        return f"{self.section_id}: {self.author_id}"


class Recommendation(models.Model):
    """A practical recommendation (R5.3) as a structured item, followed up after the round."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("recommendation"))
    area = models.CharField(_("area"), max_length=200, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    responsible_institution = models.CharField(
        _("responsible institution"), max_length=300, blank=True
    )
    horizon = models.CharField(
        _("time horizon"), max_length=10, choices=Horizon.choices, default=Horizon.MEDIUM
    )
    version = models.PositiveIntegerField(default=0)
    follow_up_status = models.CharField(
        _("follow-up"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NOT_STARTED,
    )
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    follow_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text[:80]


class ReportVersion(models.Model):
    """A frozen copy of the report. ``preview`` versions are working drafts rendered to learn the
    page count while drafting (only the latest is kept); ``preliminary`` versions are frozen and
    numbered by ``send_for_review`` (R5.2); the ``final`` one by the country's approval.

    ``content`` is the snapshot the PDF, the DOCX, the browser view and the diff are made from:
    ``{"title", "summary", "sections": [{"kind", "title", "body"}], "recommendations": [{...}],
    "annexes": {...}}``. ``content_hash`` tells whether the drafting text changed since.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(_("kind"), max_length=12, choices=VersionKind.choices)
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    content = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The PDF, rendered by a Celery task (reports.tasks.render_version).
    render_status = models.CharField(
        _("PDF"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.PENDING
    )
    render_error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                condition=Q(number__isnull=False),
                name="one_report_version_per_number",
            )
        ]

    def __str__(self):
        if self.number:
            return f"v{self.number} ({self.get_kind_display()})"
        return str(self.get_kind_display())

    @property
    def is_frozen(self):
        return self.kind != VersionKind.PREVIEW


class ReviewComment(models.Model):
    """The country's comment on a section of a version under review (R5.2)."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="comments")
    section_kind = models.CharField(
        _("section"), max_length=20, choices=SectionKind.choices, blank=True
    )  # blank: on the report as a whole
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(_("addressed"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.text[:80]


class PublicationAuthorization(models.Model):
    """The beneficiary's signed written authorization to publish (R5.4): a PDF, who uploaded it
    and when. The latest one counts."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="authorizations")
    file = models.FileField(upload_to="authorizations/%Y/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    signed_by = models.CharField(
        _("signed by"),
        max_length=200,
        help_text=_("Name and position of the authority who signed the authorization."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "-uploaded_at", "-pk"]
        verbose_name = _("written authorization")
        verbose_name_plural = _("written authorizations")

    def __str__(self):
        return self.original_name
