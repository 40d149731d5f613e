"""Issue 11, item 10: "Plazo" labelled two different things on the drafting page (a
contribution's due date and a recommendation's time horizon). Each has its own explicit label,
in Spanish and in English."""

import pytest
from django.utils import translation

from reports.forms import AssignForm, DeadlineForm, RecommendationForm


@pytest.mark.parametrize(
    ("language", "contribution", "horizon", "review"),
    [
        ("es", "Plazo para la contribución (opcional)", "Plazo de implementación",
         "Plazo de respuesta del país"),
        ("en", "Contribution due by (optional)", "Time horizon", "The country answers by"),
    ],
)  # fmt: skip
def test_the_drafting_form_labels_each_deadline_distinctly(language, contribution, horizon, review):
    with translation.override(language):
        labels = [
            str(AssignForm().fields["due_at"].label),
            str(RecommendationForm().fields["horizon"].label),
            str(DeadlineForm().fields["deadline"].label),
        ]
    assert labels == [contribution, horizon, review]
    assert len(set(labels)) == 3
    assert "Plazo" not in labels  # never the bare word


def test_the_drafting_page_shows_the_distinct_labels(client, cast, make_round):
    from django.urls import reverse

    rnd = make_round("report_drafting")
    client.force_login(cast.secretariat)  # reads Spanish
    html = client.get(reverse("reports:drafting", args=[rnd.code])).content.decode()
    assert "Plazo para la contribución (opcional)" in html
    assert "Plazo de implementación" in html
    assert ">Plazo<" not in html and ">Plazo*<" not in html
