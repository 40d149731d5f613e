"""Every write on a round's report while it is drafted and reviewed (R5.1–R5.3): the report and
its six sections, the panel's contributions, the master text, structured recommendations, the
frozen versions and the country's review comments. Views call these; they raise ``ReportError``
(a ``rounds.services.RoundError``) and never take a request.

Where the first text comes from
-------------------------------
The report is created when the visit is completed (the ``complete_visit`` effect below) or when
the secretariat first opens it. Its *Findings* section starts from the visit notes, and the
*Recommendations* introduction ends with the ideas the panel noted. This app does not import the
visits app: whatever knows the notes is registered in ``FINDINGS_SOURCES`` (``reports/sources.py``
appends ``visits.agenda_services.visit_findings``).

Each source is called as ``source(round)`` and returns a list of
``{"item": <agenda item with .title, .day, .start_time>, "notes": [<note with .author,
.attendance, .findings, .challenges, .ideas>]}``; ``starting_text()`` turns that list into HTML.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType, Task
from notifications.services import queue_message, resolve_task
from rounds.enums import RoundState
from rounds.guards import on_transition
from rounds.services import RoundError, log_event

from . import html, snapshot
from .enums import Horizon, Priority, SectionKind, VersionKind
from .models import (
    Contribution,
    Recommendation,
    Report,
    ReportSection,
    ReportVersion,
    ReviewComment,
)

# Days the country has to review a preliminary version unless the secretariat sets a date (R5.2).
REVIEW_DAYS = 21

# Functions ``round -> [{"item": ..., "notes": [...]}]`` giving the visit's notes (see above).
FINDINGS_SOURCES = []


class ReportError(RoundError):
    """A domain error; the view shows ``message`` (and ``details``) and keeps what was typed."""


class NotAllowed(ReportError):
    """The person may not do this now (their role, or the round's state)."""


class Conflict(ReportError):
    """Someone else saved the same text since this person loaded it: nothing is overwritten.
    ``latest`` is the row as it is now (its text, version and who saved it)."""

    def __init__(self, message, *, latest):
        super().__init__(message)
        self.latest = latest


def _check(user, perm, rnd):
    if not user.has_perm(perm, rnd):
        raise NotAllowed(_("This is not possible on this report now."))


# --- The report and where its text starts -------------------------------------------------------
def _note_field(note, name):
    return (getattr(note, name, "") or "").strip()


def _paragraphs(text):
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _author_name(note):
    author = getattr(note, "author", None)
    return (getattr(author, "full_name", "") or str(author or "")).strip()


def _item_heading(item):
    """The agenda item as the Findings show it: title (day time), in the active language."""
    when = []
    day, start = getattr(item, "day", None), getattr(item, "start_time", None)
    if day:
        when.append(formats.date_format(day, "SHORT_DATE_FORMAT"))
    if start:
        when.append(formats.time_format(start, "TIME_FORMAT"))
    title = getattr(item, "title", "") or ""
    return f"{title} ({' '.join(when)})" if when else title


def starting_text(findings):
    """``(findings_html, ideas_html)`` from the visit's notes (see the module docstring).

    Findings: one heading per agenda item that has notes (day, time and title), then each
    note's findings and challenges. Ideas: one list of every idea noted, for the end of the
    Recommendations introduction ("Ideas for recommendations"). Generated words (headings,
    "Challenges", dates) are in the active language: ``ensure_report`` sets the report's. No
    author is named in the text (the panel writes as one): ``note_provenance`` keeps who wrote
    what for the drafting page, and the report credits the authors only if the secretariat
    chooses it (``Report.credit_note_authors``). Empty strings when there are no notes. The
    result is sanitized like any text of the report.
    """
    parts, ideas = [], []
    for entry in findings or ():
        item, notes = entry["item"], list(entry.get("notes") or ())
        body = []
        for note in notes:
            found, challenges = _note_field(note, "findings"), _note_field(note, "challenges")
            if found:
                body.append(_paragraphs(found))
            if challenges:
                body.append(f"<p><strong>{escape(_('Challenges'))}:</strong></p>")
                body.append(_paragraphs(challenges))
            idea = _note_field(note, "ideas")
            if idea:
                ideas.append(f"<li>{escape(idea)}</li>")
        if not body:
            continue
        parts.append(f"<h3>{escape(_item_heading(item))}</h3>" + "".join(body))
    ideas = list(dict.fromkeys(ideas))  # the same idea noted twice is listed once
    ideas_html = ""
    if ideas:
        ideas_html = f"<h3>{escape(_('Ideas for recommendations'))}</h3><ul>{''.join(ideas)}</ul>"
    return html.clean("".join(parts)), html.clean(ideas_html)


def note_provenance(findings):
    """Who wrote what ``starting_text`` took from the notes: ``(findings, ideas)``, each a list
    of ``{"what": agenda item heading or idea, "authors": [names]}``. Shown beside the text on
    the drafting page (secretariat and panel); never part of a version, a PDF or the portal."""
    found_by, ideas_by = [], []
    for entry in findings or ():
        item, authors = entry["item"], []
        for note in entry.get("notes") or ():
            name = _author_name(note)
            if name and (_note_field(note, "findings") or _note_field(note, "challenges")):
                authors.append(name)
            idea = _note_field(note, "ideas")
            if idea:
                entry_of_idea = next((e for e in ideas_by if e["what"] == idea), None)
                if entry_of_idea is None:
                    ideas_by.append({"what": idea, "authors": []})
                    entry_of_idea = ideas_by[-1]
                if name and name not in entry_of_idea["authors"]:
                    entry_of_idea["authors"].append(name)
        if authors:
            found_by.append({"what": _item_heading(item), "authors": list(dict.fromkeys(authors))})
    return found_by, ideas_by


def report_language(rnd):
    """The working language of the beneficiary country (the report is written in it)."""
    from rounds.demo import country_language

    return country_language(rnd.country.code)


def collect_findings(rnd):
    findings = []
    for source in FINDINGS_SOURCES:
        findings.extend(source(rnd) or ())
    return findings


def ensure_report(rnd, user, findings=None, *, log=True):
    """The round's report, created with its six sections (R5.3) if it does not exist yet.

    The title comes from the round, the language from the country; the Findings section and
    the end of the Recommendations introduction start from ``findings`` (the visit's notes, see
    ``starting_text``). An existing report is returned unchanged. ``user`` may be None (the
    demo, a transition effect without an actor). ``log=False`` inside a transition: its own
    audit entry says the visit was completed and the drafting began.
    """
    existing = Report.objects.filter(round=rnd).first()
    if existing is not None:
        return existing
    language = report_language(rnd)
    with transaction.atomic(), translation.override(language):
        report, created = Report.objects.get_or_create(
            round=rnd,
            defaults={"title": rnd.title[:300], "language": language},
        )
        if not created:
            return report
        findings_html, ideas_html = starting_text(findings)
        bodies = {SectionKind.FINDINGS: findings_html, SectionKind.RECOMMENDATIONS: ideas_html}
        found_by, ideas_by = note_provenance(findings)
        sources = {SectionKind.FINDINGS: found_by, SectionKind.RECOMMENDATIONS: ideas_by}
        now = timezone.now()
        ReportSection.objects.bulk_create(
            ReportSection(
                report=report,
                kind=kind,
                title=str(kind.label),
                position=i,
                body=bodies.get(kind, ""),
                provenance=sources.get(kind, []),
                version=1 if bodies.get(kind) else 0,
                updated_at=now,
            )
            for i, kind in enumerate(SectionKind, start=1)
        )
        if log:
            log_event(rnd, user, "reports.report.created", visibility="panel",
                      data={"report": report.pk, "from_notes": bool(findings_html or ideas_html)})  # fmt: skip
    return report


@on_transition("complete_visit")
def create_report_after_the_visit(rnd, actor, comment):
    ensure_report(rnd, actor, findings=collect_findings(rnd), log=False)


def panel_members(rnd):
    """People holding an accepted seat on the round's panel: the ones sections go to."""
    return User.objects.filter(
        panel_seats__round=rnd, panel_seats__status="accepted", is_active=True
    ).order_by("full_name", "pk")


# --- The master text ----------------------------------------------------------------------------
def _conflict_message(row):
    who = row.updated_by.full_name if getattr(row, "updated_by", None) else _("someone else")
    return _(
        "%(name)s saved this text while you were writing. Their text is shown; yours is kept "
        "in the box and was not saved."
    ) % {"name": who}


def save_section(section, user, body, expected_version):
    """Save the master text of a section (autosave while typing). ``expected_version`` is the
    version the person started from: if someone else saved since, nothing is overwritten and
    ``Conflict`` carries the section as it is now. Saving what is already there succeeds."""
    body = html.clean(body)
    with transaction.atomic():
        section = (
            ReportSection.objects.select_related("report__round", "updated_by")
            .select_for_update(of=("self",))
            .get(pk=section.pk)
        )
        _check(user, "reports.edit_report", section.report.round)
        if section.body == body:
            return section
        if section.version != expected_version:
            raise Conflict(_conflict_message(section), latest=section)
        section.body = body
        section.version += 1
        section.updated_by = user
        section.updated_at = timezone.now()
        section.save(update_fields=["body", "version", "updated_by", "updated_at"])
        return section


# --- Contributions (R5.1: the secretariat systematizes the panel's contributions) ---------------
def assign_section(section, user, author, due_at=None):
    """The secretariat asks a panel member for a contribution to ``section`` (once per person
    and section: asking again only changes the due date). The person is told by e-mail."""
    section = ReportSection.objects.select_related("report__round").get(pk=section.pk)
    rnd = section.report.round  # read now: someone may have acted since the page was loaded
    _check(user, "reports.edit_report", rnd)
    if not panel_members(rnd).filter(pk=author.pk).exists():
        raise ReportError(_("Sections are assigned to members of the round's panel."))
    with transaction.atomic():
        contribution, created = Contribution.objects.get_or_create(
            section=section, author=author,
            defaults={"assigned_by": user, "due_at": due_at},
        )  # fmt: skip
        if not created:
            contribution.due_at = due_at
            contribution.save(update_fields=["due_at"])
        log_event(rnd, user, "reports.contribution.assigned", visibility="panel",
                  data={"section": section.kind, "author": author.pk, "new": created})  # fmt: skip
        if created:
            queue_message(
                MessageType.REPORT_CONTRIBUTION_REQUESTED,
                recipient=author,
                context={"round": rnd, "section": section, "contribution": contribution},
                link=f"{section.report.get_absolute_url()}#section-{section.kind}",
                round_code=rnd.code,
                ref=contribution_ref(contribution),
            )
    return contribution


def contribution_ref(contribution):
    """What messages about one contribution carry (notifications ``ref``)."""
    return f"contribution:{contribution.pk}"


def remove_contribution(contribution, user):
    """The secretariat withdraws an assignment (its text, if any, is deleted with it)."""
    contribution = Contribution.objects.select_related("section__report__round").get(
        pk=contribution.pk
    )
    rnd = contribution.section.report.round
    _check(user, "reports.edit_report", rnd)
    with transaction.atomic():
        log_event(rnd, user, "reports.contribution.removed", visibility="panel",
                  data={"section": contribution.section.kind, "author": contribution.author_id})  # fmt: skip
        resolve_task(rnd.code, [Task.WRITE_SECTION], ref=contribution_ref(contribution))
        contribution.delete()


def save_contribution(contribution, user, body, expected_version, *, ready=None):
    """The expert saves their own contribution (autosave), with the same optimistic check as
    the master text. ``ready=True`` marks it ready for the secretariat; ``False`` reopens it."""
    body = html.clean(body)
    with transaction.atomic():
        contribution = (
            Contribution.objects.select_related("section__report__round", "author")
            .select_for_update(of=("self",))
            .get(pk=contribution.pk)
        )
        _check(user, "reports.contribute", contribution.section.report.round)
        if contribution.author_id != user.pk:
            raise NotAllowed(_("Each expert writes only their own contribution."))
        fields = []
        if contribution.body != body:
            if contribution.version != expected_version:
                contribution.updated_by = contribution.author
                raise Conflict(_conflict_message(contribution), latest=contribution)
            contribution.body = body
            contribution.version += 1
            contribution.updated_at = timezone.now()
            fields += ["body", "version", "updated_at"]
        if ready is not None and bool(contribution.submitted_at) != ready:
            contribution.submitted_at = timezone.now() if ready else None
            fields.append("submitted_at")
        if fields:
            contribution.save(update_fields=fields)
        if ready:
            resolve_task(contribution.section.report.round.code, [Task.WRITE_SECTION],
                         actor=user, ref=contribution_ref(contribution))  # fmt: skip
        return contribution


def adopt_contribution(contribution, user):
    """Copy a contribution into the section's master text (appended after what is there, so
    nothing is lost); the secretariat then edits it into shape. Returns the section."""
    with transaction.atomic():
        section = (
            ReportSection.objects.select_related("report__round")
            .select_for_update(of=("self",))
            .get(pk=contribution.section_id)
        )
        rnd = section.report.round
        _check(user, "reports.edit_report", rnd)
        contribution.refresh_from_db()
        if not contribution.body.strip():
            raise ReportError(_("This contribution is still empty."))
        section.body = html.clean(section.body + contribution.body)
        section.version += 1
        section.updated_by = user
        section.updated_at = timezone.now()
        section.save(update_fields=["body", "version", "updated_by", "updated_at"])
        log_event(rnd, user, "reports.contribution.adopted", visibility="panel",
                  data={"section": section.kind, "author": contribution.author_id})  # fmt: skip
    return section


# --- Recommendations (R5.3: structured items) ---------------------------------------------------
REC_FIELDS = ("text", "area", "priority", "responsible_institution", "horizon")


def _clean_recommendation(data):
    values = {f: (data.get(f) or "").strip() for f in REC_FIELDS}
    if not values["text"]:
        raise ReportError(_("Write the recommendation."))
    if values["priority"] not in Priority.values:
        values["priority"] = Priority.MEDIUM
    if values["horizon"] not in Horizon.values:
        values["horizon"] = Horizon.MEDIUM
    return values


def _locked_report(report):
    return Report.objects.select_related("round").select_for_update(of=("self",)).get(pk=report.pk)


def add_recommendation(report, user, **data):
    values = _clean_recommendation(data)
    with transaction.atomic():
        report = _locked_report(report)
        _check(user, "reports.edit_report", report.round)
        last = report.recommendations.aggregate(m=Max("position"))["m"] or 0
        rec = Recommendation.objects.create(report=report, position=last + 1, version=1, **values)
        log_event(report.round, user, "reports.recommendation.added", visibility="panel",
                  data={"recommendation": rec.pk})  # fmt: skip
    return rec


def update_recommendation(rec, user, expected_version, **data):
    values = _clean_recommendation(data)
    with transaction.atomic():
        rec = (
            Recommendation.objects.select_related("report__round")
            .select_for_update(of=("self",))
            .get(pk=rec.pk)
        )
        _check(user, "reports.edit_report", rec.report.round)
        if all(getattr(rec, f) == v for f, v in values.items()):
            return rec
        if rec.version != expected_version:
            raise Conflict(
                _("Someone else changed this recommendation while you were editing it. Their "
                  "version is shown; what you typed is kept in the form and was not saved."),
                latest=rec,
            )  # fmt: skip
        for field, value in values.items():
            setattr(rec, field, value)
        rec.version += 1
        rec.save(update_fields=[*REC_FIELDS, "version"])
        log_event(rec.report.round, user, "reports.recommendation.changed", visibility="panel",
                  data={"recommendation": rec.pk})  # fmt: skip
    return rec


def move_recommendation(rec, user, direction):
    with transaction.atomic():
        report = _locked_report(rec.report)
        _check(user, "reports.edit_report", report.round)
        recs = list(report.recommendations.order_by("position", "pk"))
        index = next(i for i, r in enumerate(recs) if r.pk == rec.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(recs):
            recs[index], recs[other] = recs[other], recs[index]
            for position, r in enumerate(recs, start=1):
                if r.position != position:
                    r.position = position
                    r.save(update_fields=["position"])
    return rec


def delete_recommendation(rec, user):
    with transaction.atomic():
        report = _locked_report(rec.report)
        _check(user, "reports.edit_report", report.round)
        log_event(report.round, user, "reports.recommendation.deleted", visibility="panel",
                  data={"recommendation": rec.pk, "text": rec.text[:200]})  # fmt: skip
        rec.delete()


# --- Versions and the country's review (R5.2) ---------------------------------------------------
def set_review_deadline(report, user, deadline):
    """The secretariat sets the date by which the country should answer (None: the default,
    21 days after sending). Reminders start again from the new date."""
    with transaction.atomic():
        report = _locked_report(report)
        rnd = report.round
        if not (
            user.is_secretariat
            and rnd.status in (RoundState.REPORT_DRAFTING, RoundState.COUNTRY_REVIEW)
            and user.has_perm("reports.view_draft", rnd)
        ):
            raise NotAllowed(_("This is not possible on this report now."))
        report.review_deadline = deadline
        report.review_reminders_sent = 0
        report.save(update_fields=["review_deadline", "review_reminders_sent"])
        log_event(rnd, user, "reports.review_deadline.set", visibility="all",
                  data={"deadline": deadline.isoformat() if deadline else None})  # fmt: skip
    return report


def set_credit_note_authors(report, user, credit):
    """The secretariat chooses whether the report names the authors of the visit notes its
    findings started from (off by default). Only while the report is drafted: a version sent
    to the country keeps what it said."""
    with transaction.atomic():
        report = _locked_report(report)
        _check(user, "reports.edit_report", report.round)
        credit = bool(credit)
        if report.credit_note_authors == credit:
            return report
        report.credit_note_authors = credit
        report.save(update_fields=["credit_note_authors"])
        if credit:
            log_event(report.round, user, "reports.note_authors.credited", visibility="panel")
        else:
            log_event(report.round, user, "reports.note_authors.uncredited", visibility="panel")
    return report


def freeze_version(report, user, kind, data=None):
    """A numbered, frozen copy of the report (``data``: its content, by default the drafting
    text now)."""
    data = data if data is not None else snapshot.content(report)
    last = report.versions.filter(number__isnull=False).aggregate(m=Max("number"))["m"] or 0
    return ReportVersion.objects.create(
        report=report, kind=kind, number=last + 1, content=data,
        content_hash=snapshot.content_hash(data), created_by=user,
    )  # fmt: skip


@on_transition("send_for_review")
def freeze_preliminary_version(rnd, actor, comment):
    """R5.2: sending to the country freezes a numbered preliminary version and starts the
    review clock (the deadline the secretariat set, or 21 days from now)."""
    report = ensure_report(rnd, actor, log=False)
    version = freeze_version(report, actor, VersionKind.PRELIMINARY)
    now = timezone.now()
    if report.review_deadline is None or report.review_deadline <= now:
        report.review_deadline = now + timedelta(days=REVIEW_DAYS)
    report.review_reminders_sent = 0
    report.save(update_fields=["review_deadline", "review_reminders_sent"])
    return version


@on_transition("approve")
def freeze_final_version(rnd, actor, comment):
    """The country's approval turns the last preliminary version into the final one (same
    content, next number)."""
    report = ensure_report(rnd, actor, log=False)
    last = report.versions.filter(kind=VersionKind.PRELIMINARY).order_by("-number").first()
    data = last.content if last else snapshot.content(report)
    return freeze_version(report, actor, VersionKind.FINAL, data=data)


def review_version(report):
    """The preliminary version the country is reviewing (the latest one)."""
    return report.versions.filter(kind=VersionKind.PRELIMINARY).order_by("-number").first()


def add_comment(version, user, section_kind, text):
    """The focal point or the technical team comments on a section of the version under review
    (``section_kind`` blank: the report as a whole)."""
    text = (text or "").strip()
    if not text:
        raise ReportError(_("Write your comment."))
    if section_kind and section_kind not in SectionKind.values:
        raise ReportError(_("Choose a section of the report."))
    version = ReportVersion.objects.select_related("report__round").get(pk=version.pk)
    rnd = version.report.round
    _check(user, "reports.comment", rnd)
    if version.pk != getattr(review_version(version.report), "pk", None):
        raise ReportError(_("Comments go on the version under review."))
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            version=version, section_kind=section_kind or "", author=user, text=text
        )
        log_event(rnd, user, "reports.comment.added", visibility="all",
                  data={"version": version.number, "section": section_kind or ""})  # fmt: skip
    return comment


def resolve_comment(comment, user, *, resolved=True):
    """The secretariat marks a country comment as addressed (or open again)."""
    comment = ReviewComment.objects.select_related("version__report__round").get(pk=comment.pk)
    rnd = comment.version.report.round
    if not (user.is_secretariat and user.has_perm("reports.view_draft", rnd)):
        raise NotAllowed(_("Comments are marked as addressed by the Technical Secretariat."))
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def country_contacts(rnd):
    return User.objects.filter(
        role__in=[Role.FOCAL_POINT, Role.TEAM_MEMBER], institution_id=rnd.institution_id,
        is_active=True,
    ).order_by("pk")  # fmt: skip
