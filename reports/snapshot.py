"""The report as one plain, frozen structure: what a version stores, what the PDF, the DOCX, the
browser view and the diff are made from.

``content(report)`` reads the drafting tables now; ``content_hash(content)`` tells two contents
apart (a rendered working draft is current only while its hash equals the drafting text's).

Shape::

    {
        "title": str,
        "summary": str,
        "language": "es",
        "round": {
            "code",
            "title",
            "country_code",
            "country",
            "institution",
            "methodology",
            "visit_start",
            "visit_end",
        },
        "sections": [{"kind", "title", "body"}],  # body: sanitized HTML; the Findings also
        # "credit" if the secretariat credits the
        # authors of the visit notes
        "recommendations": [
            {
                "number",
                "text",
                "area",
                "priority",
                "priority_label",
                "responsible_institution",
                "horizon",
                "horizon_label",
            }
        ],
        "annexes": {"panel": [{"name", "country", "role"}], "agenda": [...], "institutions": [str]},
    }

Annexes are filled from the round (R5.3 "annexes filled from the round"); other apps add what
they know through ``ANNEX_PROVIDERS`` (e.g. the visit's agenda and the institutions met).
"""

import hashlib
import json

from django.utils import translation
from django.utils.translation import gettext as _

from .enums import Horizon, Priority, SectionKind

# name -> function(round) -> JSON-serialisable value, for the annexes. The visits app registers
# "agenda" and "institutions" (register_annex below); the panel is built in here.
ANNEX_PROVIDERS = {}


def register_annex(name):
    def register(func):
        ANNEX_PROVIDERS[name] = func
        return func

    return register


def _panel(rnd):
    seats = (
        rnd.panel_seats.filter(status="accepted")
        .select_related("user__expert_profile__country")
        .order_by("kind", "pk")
    )
    rows = []
    for seat in seats:
        profile = getattr(seat.user, "expert_profile", None)
        rows.append(
            {
                "name": seat.user.get_full_name() or seat.user.email,
                "country": profile.country.name if profile else _("OAS"),
                "role": str(seat.get_kind_display()),
            }
        )
    return rows


def note_authors(report, sections=None):
    """Everyone whose visit notes started the report's text, in order of first appearance."""
    if sections is None:
        sections = report.sections.all()
    names = []
    for section in sections:
        for entry in section.provenance or ():
            names.extend(entry.get("authors") or ())
    return list(dict.fromkeys(n for n in names if n))


def credit_line(names):
    """The line that credits the authors of the visit notes, in the active language (the
    report's), or "" without names."""
    if not names:
        return ""
    listed = (
        names[0]
        if len(names) == 1
        else _("%(names)s and %(last)s")
        % {
            "names": ", ".join(names[:-1]),
            "last": names[-1],
        }
    )
    return _("The findings start from the visit notes of %(names)s.") % {"names": listed}


def _credit(sections, rows, report):
    """The secretariat chose to name the authors of the visit notes: one line, in the report's
    language (the active one here), under the Findings."""
    line = credit_line(note_authors(report, rows))
    for section in sections:
        if line and section["kind"] == SectionKind.FINDINGS:
            section["credit"] = line


def content(report):
    """The report's drafting text as a version would freeze it, in the report's language."""
    rnd = report.round
    with translation.override(report.language or "es"):
        rows = list(report.sections.order_by("position", "pk"))
        sections = [{"kind": s.kind, "title": s.title, "body": s.body} for s in rows]
        if report.credit_note_authors:
            _credit(sections, rows, report)
        recommendations = [
            {
                "number": i,
                "text": r.text,
                "area": r.area,
                "priority": r.priority,
                "priority_label": str(Priority(r.priority).label),
                "responsible_institution": r.responsible_institution,
                "horizon": r.horizon,
                "horizon_label": str(Horizon(r.horizon).label),
            }
            for i, r in enumerate(report.recommendations.order_by("position", "pk"), start=1)
        ]
        annexes = {"panel": _panel(rnd)}
        for name, provider in ANNEX_PROVIDERS.items():
            annexes[name] = provider(rnd)
        visit = getattr(rnd, "visit", None)  # the agenda's Visit, when the visits app has one
        return {
            "title": report.title,
            "summary": report.summary,
            "language": report.language,
            "round": {
                "code": rnd.code,
                "title": rnd.title,
                "country_code": rnd.country.code,
                "country": rnd.country.name,
                "institution": rnd.institution.name,
                "methodology": rnd.methodology,
                "visit_start": str(getattr(visit, "start_date", "") or ""),
                "visit_end": str(getattr(visit, "end_date", "") or ""),
            },
            "sections": sections,
            "recommendations": recommendations,
            "annexes": annexes,
        }


def content_hash(data):
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
