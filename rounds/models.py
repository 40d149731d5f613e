from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.enums import Role

from . import guards
from .enums import (
    OPEN_STATES,
    REQUEST_EDITABLE_STATES,
    STATE_NAMES,
    EventVisibility,
    InitiativeKind,
    InitiativeStage,
    Methodology,
    RoundState,
    phase_of,
)
from .rules import can_act_as_focal_point, can_act_as_secretariat

S = RoundState


def secretariat_only(instance, user):
    return can_act_as_secretariat(user)


def focal_point_only(instance, user):
    return can_act_as_focal_point(user, instance)


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds a person may open (the list pages and every round URL start here)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.SECRETARIAT:
            return self
        if user.role in Role.country_roles():
            if not user.institution_id:
                return self.none()
            return self.filter(institution_id=user.institution_id)
        return self.filter(
            panel_seats__user_id=user.pk, panel_seats__status__in=["accepted", "invited"]
        ).distinct()

    def with_list_data(self):
        return self.select_related("country", "institution")


class RoundCounter(models.Model):
    """Per-year sequence behind round codes (RIPSO-2026-004); locked while a code is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Round(ConcurrentTransitionMixin, models.Model):
    """A peer-to-peer technical cooperation round, from the formal request to the closed report.

    The lifecycle (docs/lifecycle.md, docs/architecture.md) is the ``status`` FSM below; every
    transition is run by ``rounds.services.transition_round`` — nothing else assigns a state.
    Each transition's guards live in ``rounds.guards`` (one registry, extended by the apps of
    later phases).
    """

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("policy, program or initiative"), max_length=250)
    country = models.ForeignKey(
        "accounts.Country",
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("country"),
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("beneficiary institution"),
    )
    methodology = models.CharField(
        _("methodology"), max_length=10, choices=Methodology.choices, blank=True
    )
    status = FSMField(
        _("state"), default=S.DRAFT, choices=RoundState.choices, protected=True, db_index=True
    )

    # The formal request (R1.2); phase 1 adds topics, countries of interest and documents.
    description = models.TextField(_("description of the initiative"), blank=True)
    goal = models.TextField(
        _("goal of the cooperation"),
        blank=True,
        help_text=_("Expected results and/or products of the round."),
    )
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_position = models.CharField(_("contact position"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    initiative_kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, blank=True
    )
    stage = models.CharField(
        _("current stage"), max_length=16, choices=InitiativeStage.choices, blank=True
    )
    expected_results = models.TextField(_("expected results and/or products"), blank=True)
    topics = models.ManyToManyField(
        "rounds.Topic", blank=True, related_name="rounds", verbose_name=_("topics")
    )

    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_rounds",
        verbose_name=_("OAS coordinators"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("in this state since"), default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def get_absolute_url(self):
        return reverse("rounds:detail", args=[self.code])

    # --- names and phases -------------------------------------------------------------------
    @property
    def phase(self):
        return phase_of(self.status)

    @property
    def staff_state_name(self):
        return STATE_NAMES[self.status][1]

    @property
    def country_state_name(self):
        return STATE_NAMES[self.status][2]

    def state_name_for(self, user):
        """The state in the viewer's terms: the country reads plain language, staff the state."""
        if user.is_authenticated and user.role in Role.country_roles():
            return self.country_state_name
        return self.staff_state_name

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def request_is_editable(self):
        return self.status in REQUEST_EDITABLE_STATES

    @property
    def year(self):
        return self.created_at.year

    # --- the lifecycle (docs/lifecycle.md, "Transitions") -------------------------------
    @transition(
        field=status,
        source=[S.DRAFT, S.RETURNED],
        target=S.SUBMITTED,
        permission=focal_point_only,
        conditions=[guards.condition("submit")],
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(
        field=status,
        source=S.SUBMITTED,
        target=S.RETURNED,
        permission=secretariat_only,
        conditions=[guards.condition("return_for_changes")],
    )
    def return_for_changes(self):
        pass

    @transition(
        field=status,
        source=S.SUBMITTED,
        target=S.PANEL_FORMING,
        permission=secretariat_only,
        conditions=[guards.condition("accept")],
    )
    def accept(self, methodology, coordinators=()):
        self.methodology = methodology
        self._pending_coordinators = list(coordinators)

    @transition(
        field=status,
        source=S.SUBMITTED,
        target=S.DECLINED,
        permission=secretariat_only,
        conditions=[guards.condition("decline")],
    )
    def decline(self):
        pass

    @transition(
        field=status,
        source=[S.DRAFT, S.SUBMITTED, S.RETURNED],
        target=S.WITHDRAWN,
        permission=focal_point_only,
        conditions=[guards.condition("withdraw")],
    )
    def withdraw(self):
        pass

    @transition(
        field=status,
        source=S.PANEL_FORMING,
        target=S.PREPARATION,
        permission=secretariat_only,
        conditions=[guards.condition("confirm_panel")],
    )
    def confirm_panel(self):
        pass

    @transition(
        field=status,
        source=S.PREPARATION,
        target=S.VISIT_SCHEDULED,
        permission=secretariat_only,
        conditions=[guards.condition("schedule_visit")],
    )
    def schedule_visit(self):
        pass

    @transition(
        field=status,
        source=S.VISIT_SCHEDULED,
        target=S.VISIT_IN_PROGRESS,
        permission=secretariat_only,
        conditions=[guards.condition("start_visit")],
    )
    def start_visit(self):
        pass

    @transition(
        field=status,
        source=S.VISIT_IN_PROGRESS,
        target=S.REPORT_DRAFTING,
        permission=secretariat_only,
        conditions=[guards.condition("complete_visit")],
    )
    def complete_visit(self):
        pass

    @transition(
        field=status,
        source=S.REPORT_DRAFTING,
        target=S.COUNTRY_REVIEW,
        permission=secretariat_only,
        conditions=[guards.condition("send_for_review")],
    )
    def send_for_review(self):
        pass

    @transition(
        field=status,
        source=S.COUNTRY_REVIEW,
        target=S.REPORT_DRAFTING,
        permission=focal_point_only,
        conditions=[guards.condition("request_changes")],
    )
    def request_changes(self):
        pass

    @transition(
        field=status,
        source=S.COUNTRY_REVIEW,
        target=S.APPROVED,
        permission=focal_point_only,
        conditions=[guards.condition("approve")],
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.PUBLISHED,
        permission=secretariat_only,
        conditions=[guards.condition("publish")],
    )
    def publish(self):
        pass

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.CLOSED_INTERNAL,
        permission=focal_point_only,
        conditions=[guards.condition("keep_internal")],
    )
    def keep_internal(self):
        pass

    @transition(
        field=status,
        source=sorted(OPEN_STATES),
        target=S.CANCELLED,
        permission=secretariat_only,
        conditions=[guards.condition("cancel")],
    )
    def cancel(self):
        pass


class RoundEvent(models.Model):
    """The audit trail: one row per state change or other meaningful action on a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=80)  # dotted: rounds.round.submitted
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    visibility = models.CharField(
        max_length=10, choices=EventVisibility.choices, default=EventVisibility.ALL
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("round event")
        verbose_name_plural = _("round events")

    def __str__(self):
        return f"{self.round_id} {self.action}"

    @property
    def from_state_label(self):
        return RoundState(self.from_state).label if self.from_state else ""

    @property
    def to_state_label(self):
        return RoundState(self.to_state).label if self.to_state else ""


# The request's parts live in their own module; importing them here registers the models.
from .request_models import (  # noqa: E402
    CountryOfInterest,
    ReferenceDocument,
    RequestSubmission,
    Topic,
)

__all__ = [
    "CountryOfInterest",
    "ReferenceDocument",
    "RequestSubmission",
    "Round",
    "RoundCounter",
    "RoundEvent",
    "Topic",
]
