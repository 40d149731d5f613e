import pytest
from django.utils import translation

from reports import rendering, services
from reports.models import Report


@pytest.fixture(autouse=True)
def in_english():
    """Messages of services are compared in English here (pages follow each person's language;
    their tests say which)."""
    with translation.override("en"):
        yield


@pytest.fixture
def drafting_round(make_round):
    """Guatemala's round right after the visit: its report exists with its six sections; the
    findings and the recommendations start from the panel's visit notes, the rest is empty."""
    return make_round("report_drafting")


@pytest.fixture
def report(drafting_round):
    return Report.objects.get(round=drafting_round)


@pytest.fixture
def review_round(make_round):
    """Sent to the country: the demo preparer wrote every section; v1 is under review (the
    report also keeps the rendered working draft the R5.1 guard asked for)."""
    return make_round("country_review")


def section(report, kind):
    return report.sections.get(kind=kind)


def complete(report, user):
    """Fill what send_for_review's R5.3 guard asks for, then render the working draft of that
    text now (its R5.1 guard asks for a rendered preview of the current text; views queue it for
    the worker, here it is rendered synchronously). Returns the preview."""
    for kind in ("description", "findings", "cooperation"):
        s = section(report, kind)
        services.save_section(s, user, f"<p>Texto de {kind}.</p>", s.version)
    services.add_recommendation(report, user, text="Actualizar el registro social.")
    return rendering.render(rendering.snapshot_preview(report, user))


def reads_english(*people):
    """Pages follow each person's preferred language (accounts' UserLanguageMiddleware); the
    tests that read English text in a page make the people they log in read English."""
    for person in people:
        person.preferred_language = "en"
        person.save(update_fields=["preferred_language"])
