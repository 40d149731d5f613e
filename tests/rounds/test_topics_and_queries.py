"""Topic lists kept by the secretariat (R6.1); query counts of the phase 1 lists."""

import pytest
from django.urls import reverse

from rounds.enums import Methodology
from rounds.models import Topic

pytestmark = pytest.mark.django_db


def test_r6_1_secretariat_adds_and_retires_a_topic(client, cast):
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("rounds:topic_create"),
        {
            "methodology": Methodology.MECIGEP,
            "name_es": "Gobierno digital",
            "name_en": "Digital government",
            "position": "50",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    topic = Topic.objects.get(name_en="Digital government")
    client.post(
        reverse("rounds:topic_edit", args=[topic.pk]),
        {
            "methodology": "mecigep",
            "name_es": "Gobierno digital",
            "name_en": "Digital government",
            "position": "50",
        },
    )
    topic.refresh_from_db()
    assert topic.is_active is False
    assert topic not in Topic.objects.active()


@pytest.mark.parametrize("role", ["focal_point", "team_member", "expert_on_panel"])
def test_topic_pages_are_404_outside_the_secretariat(client, cast, role):
    client.force_login(cast.user(role))
    assert client.get(reverse("rounds:topics")).status_code == 404
    assert client.get(reverse("rounds:topic_create")).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_request_queue_query_count_is_constant(
    client, cast, make_round, count, django_assert_num_queries
):
    for i in range(count):
        make_round("submitted", title=f"Solicitud {i}")
    client.force_login(cast.secretariat)
    with django_assert_num_queries(8):
        response = client.get(reverse("rounds:request_queue"))
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_focal_point_round_list_query_count_is_constant(
    client, cast, make_round, count, django_assert_num_queries
):
    for i in range(count):
        make_round("draft", title=f"Borrador {i}")
    client.force_login(cast.gt_focal_point)
    with django_assert_num_queries(9):
        response = client.get(reverse("rounds:list"))
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_topic_list_query_count_is_constant(client, cast, count, django_assert_num_queries):
    Topic.objects.bulk_create(
        Topic(methodology="ripso", name_es=f"Tema {i}", name_en=f"Topic {i}") for i in range(count)
    )
    client.force_login(cast.secretariat)
    with django_assert_num_queries(7):
        client.get(reverse("rounds:topics"))
