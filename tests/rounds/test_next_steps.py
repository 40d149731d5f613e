"""Every decision a person must take is reachable (issue 11, items 1, 4, 9, 13, 18): the next-steps
layer (rounds/next_steps.py and the providers of panels, visits and reports) puts each task on the
person's My work and on the round page, with a link to where it is done."""

import pytest
from django.urls import reverse
from django.utils import translation

from panels.enums import CountryOpinion, SeatKind, SeatStatus
from reports.enums import PublicationChoice
from reports.models import Report
from rounds.next_steps import steps_of_round
from rounds.services import transition_round
from tests import factories as f
from tests.reports.publication_helpers import approved_round, authorize
from visits.logistics_models import RoundLogistics


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def home(client, user):
    return page(client, user, reverse("rounds:home"))


def tasks(response):
    work = response.context["work"]
    return {(s.round.code, str(s.text)): s.url for s in work["tasks"] + work["more_tasks"]}


def task_urls(response, rnd):
    return [url for (code, _text), url in tasks(response).items() if code == rnd.code]


def keep_internal_url(rnd):
    return reverse("rounds:transition", args=[rnd.code, "keep_internal"])


# --- Item 1: publication (R5.4) -------------------------------------------------------------------
def test_r5_4_the_focal_point_is_sent_to_decide_on_publication_from_my_work_and_the_round_page(
    client, cast, make_round
):
    rnd = approved_round(make_round)
    publication = reverse("reports:publication", args=[rnd.code])
    cast.gt_focal_point.preferred_language = "es"
    cast.gt_focal_point.save()

    mine = home(client, cast.gt_focal_point)
    assert publication in task_urls(mine, rnd)
    html = mine.content.decode()
    assert "Decida sobre la publicación del informe" in html
    assert f'href="{publication}"' in html

    detail = page(client, cast.gt_focal_point, rnd.get_absolute_url()).content.decode()
    actions = detail[
        detail.index('id="actions"') : detail.index("</section>", detail.index('id="actions"'))
    ]
    assert f'href="{publication}"' in actions
    assert "publicación" in actions
    # Keeping it internal closes the round for good: it is chosen on the publication page, never
    # offered as the round page's only button.
    assert keep_internal_url(rnd) not in detail
    publication_page = page(client, cast.gt_focal_point, publication).content.decode()
    assert keep_internal_url(rnd) in publication_page


def test_r5_4_keep_internal_still_confirms_from_the_publication_page(client, cast, make_round):
    rnd = approved_round(make_round)
    client.force_login(cast.gt_focal_point)
    confirm = client.get(keep_internal_url(rnd))
    assert confirm.status_code == 200
    assert "data-confirm=" in confirm.content.decode()
    rnd.refresh_from_db()
    assert rnd.status == "approved"  # a GET changes nothing


def test_r5_4_a_secretariat_officer_who_coordinates_nothing_reaches_publication_and_publishes(
    client, cast, make_round
):
    rnd = approved_round(make_round)
    assert not rnd.coordinators.filter(pk=cast.secretariat.pk).exists()
    publication = reverse("reports:publication", args=[rnd.code])

    # Before the country decides: the round is on her My work, waiting for the focal point, and
    # the round page links to the publication page.
    before = home(client, cast.secretariat)
    row = next(r for r in before.context["work"]["rows"] if r["round"].pk == rnd.pk)
    assert row["next"].url == publication and not row["next"].mine
    detail = page(client, cast.secretariat, rnd.get_absolute_url()).content.decode()
    assert f'href="{publication}"' in detail

    authorize(rnd, cast.gt_focal_point)  # the public choice and the signed authorization
    after = home(client, cast.secretariat)
    assert publication in task_urls(after, rnd)
    publication_page = page(client, cast.secretariat, publication).content.decode()
    assert reverse("rounds:transition", args=[rnd.code, "publish"]) in publication_page
    transition_round(rnd.pk, "publish", cast.secretariat)
    rnd.refresh_from_db()
    assert rnd.status == "published"


def test_r5_4_the_focal_point_is_asked_for_the_authorization_after_choosing_public(
    client, cast, make_round
):
    from reports import publication as pub

    rnd = approved_round(make_round)
    pub.choose_publication(rnd, cast.gt_focal_point, PublicationChoice.PUBLIC)
    urls = task_urls(home(client, cast.gt_focal_point), rnd)
    assert urls == [reverse("reports:publication", args=[rnd.code]) + "#authorization"]


# --- Item 9: "public" is not "published" ---------------------------------------------------------
def test_r5_4_a_public_choice_is_not_shown_as_published_before_publication(
    client, cast, make_round, settings
):
    from reports import publication as pub

    rnd = approved_round(make_round)
    pub.choose_publication(rnd, cast.gt_focal_point, PublicationChoice.PUBLIC)
    url = reverse("reports:publication", args=[rnd.code])
    for user in (cast.gt_focal_point, cast.secretariat):
        user.preferred_language = "es"
        user.save()
        html = page(client, user, url).content.decode()
        assert "publicado en el portal" not in html.lower()
        assert "Publicado en el portal el" not in html
        assert "Público — estará en el portal cuando la Secretaría lo publique" in html
    authorize(rnd, cast.gt_focal_point)
    transition_round(rnd.pk, "publish", cast.secretariat)
    html = page(client, cast.gt_focal_point, url).content.decode()
    assert "Publicado en el portal el" in html


# --- Item 18: the visibility decision (R4.4) ---------------------------------------------------
def test_r4_4_the_focal_point_is_asked_to_record_the_visibility_before_the_visit(
    client, cast, make_round
):
    rnd = make_round("preparation")
    sheet = RoundLogistics.objects.get(round=rnd)
    assert sheet.visibility == ""
    visibility = reverse("visits:logistics", args=[rnd.code]) + "#visibility"

    assert visibility in task_urls(home(client, cast.gt_focal_point), rnd)
    detail = page(client, cast.gt_focal_point, rnd.get_absolute_url()).content.decode()
    assert f'href="{visibility}"' in detail

    # The secretariat sees that the round waits for the country's focal point on it.
    with translation.override("en"):
        steps = steps_of_round(rnd, cast.secretariat)
        waiting = [s for s in steps if s.key == "visibility"]
        assert [(s.mine, str(s.waits_for)) for s in waiting] == [
            (False, "the country's focal point")
        ]
    assert visibility not in task_urls(home(client, cast.secretariat), rnd)

    sheet.visibility = "low_profile"
    sheet.save()
    assert visibility not in task_urls(home(client, cast.gt_focal_point), rnd)


def test_every_guard_of_schedule_visit_that_waits_on_someone_is_a_task(cast, make_round):
    """The steps of a round in preparation name each missing thing the guards name."""
    rnd = make_round("preparation")
    with translation.override("en"):
        by_staff = {str(s.text): s for s in steps_of_round(rnd, cast.secretariat) if s.mine}
        by_focal = {str(s.text): s for s in steps_of_round(rnd, cast.gt_focal_point) if s.mine}
    assert any(s.rule == "R3.2" for s in by_staff.values())  # the technical questionnaire
    assert any(s.rule in ("R4.1", "R3.4") for s in by_staff.values())  # dates, final agenda
    assert any(s.rule == "R3.5" for s in by_staff.values())  # international arrangements
    assert any(s.rule == "R4.4" for s in by_focal.values())
    assert any(s.rule == "R3.5" for s in by_focal.values())  # local arrangements
    assert not any(s.key == "schedule_visit" for s in by_staff.values())


# --- Item 13: My work of a secretariat officer --------------------------------------------------
def test_a_secretariat_officer_who_coordinates_nothing_sees_accepted_rounds_with_their_next_step(
    client, cast, make_round
):
    rnd = make_round("panel_forming")
    assert list(rnd.coordinators.all()) == [cast.coordinator]
    response = home(client, cast.secretariat)
    row = next(r for r in response.context["work"]["rows"] if r["round"].pk == rnd.pk)
    assert row["next"] is not None
    html = response.content.decode()
    assert f'<a href="{rnd.get_absolute_url()}" class="fw-semibold">{rnd.title}</a>' in html


def test_the_secretariat_is_asked_to_decide_on_a_submitted_request(client, cast, make_round):
    rnd = make_round("submitted")
    draft = make_round("draft", title="Otro borrador")
    response = home(client, cast.secretariat)
    assert rnd.get_absolute_url() + "#actions" in task_urls(response, rnd)
    codes = {row["round"].code for row in response.context["work"]["rows"]}
    assert draft.code not in codes  # a draft is the country's until it is submitted


def test_closed_rounds_are_not_on_my_work(client, cast, make_round):
    rnd = make_round("declined")
    codes = {row["round"].code for row in home(client, cast.secretariat).context["work"]["rows"]}
    assert rnd.code not in codes


def test_round_list_titles_are_links(client, cast, make_round):
    rnd = make_round("submitted")
    html = page(client, cast.secretariat, reverse("rounds:list")).content.decode()
    assert f'<a href="{rnd.get_absolute_url()}">{rnd.title}</a>' in html


# --- Country and experts --------------------------------------------------------------------------
def test_the_focal_point_is_asked_to_complete_a_draft_and_the_team_to_help(
    client, cast, make_round
):
    rnd = make_round("draft")
    edit = reverse("rounds:request_edit", args=[rnd.code])
    assert task_urls(home(client, cast.gt_focal_point), rnd) == [edit]
    assert task_urls(home(client, cast.gt_team_member), rnd) == [edit]
    assert task_urls(home(client, cast.hn_focal_point), rnd) == []


def test_r2_1_the_focal_point_is_asked_for_an_opinion_on_proposed_experts(client, cast, make_round):
    rnd = make_round("panel_forming")
    f.PanelSeatFactory(
        round=rnd,
        user=f.ExpertFactory(profile__country=f.CountryFactory(code="AR")),
        kind=SeatKind.SPECIALIST,
        status=SeatStatus.PROPOSED,
        country_opinion=CountryOpinion.PENDING,
    )
    panel = reverse("panels:panel", args=[rnd.code])
    assert panel in task_urls(home(client, cast.gt_focal_point), rnd)
    # The team does not see the panel's proposals (docs/access.md): no task, no names.
    assert task_urls(home(client, cast.gt_team_member), rnd) == []


def test_an_expert_answers_her_invitation_in_one_click_from_my_work(client, cast, make_round):
    rnd = make_round("panel_forming")
    seat = rnd.panel_seats.get(user=cast.expert_mx, status=SeatStatus.INVITED)
    answer = reverse("panels:answer", args=[seat.pk])
    response = home(client, cast.expert_mx)
    assert task_urls(response, rnd) == [answer]
    assert f'href="{answer}"' in response.content.decode()
    assert page(client, cast.expert_mx, answer).status_code == 200
    # An expert who already accepted has no invitation to answer.
    assert task_urls(home(client, cast.expert_cl), rnd) == []


def test_the_focal_point_reviews_the_report_in_country_review(client, cast, make_round):
    rnd = make_round("country_review")
    report = reverse("reports:report", args=[rnd.code])
    assert task_urls(home(client, cast.gt_focal_point), rnd) == [report]
    assert client.get(report, follow=True).status_code == 200


def test_steps_follow_the_access_rules_of_the_round(client, cast, make_round):
    """Nobody gets a task on a round that is not theirs."""
    rnd = make_round("approved")
    for user in (cast.hn_focal_point, cast.hn_team_member, cast.expert_mx):
        response = home(client, user)
        assert rnd.code not in {row["round"].code for row in response.context["work"]["rows"]}
        assert task_urls(response, rnd) == []
    assert Report.objects.filter(round=rnd).exists()


def test_the_invited_experts_round_page_links_straight_to_her_answer(client, cast, make_round):
    rnd = make_round("panel_forming")
    seat = rnd.panel_seats.get(user=cast.expert_mx, status=SeatStatus.INVITED)
    html = page(client, cast.expert_mx, rnd.get_absolute_url()).content.decode()
    assert f'href="{reverse("panels:answer", args=[seat.pk])}"' in html


def test_the_team_does_not_learn_who_is_invited_to_the_panel(cast, make_round):
    rnd = make_round("panel_forming")
    with translation.override("en"):
        texts = [str(s.text) for s in steps_of_round(rnd, cast.gt_team_member)]
        staff_texts = [str(s.text) for s in steps_of_round(rnd, cast.secretariat)]
    assert not any(cast.expert_mx.full_name in t for t in texts)
    assert any(cast.expert_mx.full_name in t for t in staff_texts)
