"""Guards of the report's transitions (imported from ``ReportsConfig.ready``)."""

from django.utils.translation import gettext as _

from rounds.guards import guard

from .enums import SectionKind
from .html import to_text
from .models import Report


@guard("send_for_review")
def report_has_its_required_parts(rnd):
    """R5.3: the brief description, the findings and the further needs and opportunities for
    cooperation have text, and at least one recommendation exists."""
    report = Report.objects.filter(round=rnd).first()
    if report is None:
        yield _("Start the report: it has no text yet (R5.3).")
        return
    bodies = dict(report.sections.values_list("kind", "body"))
    for kind in SectionKind.required():
        if not to_text(bodies.get(kind, "")):
            yield _("Write the section “%(section)s” (R5.3).") % {"section": kind.label}
    if not report.recommendations.exists():
        yield _("Add at least one recommendation (R5.3).")
