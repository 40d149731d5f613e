import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import AccountRequestStatus, Language, Role
from .managers import UserManager


class Country(models.Model):
    """One of the OAS member states (R1.1). Names in the four official languages (R6.5)."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=80)
    name_fr = models.CharField(_("name (French)"), max_length=80)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    @property
    def name(self):
        lang = (get_language() or "es")[:2]
        return getattr(self, f"name_{lang}", None) or self.name_en


class Institution(models.Model):
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)

    class Meta:
        ordering = ["country__name_en", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_institution_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class User(AbstractBaseUser, PermissionsMixin):
    """A person, keyed by e-mail. The role says what they do in the network.

    Focal points and technical-team members belong to an institution of the beneficiary country;
    experts have an ``ExpertProfile``; OAS coordinators are secretariat staff with
    ``is_oas_specialist``.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EXPERT)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("institution"),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_oas_specialist = models.BooleanField(
        _("OAS specialist (coordinator)"),
        default=False,
        help_text=_("Secretariat staff who can coordinate a round's panel."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_secretariat(self):
        return self.is_active and self.role == Role.SECRETARIAT

    @property
    def is_country_member(self):
        return self.role in Role.country_roles() and self.institution_id is not None

    @property
    def country(self):
        if self.institution_id:
            return self.institution.country
        profile = getattr(self, "expert_profile", None)
        return profile.country if profile else None


def cv_upload_to(instance, filename):
    return f"cv/{instance.user_id}/{secrets.token_hex(8)}.pdf"


class ExpertProfile(models.Model):
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="expert_profile", verbose_name=_("user")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="experts", verbose_name=_("country")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("institution"),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    areas_of_expertise = models.TextField(
        _("areas of expertise"), blank=True, help_text=_("One area per line.")
    )
    languages = models.CharField(
        _("working languages"), max_length=100, blank=True, help_text=_("For example: es, en")
    )
    manages_teams = models.BooleanField(_("experience managing teams"), default=False)
    similar_initiatives_experience = models.TextField(
        _("experience implementing similar initiatives"), blank=True
    )
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_upload_to, blank=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self):
        return str(self.user)

    def get_cv_url(self):
        return reverse("accounts:expert_cv", args=[self.user_id]) if self.cv else ""


def _hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A one-time, expiring link with which a new person sets their password.

    Only the SHA-256 of the token is stored, so a database leak does not leak usable links.
    """

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("institution")
    )
    expert_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("expert's country"),
    )
    is_oas_specialist = models.BooleanField(_("OAS specialist (coordinator)"), default=False)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @staticmethod
    def hash_token(token):
        return _hash_token(token)

    @property
    def is_usable(self):
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self):
        """What the secretariat sees: ``accepted`` (the account exists), ``replaced`` (a newer
        link was sent), ``expired``, or ``sent`` (waiting for the person)."""
        if self.used_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "replaced"
        if self.expires_at <= timezone.now():
            return "expired"
        return "sent"


class AccountRequest(models.Model):
    """A public "request an account" form, approved or rejected by the secretariat."""

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    institution_name = models.CharField(_("institution"), max_length=200)
    position = models.CharField(_("position"), max_length=150)
    requested_role = models.CharField(
        _("I would take part as"),
        max_length=20,
        choices=[c for c in Role.choices if c[0] != Role.SECRETARIAT],
    )
    message = models.TextField(_("message to the secretariat"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccountRequestStatus.choices,
        default=AccountRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")

    def __str__(self):
        return f"{self.full_name} <{self.email}>"


def user_language(user):
    return getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
