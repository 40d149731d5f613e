"""What the round pages do: each test asserts what changed (state, rows, messages), not only
that a page answered. Access itself is in tests/test_access.py."""

import re
from datetime import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from notifications.enums import MessageType
from notifications.models import OutgoingMessage
from rounds.enums import EventVisibility, Methodology, RoundState
from rounds.models import Round, RoundEvent
from rounds.services import log_event
from rounds.views import PAGE_SIZE

MANAGEMENT = {
    "coi-TOTAL_FORMS": "2",
    "coi-INITIAL_FORMS": "0",
    "coi-MIN_NUM_FORMS": "2",
    "coi-MAX_NUM_FORMS": "2",
}


def transition_url(rnd, name):
    return reverse("rounds:transition", kwargs={"code": rnd.code, "name": name})


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def text_of(response):
    """The visible text of the page's <main>, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def speaks_english(*users):
    for user in users:
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])


# --- The focal point's request ------------------------------------------------------------------
def test_focal_point_creates_a_draft_with_the_form_and_their_contact_details(client, cast):
    speaks_english(cast.gt_focal_point)
    client.force_login(cast.gt_focal_point)
    offered = client.get(reverse("rounds:request_create")).context["form"].initial
    response = client.post(
        reverse("rounds:request_create"),
        {  # what the browser sends back: the prefilled contact and what the person typed
            **offered,
            "title": "Programa de Cuidados Comunitarios",
            "description": "Cuidado de personas.",
            **MANAGEMENT,
        },
    )
    rnd = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rounds:request_edit", args=[rnd.code])
    assert flash(response) == ["Draft saved. Nothing is sent until you submit."]
    assert re.fullmatch(rf"RIPSO-{timezone.now().year}-\d{{3}}", rnd.code)
    assert (rnd.status, rnd.title, rnd.description) == (
        RoundState.DRAFT,
        "Programa de Cuidados Comunitarios",
        "Cuidado de personas.",
    )
    assert (rnd.institution, rnd.country, rnd.created_by) == (
        cast.mides,
        cast.mides.country,
        cast.gt_focal_point,
    )
    assert (rnd.contact_name, rnd.contact_position, rnd.contact_email, rnd.contact_phone) == (
        "Lucía Morales Quiñónez",
        "Directora de Cooperación Externa",
        "lucia.morales@example.org",
        "+502 2201 0101",
    )
    assert rnd.events.order_by("created_at", "pk").first().action == "rounds.round.created"
    assert OutgoingMessage.objects.count() == 0  # a draft tells nobody


def test_the_new_request_form_offers_the_focal_points_contact_details(client, cast):
    client.force_login(cast.gt_focal_point)
    html = client.get(reverse("rounds:request_create")).content.decode()
    assert 'value="lucia.morales@example.org"' in html
    assert 'value="Lucía Morales Quiñónez"' in html


def test_a_draft_without_a_title_is_not_created(client, cast):
    speaks_english(cast.gt_focal_point)
    client.force_login(cast.gt_focal_point)
    response = client.post(reverse("rounds:request_create"), {"title": "", **MANAGEMENT})
    assert response.status_code == 200
    assert Round.objects.count() == 0
    assert "Give the initiative a name to save the draft." in response.content.decode()


def test_focal_point_edits_the_draft_and_the_edit_is_logged(client, cast, make_round):
    rnd = make_round("draft")
    client.force_login(cast.gt_focal_point)
    response = client.post(
        reverse("rounds:request_edit", args=[rnd.code]),
        {
            "title": rnd.title,
            "description": "Nueva descripción del programa.",
            "goal": "Nueva meta de la cooperación.",
            "contact_name": rnd.contact_name,
            "contact_position": rnd.contact_position,
            "contact_email": rnd.contact_email,
            "contact_phone": rnd.contact_phone,
            "initiative_kind": rnd.initiative_kind,
            "stage": rnd.stage,
            "expected_results": rnd.expected_results,
            "topics": [t.pk for t in rnd.topics.all()],
            **MANAGEMENT,
        },
    )
    rnd.refresh_from_db()
    assert response.status_code == 302
    assert (rnd.description, rnd.goal) == (
        "Nueva descripción del programa.",
        "Nueva meta de la cooperación.",
    )
    event = rnd.events.get(action="rounds.request.edited")
    assert event.actor == cast.gt_focal_point
    assert event.data == {"fields": ["description", "goal"]}
    assert event.visibility == EventVisibility.COUNTRY
    assert rnd.status == RoundState.DRAFT


def test_submitting_an_incomplete_request_lists_what_is_missing_and_changes_nothing(
    client, cast, make_round
):
    speaks_english(cast.gt_focal_point)
    rnd = make_round("draft", description="", goal="")
    events, messages = rnd.events.count(), OutgoingMessage.objects.count()
    client.force_login(cast.gt_focal_point)
    response = client.post(transition_url(rnd, "submit"), {})
    page = text_of(response)
    assert response.status_code == 200
    assert "Describe the initiative (R1.2)." in page
    assert "State the goal of the cooperation (R1.2)." in page
    rnd.refresh_from_db()
    assert (rnd.status, rnd.submitted_at) == (RoundState.DRAFT, None)
    assert (rnd.events.count(), OutgoingMessage.objects.count()) == (events, messages)


def test_focal_point_submits_a_complete_request_and_the_secretariat_is_told(
    client, cast, make_round
):
    rnd = make_round("draft")
    client.force_login(cast.gt_focal_point)
    response = client.post(transition_url(rnd, "submit"), {})
    rnd.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("rounds:request_submitted", args=[rnd.code])
    assert rnd.status == RoundState.SUBMITTED
    assert rnd.submitted_at is not None
    event = rnd.events.get(action="rounds.round.submitted")
    assert (event.actor, event.from_state, event.to_state) == (
        cast.gt_focal_point,
        RoundState.DRAFT,
        RoundState.SUBMITTED,
    )
    to_secretariat = OutgoingMessage.objects.filter(
        round_code=rnd.code,
        message_type=MessageType.ROUND_SUBMITTED,
        recipient__role=Role.SECRETARIAT,
    )
    staff = User.objects.filter(role=Role.SECRETARIAT, is_active=True)  # no coordinator yet
    assert sorted(to_secretariat.values_list("to_email", flat=True)) == sorted(
        staff.values_list("email", flat=True)
    )
    assert "daniel.whitmore@example.org" in to_secretariat.values_list("to_email", flat=True)


# --- The secretariat's decision -----------------------------------------------------------------
def test_secretariat_returns_the_request_with_a_comment(client, cast, make_round):
    rnd = make_round("submitted")
    client.force_login(cast.secretariat)
    response = client.post(
        transition_url(rnd, "return_for_changes"), {"comment": "Añadan el presupuesto estimado."}
    )
    rnd.refresh_from_db()
    assert response.status_code == 302
    assert rnd.status == RoundState.RETURNED
    event = rnd.events.get(action="rounds.round.returned")
    assert (event.comment, event.actor) == ("Añadan el presupuesto estimado.", cast.secretariat)
    told = OutgoingMessage.objects.filter(
        round_code=rnd.code, message_type=MessageType.ROUND_RETURNED
    )
    assert sorted(told.values_list("to_email", flat=True)) == [
        "andres.perez@example.org",
        "lucia.morales@example.org",
    ]


def test_returning_without_a_comment_shows_an_error_and_keeps_nothing(client, cast, make_round):
    speaks_english(cast.secretariat)
    rnd = make_round("submitted")
    events, messages = rnd.events.count(), OutgoingMessage.objects.count()
    client.force_login(cast.secretariat)
    response = client.post(transition_url(rnd, "return_for_changes"), {"comment": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"comment": ["This field is required."]}
    rnd.refresh_from_db()
    assert rnd.status == RoundState.SUBMITTED
    assert (rnd.events.count(), OutgoingMessage.objects.count()) == (events, messages)


def test_secretariat_accepts_with_methodology_and_coordinators(client, cast, make_round):
    rnd = make_round("submitted")
    client.force_login(cast.secretariat)
    response = client.post(
        transition_url(rnd, "accept"),
        {"methodology": Methodology.MECIGEP, "coordinators": [cast.coordinator.pk]},
    )
    rnd.refresh_from_db()
    assert response.status_code == 302
    assert (rnd.status, rnd.methodology) == (RoundState.PANEL_FORMING, Methodology.MECIGEP)
    assert list(rnd.coordinators.all()) == [cast.coordinator]
    event = rnd.events.get(action="rounds.round.panel_forming")
    assert event.data == {
        "transition": "accept",
        "from": "submitted",
        "to": "panel_forming",
        "methodology": "mecigep",
    }


def test_accepting_without_a_methodology_keeps_the_request_submitted(client, cast, make_round):
    rnd = make_round("submitted")
    client.force_login(cast.secretariat)
    response = client.post(transition_url(rnd, "accept"), {"coordinators": [cast.coordinator.pk]})
    assert response.status_code == 200
    assert "methodology" in response.context["form"].errors
    rnd.refresh_from_db()
    assert (rnd.status, rnd.methodology, rnd.coordinators.count()) == (RoundState.SUBMITTED, "", 0)


def test_a_second_post_of_the_same_transition_says_it_is_no_longer_possible(
    client, cast, make_round
):
    speaks_english(cast.secretariat)
    rnd = make_round("submitted")
    client.force_login(cast.secretariat)
    data = {"comment": "Falta el presupuesto."}
    first = client.post(transition_url(rnd, "return_for_changes"), data, follow=True)
    messages_after_first = OutgoingMessage.objects.count()
    second = client.post(transition_url(rnd, "return_for_changes"), data)
    assert first.redirect_chain == [(rnd.get_absolute_url(), 302)]
    assert second.status_code == 302
    assert second["Location"] == rnd.get_absolute_url()
    assert flash(second) == [
        "This action is no longer possible: the round is now “Returned for changes”."
    ]
    assert rnd.events.filter(action="rounds.round.returned").count() == 1
    assert OutgoingMessage.objects.count() == messages_after_first


def test_an_old_link_to_an_action_already_taken_says_so_and_changes_nothing(
    client, cast, make_round
):
    speaks_english(cast.secretariat)
    rnd = make_round("panel_forming")
    events = rnd.events.count()
    client.force_login(cast.secretariat)
    response = client.get(transition_url(rnd, "accept"))
    assert response.status_code == 302
    assert response["Location"] == rnd.get_absolute_url()
    assert flash(response) == [
        "This action is no longer possible: the round is now “Panel forming”."
    ]
    assert rnd.events.count() == events


def test_a_get_of_a_transition_page_changes_nothing(client, cast, make_round):
    rnd = make_round("submitted")
    client.force_login(cast.secretariat)
    events = rnd.events.count()
    response = client.get(transition_url(rnd, "accept"))
    assert response.status_code == 200
    rnd.refresh_from_db()
    assert (rnd.status, rnd.events.count()) == (RoundState.SUBMITTED, events)


# --- The round page -----------------------------------------------------------------------------
def test_the_country_reads_the_country_facing_state_and_the_secretariat_the_staff_one(
    client, cast, make_round
):
    speaks_english(cast.gt_focal_point, cast.secretariat)
    rnd = make_round("submitted")
    client.force_login(cast.gt_focal_point)
    country_page = text_of(client.get(rnd.get_absolute_url()))
    client.force_login(cast.secretariat)
    staff_page = text_of(client.get(rnd.get_absolute_url()))
    assert "Current state Under review by the Secretariat" in country_page
    assert "Current state Submitted" not in country_page
    assert "Current state Submitted" in staff_page
    assert "The country reads: “Under review by the Secretariat”" in staff_page


def test_the_timeline_shows_each_audience_its_own_events(client, cast, make_round):
    rnd = make_round("panel_forming")
    for visibility in EventVisibility.values:
        log_event(
            rnd,
            cast.secretariat,
            "rounds.request.edited",
            comment=f"nota-{visibility}",
            visibility=visibility,
        )

    def notes_seen_by(user):
        client.force_login(user)
        page = client.get(rnd.get_absolute_url()).content.decode()
        return sorted(v for v in EventVisibility.values if f"nota-{v}" in page)

    assert notes_seen_by(cast.gt_focal_point) == ["all", "country"]
    assert notes_seen_by(cast.gt_team_member) == ["all", "country"]
    assert notes_seen_by(cast.expert_cl) == ["all", "panel"]
    assert notes_seen_by(cast.secretariat) == ["all", "country", "panel", "staff"]


def test_the_round_page_is_in_each_persons_language(client, cast, make_round):
    """The same page for the same person, once with ``preferred_language`` es, once en."""
    rnd = make_round("submitted")
    client.force_login(cast.gt_focal_point)
    spanish = client.get(rnd.get_absolute_url()).content.decode()
    speaks_english(cast.gt_focal_point)
    english = client.get(rnd.get_absolute_url()).content.decode()
    headings = re.compile(r"<h2[^>]*>(.*?)</h2>")
    assert '<html lang="es">' in spanish
    assert '<html lang="en">' in english
    assert headings.findall(spanish) == [
        "Lo que puede hacer ahora",
        "Lo que la ronda está esperando",
        "La solicitud formal",
        "Últimos eventos",
        "Panel de expertos",
    ]
    assert headings.findall(english) == [
        "What you can do now",
        "What the round is waiting for",
        "The formal request",
        "Latest events",
        "Expert panel",
    ]
    assert "En revisión por la Secretaría" in spanish
    assert "Under review by the Secretariat" in english


# --- The round list -----------------------------------------------------------------------------
@pytest.fixture
def many_rounds(cast, make_round):
    """Guatemala: 2 drafts (2025, 2026) and 1 accepted round; Honduras: 1 submitted round."""
    old = make_round("draft", title="Pensión Social Universal")
    Round.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(datetime(2025, 3, 1)))
    return {
        "old_draft": old,
        "draft": make_round("draft", title="Bono Escolar"),
        "accepted": make_round("panel_forming", title="Registro de Hogares"),
        "honduras": make_round("submitted", institution=cast.hn_institution, title="Bono Vida"),
    }


def listed(client, **params):
    response = client.get(reverse("rounds:list"), params)
    return sorted(r.title for r in response.context["page"].object_list)


def test_round_list_filters_by_country_phase_year_and_search(client, cast, many_rounds):
    client.force_login(cast.secretariat)
    everything = ["Bono Escolar", "Bono Vida", "Pensión Social Universal", "Registro de Hogares"]
    assert listed(client) == everything
    assert listed(client, country="HN") == ["Bono Vida"]
    assert listed(client, country="GT") == [
        "Bono Escolar",
        "Pensión Social Universal",
        "Registro de Hogares",
    ]
    assert listed(client, phase="panel") == ["Registro de Hogares"]
    assert listed(client, phase="request") == [
        "Bono Escolar",
        "Bono Vida",
        "Pensión Social Universal",
    ]
    assert listed(client, year="2025") == ["Pensión Social Universal"]
    assert listed(client, q="bono") == ["Bono Escolar", "Bono Vida"]
    assert listed(client, q=many_rounds["accepted"].code) == ["Registro de Hogares"]
    assert listed(client, q="MIDES") == [
        "Bono Escolar",
        "Pensión Social Universal",
        "Registro de Hogares",
    ]
    assert listed(client, q="bono", country="GT", phase="request") == ["Bono Escolar"]


def test_round_list_of_a_country_never_includes_another_country(client, cast, many_rounds):
    client.force_login(cast.gt_focal_point)
    assert listed(client, country="HN") == []
    assert listed(client, q="Bono Vida") == []


def test_round_list_paginates_by_25(client, cast, make_round):
    titles = []
    for i in range(PAGE_SIZE + 2):
        titles.append(f"Iniciativa {i:02d}")
        make_round("draft", title=titles[-1])
    client.force_login(cast.secretariat)
    first = client.get(reverse("rounds:list"))
    second = client.get(reverse("rounds:list"), {"page": 2})
    assert PAGE_SIZE == 25
    assert first.context["page"].paginator.count == 27
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
    seen = [r.title for r in first.context["page"]] + [r.title for r in second.context["page"]]
    assert sorted(seen) == titles  # newest first, nothing twice, nothing lost


def test_round_list_keeps_the_filters_in_the_page_links(client, cast, make_round):
    for i in range(PAGE_SIZE + 1):
        make_round("draft", title=f"Bono {i:02d}")
    client.force_login(cast.secretariat)
    html = client.get(reverse("rounds:list"), {"q": "Bono"}).content.decode()
    assert "q=Bono&amp;page=2" in html or "page=2&amp;q=Bono" in html


def test_list_and_home_pages_write_nothing(client, cast, many_rounds):
    client.force_login(cast.secretariat)
    before = (Round.objects.count(), RoundEvent.objects.count(), OutgoingMessage.objects.count())
    client.get(reverse("rounds:list"), {"q": "Bono", "phase": "request"})
    client.get(reverse("rounds:home"))
    after = (Round.objects.count(), RoundEvent.objects.count(), OutgoingMessage.objects.count())
    assert after == before
