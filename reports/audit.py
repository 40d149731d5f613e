"""Sentences of the reports app's audit actions (rounds.audit): drafting, the country's review,
publication and follow-up. Registered from ReportsConfig.ready()."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from rounds.audit import AuditPhase, loader, register

from .enums import FollowUpStatus, PublicationChoice, SectionKind

REPORT = AuditPhase.REPORT
PUBLICATION = AuditPhase.PUBLICATION
PERSON = {"person": ("author", "user")}
RECOMMENDATION = {"text": ("recommendation", "recommendation")}


def _short(text, limit=90):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@loader("recommendation")
def _recommendations(keys):
    from .models import Recommendation

    rows = Recommendation.objects.filter(pk__in=keys).values_list("pk", "text")
    return {pk: _short(text) for pk, text in rows}


def _section(event):
    value = (event.data or {}).get("section")
    return {"section": SectionKind(value).label if value in SectionKind.values else ""}


register(
    "reports.report.created",
    lambda e: (
        _("Report draft started from the visit notes")
        if (e.data or {}).get("from_notes")
        else _("Report draft started")
    ),
    phase=REPORT,
)
register(
    "reports.contribution.assigned",
    _("%(person)s asked to contribute to “%(section)s”"),
    phase=REPORT,
    refs=PERSON,
    values=_section,
)
register(
    "reports.contribution.removed",
    _("Contribution of %(person)s to “%(section)s” cancelled"),
    phase=REPORT,
    refs=PERSON,
    values=_section,
)
register(
    "reports.contribution.adopted",
    _("Contribution of %(person)s adopted into “%(section)s”"),
    phase=REPORT,
    refs=PERSON,
    values=_section,
)
register(
    "reports.recommendation.added",
    _("Recommendation added: “%(text)s”"),
    phase=REPORT,
    refs=RECOMMENDATION,
)
register(
    "reports.recommendation.changed",
    _("Recommendation edited: “%(text)s”"),
    phase=REPORT,
    refs=RECOMMENDATION,
)
register(
    "reports.recommendation.deleted",
    _("Recommendation removed: “%(text)s”"),
    phase=REPORT,
    values=lambda e: {"text": _short((e.data or {}).get("text"))},
)


def _deadline(event):
    value = (event.data or {}).get("deadline")
    try:
        return {"day": date_format(date.fromisoformat(str(value)[:10]), "DATE_FORMAT")}
    except (TypeError, ValueError):
        return {}


register(
    "reports.review_deadline.set",
    lambda e: (
        _("Deadline for the country's review set to %(day)s")
        if (e.data or {}).get("deadline")
        else _("Deadline for the country's review back to the default (21 days after sending)")
    ),
    phase=REPORT,
    values=_deadline,
)
register(
    "reports.comment.added",
    lambda e: (
        _("Comment on “%(section)s” (version %(version)s of the report)")
        if (e.data or {}).get("section")
        else _("Comment on version %(version)s of the report")
    ),
    phase=REPORT,
    values=lambda e: {**_section(e), "version": (e.data or {}).get("version")},
)
register("reports.preview.requested", _("Working draft PDF requested"), phase=REPORT)


# --- Publication (R5.4) and follow-up (R5.5) --------------------------------------------------
register(
    "reports.publication.chosen",
    lambda e: (
        _("The country chose to publish the report on the portal")
        if (e.data or {}).get("choice") == PublicationChoice.PUBLIC
        else _("The country chose to keep the report as an internal working document")
    ),
    phase=PUBLICATION,
)
register(
    "reports.publication.authorization_uploaded",
    lambda e: (
        _("Signed publication authorization uploaded (signed by %(signed_by)s)")
        if (e.data or {}).get("signed_by")
        else _("Signed publication authorization uploaded")
    ),
    phase=PUBLICATION,
    values=lambda e: {"signed_by": (e.data or {}).get("signed_by")},
)
register("reports.publication.summary_edited", _("Portal summary edited"), phase=PUBLICATION)


def _follow_up(event):
    value = (event.data or {}).get("status")
    return {"status": FollowUpStatus(value).label if value in FollowUpStatus.values else ""}


register(
    "reports.recommendation.followed_up",
    _("Follow-up of the recommendation “%(text)s”: %(status)s"),
    phase=PUBLICATION,
    refs=RECOMMENDATION,
    values=_follow_up,
)
register(
    "reports.note_authors.credited",
    _("The report will credit the authors of the visit notes"),
    phase=REPORT,
)
register(
    "reports.note_authors.uncredited",
    _("The report will no longer credit the authors of the visit notes"),
    phase=REPORT,
)
