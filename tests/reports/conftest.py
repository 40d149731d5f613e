import pytest
from django.utils import translation

from reports import services
from reports.models import Report


@pytest.fixture(autouse=True)
def in_english():
    """Messages of services are compared in English here (pages follow each person's language;
    their tests say which)."""
    with translation.override("en"):
        yield


@pytest.fixture
def drafting_round(make_round):
    """Guatemala's round right after the visit: its report exists with six empty sections."""
    return make_round("report_drafting")


@pytest.fixture
def report(drafting_round):
    return Report.objects.get(round=drafting_round)


@pytest.fixture
def review_round(make_round):
    """Sent to the country: the demo preparer wrote every section; v1 is under review."""
    return make_round("country_review")


def section(report, kind):
    return report.sections.get(kind=kind)


def complete(report, user):
    """Fill what send_for_review's R5.3 guard asks for."""
    for kind in ("description", "findings", "cooperation"):
        s = section(report, kind)
        services.save_section(s, user, f"<p>Texto de {kind}.</p>", s.version)
    services.add_recommendation(report, user, text="Actualizar el registro social.")
