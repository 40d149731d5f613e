"""Implausible dates are refused with the allowed range (issue 12, item 9; ``ripso/dates.py``).

Every date a person types in a form: the visit's days and the planned first day (event dates,
1 January 2000 to ten years ahead), the questionnaire's, a contribution's and the country
review's deadlines (yesterday to five years ahead). The message says the range, in the person's
language; what else was typed stays in the form where the page shows the form again.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from reports.models import Contribution, Report
from ripso.dates import DEADLINE, EVENT_DATE
from visits import services as questionnaires
from visits.agenda_models import Visit
from visits.logistics_models import RoundLogistics

pytestmark = pytest.mark.django_db
TOO_EARLY, TOO_LATE = date(1900, 5, 4), date(2300, 5, 4)


def spanish_range(validator):
    first, last = validator.range()
    with translation.override("es"):
        return f"Indique una fecha entre el {date_format(first)} y el {date_format(last)}."


def test_the_ranges_and_their_edges():
    today = timezone.localdate()
    assert EVENT_DATE.range()[0] == date(2000, 1, 1)
    assert EVENT_DATE.range()[1].year == today.year + 10
    assert DEADLINE.range() == (today - timedelta(days=1), DEADLINE.range()[1])
    assert DEADLINE.range()[1].year == today.year + 5
    for validator in (EVENT_DATE, DEADLINE):
        for edge in validator.range():
            validator(edge)  # both ends are allowed
    for validator, value in [
        (EVENT_DATE, date(1999, 12, 31)),
        (EVENT_DATE, EVENT_DATE.range()[1] + timedelta(days=1)),
        (DEADLINE, today - timedelta(days=2)),
        (DEADLINE, DEADLINE.range()[1] + timedelta(days=1)),
    ]:
        with pytest.raises(ValidationError) as refused, translation.override("en"):
            validator(value)
        assert refused.value.code == "implausible_date"
        assert refused.value.messages[0].startswith("Enter a date between ")
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        EVENT_DATE(TOO_LATE)
    assert refused.value.messages[0].startswith("Enter a date between Jan. 1, 2000 and ")


@pytest.mark.parametrize("day", [TOO_EARLY, TOO_LATE], ids=["1900", "2300"])
def test_a_visit_in_1900_or_2300_is_refused_with_the_range_and_keeps_what_was_typed(
    client, cast, make_round, day
):
    rnd = make_round("preparation")
    client.force_login(cast.gt_focal_point)  # reads Spanish
    response = client.post(
        reverse("visits:agenda_visit", args=[rnd.code]),
        {"start_date": day.isoformat(), "end_date": (day + timedelta(days=3)).isoformat(),
         "city": "Cobán", "venues": "", "timezone": "America/Guatemala", "version": "0"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(spanish_range(EVENT_DATE)) == 2  # by the first and by the last day
    assert f'value="{day.isoformat()}"' in html and 'value="Cobán"' in html
    assert not Visit.objects.filter(round=rnd, start_date__isnull=False).exists()


def test_a_planned_first_day_in_2300_is_refused_with_the_range(client, cast, make_round):
    rnd = make_round("preparation")
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("visits:logistics_dates", args=[rnd.code]),
        {"planned_start": TOO_LATE.isoformat(), "version": "0"},
        follow=True,
    )
    assert spanish_range(EVENT_DATE) in response.content.decode()
    assert RoundLogistics.objects.get(round=rnd).planned_start is None


def test_a_questionnaire_deadline_in_1900_is_refused_with_the_range(client, cast, make_round):
    rnd = make_round("preparation")
    questionnaire = questionnaires.create_questionnaire(rnd, cast.secretariat, title="Técnico")
    questionnaires.draft_question(questionnaire, cast.expert_cl, text="¿Cómo se focaliza?")
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("visits:release", args=[rnd.code, questionnaire.pk]),
        {"deadline": TOO_EARLY.isoformat()},
    )
    assert response.status_code == 400
    assert spanish_range(DEADLINE) in response.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.released_at is None


def test_a_contribution_due_in_2300_is_refused_with_the_range(client, cast, make_round):
    rnd = make_round("report_drafting")
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("reports:assign", args=[rnd.code, "findings"]),
        {"author": str(cast.expert_cl.pk), "due_at": TOO_LATE.isoformat()},
        follow=True,
    )
    assert spanish_range(DEADLINE) in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_country_review_deadline_in_2300_is_refused_with_the_range(client, cast, make_round):
    rnd = make_round("report_drafting")
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("reports:review_deadline", args=[rnd.code]),
        {"deadline": TOO_LATE.isoformat()},
        follow=True,
    )
    assert spanish_range(DEADLINE) in response.content.decode()
    assert Report.objects.get(round=rnd).review_deadline is None
