"""The demo data set (``manage.py seed_demo``) and the bulk data set (``manage.py seed_bulk``).

Standalone: the fixtures it needs are defined here.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import ExpertProfile, Institution, User
from notifications.models import OutgoingMessage
from panels.models import PanelSeat
from rounds import demo
from rounds.enums import RoundState
from rounds.models import Round, RoundCounter, RoundEvent
from rounds.request_models import CountryOfInterest, ReferenceDocument, RequestSubmission
from rounds.services import create_round

pytestmark = pytest.mark.django_db
S = RoundState

# e-mail -> (role, country of the institution or expert profile, OAS specialist)
DEMO_LOGINS = {
    "secretariat@example.org": (Role.SECRETARIAT, None, False),
    "coordinator@example.org": (Role.SECRETARIAT, None, True),
    "focal.gt@example.org": (Role.FOCAL_POINT, "GT", False),
    "team.gt@example.org": (Role.TEAM_MEMBER, "GT", False),
    "focal.hn@example.org": (Role.FOCAL_POINT, "HN", False),
    "expert.cl@example.org": (Role.EXPERT, "CL", False),
    "expert.uy@example.org": (Role.EXPERT, "UY", False),
    "expert.mx@example.org": (Role.EXPERT, "MX", False),
}
CODE = re.compile(r"^RIPSO-(\d{4})-(\d{3,})$")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            ExpertProfile,
            Institution,
            Round,
            RoundEvent,
            PanelSeat,
            OutgoingMessage,
            RequestSubmission,
            CountryOfInterest,
            ReferenceDocument,
        )
    } | {"counters": sorted(RoundCounter.objects.values_list("year", "last"))}


def history(rnd):
    return list(rnd.events.order_by("created_at", "pk"))


def test_seed_demo_has_every_state_and_prints_a_summary(seeded):
    assert set(Round.objects.values_list("status", flat=True)) == set(S.values)
    guatemala = set(Round.objects.filter(country__code="GT").values_list("status", flat=True))
    assert {
        S.DRAFT,
        S.RETURNED,
        S.PANEL_FORMING,
        S.PREPARATION,
        S.COUNTRY_REVIEW,
        S.PUBLISHED,
    } <= guatemala
    assert Round.objects.filter(country__code="HN").count() >= 2
    assert Round.objects.values("country").distinct().count() >= 5
    assert "Rounds per state" in seeded
    assert "focal.gt@example.org" in seeded


def test_demo_logins_have_their_roles_and_the_demo_password(seeded):
    for email, (role, country, oas) in DEMO_LOGINS.items():
        user = User.objects.get(email=email)
        assert user.role == role, email
        assert user.is_active
        assert user.is_oas_specialist is oas, email
        assert user.check_password(demo.DEMO_PASSWORD), email
        if role == Role.EXPERT:
            profile = user.expert_profile
            assert profile.country.code == country
            assert profile.areas_of_expertise and profile.languages and profile.position
        elif country:
            assert user.institution.country.code == country
    assert User.objects.get(email="focal.gt@example.org").institution.acronym == "MIDES"
    assert User.objects.get(email="focal.hn@example.org").institution.acronym == "SEDESOL"


def test_demo_histories_are_those_of_the_real_transitions(seeded):
    now = timezone.now()
    for rnd in Round.objects.all():
        events = history(rnd)
        assert events[0].action == "rounds.round.created", rnd.code
        changes = [e for e in events if e.to_state and e.from_state]
        state = S.DRAFT
        for event in changes:
            assert event.from_state == state, rnd.code
            assert event.actor is not None
            assert demo.TARGET[event.data["transition"]] == event.to_state
            state = event.to_state
        assert state == rnd.status, rnd.code
        assert CODE.match(rnd.code) and int(rnd.code[6:10]) == rnd.created_at.year
        assert all(2025 <= e.created_at.year <= 2026 and e.created_at <= now for e in events)
        assert rnd.state_changed_at == (changes[-1].created_at if changes else rnd.created_at)
        if rnd.status != S.DRAFT:
            assert rnd.submissions.exists()
        assert rnd.contact_name and rnd.contact_email and rnd.contact_phone
        assert rnd.description and rnd.goal
    comments_needed = {"return_for_changes", "decline", "request_changes", "cancel"}
    for event in RoundEvent.objects.filter(data__transition__in=sorted(comments_needed)):
        assert event.comment.strip()
    assert OutgoingMessage.objects.filter(recipient__email="focal.gt@example.org").exists()


def test_demo_panels(seeded):
    def seats(email, **filters):
        return PanelSeat.objects.filter(user__email=email, **filters)

    chile = seats("expert.cl@example.org")
    assert 2 <= chile.count() <= 3
    assert set(chile.values_list("round__country__code", flat=True)) == {"GT"}
    assert set(chile.values_list("status", flat=True)) == {"accepted"}
    uruguay = seats("expert.uy@example.org")
    assert list(uruguay.values_list("round__country__code", "status")) == [("HN", "accepted")]
    assert seats("expert.mx@example.org", status="invited").count() == 1
    assert not seats("expert.mx@example.org", status="accepted").exists()
    # Experts sit on some rounds, not all; confirmed panels are fully accepted.
    accepted = [s for s in demo.PATH_TO if "confirm_panel" in demo.PATH_TO[s]]
    for rnd in Round.objects.filter(status__in=accepted):
        assert rnd.panel_seats.exists()
        assert not rnd.panel_seats.exclude(status="accepted").exists(), rnd.code
        assert not rnd.panel_seats.filter(
            kind="specialist", user__expert_profile__country=rnd.country
        ).exists()
    assert Round.objects.filter(status=S.DRAFT, panel_seats__isnull=True).exists()
    # The OAS coordinators chosen at acceptance hold their seats, accepted, never invited.
    for rnd in Round.objects.exclude(methodology=""):
        seated = set(
            rnd.panel_seats.filter(kind="coordinator", status="accepted").values_list(
                "user", flat=True
            )
        )
        assert seated == set(rnd.coordinators.values_list("pk", flat=True)), rnd.code
    assert not PanelSeat.objects.filter(kind="coordinator").exclude(status="accepted").exists()


def test_r2_4_demo_invitations_waiting_for_an_answer_are_open_everywhere(seeded):
    """An invitation the demo leaves unanswered can be answered: My work, My invitations and
    the invitation page agree on it (PanelSeat.objects.open_invitations)."""
    from rounds.dashboards import work_for

    invited = PanelSeat.objects.filter(status="invited").select_related("round", "user")
    assert invited.count() == PanelSeat.objects.open_invitations().count() >= 1
    for seat in invited:
        assert seat.is_open_invitation, seat.round.code
        work = work_for(seat.user)
        tasks = [s for s in work["tasks"] + work["more_tasks"] if s.key == "invitation"]
        assert reverse("panels:answer", args=[seat.pk]) in [s.url for s in tasks], seat.round.code


def test_seed_demo_twice_changes_nothing(seeded):
    before = counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == before
    assert "0 new people, 0 new rounds" in out.getvalue()


def test_demo_uses_only_example_org_addresses(seeded):
    def domain(address):
        return address.rsplit("@", 1)[1]

    assert {domain(e) for e in User.objects.values_list("email", flat=True)} == {"example.org"}
    assert {domain(e) for e in Round.objects.values_list("contact_email", flat=True)} == {
        "example.org"
    }
    assert {domain(e) for e in OutgoingMessage.objects.values_list("to_email", flat=True)} == {
        "example.org"
    }
    assert all(
        url.startswith("https://example.org/")
        for url in ReferenceDocument.objects.values_list("url", flat=True)
    )


def test_transition_targets_match_the_fsm():
    transitions = Round._meta.get_field("status").get_all_transitions(Round)
    assert {t.name: t.target for t in transitions} == demo.TARGET


def test_seed_bulk_creates_rounds_with_unique_codes_and_create_round_follows():
    call_command("seed_bulk", rounds=50, users=60, stdout=StringIO())
    assert Round.objects.count() == 50
    codes = list(Round.objects.values_list("code", flat=True))
    assert len(set(codes)) == 50
    for rnd in Round.objects.all():
        match = CODE.match(rnd.code)
        assert match and int(match.group(1)) == rnd.created_at.year
        assert rnd.events.order_by("created_at", "pk").last().to_state == rnd.status
    assert User.objects.filter(email__startswith="bulk.").count() == 60
    assert {e.rsplit("@", 1)[1] for e in User.objects.values_list("email", flat=True)} == {
        "example.org"
    }
    focal = User.objects.filter(role=Role.FOCAL_POINT).order_by("pk").first()
    new = create_round(creator=focal, institution=focal.institution, title="Nueva solicitud")
    assert new.code not in codes

    call_command("seed_bulk", rounds=20, users=60, stdout=StringIO())  # additive
    assert Round.objects.count() == 71
    assert Round.objects.values("code").distinct().count() == 71
    assert User.objects.filter(email__startswith="bulk.").count() == 60
