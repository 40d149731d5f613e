"""The visit (R4.1), its agenda (R3.4, R4.2), the released versions of the agenda, and the
visit record: the notes the panel and the secretariat take per agenda item (R4.3).

Slim models: every write with business meaning is in ``visits.agenda_services``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from .agenda_enums import DEFAULT_TIMEZONE, ItemType


class Visit(models.Model):
    """The on-site visit of a round (one per round), created when preparation starts or on the
    first edit of the agenda.

    ``version`` guards the visit's own details (dates, city, venues) against concurrent edits;
    ``revision`` counts every change of the agenda (details or items), so a release is made of
    exactly what the secretariat looked at.
    """

    round = models.OneToOneField(
        "rounds.Round", on_delete=models.CASCADE, related_name="visit", verbose_name=_("round")
    )
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    venues = models.JSONField(_("venues"), default=list, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIMEZONE)
    version = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.round_id}: {self.start_date}–{self.end_date}"

    def get_absolute_url(self):
        return reverse("visits:agenda", args=[self.round.code])

    @property
    def has_dates(self):
        return bool(self.start_date and self.end_date)

    @property
    def days(self):
        """Every date of the visit, in order (empty without dates)."""
        if not self.has_dates or self.end_date < self.start_date:
            return []
        from datetime import timedelta

        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(count)]


class AgendaItem(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="items")
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    title = models.CharField(_("title"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    participants = models.TextField(_("participating institutions and people"), blank=True)
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)
    panel_attends = models.BooleanField(_("the panel attends"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["day", "start_time", "end_time", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.day} {self.start_time:%H:%M} {self.title}"


class AgendaVersion(models.Model):
    """A released, numbered version of the agenda: a frozen snapshot of the visit and its items
    and, in ``changes``, what changed since the previous released version."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    is_final = models.BooleanField(_("final"), default=False)
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=list)
    note = models.TextField(_("note"), blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    released_at = models.DateTimeField(_("released"), default=now)

    class Meta:
        ordering = ["visit", "-number"]
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        constraints = [
            models.UniqueConstraint(fields=["visit", "number"], name="one_agenda_version_number")
        ]

    def __str__(self):
        return f"{self.visit_id} v{self.number}"


class VisitNote(models.Model):
    """What one person (a panel member or the secretariat) recorded on one agenda item during
    the visit (R4.3). One note per author and item; ``version`` counts the saves (autosave)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance = models.TextField(_("attendance"), blank=True)
    findings = models.TextField(_("key findings"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    ideas = models.TextField(_("ideas for recommendations"), blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("visit note")
        verbose_name_plural = _("visit notes")
        constraints = [
            models.UniqueConstraint(fields=["item", "author"], name="one_visit_note_per_author")
        ]

    def __str__(self):
        return f"{self.item_id} · {self.author_id}"

    @property
    def is_empty(self):
        return not any(
            getattr(self, f).strip() for f in ("attendance", "findings", "challenges", "ideas")
        )
