import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rounds.enums import RoundState

from .enums import GRACE_AFTER_DEADLINE, CountryOpinion, SeatKind, SeatStatus


def open_invitation_q(now=None, prefix="", round_status="round__status"):
    """THE definition of an invitation that can still be answered: invited, its deadline (if
    any) plus the grace period not yet past, and the round still forming its panel.

    ``prefix`` and ``round_status`` let another model filter through a relation, e.g. the rounds
    with an open invitation for a person (one ``filter()`` call, so that both conditions are on the
    same seat): ``Round.objects.filter(Q(panel_seats__user=user) & open_invitation_q(
    prefix="panel_seats__", round_status="status"))``."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": SeatStatus.INVITED, round_status: RoundState.PANEL_FORMING}) & (
        Q(**{f"{prefix}response_deadline__isnull": True})
        | Q(**{f"{prefix}response_deadline__gt": now - GRACE_AFTER_DEADLINE})
    )


class PanelSeatQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(status__in=SeatStatus.holding())

    def open_invitations(self, now=None):
        """Invitations the person can still answer (My work, My invitations, the invitation
        page, reminders). Past the grace period an invitation is expired even before the hourly
        job (``panels.deadlines``) marks it so."""
        return self.filter(open_invitation_q(now))

    def lapsed_invitations(self, now=None):
        """Still ``invited`` but past the deadline and the grace period: to be expired."""
        now = now or timezone.now()
        return self.filter(
            status=SeatStatus.INVITED, response_deadline__lte=now - GRACE_AFTER_DEADLINE
        )


class PanelSeat(models.Model):
    """A person's place on a round's international expert panel (phase 2, R2.2/R2.3).

    A seat is proposed by the secretariat (with a suggested rank), seen by the country (R2.1),
    then the person is invited, and accepts (ad honorem, no conflict of interest) or declines.
    A declined, expired or withdrawn seat frees the place for the next candidate.
    """

    round = models.ForeignKey(
        "rounds.Round",
        on_delete=models.CASCADE,
        related_name="panel_seats",
        verbose_name=_("round"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="panel_seats",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("seat"), max_length=20, choices=SeatKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SeatStatus.choices, default=SeatStatus.PROPOSED
    )
    rank = models.PositiveSmallIntegerField(_("suggested rank"), default=0)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # R2.1: the country's view of the proposal
    country_opinion = models.CharField(
        _("country's opinion"),
        max_length=10,
        choices=CountryOpinion.choices,
        default=CountryOpinion.PENDING,
    )
    country_comment = models.TextField(_("country's comment"), blank=True)
    # Soft rules R2.6/R2.7: the secretariat may go ahead with a recorded reason
    override_reason = models.TextField(_("reason for going ahead despite the warnings"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The invitation (R2.4)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    response_deadline = models.DateTimeField(_("answer by"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ad_honorem_confirmed = models.BooleanField(_("takes part ad honorem"), default=False)
    no_conflict_declared = models.BooleanField(_("declares no conflict of interest"), default=False)
    availability = models.TextField(_("availability"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = PanelSeatQuerySet.as_manager()

    class Meta:
        ordering = ["round", "kind", "rank", "pk"]
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        constraints = [
            # One live seat per person per round; released seats stay as history.
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(status__in=["proposed", "invited", "accepted"]),
                name="one_live_seat_per_person_per_round",
            )
        ]

    def __str__(self):
        return f"{self.round_id}: {self.user_id} ({self.status})"

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_open_invitation(self):
        """The same rule as ``PanelSeatQuerySet.open_invitations``, for one seat in memory."""
        return (
            self.status == SeatStatus.INVITED
            and self.round.status == RoundState.PANEL_FORMING
            and not self.is_lapsed
        )

    @property
    def is_lapsed(self):
        """Invited, but the deadline and the grace period are past (expired in all but name)."""
        return (
            self.status == SeatStatus.INVITED
            and self.response_deadline is not None
            and self.response_deadline <= timezone.now() - GRACE_AFTER_DEADLINE
        )

    @property
    def is_overdue(self):
        """Past the deadline but still in the grace period: it can still be answered."""
        return (
            self.is_open_invitation
            and self.response_deadline is not None
            and self.response_deadline <= timezone.now()
        )

    @property
    def last_answer_day(self):
        if self.response_deadline is None:
            return None
        return self.response_deadline + GRACE_AFTER_DEADLINE


class Expertise(models.Model):
    """An expert's topic of expertise (the roster's main filter), kept apart from the profile
    so that accounts does not depend on rounds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expertise"
    )
    topic = models.ForeignKey("rounds.Topic", on_delete=models.CASCADE, related_name="experts")

    class Meta:
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="expertise_once")]

    def __str__(self):
        return f"{self.user_id}: {self.topic_id}"


class SelectedState(models.Model):
    """MECIGEP rounds: a member state the beneficiary selects as a source of experts (R2.3)."""

    round = models.ForeignKey(
        "rounds.Round", on_delete=models.CASCADE, related_name="selected_states"
    )
    country = models.ForeignKey("accounts.Country", on_delete=models.PROTECT)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("selected member state")
        verbose_name_plural = _("selected member states")
        constraints = [
            models.UniqueConstraint(fields=["round", "country"], name="state_selected_once")
        ]

    def __str__(self):
        return f"{self.round_id}: {self.country_id}"
