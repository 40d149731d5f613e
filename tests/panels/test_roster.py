"""The expert roster: the directory's filters and search, each expert's page, the secretariat's
invitation and edit forms, the expert's own topics; who may open what; constant query counts."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from accounts.models import ExpertProfile, Invitation
from notifications.models import OutgoingMessage
from panels.enums import SeatKind, SeatStatus
from panels.expertise import NotAnExpert, set_expertise
from panels.models import Expertise
from rounds.data.topics import load_default_topics
from rounds.request_models import Topic
from rounds.services import create_round
from tests import factories as f
from tests.conftest import COMPLETE_REQUEST

ROSTER = reverse("panels:roster")


@pytest.fixture
def topics(db):
    load_default_topics(Topic)
    return {t.name_en: t for t in Topic.objects.all()}


@pytest.fixture
def roster(cast, topics):
    """Chile: registries and poverty, MDSF, "es, en", manages teams, similar experience.
    Uruguay: cash transfers and care, "es, pt", no team, no similar experience.
    Mexico: registries, "Español, English", manages teams, digital payments in her areas.
    Also an inactive expert and an expert without profile: neither is listed."""
    chile = f.CountryFactory(code="CL")
    mdsf = f.InstitutionFactory(
        country=chile, name="Ministerio de Desarrollo Social y Familia", acronym="MDSF"
    )
    ExpertProfile.objects.filter(user=cast.expert_cl).update(
        institution=mdsf,
        position="Jefa de la División de Información Social",
        languages="es, en",
        manages_teams=True,
        areas_of_expertise="Registro social de hogares",
    )
    ExpertProfile.objects.filter(user=cast.expert_uy).update(
        position="Director de Transferencias",
        languages="es, pt",
        manages_teams=False,
        similar_initiatives_experience="",
        areas_of_expertise="Transferencias monetarias",
    )
    ExpertProfile.objects.filter(user=cast.expert_mx).update(
        position="Directora General de Padrones",
        languages="Español, English",
        manages_teams=True,
        areas_of_expertise="Pagos digitales e inclusión financiera",
    )
    registries = topics["Social registries and targeting"]
    set_expertise(cast.expert_cl, [registries, topics["Poverty measurement"]])
    set_expertise(cast.expert_uy, [topics["Cash transfer programs"], topics["Care systems"]])
    set_expertise(cast.expert_mx, [registries])
    f.ExpertFactory(full_name="Inactiva Experta", is_active=False)
    f.UserFactory(full_name="Sin Perfil Experto")  # role expert, no ExpertProfile
    return cast


def names(response):
    return [user.full_name for user in response.context["page"].object_list]


def roster_names(client, user, **params):
    client.force_login(user)
    response = client.get(ROSTER, params)
    assert response.status_code == 200
    return names(response)


CL, UY, MX = "Valentina Rojas Fuentes", "Martín Sosa Pereira", "Guadalupe Herrera Ruiz"


def draft(cast, title, topic=None):
    """A Guatemalan draft, fast: seats on it are what the tests look at."""
    return create_round(
        creator=cast.gt_focal_point,
        institution=cast.mides,
        title=title,
        topics=[topic] if topic else [],
        **COMPLETE_REQUEST,
    )


# --- The directory --------------------------------------------------------------------------------
def test_roster_lists_active_experts_with_a_profile_by_name(client, roster):
    assert roster_names(client, roster.secretariat) == [MX, UY, CL]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "Social registries and targeting"}, [MX, CL]),
        ({"topic": "Care systems"}, [UY]),
        ({"topic": "Public budget"}, []),
        ({"country": "UY"}, [UY]),
        ({"country": "MX", "topic": "Social registries and targeting"}, [MX]),
        ({"country": "UY", "topic": "Social registries and targeting"}, []),
        ({"language": "en"}, [MX, CL]),  # "English" counts as much as "en"
        ({"language": "es"}, [MX, UY, CL]),
        ({"language": "pt"}, [UY]),
        ({"language": "fr"}, []),
        ({"manages_teams": "yes"}, [MX, CL]),
        ({"manages_teams": "no"}, [UY]),
        ({"similar": "yes"}, [MX, CL]),
        ({"similar": "no"}, [UY]),
        ({"manages_teams": "yes", "language": "en", "country": "CL"}, [CL]),
    ],
)
def test_roster_filters(client, roster, topics, params, expected):
    if "topic" in params:
        params = {**params, "topic": topics[params["topic"]].pk}
    assert roster_names(client, roster.coordinator, **params) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("sosa", [UY]),  # name
        ("MDSF", [CL]),  # institution acronym
        ("desarrollo social y familia", [CL]),  # institution name, every word
        ("padrones", [MX]),  # position
        ("pagos digitales", [MX]),  # areas of expertise
        ("transferencias", [UY]),  # position and areas of the same expert
        ("registro", [CL]),
        ("rojas sosa", []),  # every word must match the same expert
        ("guadalupe.herrera@", [MX]),  # e-mail address
    ],
)
def test_roster_search(client, roster, q, expected):
    assert roster_names(client, roster.secretariat, q=q) == expected


def test_roster_shows_topics_rounds_served_and_current_panels(client, roster, make_round):
    rnd = make_round("panel_forming")  # Chile and Uruguay accepted, Mexico invited
    client.force_login(roster.secretariat)
    response = client.get(ROSTER)
    rows = {u.full_name: u for u in response.context["page"].object_list}
    assert {name: u.rounds_served for name, u in rows.items()} == {CL: 1, UY: 1, MX: 0}
    assert [(s.round.code, s.status) for s in rows[MX].open_seats] == [(rnd.code, "invited")]
    assert [r.topic.name_en for r in rows[CL].topic_rows] == [
        "Social registries and targeting",
        "Poverty measurement",
    ]
    html = response.content.decode()
    assert rnd.get_absolute_url() in html
    assert reverse("panels:expert", args=[roster.expert_mx.pk]) in html


def test_roster_paginates_by_25(client, cast):
    for i in range(27):
        f.ExpertFactory(full_name=f"Experta {i:02d}", profile__country=f.CountryFactory(code="PE"))
    client.force_login(cast.secretariat)
    first = client.get(ROSTER, {"country": "PE"})
    second = client.get(ROSTER, {"country": "PE", "page": 2})
    assert len(first.context["page"].object_list) == 25
    assert names(second) == ["Experta 25", "Experta 26"]
    assert "country=PE&amp;page=2" in first.content.decode()


def test_roster_lists_invitations_not_yet_accepted(client, cast):
    f.InvitationFactory(
        token="a",
        role="expert",
        full_name="Nueva Experta",
        expert_country=f.CountryFactory(code="PA"),
    )
    f.InvitationFactory(token="b", role="team_member", full_name="Colega Técnico")
    client.force_login(cast.secretariat)
    response = client.get(ROSTER)
    assert [i.full_name for i in response.context["pending_invitations"]] == ["Nueva Experta"]


# --- Who may open what ----------------------------------------------------------------------------
REFUSED = ["focal_point", "team_member", "expert_on_panel", "expert_invited", "other_focal_point"]


@pytest.mark.parametrize("role", REFUSED)
def test_roster_is_not_found_for_anyone_but_the_secretariat(client, cast, role):
    client.force_login(cast.user(role))
    assert client.get(ROSTER).status_code == 404


@pytest.mark.parametrize("role", ["secretariat", "coordinator"])
def test_roster_opens_for_the_secretariat_and_coordinators(client, cast, role):
    client.force_login(cast.user(role))
    assert client.get(ROSTER).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        ROSTER,
        reverse("panels:expert_new"),
        reverse("panels:my_topics"),
        reverse("panels:expert", args=[1]),
        reverse("panels:expert_edit", args=[1]),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretariat", 200),
        ("coordinator", 200),
        ("expert_on_panel", 200),  # her own page
        ("expert_invited", 404),  # another expert
        ("focal_point", 404),
        ("team_member", 404),
        ("former_staff", 302),
    ],
)
def test_expert_page_for_the_secretariat_and_the_expert_herself(client, cast, role, status):
    client.force_login(cast.user(role))  # a deactivated account is anonymous again
    response = client.get(reverse("panels:expert", args=[cast.expert_cl.pk]))
    assert response.status_code == status


def test_expert_page_of_someone_who_is_not_an_expert_is_not_found(client, cast):
    client.force_login(cast.secretariat)
    for pk in (cast.gt_focal_point.pk, cast.coordinator.pk, 999_999):
        assert client.get(reverse("panels:expert", args=[pk])).status_code == 404


@pytest.mark.parametrize("role", ["expert_on_panel", "focal_point", "team_member"])
def test_only_the_secretariat_edits_an_expert(client, cast, role):
    client.force_login(cast.user(role))
    url = reverse("panels:expert_edit", args=[cast.expert_cl.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"full_name": "Cambiado"}).status_code == 404
    assert client.get(reverse("panels:expert_new")).status_code == 404
    cast.expert_cl.refresh_from_db()
    assert cast.expert_cl.full_name == "Valentina Rojas Fuentes"


@pytest.mark.parametrize("role", ["secretariat", "focal_point", "team_member"])
def test_my_topics_is_for_experts_only(client, cast, role):
    client.force_login(cast.user(role))
    assert client.get(reverse("panels:my_topics")).status_code == 404


# --- The expert's page ----------------------------------------------------------------------------
def test_expert_page_shows_the_profile_topics_cv_and_seats(client, roster, make_round):
    rnd = make_round("panel_forming")
    client.force_login(roster.secretariat)
    response = client.get(reverse("panels:expert", args=[roster.expert_cl.pk]))
    html = response.content.decode()
    assert "Jefa de la División de Información Social" in html
    assert "Ministerio de Desarrollo Social y Familia (MDSF)" in html
    assert [r.topic.name_en for r in response.context["expert"].topic_rows] == [
        "Social registries and targeting",
        "Poverty measurement",
    ]
    assert [
        (s.round.code, s.kind, s.status, s.can_open_round) for s in response.context["seats"]
    ] == [(rnd.code, SeatKind.SPECIALIST, SeatStatus.ACCEPTED, True)]
    assert response.context["rounds_served"] == 1
    assert rnd.get_absolute_url() in html
    assert reverse("panels:expert_edit", args=[roster.expert_cl.pk]) in html


def test_expert_sees_links_only_to_rounds_she_may_open(client, cast, make_round):
    invited = make_round("panel_forming")  # Mexico invited: she may read the summary
    confirmed = make_round("preparation", title="Registro Social de Hogares")  # Mexico declined
    client.force_login(cast.expert_mx)
    response = client.get(reverse("panels:expert", args=[cast.expert_mx.pk]))
    seats = {s.round.code: s.can_open_round for s in response.context["seats"]}
    assert seats == {invited.code: True, confirmed.code: False}
    html = response.content.decode()
    assert invited.get_absolute_url() in html
    assert confirmed.get_absolute_url() not in html
    assert reverse("panels:expert_edit", args=[cast.expert_mx.pk]) not in html
    assert reverse("panels:my_topics") in html


def test_expert_does_not_see_proposals_not_yet_turned_into_invitations(client, cast, make_round):
    rnd = make_round("panel_forming")
    proposed = draft(cast, "Registro Social de Hogares")
    f.PanelSeatFactory(round=proposed, user=cast.expert_uy, status=SeatStatus.PROPOSED)
    withdrawn = draft(cast, "Pensión Universal")
    f.PanelSeatFactory(round=withdrawn, user=cast.expert_uy, status=SeatStatus.WITHDRAWN)
    url = reverse("panels:expert", args=[cast.expert_uy.pk])
    client.force_login(cast.expert_uy)
    assert [s.round.code for s in client.get(url).context["seats"]] == [rnd.code]
    client.force_login(cast.secretariat)
    assert len(client.get(url).context["seats"]) == 3


# --- The secretariat invites and edits ------------------------------------------------------------
def test_secretariat_invites_an_expert(client, cast):
    client.force_login(cast.coordinator)
    peru = f.CountryFactory(code="PE")
    response = client.post(
        reverse("panels:expert_new"),
        {
            "full_name": "Rosa Quispe Mamani",
            "email": "Rosa.Quispe@Example.org",
            "country": peru.pk,
            "language": "es",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == ROSTER
    invitation = Invitation.objects.get(email="rosa.quispe@example.org")
    assert (invitation.role, invitation.expert_country, invitation.invited_by) == (
        "expert",
        peru,
        cast.coordinator,
    )
    assert OutgoingMessage.objects.filter(to_email="rosa.quispe@example.org").count() == 1


def test_inviting_an_existing_account_says_so_and_sends_nothing(client, cast):
    client.force_login(cast.secretariat)
    before = Invitation.objects.count(), OutgoingMessage.objects.count()
    response = client.post(
        reverse("panels:expert_new"),
        {
            "full_name": "Valentina Rojas",
            "email": cast.expert_cl.email,
            "country": f.CountryFactory(code="CL").pk,
            "language": "es",
        },
    )
    assert response.status_code == 200
    assert "already has an account" in response.context["form"].errors["email"][0]
    assert (Invitation.objects.count(), OutgoingMessage.objects.count()) == before


def test_secretariat_edits_an_experts_profile_and_topics(client, roster, topics):
    expert = roster.expert_uy
    peru = f.CountryFactory(code="PE")
    client.force_login(roster.secretariat)
    url = reverse("panels:expert_edit", args=[expert.pk])
    form = client.get(url).context["form"]
    assert sorted(form.initial["topics"]) == sorted(
        [topics["Cash transfer programs"].pk, topics["Care systems"].pk]
    )
    response = client.post(
        url,
        {
            "full_name": "Martín Sosa Pereira",
            "position": "Asesor principal",
            "country": peru.pk,
            "languages": "es, en",
            "manages_teams": "on",
            "similar_initiatives_experience": "Dirigió el rediseño del seguro de desempleo.",
            "areas_of_expertise": "Seguro de desempleo",
            "topics": [topics["Unemployment insurance"].pk, topics["Care systems"].pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("panels:expert", args=[expert.pk])
    profile = ExpertProfile.objects.get(user=expert)
    expert.refresh_from_db()
    assert (expert.position, profile.position, profile.country, profile.manages_teams) == (
        "Asesor principal",
        "Asesor principal",
        peru,
        True,
    )
    assert profile.similar_initiatives_experience.startswith("Dirigió")
    assert sorted(
        Expertise.objects.filter(user=expert).values_list("topic__name_en", flat=True)
    ) == [
        "Care systems",
        "Unemployment insurance",
    ]


def test_edit_form_with_errors_changes_nothing(client, roster, topics):
    client.force_login(roster.secretariat)
    url = reverse("panels:expert_edit", args=[roster.expert_uy.pk])
    response = client.post(url, {"full_name": "", "topics": [topics["Planning"].pk]})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "country"}
    assert Expertise.objects.filter(user=roster.expert_uy).count() == 2


def test_secretariat_completes_the_profile_of_an_expert_who_has_none(client, cast, topics):
    expert = f.UserFactory(full_name="Experta Sin Perfil")
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("panels:expert_edit", args=[expert.pk]),
        {
            "full_name": "Experta Con Perfil",
            "country": f.CountryFactory(code="CO").pk,
            "topics": [topics["Early childhood"].pk],
        },
    )
    assert response.status_code == 302
    assert ExpertProfile.objects.get(user=expert).country.code == "CO"
    assert list(expert.expertise.values_list("topic__name_en", flat=True)) == ["Early childhood"]


# --- The expert keeps her own topics --------------------------------------------------------------
def test_expert_edits_her_own_topics(client, roster, topics):
    client.force_login(roster.expert_cl)
    url = reverse("panels:my_topics")
    form = client.get(url).context["form"]
    assert form.checked_topic_ids() == {
        str(topics["Social registries and targeting"].pk),
        str(topics["Poverty measurement"].pk),
    }
    response = client.post(
        url, {"topics": [topics["Poverty measurement"].pk, topics["Planning"].pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("panels:expert", args=[roster.expert_cl.pk])
    assert sorted(roster.expert_cl.expertise.values_list("topic__name_en", flat=True)) == [
        "Planning",
        "Poverty measurement",
    ]
    # Nobody else's topics moved.
    assert list(roster.expert_mx.expertise.values_list("topic__name_en", flat=True)) == [
        "Social registries and targeting"
    ]


def test_expert_cannot_edit_another_experts_topics_or_profile(client, roster, topics):
    client.force_login(roster.expert_cl)
    url = reverse("panels:expert_edit", args=[roster.expert_mx.pk])
    response = client.post(url, {"full_name": "X", "topics": [topics["Planning"].pk]})
    assert response.status_code == 404
    assert client.get(reverse("panels:expert", args=[roster.expert_mx.pk])).status_code == 404
    assert list(roster.expert_mx.expertise.values_list("topic__name_en", flat=True)) == [
        "Social registries and targeting"
    ]


def test_expert_clears_all_her_topics(client, roster):
    client.force_login(roster.expert_uy)
    assert client.post(reverse("panels:my_topics"), {}).status_code == 302
    assert roster.expert_uy.expertise.count() == 0


def test_a_retired_topic_stays_offered_to_the_expert_who_has_it(client, roster, topics):
    retired = topics["Poverty measurement"]
    Topic.objects.filter(pk=retired.pk).update(is_active=False)
    client.force_login(roster.expert_cl)
    form = client.get(reverse("panels:my_topics")).context["form"]
    assert retired in form.ripso_topics
    client.force_login(roster.expert_uy)
    form = client.get(reverse("panels:my_topics")).context["form"]
    assert retired not in form.ripso_topics


def test_a_get_changes_no_topic(client, roster):
    before = list(Expertise.objects.order_by("pk").values_list("pk", "user_id", "topic_id"))
    client.force_login(roster.expert_cl)
    client.get(reverse("panels:my_topics"))
    client.force_login(roster.secretariat)
    client.get(reverse("panels:expert_edit", args=[roster.expert_cl.pk]))
    assert list(Expertise.objects.order_by("pk").values_list("pk", "user_id", "topic_id")) == before


def test_set_expertise_is_for_experts_only(cast, topics):
    with pytest.raises(NotAnExpert):
        set_expertise(cast.gt_focal_point, [topics["Planning"]])
    assert Expertise.objects.count() == 0


def test_set_expertise_writes_only_the_difference(cast, topics):
    a, b, c = topics["Planning"], topics["Public budget"], topics["Civil service"]
    set_expertise(cast.expert_cl, [a, b])
    kept = Expertise.objects.get(user=cast.expert_cl, topic=a).pk
    added, removed = set_expertise(cast.expert_cl, [a, c])
    assert (added, removed) == ([c.pk], [b.pk])
    assert Expertise.objects.get(user=cast.expert_cl, topic=a).pk == kept


# --- Query counts (docs/style.md, "Query counts") -------------------------------------------------
SIZES = [1, 30]


def second_visit(client, user, url, params, django_assert_num_queries, expected):
    client.force_login(user)
    assert client.get(url, params).status_code == 200  # warms the session
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize(
    ("params", "queries"),
    # (+1: is some panel being formed, for the "Propose for a round" buttons)
    [({}, 11), ({"topic": "Care systems", "country": "PE", "q": "experta"}, 12)],
)
def test_roster_query_count(
    client, cast, topics, make_round, rows, params, queries, django_assert_num_queries
):
    rnd = make_round("panel_forming")
    peru = f.CountryFactory(code="PE")
    for i in range(rows):
        expert = f.ExpertFactory(full_name=f"Experta {i:02d}", profile__country=peru)
        set_expertise(expert, [topics["Care systems"], topics["Planning"]])
        f.PanelSeatFactory(round=rnd, user=expert, status=SeatStatus.INVITED)
    if "topic" in params:
        params = {**params, "topic": topics[params["topic"]].pk}
    response = second_visit(
        client, cast.secretariat, ROSTER, params, django_assert_num_queries, queries
    )
    # Unfiltered, the cast's three experts are listed too.
    assert response.context["page"].paginator.count == rows + (0 if params else 3)
    new = [u for u in response.context["page"].object_list if u.full_name.startswith("Experta")]
    assert [(len(u.open_seats), len(u.topic_rows)) for u in new] == [(1, 2)] * min(rows, 25)


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("secretariat", 6), ("expert_on_panel", 7)])
def test_expert_page_query_count(
    client, cast, topics, rows, viewer, queries, django_assert_num_queries
):
    expert = cast.expert_cl
    set_expertise(expert, list(Topic.objects.order_by("pk"))[: min(rows, 20)])
    for i in range(rows):
        rnd = draft(cast, f"Programa {i}", topics["Care systems"])
        f.PanelSeatFactory(round=rnd, user=expert, status=SeatStatus.ACCEPTED)
    response = second_visit(
        client,
        cast.user(viewer),
        reverse("panels:expert", args=[expert.pk]),
        {},
        django_assert_num_queries,
        queries,
    )
    assert len(response.context["seats"]) == rows
