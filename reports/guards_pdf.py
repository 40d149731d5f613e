"""The 20-page budget (R5.1) on ``send_for_review`` and the PDF of the versions that transitions
freeze. Imported from ``ReportsConfig.ready()`` after the drafting code's guards and effects.
"""

from django.db import transaction

from rounds.guards import guard, on_transition

from . import rendering
from .models import Report


@guard("send_for_review")
def within_page_budget(rnd):
    """R5.1: a rendered working draft of the CURRENT text exists and has at most 20 pages."""
    report = Report.objects.filter(round=rnd).first()
    yield from rendering.budget(report).blockers()


@on_transition("send_for_review")
@on_transition("approve")
def render_frozen_versions(rnd, actor, comment):
    """Queue the PDF of every version still waiting for one (the drafting effects freeze a
    numbered preliminary or final version in the same transaction). The versions are looked up
    when the transaction commits, so this works whatever order the effects run in."""
    report_id = Report.objects.filter(round=rnd).values_list("pk", flat=True).first()
    if report_id is not None:
        transaction.on_commit(lambda: rendering.queue_pending(report_id))
