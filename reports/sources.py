"""What the report takes from the visit (phase 4): the notes of the visit record start the
Findings section (R4.3 → R5.3), and the annexes list the agenda and the institutions met.

The report depends on the visit, never the reverse: this module registers the visits app's
functions into the report's registries (``reports.services.FINDINGS_SOURCES`` and
``reports.snapshot.register_annex``); ``ReportsConfig.ready`` imports it.
"""

from visits.agenda_services import current_final, visit_findings, visit_of

from .services import FINDINGS_SOURCES
from .snapshot import register_annex

if visit_findings not in FINDINGS_SOURCES:
    FINDINGS_SOURCES.append(visit_findings)


def _final_items(rnd):
    final = current_final(visit_of(rnd, create=False))
    return final.snapshot.get("items", []) if final else []


@register_annex("agenda")
def agenda(rnd):
    """The agenda in force (the final version released before the visit), item by item."""
    return [
        {
            "day": item["day"],
            "start": item["start_time"],
            "end": item["end_time"],
            "title": item["title"],
            "place": item.get("venue", ""),
        }
        for item in _final_items(rnd)
    ]


@register_annex("institutions")
def institutions(rnd):
    """The institutions and people met, as the agenda lists them (one entry per line or
    semicolon, in order of first appearance)."""
    seen = []
    for item in _final_items(rnd):
        for part in item.get("participants", "").replace(";", "\n").splitlines():
            name = part.strip(" .,-·")
            if name and name not in seen:
                seen.append(name)
    return seen
