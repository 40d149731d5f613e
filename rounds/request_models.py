"""The formal request's parts (phase 1): topics, countries of interest, reference documents and
the snapshot taken at each submission (to show the secretariat what changed)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import DocumentKind, Methodology

MAX_COUNTRIES_OF_INTEREST = 2  # R1.3
MAX_REFERENCE_DOCUMENTS = 4  # R1.4


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Topic(models.Model):
    """A theme a round can be about (R6.1): social-protection topics for RIPSO rounds,
    public-management themes for MECIGEP rounds. The secretariat maintains the lists."""

    methodology = models.CharField(_("methodology"), max_length=10, choices=Methodology.choices)
    name_es = models.CharField(_("name (Spanish)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=150, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=150, blank=True)
    is_active = models.BooleanField(_("offered in new requests"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["methodology", "position", "name_en"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    @property
    def name(self):
        lang = (get_language() or "es")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_en


class CountryOfInterest(models.Model):
    """A member state whose experience the country would like to learn from (R1.3: at most 2)."""

    round = models.ForeignKey(
        "rounds.Round", on_delete=models.CASCADE, related_name="countries_of_interest"
    )
    country = models.ForeignKey(
        "accounts.Country", on_delete=models.PROTECT, verbose_name=_("country")
    )
    note = models.CharField(
        _("program or experience of interest"),
        max_length=250,
        blank=True,
        help_text=_("Optional: the program or experience you would like to learn about."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("country of interest")
        verbose_name_plural = _("countries of interest")
        constraints = [
            models.UniqueConstraint(fields=["round", "country"], name="country_of_interest_once")
        ]

    def __str__(self):
        return f"{self.country}: {self.note}" if self.note else str(self.country)


def document_upload_to(instance, filename):
    # The stored name is random: the person's file name is kept only as data.
    return f"requests/{instance.round_id}/{secrets.token_hex(12)}"


class ReferenceDocument(models.Model):
    """A reference document of the request (R1.4: at most 4): an uploaded file or a web link."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    url = models.URLField(_("web link"), blank=True, max_length=500)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reference document")
        verbose_name_plural = _("reference documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="document_is_file_or_link",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_link(self):
        return bool(self.url)

    def get_download_url(self):
        return reverse("rounds:document_download", args=[self.round.code, self.pk])


class RequestSubmission(models.Model):
    """What the request said when it was submitted (number 1, 2, … per round)."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="submission_number_once")
        ]

    def __str__(self):
        return f"{self.round_id} #{self.number}"
