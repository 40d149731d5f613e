"""Snapshots of the formal request at each submission, and the readable diff between two."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .request_models import RequestSubmission

SNAPSHOT_FIELDS = [
    "title",
    "initiative_kind",
    "stage",
    "description",
    "goal",
    "expected_results",
    "contact_name",
    "contact_position",
    "contact_email",
    "contact_phone",
]


def snapshot(rnd):
    """What the request says now, as plain data (for the diff between submissions)."""
    data = {f: getattr(rnd, f) or "" for f in SNAPSHOT_FIELDS}
    data["topics"] = sorted(t.name_en for t in rnd.topics.all())
    data["countries_of_interest"] = [
        {"country": c.country.name_en, "note": c.note}
        for c in rnd.countries_of_interest.select_related("country")
    ]
    data["documents"] = [
        {
            "title": d.title,
            "kind": d.kind,
            "file": d.original_name,
            "size": d.size,
            "url": d.url,
        }
        for d in rnd.documents.all()
    ]
    return data


def record_submission(rnd, actor):
    """Called by the submit transition, inside its transaction: number and store the request."""
    number = rnd.submissions.count() + 1
    return RequestSubmission.objects.create(
        round=rnd, number=number, submitted_by=actor, data=snapshot(rnd)
    )


def _word_diff(old, new):
    """HTML of ``new`` with insertions marked <ins> and deletions <del>, word by word."""
    a, b = str(old).split(), str(new).split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # noqa: S308 — every piece is escaped above


def _describe_items(items, fmt):
    return [fmt(i) for i in items]


def diff_submissions(old, new):
    """A readable list of what changed between two snapshots: [(label key, html)]."""
    changes = []
    for field in SNAPSHOT_FIELDS:
        if (old.get(field) or "") != (new.get(field) or ""):
            changes.append((field, _word_diff(old.get(field) or "", new.get(field) or "")))
    for key, fmt in (
        ("topics", str),
        (
            "countries_of_interest",
            lambda c: f"{c['country']} — {c['note']}" if c["note"] else c["country"],
        ),
        ("documents", lambda d: f"{d['title']} ({d['file'] or d['url']})"),
    ):
        before = _describe_items(old.get(key, []), fmt)
        after = _describe_items(new.get(key, []), fmt)
        if before != after:
            removed = [x for x in before if x not in after]
            added = [x for x in after if x not in before]
            parts = [f"<del>{escape(x)}</del>" for x in removed]
            parts += [f"<ins>{escape(x)}</ins>" for x in added]
            changes.append((key, mark_safe("<br>".join(parts) or escape(_("Order changed")))))  # noqa: S308
    return changes
