"""The readable difference between two versions of a report: per section, the words added and
removed (on the plain text); per recommendation, added, removed or changed (R5.2)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from rounds.snapshots import _word_diff

from .html import to_text

REC_FIELDS = ("text", "area", "priority_label", "responsible_institution", "horizon_label")


def diff_sections(old, new):
    """``[{"title", "kind", "status": same|changed|added|removed, "html"}]`` in the new order."""
    before = {s["kind"]: s for s in old.get("sections", [])}
    after = {s["kind"]: s for s in new.get("sections", [])}
    rows = []
    for kind, section in after.items():
        text_new = to_text(section["body"])
        if kind not in before:
            rows.append({"kind": kind, "title": section["title"], "status": "added",
                         "html": _word_diff("", text_new)})  # fmt: skip
            continue
        text_old = to_text(before[kind]["body"])
        status = "same" if text_old == text_new else "changed"
        rows.append({
            "kind": kind, "title": section["title"], "status": status,
            "html": escape(text_new) if status == "same" else _word_diff(text_old, text_new),
        })  # fmt: skip
    for kind, section in before.items():
        if kind not in after:
            rows.append({"kind": kind, "title": section["title"], "status": "removed",
                         "html": _word_diff(to_text(section["body"]), "")})  # fmt: skip
    return rows


def diff_recommendations(old, new):
    """``[{"status": added|removed|changed|same, "number", "rec", "changes": [(field, html)]}]``.

    Recommendations with the same text are the same (even if renumbered); the rest are paired by
    number (an edited recommendation keeps its place); what is left was added or removed."""
    olds = list(old.get("recommendations", []))
    news = list(new.get("recommendations", []))
    rows = {}
    unmatched_old = []
    new_by_text = {}
    for rec in news:
        new_by_text.setdefault(rec["text"], []).append(rec)
    for rec in olds:
        twins = new_by_text.get(rec["text"])
        if twins:
            twin = twins.pop(0)
            rows[id(twin)] = _compare(rec, twin)
        else:
            unmatched_old.append(rec)
    unmatched_new = [r for r in news if id(r) not in rows]
    by_number = {r["number"]: r for r in unmatched_new}
    removed = []
    for rec in unmatched_old:
        twin = by_number.pop(rec["number"], None)
        if twin is not None:
            rows[id(twin)] = _compare(rec, twin)
        else:
            removed.append(
                {
                    "status": "removed",
                    "number": rec["number"],
                    "rec": rec,
                    "changes": [("text", _marked("del", rec["text"]))],
                }
            )
    result = []
    for rec in news:
        if id(rec) in rows:
            result.append(rows[id(rec)])
        else:
            result.append(
                {
                    "status": "added",
                    "number": rec["number"],
                    "rec": rec,
                    "changes": [("text", _marked("ins", rec["text"]))],
                }
            )
    return result + removed


def _marked(tag, text):
    return mark_safe(f"<{tag}>{escape(text)}</{tag}>")  # noqa: S308 — the text is escaped


def _compare(old, new):
    changes = [
        (field, _word_diff(old.get(field, ""), new.get(field, "")))
        for field in REC_FIELDS
        if (old.get(field) or "") != (new.get(field) or "")
    ]
    return {"status": "changed" if changes else "same", "number": new["number"], "rec": new,
            "changes": changes}  # fmt: skip
