"""The report's pages run the same number of queries for 1 row and for many (docs/style.md,
"Query counts"): the drafting page (recommendations, contributions, country comments), the
version list and the reading page of a version (comments)."""

import pytest
from django.urls import reverse

from reports import services
from reports.enums import VersionKind
from reports.models import ReviewComment
from rounds.services import transition_round

SIZES = [1, 12]


def count_second_visit(client, user, url, django_assert_num_queries, expected):
    client.force_login(user)
    assert client.get(url).status_code == 200  # warms the session
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def comments(version, author, n):
    kinds = ["description", "findings", "cooperation", ""]
    ReviewComment.objects.bulk_create(
        ReviewComment(version=version, author=author, section_kind=kinds[i % 4], text=f"Nota {i}")
        for i in range(n)
    )


@pytest.mark.parametrize("rows", SIZES)
def test_drafting_page(client, cast, make_round, rows, django_assert_num_queries):
    rnd = make_round("country_review")
    report = rnd.report
    comments(report.versions.get(kind=VersionKind.PRELIMINARY), cast.gt_focal_point, rows)
    transition_round(rnd.pk, "request_changes", cast.gt_focal_point, comment="Revisar.")
    report.recommendations.all().delete()
    for i in range(rows):
        services.add_recommendation(report, cast.secretariat, text=f"Recomendación {i}")
    report.sections.get(kind="findings").contributions.all().delete()
    members = list(services.panel_members(rnd))
    pairs = [(s, m) for s in report.sections.order_by("position") for m in members][:rows]
    for section, member in pairs:
        services.assign_section(section, cast.secretariat, member)
    url = reverse("reports:drafting", args=[rnd.code])
    # The same for 1 and 12 rows; the page-budget widget (R5.1) compares the current text with
    # the rendered working draft, which reads the whole report and the visit's annexes.
    count_second_visit(client, cast.secretariat, url, django_assert_num_queries, 51)


@pytest.mark.parametrize("rows", SIZES)
def test_version_list(client, cast, make_round, rows, django_assert_num_queries):
    rnd = make_round("country_review")
    report = rnd.report
    for _i in range(rows - 1):
        services.freeze_version(report, cast.secretariat, VersionKind.PRELIMINARY)
    comments(report.versions.get(number=1), cast.gt_focal_point, rows)
    url = reverse("reports:versions", args=[rnd.code])
    count_second_visit(client, cast.gt_focal_point, url, django_assert_num_queries, 7)


@pytest.mark.parametrize("rows", SIZES)
def test_review_page(client, cast, make_round, rows, django_assert_num_queries):
    rnd = make_round("country_review")
    comments(rnd.report.versions.get(kind=VersionKind.PRELIMINARY), cast.gt_team_member, rows)
    url = reverse("reports:version", args=[rnd.code, 1])
    count_second_visit(client, cast.gt_focal_point, url, django_assert_num_queries, 9)
