"""The panel's pages and writes, role by role; the invitation link in every situation."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Country
from notifications.models import OutgoingMessage
from panels import deadlines, services
from panels.enums import CountryOpinion, SeatKind, SeatStatus
from panels.models import PanelSeat
from rounds.enums import DocumentKind
from rounds.models import RoundEvent
from rounds.request_models import ReferenceDocument
from tests import factories as f
from tests.panels.conftest import invitation_token

pytestmark = pytest.mark.django_db

ROLES = (
    "secretariat",
    "coordinator",
    "focal_point",
    "team_member",
    "expert_on_panel",
    "expert_invited",
    "other_focal_point",
    "other_expert",
    "anonymous",
)


def person(cast, role):
    if role == "other_expert":
        return f.ExpertFactory(
            email="sofia.araya@example.org", profile__country=f.CountryFactory(code="CR")
        )
    return cast.user(role)


def state(rnd):
    """Everything a panel write could change."""
    return {
        "seats": list(
            PanelSeat.objects.filter(round=rnd)
            .order_by("pk")
            .values_list("pk", "status", "country_opinion", "country_comment")
        ),
        "states": list(rnd.selected_states.values_list("country_id", flat=True)),
        "events": RoundEvent.objects.filter(round=rnd).count(),
        "messages": OutgoingMessage.objects.count(),
    }


# --- Every panel write × every role -----------------------------------------------------------
def _propose(cast, rnd):
    expert = f.ExpertFactory(full_name="Ana Nueva", profile__country=f.CountryFactory(code="PE"))
    url = reverse("panels:propose", args=[rnd.code])
    return url, {"user": expert.pk, "kind": SeatKind.SPECIALIST, "rank": 3}


def _proposed_seat(rnd, **fields):
    expert = f.ExpertFactory(full_name="Ana Nueva", profile__country=f.CountryFactory(code="PE"))
    return f.PanelSeatFactory(round=rnd, user=expert, status=SeatStatus.PROPOSED, **fields)


def _opinion(cast, rnd):
    seat = _proposed_seat(rnd)
    url = reverse("panels:opinion", args=[rnd.code, seat.pk])
    return url, {"opinion": "agree"}


def _invite(cast, rnd):
    """Sofía Almeida left her coordination seat; another OAS specialist is proposed for it."""
    rnd.panel_seats.filter(user=cast.coordinator2).update(status=SeatStatus.DECLINED)
    seat = f.PanelSeatFactory(
        round=rnd,
        user=f.CoordinatorFactory(full_name="Inés Nueva Paz"),
        kind=SeatKind.COORDINATOR,
        status=SeatStatus.PROPOSED,
    )
    return reverse("panels:invite", args=[rnd.code, seat.pk]), {}


def _withdraw(cast, rnd):
    seat = rnd.panel_seats.get(user=cast.expert_uy)
    return reverse("panels:withdraw", args=[rnd.code, seat.pk]), {"reason": "Cambio de cargo."}


def _select_states(cast, rnd):
    type(rnd).objects.filter(pk=rnd.pk).update(methodology="mecigep")
    countries = [f.CountryFactory(code=c).pk for c in ("CL", "UY", "MX")]
    data = {f"state_{i}": pk for i, pk in enumerate(countries, start=1)}
    return reverse("panels:select_states", args=[rnd.code]), data


WRITES = {
    "propose": (_propose, {"secretariat", "coordinator"}),
    "opinion": (_opinion, {"secretariat", "coordinator", "focal_point"}),
    "invite": (_invite, {"secretariat", "coordinator"}),
    "withdraw": (_withdraw, {"secretariat", "coordinator"}),
    "select_states": (_select_states, {"secretariat", "coordinator", "focal_point"}),
}
# Participants of the round who may not act: 403. Anyone else: 404 (nothing leaks).
PARTICIPANTS = {"focal_point", "team_member", "expert_on_panel", "expert_invited"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(WRITES))
def test_panel_write_by_role(client, cast, make_round, action, role):
    """Secretariat and coordinator do everything; the focal point gives the country's opinion
    and selects the states; team member and panel experts 403; anyone else 404; login first."""
    rnd = make_round("panel_forming")
    build, allowed = WRITES[action]
    url, data = build(cast, rnd)
    user = person(cast, role)
    if role != "anonymous":
        client.force_login(user)
    before = state(rnd)
    response = client.post(url, data)
    if role in allowed:
        assert response.status_code == 302
        assert response["Location"] == reverse("panels:panel", args=[rnd.code])
        assert state(rnd) != before
        assert RoundEvent.objects.filter(round=rnd).latest("pk").actor == user
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("accounts:login")
    else:
        assert response.status_code == (403 if role in PARTICIPANTS else 404)
    assert state(rnd) == before


@pytest.mark.parametrize("action", list(WRITES))
def test_panel_write_refused_once_the_panel_is_confirmed(client, cast, make_round, action):
    rnd = make_round("panel_forming")
    build, _allowed = WRITES[action]
    url, data = build(cast, rnd)
    type(rnd).objects.filter(pk=rnd.pk).update(status="preparation")
    client.force_login(cast.secretariat)
    before = state(rnd)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "The panel can no longer be changed" in response.content.decode()
    assert state(rnd) == before


# --- The panel page, per viewer ---------------------------------------------------------------
def test_panel_page_adapts_to_the_viewer(client, cast, make_round):
    rnd = make_round("panel_forming")
    f.ExpertFactory(full_name="Ana Candidata", profile__country=f.CountryFactory(code="PE"))
    url = reverse("panels:panel", args=[rnd.code])
    client.force_login(cast.secretariat)
    html = client.get(url).content.decode()
    assert "What is missing to confirm the panel" in html
    assert "Suggested candidates" in html
    assert "Ana Candidata" in html
    assert "Guadalupe Herrera Ruiz" in html  # invited, shown with its status
    assert reverse("panels:letter", args=[rnd.code, rnd.panel_seats.get(user=cast.expert_cl).pk])
    assert "data-confirm=" in html

    client.force_login(cast.gt_focal_point)
    html = client.get(url).content.decode()
    assert "Guadalupe Herrera Ruiz" in html
    assert "Suggested candidates" not in html
    assert "What is missing to confirm the panel" not in html
    assert "letter.pdf" not in html

    # An expert on the panel sees its members only: not who was invited, nor opinions.
    client.force_login(cast.expert_cl)
    html = client.get(url).content.decode()
    assert "Martín Sosa Pereira" in html
    assert "Guadalupe Herrera Ruiz" not in html
    assert "Country&#x27;s opinion" not in html and "Country's opinion" not in html


def test_round_page_links_to_the_panel_for_those_who_may_see_it(client, cast, make_round):
    rnd = make_round("panel_forming")
    link = reverse("panels:panel", args=[rnd.code])
    for user, shown in [
        (cast.secretariat, True),
        (cast.gt_focal_point, True),
        (cast.expert_cl, True),
        (cast.gt_team_member, False),
    ]:
        client.force_login(user)
        assert (link in client.get(rnd.get_absolute_url()).content.decode()) is shown


def test_secretariat_proposes_someone_without_an_account(client, cast, forming):
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("panels:propose", args=[forming.code]),
        {"email": "nadie@example.org", "kind": SeatKind.SPECIALIST, "rank": 1},
    )
    html = response.content.decode()
    assert "Nobody with this address has an account." in html
    assert 'value="nadie@example.org"' in html
    assert forming.panel_seats.count() == 0


# --- The invitation link ----------------------------------------------------------------------
@pytest.fixture
def invited(client, cast, forming):
    """Chile is proposed, agreed and invited through the pages; returns (seat, link)."""
    seat = f.PanelSeatFactory(
        round=forming,
        user=cast.expert_cl,
        status=SeatStatus.PROPOSED,
        country_opinion=CountryOpinion.AGREED,
    )
    client.force_login(cast.secretariat)
    client.post(reverse("panels:invite", args=[forming.code, seat.pk]))
    client.logout()
    seat.refresh_from_db()
    assert seat.status == SeatStatus.INVITED
    return seat, reverse("panels:invitation", args=[invitation_token(cast.expert_cl)])


ACCEPT = {
    "answer": "accept",
    "accept-ad_honorem": "on",
    "accept-no_conflict": "on",
    "accept-availability": "Marzo.",
}


def test_invitation_link_anonymous_goes_to_login_and_back(client, invited, settings):
    _seat, link = invited
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(link, follow=True)
    login_url, _status = response.redirect_chain[0]
    assert urlsplit(login_url).path == reverse("accounts:login")
    assert f"next={link}" in login_url.replace("%2F", "/")
    assert "If you do not have an account yet" in response.content.decode()


def test_invitation_link_used_twice(client, cast, invited):
    seat, link = invited
    client.force_login(cast.expert_cl)
    assert client.post(link, ACCEPT).status_code == 302
    answered = PanelSeat.objects.get(pk=seat.pk).responded_at
    for response in (client.get(link), client.post(link, ACCEPT)):
        assert response.status_code == 410
        assert "You already accepted this invitation" in response.content.decode()
    seat.refresh_from_db()
    assert (seat.status, seat.responded_at) == (SeatStatus.ACCEPTED, answered)
    assert RoundEvent.objects.filter(action="panels.seat.accepted").count() == 1


def test_invitation_link_after_expiry(client, cast, invited):
    seat, link = invited
    client.force_login(cast.expert_cl)
    # Past the deadline but within the grace period: still answerable, marked overdue.
    PanelSeat.objects.filter(pk=seat.pk).update(
        response_deadline=timezone.now() - timedelta(days=1)
    )
    html = client.get(link).content.decode()
    assert "overdue" in html
    assert "You can still answer until" in html
    # Past the grace period, before and after the deadline task ran: 410, nothing changes.
    PanelSeat.objects.filter(pk=seat.pk).update(
        response_deadline=timezone.now() - timedelta(days=4)
    )
    response = client.post(link, ACCEPT)
    assert response.status_code == 410
    assert "This invitation expired" in response.content.decode()
    assert PanelSeat.objects.get(pk=seat.pk).status == SeatStatus.INVITED
    deadlines.process_invitation_deadlines()
    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation expired" in response.content.decode()


def test_invitation_link_opened_by_another_logged_in_user(client, cast, invited):
    seat, link = invited
    for intruder in (cast.expert_uy, cast.gt_focal_point, cast.secretariat):
        client.force_login(intruder)
        for response in (client.get(link), client.post(link, ACCEPT)):
            html = response.content.decode()
            assert response.status_code == 403
            assert "This invitation is addressed to someone else" in html
            assert seat.round.code not in html
            assert seat.round.title not in html
    assert PanelSeat.objects.get(pk=seat.pk).status == SeatStatus.INVITED


def test_invitation_link_withdrawn_or_unknown(client, cast, invited):
    seat, link = invited
    services.withdraw_seat(seat, cast.secretariat)
    client.force_login(cast.expert_cl)
    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation was withdrawn" in response.content.decode()
    response = client.get(reverse("panels:invitation", args=["no-such-token"]))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_decline_needs_a_reason_and_tells_the_secretariat_the_next_best(client, cast, invited):
    seat, link = invited
    client.force_login(cast.expert_cl)
    response = client.post(link, {"answer": "decline", "decline-reason": "  "})
    assert "Please give a short reason for declining." in response.content.decode()
    response = client.post(link, {"answer": "decline", "decline-reason": "Sin disponibilidad."})
    assert response["Location"] == reverse("panels:my_invitations")
    seat.refresh_from_db()
    assert (seat.status, seat.decline_reason) == (SeatStatus.DECLINED, "Sin disponibilidad.")
    message = OutgoingMessage.objects.get(message_type="panel_invitation_declined")
    assert message.recipient == cast.coordinator
    assert "Sin disponibilidad." in message.body_text
    # Mexico comes first among those left (same score as Uruguay; names in order); Chile, who
    # just declined, is not suggested again.
    assert "The next-best candidate in the roster is Guadalupe Herrera Ruiz (Mexico)" in (
        message.body_text
    )


def test_accepting_after_the_seat_was_given_to_someone_else(client, cast, forming):
    """Two experts invited for the one remaining specialist seat: the second acceptance is
    refused with a clear message, and the data stay consistent."""
    f.PanelSeatFactory(round=forming, user=cast.expert_cl)  # one seat taken
    for expert in (cast.expert_uy, cast.expert_mx):
        f.PanelSeatFactory(round=forming, user=expert, status=SeatStatus.INVITED)
    uruguay = forming.panel_seats.get(user=cast.expert_uy)
    mexico = forming.panel_seats.get(user=cast.expert_mx)
    client.force_login(cast.expert_uy)
    assert client.post(reverse("panels:answer", args=[uruguay.pk]), ACCEPT).status_code == 302
    client.force_login(cast.expert_mx)
    response = client.post(reverse("panels:answer", args=[mexico.pk]), ACCEPT)
    assert response.status_code == 409
    assert "Sorry: this seat has meanwhile been given to someone else." in (
        response.content.decode()
    )
    mexico.refresh_from_db()
    assert mexico.status == SeatStatus.INVITED
    assert forming.panel_seats.filter(kind="specialist", status="accepted").count() == 2


def test_my_invitations_lists_the_open_ones_only(client, cast, make_round):
    rnd = make_round("panel_forming")  # Mexico invited
    other = make_round("panel_forming", title="Registro Social de Hogares")
    other.panel_seats.filter(user=cast.expert_mx).update(status=SeatStatus.DECLINED)
    client.force_login(cast.expert_mx)
    response = client.get(reverse("panels:my_invitations"))
    seat = rnd.panel_seats.get(user=cast.expert_mx)
    assert [s.pk for s in response.context["seats"]] == [seat.pk]
    assert reverse("panels:answer", args=[seat.pk]) in response.content.decode()
    assert "Registro Social de Hogares" not in response.content.decode()


@pytest.mark.parametrize("ending", ["declined", "expired", "withdrawn"])
def test_expert_whose_seat_ends_loses_access_to_the_round(
    client, cast, make_round, ending, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    rnd = make_round("panel_forming")
    document = ReferenceDocument(
        round=rnd,
        title="Evaluación 2024",
        kind=DocumentKind.REPORT,
        original_name="evaluacion.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=cast.gt_focal_point,
    )
    document.file.save("upload", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    seat = rnd.panel_seats.get(user=cast.expert_uy)  # accepted: sees the round and its files
    client.force_login(cast.expert_uy)
    download = document.get_download_url()
    assert client.get(rnd.get_absolute_url()).status_code == 200
    assert client.get(download).status_code == 200
    if ending == "declined":
        PanelSeat.objects.filter(pk=seat.pk).update(status=SeatStatus.DECLINED)
    elif ending == "expired":
        PanelSeat.objects.filter(pk=seat.pk).update(
            status=SeatStatus.INVITED, response_deadline=timezone.now() - timedelta(days=5)
        )
        deadlines.process_invitation_deadlines()
    else:
        services.withdraw_seat(seat, cast.secretariat)
    assert PanelSeat.objects.get(pk=seat.pk).status == ending
    for url in (rnd.get_absolute_url(), download, reverse("panels:panel", args=[rnd.code])):
        assert client.get(url).status_code == 404
    assert rnd.code not in client.get(reverse("rounds:list")).content.decode()


def test_focal_point_may_not_select_more_than_three_states_or_their_own(client, cast, mecigep):
    client.force_login(cast.gt_focal_point)
    guatemala = Country.objects.get(code="GT")
    response = client.post(
        reverse("panels:select_states", args=[mecigep.code]), {"state_1": guatemala.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert mecigep.selected_states.count() == 0
