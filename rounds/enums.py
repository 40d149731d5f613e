"""States, phases and methodologies of a round: the vocabulary of the whole workflow.

The staff-facing and the country-facing name of every state sit side by side in ``STATE_NAMES``
(see also docs/lifecycle.md, generated from ``rounds.workflow``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Methodology(models.TextChoices):
    RIPSO = "ripso", _("RIPSO peer-to-peer round")
    MECIGEP = "mecigep", _("MECIGEP peer review")


class Phase(models.TextChoices):
    REQUEST = "request", pgettext_lazy("phase", "Formal request")
    PANEL = "panel", pgettext_lazy("phase", "Expert panel")
    PREPARATION = "preparation", pgettext_lazy("phase", "Pre-visit preparation")
    VISIT = "visit", pgettext_lazy("phase", "On-site visit")
    REPORT = "report", pgettext_lazy("phase", "Final report")
    CLOSED = "closed", pgettext_lazy("phase", "Closed")

    @classmethod
    def progress(cls):
        """The phases a round moves through, in order (for the progress bar)."""
        return [cls.REQUEST, cls.PANEL, cls.PREPARATION, cls.VISIT, cls.REPORT, cls.CLOSED]


class RoundState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("round state", "Submitted")
    RETURNED = "returned", pgettext_lazy("round state", "Returned for changes")
    DECLINED = "declined", pgettext_lazy("round state", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("round state", "Withdrawn")
    PANEL_FORMING = "panel_forming", pgettext_lazy("round state", "Panel forming")
    PREPARATION = "preparation", pgettext_lazy("round state", "Preparation")
    VISIT_SCHEDULED = "visit_scheduled", pgettext_lazy("round state", "Visit scheduled")
    VISIT_IN_PROGRESS = "visit_in_progress", pgettext_lazy("round state", "Visit in progress")
    REPORT_DRAFTING = "report_drafting", pgettext_lazy("round state", "Report drafting")
    COUNTRY_REVIEW = "country_review", pgettext_lazy("round state", "Country review")
    APPROVED = "approved", pgettext_lazy("round state", "Approved")
    PUBLISHED = "published", pgettext_lazy("round state", "Published")
    CLOSED_INTERNAL = "closed_internal", pgettext_lazy("round state", "Closed (internal)")
    CANCELLED = "cancelled", pgettext_lazy("round state", "Cancelled")


S = RoundState

# state -> (phase, staff-facing name, country-facing name)
STATE_NAMES = {
    S.DRAFT: (Phase.REQUEST, S.DRAFT.label, _("Draft — not yet sent")),
    S.SUBMITTED: (Phase.REQUEST, S.SUBMITTED.label, _("Under review by the Secretariat")),
    S.RETURNED: (Phase.REQUEST, S.RETURNED.label, _("Changes requested by the Secretariat")),
    S.DECLINED: (Phase.CLOSED, S.DECLINED.label, _("Not accepted")),
    S.WITHDRAWN: (Phase.CLOSED, S.WITHDRAWN.label, _("Withdrawn by your institution")),
    S.PANEL_FORMING: (
        Phase.PANEL,
        S.PANEL_FORMING.label,
        _("Accepted — expert panel being formed"),
    ),
    S.PREPARATION: (Phase.PREPARATION, S.PREPARATION.label, _("Preparing the visit")),
    S.VISIT_SCHEDULED: (Phase.PREPARATION, S.VISIT_SCHEDULED.label, _("Visit scheduled")),
    S.VISIT_IN_PROGRESS: (Phase.VISIT, S.VISIT_IN_PROGRESS.label, _("Visit under way")),
    S.REPORT_DRAFTING: (Phase.REPORT, S.REPORT_DRAFTING.label, _("Report being written")),
    S.COUNTRY_REVIEW: (Phase.REPORT, S.COUNTRY_REVIEW.label, _("Report awaiting your review")),
    S.APPROVED: (Phase.REPORT, S.APPROVED.label, _("Report approved — publication to decide")),
    S.PUBLISHED: (Phase.CLOSED, S.PUBLISHED.label, _("Report published")),
    S.CLOSED_INTERNAL: (Phase.CLOSED, S.CLOSED_INTERNAL.label, _("Closed — internal report")),
    S.CANCELLED: (Phase.CLOSED, S.CANCELLED.label, _("Cancelled")),
}

CLOSED_STATES = frozenset({S.DECLINED, S.WITHDRAWN, S.PUBLISHED, S.CLOSED_INTERNAL, S.CANCELLED})
OPEN_STATES = frozenset(s for s in S if s not in CLOSED_STATES)
REQUEST_EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# States in which the round exists for the panel (experts are convened from panel_forming on).
ACCEPTED_STATES = frozenset(
    {
        S.PANEL_FORMING,
        S.PREPARATION,
        S.VISIT_SCHEDULED,
        S.VISIT_IN_PROGRESS,
        S.REPORT_DRAFTING,
        S.COUNTRY_REVIEW,
        S.APPROVED,
        S.PUBLISHED,
        S.CLOSED_INTERNAL,
    }
)


def phase_of(state):
    return STATE_NAMES[state][0]


class EventVisibility(models.TextChoices):
    """Who reads an audit entry (docs/access.md: audit timeline row)."""

    ALL = "all", _("Everyone on the round")
    STAFF = "staff", _("Secretariat only")
    COUNTRY = "country", _("Secretariat and country")
    PANEL = "panel", _("Secretariat and panel")


class InitiativeKind(models.TextChoices):
    POLICY = "policy", _("Policy")
    PROGRAM = "program", _("Program")
    INITIATIVE = "initiative", _("Initiative")


class InitiativeStage(models.TextChoices):
    """R1.5: rounds serve best while recommendations can still shape the initiative."""

    DESIGN = "design", _("Design")
    REFORM = "reform", _("Reform")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")

    @classmethod
    def recommended(cls):
        return {cls.DESIGN, cls.REFORM}


class DocumentKind(models.TextChoices):
    CONCEPTUAL = "conceptual", _("Conceptual or methodological document")
    REPORT = "report", _("Progress or evaluation report")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")
