"""The agenda of the visit as an A4 PDF (WeasyPrint), day by day, in the reader's language.
Only our own static files are read (the letters' fetcher, ``panels.letters``)."""

from django.template.loader import render_to_string
from django.utils import timezone

from panels.letters import _local_fetcher, _static_dir


def agenda_days(visit, items):
    days = {}
    for item in items:
        days.setdefault(item.day, []).append(item)
    dates = list(visit.days) if visit is not None else []
    dates += sorted(d for d in days if d not in dates)
    return [{"date": d, "items": days.get(d, [])} for d in dates]


def render_agenda_pdf(rnd, visit, version, items):
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_to_string(
        "visits/pdf/agenda.html",
        {
            "round": rnd,
            "visit": visit,
            "version": version,
            "days": agenda_days(visit, items),
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=_static_dir(), url_fetcher=_local_fetcher()).write_pdf()
