"""Every list page runs the same number of queries for 1 row and for 30
(docs/style.md, "Query counts").

Each test builds its rows with the services (or factories), opens the page once to warm the
session (the idle-timeout middleware writes it on the first request), then counts the queries of
a second visit. The literal is the same for both sizes: a difference is an N+1.
"""

from collections import Counter

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import AccountRequest, User
from notifications.models import OutgoingMessage
from panels.enums import SeatStatus
from rounds.dashboards import LIMIT
from rounds.request_models import Topic
from rounds.services import create_round, transition_round
from tests import factories as f
from tests.conftest import COMPLETE_REQUEST

SIZES = [1, 30]


@pytest.fixture
def build(cast, make_round):
    """Round builders that skip make_round's checks: fast enough for 30 rows per test."""
    make_round("draft").delete()  # loads the topics once
    topic = Topic.objects.filter(methodology="ripso").first()

    class Build:
        @staticmethod
        def draft(institution=None, title="Programa de Empleo Juvenil"):
            institution = institution or cast.mides
            focal_point = institution.people.filter(role="focal_point").first()
            return create_round(
                creator=focal_point,
                institution=institution,
                title=title,
                topics=[topic],
                **COMPLETE_REQUEST,
            )

        @classmethod
        def submitted(cls, institution=None, title="Programa de Empleo Juvenil"):
            rnd = cls.draft(institution, title)
            focal_point = rnd.institution.people.filter(role="focal_point").first()
            return transition_round(rnd.pk, "submit", focal_point)

        @classmethod
        def panel_forming(cls, title="Programa de Empleo Juvenil"):
            rnd = cls.submitted(title=title)
            rnd = transition_round(
                rnd.pk,
                "accept",
                cast.secretariat,
                methodology="ripso",
                coordinators=[cast.coordinator],
            )
            # The coordinator's seat is made by the acceptance itself (issue 11, item 4).
            f.PanelSeatFactory(round=rnd, user=cast.expert_cl, status=SeatStatus.ACCEPTED)
            f.PanelSeatFactory(round=rnd, user=cast.expert_mx, status=SeatStatus.INVITED)
            return rnd

    return Build


def count_second_visit(client, user, url, params, django_assert_num_queries, expected):
    client.force_login(user)
    assert client.get(url, params).status_code == 200  # warms the session
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


# --- My work --------------------------------------------------------------------------------------
def _task_keys(work):
    return Counter(step.key for step in work["tasks"] + work["more_tasks"] if step.key)


@pytest.mark.parametrize("rows", SIZES)
def test_home_of_the_secretariat(client, cast, build, rows, django_assert_num_queries):
    """Item 13: a secretariat officer who coordinates nothing sees every active round she may act
    on (capped at LIMIT, oldest first), each with its next step."""
    for _ in range(rows):
        build.submitted()
        build.panel_forming()
    response = count_second_visit(
        client, cast.secretariat, reverse("rounds:home"), {}, django_assert_num_queries, 7
    )
    work = response.context["work"]
    assert work["total"] == 2 * rows
    assert len(work["rows"]) == min(2 * rows, LIMIT)
    assert all(row["next"] is not None for row in work["rows"])
    assert work["more"] == max(0, 2 * rows - LIMIT)


@pytest.mark.parametrize("rows", SIZES)
def test_home_of_the_focal_point(client, cast, build, rows, django_assert_num_queries):
    for _ in range(rows):
        build.draft()
        build.submitted()
    response = count_second_visit(
        client, cast.gt_focal_point, reverse("rounds:home"), {}, django_assert_num_queries, 7
    )
    work = response.context["work"]
    assert work["total"] == 2 * rows
    drafts = sum(row["round"].status == "draft" for row in work["rows"])
    assert drafts >= min(rows, LIMIT // 2)
    assert _task_keys(work) == {"submit": drafts}


@pytest.mark.parametrize("rows", SIZES)
def test_home_of_an_expert(client, cast, build, rows, django_assert_num_queries):
    for _ in range(rows):
        build.panel_forming()
    for user, invitations in ((cast.expert_cl, 0), (cast.expert_mx, rows)):
        response = count_second_visit(
            client, user, reverse("rounds:home"), {}, django_assert_num_queries, 9
        )
        work = response.context["work"]
        assert len(work["rows"]) == rows
        assert _task_keys(work)["invitation"] == invitations


@pytest.mark.parametrize("rows", [1, 2])
def test_home_across_every_phase(client, cast, make_round, rows, django_assert_num_queries):
    """The step providers of every phase read many rounds with the same number of queries."""
    states = ["preparation", "visit_in_progress", "report_drafting", "country_review", "approved"]
    for _ in range(rows):
        for state in states:
            make_round(state)
    for user, expected in ((cast.secretariat, 13), (cast.gt_focal_point, 15), (cast.expert_cl, 14)):
        response = count_second_visit(
            client, user, reverse("rounds:home"), {}, django_assert_num_queries, expected
        )
        assert len(response.context["work"]["rows"]) == rows * len(states)


# --- Round lists ----------------------------------------------------------------------------------
@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({}, 7),
        ({"country": "GT", "phase": "request"}, 8),  # + the country chosen in the filter
        ({"q": "Empleo"}, 7),
    ],
    ids=["all", "filtered", "search"],
)
def test_round_list(client, cast, build, rows, params, queries, django_assert_num_queries):
    for i in range(rows):
        (build.submitted if i % 2 else build.draft)()
    response = count_second_visit(
        client, cast.secretariat, reverse("rounds:list"), params, django_assert_num_queries, queries
    )
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", SIZES)
def test_round_list_of_the_focal_point(client, cast, build, rows, django_assert_num_queries):
    for _ in range(rows):
        build.submitted()
    response = count_second_visit(
        client, cast.gt_focal_point, reverse("rounds:list"), {}, django_assert_num_queries, 6
    )
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", SIZES)
def test_request_queue(client, cast, build, rows, django_assert_num_queries):
    for _ in range(rows):
        build.submitted()
    response = count_second_visit(
        client, cast.secretariat, reverse("rounds:request_queue"), {}, django_assert_num_queries, 5
    )
    assert response.context["page"].paginator.count == rows


# --- Messages -------------------------------------------------------------------------------------
@pytest.mark.parametrize("show", ["all", "unread", "needs_me"])
@pytest.mark.parametrize("rows", SIZES)
def test_inbox(client, cast, build, rows, show, django_assert_num_queries):
    for _ in range(rows):
        build.submitted()  # each asks the secretariat to decide
    response = count_second_visit(
        client,
        cast.secretariat,
        reverse("notifications:inbox"),
        {"show": show},
        django_assert_num_queries,
        5,
    )
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", SIZES)
def test_the_navigation_badge_costs_one_query_per_page(client, cast, build, rows):
    """The badge and the inbox's own counts share one aggregate query (context_processors.inbox)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(rows):
        build.submitted()
    client.force_login(cast.secretariat)
    for url in (reverse("rounds:home"), reverse("notifications:inbox"), reverse("rounds:list")):
        client.get(url)  # warms the session
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts = [q["sql"] for q in queries if 'COUNT("notifications_outgoingmessage"' in q["sql"]]
        assert len(counts) == 1, (url, counts)
        assert f'<span aria-hidden="true">{rows}</span>' in page


@pytest.mark.parametrize("rows", SIZES)
def test_outbox(client, cast, build, rows, django_assert_num_queries):
    for _ in range(rows):
        build.submitted()  # to Elena and Daniel
    response = count_second_visit(
        client, cast.secretariat, reverse("notifications:outbox"), {}, django_assert_num_queries, 8
    )
    assert response.context["page"].paginator.count == OutgoingMessage.objects.count() >= rows * 2


# --- People ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("rows", SIZES)
def test_people(client, cast, rows, django_assert_num_queries):
    the_cast = User.objects.count()
    for i in range(rows):
        if i % 2:
            f.ExpertFactory(profile__country=f.CountryFactory(code="PE"))
        else:
            f.TeamMemberFactory(institution=cast.hn_institution)
    response = count_second_visit(
        client, cast.secretariat, reverse("accounts:people"), {}, django_assert_num_queries, 7
    )
    assert response.context["paginator"].count == the_cast + rows


@pytest.mark.parametrize("rows", SIZES)
def test_account_requests(client, cast, rows, django_assert_num_queries):
    for i in range(rows):
        account_request = account_services.request_account(
            full_name=f"Persona Solicitante {i}",
            email=f"solicitante{i}@example.org",
            country=f.CountryFactory(code="PY"),
            institution_name="Ministerio de Desarrollo Social",
            position="Técnica",
            requested_role="team_member",
        )
        if i % 2:
            account_services.reject_account_request(
                account_request, decided_by=cast.secretariat, reason="Institución no miembro."
            )
    response = count_second_visit(
        client,
        cast.secretariat,
        reverse("accounts:account_requests"),
        {},
        django_assert_num_queries,
        6,
    )
    assert response.context["paginator"].count == AccountRequest.objects.count() == rows


@pytest.mark.parametrize("rows", SIZES)
def test_team_of_the_focal_point(client, cast, rows, django_assert_num_queries):
    already = cast.mides.people.filter(is_active=True).count()
    for i in range(rows):
        f.TeamMemberFactory(institution=cast.mides)
        f.InvitationFactory(institution=cast.mides, token=f"token-{i}")
    response = count_second_visit(
        client, cast.gt_focal_point, reverse("accounts:team"), {}, django_assert_num_queries, 7
    )
    assert len(response.context["people"]) == already + rows
    assert len(response.context["pending"]) == rows
