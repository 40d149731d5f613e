"""Starting a visit weeks before its first day, or completing it before its last day, asks first
(issue 11, item 10; R4.1: the visit happens on the agreed dates). The question names the dates;
the server refuses without the answer, so it is not only a JavaScript dialog."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rounds.models import Round, RoundEvent
from rounds.services import NeedsConfirmation, transition_round
from visits.agenda_models import Visit


@pytest.fixture
def scheduled(make_round):
    """Guatemala's visit, scheduled: its agenda starts three weeks from today (4 days)."""
    return make_round("visit_scheduled")


def set_dates(rnd, first_in_days, days=4):
    first = timezone.localdate() + timedelta(days=first_in_days)
    Visit.objects.filter(round=rnd).update(
        start_date=first, end_date=first + timedelta(days=days - 1)
    )
    return first


def status(rnd):
    return Round.objects.get(pk=rnd.pk).status


def test_r4_1_starting_weeks_early_is_refused_without_confirmation(scheduled, cast):
    with pytest.raises(NeedsConfirmation) as refused:
        transition_round(scheduled.pk, "start_visit", cast.secretariat)
    assert "start it today?" in refused.value.message
    assert status(scheduled) == "visit_scheduled"
    rnd = transition_round(scheduled.pk, "start_visit", cast.secretariat, confirmed=True)
    assert rnd.status == "visit_in_progress"
    event = RoundEvent.objects.filter(round=rnd, action="rounds.round.visit_in_progress").get()
    assert event.data["confirmed"] == [refused.value.message]  # what she said yes to


@pytest.mark.parametrize("first_in_days", [1, 0, -2])
def test_r4_1_starting_the_day_before_or_during_the_visit_asks_nothing(
    scheduled, cast, first_in_days
):
    set_dates(scheduled, first_in_days)
    assert transition_round(scheduled.pk, "start_visit", cast.secretariat).status == (
        "visit_in_progress"
    )


def test_r4_1_starting_after_the_last_day_asks(scheduled, cast):
    set_dates(scheduled, -10)
    with pytest.raises(NeedsConfirmation):
        transition_round(scheduled.pk, "start_visit", cast.secretariat)


def test_r4_1_completing_before_the_last_day_asks(make_round, cast):
    rnd = make_round("visit_in_progress")
    set_dates(rnd, -1)  # started yesterday, two days to go
    with pytest.raises(NeedsConfirmation) as refused:
        transition_round(rnd.pk, "complete_visit", cast.secretariat)
    assert "before its last day" in refused.value.message
    assert status(rnd) == "visit_in_progress"
    assert transition_round(rnd.pk, "complete_visit", cast.secretariat, confirmed=True).status == (
        "report_drafting"
    )


def test_r4_1_completing_on_the_last_day_asks_nothing(make_round, cast):
    rnd = make_round("visit_in_progress")
    set_dates(rnd, -3)  # today is the fourth and last day
    assert transition_round(rnd.pk, "complete_visit", cast.secretariat).status == (
        "report_drafting"
    )


def test_r4_1_round_page_sends_to_the_question_and_the_page_asks_in_spanish(
    scheduled, cast, client
):
    first = set_dates(scheduled, 30, days=5)
    client.force_login(cast.secretariat)  # reads Spanish (the default)
    url = reverse("rounds:transition", args=[scheduled.code, "start_visit"])
    detail = client.get(scheduled.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail  # a link to the question, not a one-click form
    assert f'<form method="post" action="{url}"' not in detail
    page = client.get(url).content.decode()
    from django.utils.formats import date_format
    from django.utils.translation import override

    with override("es"):
        start = date_format(first, "DATE_FORMAT")
        end = date_format(first + timedelta(days=4), "DATE_FORMAT")
    assert f"La visita está prevista del {start} al {end}; ¿iniciarla hoy?" in page
    assert 'name="confirmed" value="1"' in page
    assert status(scheduled) == "visit_scheduled"  # a GET changes nothing


def test_r4_1_post_without_confirmation_asks_and_changes_nothing(scheduled, cast, client):
    client.force_login(cast.secretariat)
    url = reverse("rounds:transition", args=[scheduled.code, "start_visit"])
    response = client.post(url, {})  # e.g. an old round page's one-click form
    assert response.status_code == 200
    assert 'name="confirmed" value="1"' in response.content.decode()
    assert status(scheduled) == "visit_scheduled"
    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert status(scheduled) == "visit_in_progress"


def test_r4_1_complete_visit_early_by_the_page_needs_the_confirmation(make_round, cast, client):
    rnd = make_round("visit_in_progress")
    client.force_login(cast.coordinator)
    url = reverse("rounds:transition", args=[rnd.code, "complete_visit"])
    assert client.post(url, {}).status_code == 200
    assert status(rnd) == "visit_in_progress"
    client.post(url, {"confirmed": "1"})
    assert status(rnd) == "report_drafting"
