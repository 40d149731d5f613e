"""Publication of the approved report (R5.4) and the follow-up of its recommendations (R5.5).

After the country approves the final version, its focal point decides:

* **internal** — the report stays an internal working document: the focal point fires
  ``keep_internal`` (the round closes as ``closed_internal``; the transition's effect records the
  choice, see ``reports.guards_publication``);
* **public** — the focal point records the choice (``choose_publication``) and uploads the
  institution's **signed written authorization** (``upload_authorization``: a real PDF of at most
  10 MB, with the name and position of who signed it). Only then can the secretariat ``publish``
  (guard in ``reports.guards_publication``), which puts the final version on the public portal.

The secretariat edits the portal's short summary (``save_summary``) before publishing. After
approval the focal point and the secretariat record what became of each recommendation
(``record_follow_up``).

Every write is audited (``rounds.services.log_event``); the secretariat is told when the country
chooses and when an authorization arrives. Nothing here takes a request.
"""

import hashlib
import io

import rules
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from notifications.enums import MessageType
from notifications.services import queue_message
from ripso.uploads import check_document
from rounds.enums import RoundState
from rounds.models import Round
from rounds.notify import audience_members
from rounds.rules import (
    is_focal_point_of_round,
    is_panelist_of_round,
    is_secretariat,
    is_team_member_of_round,
)
from rounds.services import NotAllowed, RoundError, StateChanged, log_event
from rounds.workflow import Audience

from . import html
from .enums import FollowUpStatus, PublicationChoice, VersionKind
from .models import PublicationAuthorization, Recommendation, Report, ReportVersion

S = RoundState

# The written authorization: a PDF of at most this many bytes (R5.4).
AUTHORIZATION_MAX_BYTES = 10 * 1024 * 1024
# States in which recommendations are followed up (R5.5): from the country's approval on.
FOLLOW_UP_STATES = frozenset({S.APPROVED, S.PUBLISHED, S.CLOSED_INTERNAL})


class PublicationError(RoundError):
    """A publication or follow-up write that cannot be done; ``message`` says why."""


class Conflict(PublicationError):
    """Someone else saved the same thing first; ``current`` holds what is stored now."""

    def __init__(self, message, *, current=None):
        super().__init__(message)
        self.current = current


# --- Access (docs/access.md: "publication choice + authorization upload", R5.5) ----------------
@rules.predicate
def is_in_follow_up(user, rnd):
    return rnd is not None and rnd.status in FOLLOW_UP_STATES


@rules.predicate
def is_approved_round(user, rnd):
    return rnd is not None and rnd.status == S.APPROVED


# The authorization file: S, C and the focal point (the person who uploads it).
rules.add_perm(
    "reports.download_authorization",
    (is_secretariat | is_focal_point_of_round) & is_in_follow_up,
)
# The portal summary: the secretariat, while the report waits for publication.
rules.add_perm("reports.edit_summary", is_secretariat & is_approved_round)
# Follow-up of recommendations (R5.5): everyone on the round reads it; S, C and F record it.
rules.add_perm(
    "reports.view_follow_up",
    (is_secretariat | is_focal_point_of_round | is_team_member_of_round | is_panelist_of_round)
    & is_in_follow_up,
)
rules.add_perm(
    "reports.record_follow_up", (is_secretariat | is_focal_point_of_round) & is_in_follow_up
)
rules.add_perm("reports.view_follow_up_overview", is_secretariat)


# --- Reading ---------------------------------------------------------------------------------------
def report_of(rnd):
    """The round's report, or None before it is opened."""
    return Report.objects.filter(round_id=rnd.pk).first()


def final_version(report):
    """The version the country approved (the one published), or None."""
    if report is None:
        return None
    return (
        ReportVersion.objects.filter(report=report, kind=VersionKind.FINAL)
        .order_by("-number", "-pk")
        .first()
    )


def current_authorization(report):
    """The latest written authorization (the one that counts), or None."""
    if report is None:
        return None
    return report.authorizations.select_related("uploaded_by").first()


def search_text_of(content):
    """The portal's full-text search reads this: the final version's title, summary, every
    section and every recommendation, plus the country and institution, as plain text."""
    rnd = content.get("round") or {}
    parts = [
        content.get("title", ""),
        rnd.get("title", ""),
        rnd.get("country", ""),
        rnd.get("institution", ""),
        content.get("summary", ""),
    ]
    for section in content.get("sections", []):
        parts.append(section.get("title", ""))
        parts.append(html.to_text(section.get("body", "")))
    for item in content.get("recommendations", []):
        parts.extend(
            [item.get("text", ""), item.get("area", ""), item.get("responsible_institution", "")]
        )
    return "\n".join(p.strip() for p in parts if p and p.strip())


# --- Writes ----------------------------------------------------------------------------------------
def _locked_round(rnd, actor, perm):
    locked = Round.objects.select_for_update().get(pk=rnd.pk)
    if not actor.has_perm(perm, locked):
        if locked.status != S.APPROVED and actor.has_perm("reports.view_publication", locked):
            raise StateChanged(
                _("This is no longer possible: the round is now “%(state)s”.")
                % {"state": locked.state_name_for(actor)}
            )
        raise NotAllowed(_("You may not do this on this round."))
    return locked


def _report_for_update(rnd):
    report = Report.objects.select_for_update().filter(round_id=rnd.pk).first()
    if report is None:
        raise PublicationError(_("This round has no report yet."))
    return report


def _tell_secretariat(rnd, message_type, context):
    for user in audience_members(rnd, Audience.SECRETARIAT):
        queue_message(
            message_type,
            recipient=user,
            context={"round": rnd, **context},
            link=reverse("reports:publication", args=[rnd.code]),
            round_code=rnd.code,
        )


def choose_publication(rnd, actor, choice):
    """The focal point records the country's choice (R5.4). Choosing *public* leads to the
    authorization upload; choosing *internal* here only records it — the round is closed by the
    ``keep_internal`` transition, which the person confirms."""
    if choice not in (PublicationChoice.PUBLIC, PublicationChoice.INTERNAL):
        raise PublicationError(_("Choose whether the report is public or internal."))
    with transaction.atomic():
        locked = _locked_round(rnd, actor, "reports.choose_publication")
        report = _report_for_update(locked)
        if report.publication_choice == choice:
            return report  # a second click: nothing changes, nobody is told twice
        previous = report.publication_choice
        report.publication_choice = choice
        report.publication_chosen_by = actor
        report.publication_chosen_at = timezone.now()
        report.save(
            update_fields=["publication_choice", "publication_chosen_by", "publication_chosen_at"]
        )
        log_event(
            locked,
            actor,
            "reports.publication.chosen",
            data={"choice": choice, "previous": previous},
            visibility="country",
        )
        _tell_secretariat(
            locked,
            MessageType.PUBLICATION_CHOSEN,
            {"actor": actor, "public": choice == PublicationChoice.PUBLIC},
        )
    return report


def check_authorization_file(uploaded):
    """A signed authorization must be a real PDF (by content, ``ripso.uploads``), at most 10 MB,
    that pypdf can open and that has at least one page. Raises ValidationError with what to do."""
    check_document(uploaded, allowed=("pdf",), max_bytes=AUTHORIZATION_MAX_BYTES)
    uploaded.seek(0)
    try:
        reader = PdfReader(io.BytesIO(uploaded.read()))
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "This PDF is protected with a password. Upload a copy without a password "
                    "(the signature stays visible)."
                ),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, OSError) as exc:
        raise ValidationError(
            _(
                "This PDF cannot be read: it may be damaged. Scan or export the signed letter "
                "again and upload the new copy."
            ),
            code="unreadable_pdf",
        ) from exc
    finally:
        uploaded.seek(0)
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="no_pages")
    return pages


def upload_authorization(rnd, actor, *, uploaded, signed_by):
    """Store the institution's signed written authorization to publish (R5.4).

    The file is checked by content; it is kept with its SHA-256, who uploaded it and when.
    Uploading again keeps the earlier ones (the history); the latest counts.
    """
    signed_by = (signed_by or "").strip()
    if not signed_by:
        raise PublicationError(_("Give the name and position of the person who signed it."))
    try:
        pages = check_authorization_file(uploaded)
    except ValidationError as exc:
        raise PublicationError(exc.messages[0]) from exc
    uploaded.seek(0)
    data = uploaded.read()
    with transaction.atomic():
        locked = _locked_round(rnd, actor, "reports.choose_publication")
        report = _report_for_update(locked)
        if report.publication_choice != PublicationChoice.PUBLIC:
            raise PublicationError(
                _("Choose to publish the report first; then upload the signed authorization.")
            )
        authorization = PublicationAuthorization(
            report=report,
            original_name=uploaded.name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            signed_by=signed_by[:200],
            uploaded_by=actor,
        )
        authorization.file.save("authorization.pdf", ContentFile(data), save=False)
        authorization.save()
        replaced = report.authorizations.exclude(pk=authorization.pk).count()
        log_event(
            locked,
            actor,
            "reports.publication.authorization_uploaded",
            data={
                "authorization": authorization.pk,
                "sha256": authorization.sha256,
                "signed_by": authorization.signed_by,
                "pages": pages,
                "replaces": replaced,
            },
            visibility="country",
        )
        _tell_secretariat(
            locked,
            MessageType.PUBLICATION_AUTHORIZATION,
            {"actor": actor, "authorization": authorization, "replaced": replaced},
        )
    return authorization


def save_summary(rnd, actor, *, summary, expected):
    """The secretariat writes the portal's short summary before publishing. ``expected`` is the
    text the person started from: if someone saved another text meanwhile, nothing is
    overwritten (``Conflict`` carries the stored text)."""
    summary = (summary or "").strip()
    with transaction.atomic():
        locked = _locked_round(rnd, actor, "reports.edit_summary")
        report = _report_for_update(locked)
        if (report.summary or "").strip() != (expected or "").strip():
            raise Conflict(
                _(
                    "Someone else changed the summary while you were writing. Their text is "
                    "shown below; your text is kept in the box — merge them and save again."
                ),
                current=report.summary,
            )
        if report.summary == summary:
            return report
        report.summary = summary
        report.save(update_fields=["summary"])
        log_event(
            locked,
            actor,
            "reports.publication.summary_edited",
            data={"length": len(summary)},
            visibility="staff",
        )
    return report


def record_follow_up(rnd, actor, *, recommendation_id, status, note, version):
    """Record what became of one recommendation (R5.5). ``version`` is the recommendation's
    version the person saw: a stale save is refused (``Conflict``) instead of overwriting."""
    if status not in FollowUpStatus.values:
        raise PublicationError(_("Choose a follow-up status."))
    note = (note or "").strip()
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=rnd.pk)
        if not actor.has_perm("reports.record_follow_up", locked):
            raise NotAllowed(_("You may not do this on this round."))
        item = (
            Recommendation.objects.select_for_update()
            .filter(pk=recommendation_id, report__round_id=locked.pk)
            .first()
        )
        if item is None:
            raise PublicationError(_("This recommendation is not part of this round's report."))
        if item.version != version:
            raise Conflict(
                _(
                    "Someone else updated this recommendation's follow-up meanwhile. The saved "
                    "status and note are shown; your note is kept in the box — check and save "
                    "again."
                ),
                current=item,
            )
        if item.follow_up_status == status and item.follow_up_note == note:
            return item
        previous = item.follow_up_status
        item.follow_up_status = status
        item.follow_up_note = note
        item.follow_up_at = timezone.now()
        item.version += 1
        item.save(update_fields=["follow_up_status", "follow_up_note", "follow_up_at", "version"])
        log_event(
            locked,
            actor,
            "reports.recommendation.followed_up",
            data={"recommendation": item.pk, "status": status, "previous": previous},
            visibility="country",
        )
    return item
