"""People, countries and invitations (accounts.models)."""

import hashlib

import pytest
from django.contrib.auth.backends import ModelBackend
from django.forms.models import model_to_dict
from django.utils import translation

from accounts.enums import Role
from accounts.models import Country, Invitation, User
from accounts.services import InvitationNotFound, find_invitation, invite_person
from notifications.models import OutgoingMessage
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# The 35 OAS member states (docs/rules.md, R1.1), by ISO code.
MEMBER_STATES = {
    "AG", "AR", "BS", "BB", "BZ", "BO", "BR", "CA", "CL", "CO", "CR", "CU", "DM", "DO", "EC",
    "SV", "US", "GD", "GT", "GY", "HT", "HN", "JM", "MX", "NI", "PA", "PY", "PE", "KN", "LC",
    "VC", "SR", "TT", "UY", "VE",
}  # fmt: skip


# --- Countries (R1.1, R6.5) -------------------------------------------------------------------
def test_r1_1_the_35_member_states_are_seeded():
    assert Country.objects.count() == 35
    assert set(Country.objects.values_list("code", flat=True)) == MEMBER_STATES


def test_every_member_state_has_a_name_in_the_four_official_languages():
    for country in Country.objects.all():
        names = [country.name_es, country.name_en, country.name_pt, country.name_fr]
        assert all(name.strip() for name in names), country.code


@pytest.mark.parametrize(
    ("language", "brazil", "united_states", "mexico"),
    [
        ("es", "Brasil", "Estados Unidos de América", "México"),
        ("en", "Brazil", "United States of America", "Mexico"),
        ("pt", "Brasil", "Estados Unidos da América", "México"),
        ("fr", "Brésil", "États-Unis d'Amérique", "Mexique"),
    ],
)
def test_country_name_follows_the_active_language(language, brazil, united_states, mexico):
    by_code = Country.objects.in_bulk(["BR", "US", "MX"], field_name="code")
    with translation.override(language):
        assert [by_code["BR"].name, by_code["US"].name, str(by_code["MX"])] == [
            brazil,
            united_states,
            mexico,
        ]


def test_country_name_falls_back_to_english_for_another_language():
    haiti = Country.objects.get(code="HT")
    with translation.override("de"):
        assert haiti.name == "Haiti"


# --- Users ------------------------------------------------------------------------------------
def test_email_is_the_login_and_is_stored_in_lower_case():
    user = User.objects.create_user(
        "Ana.Quispe@Example.ORG", password=TEST_PASSWORD, full_name="Ana Quispe Mamani"
    )
    assert (user.email, user.get_username(), User.USERNAME_FIELD) == (
        "ana.quispe@example.org",
        "ana.quispe@example.org",
        "email",
    )
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    "typed", ["ana.quispe@example.org", "ANA.QUISPE@EXAMPLE.ORG", "Ana.Quispe@example.org"]
)
def test_login_email_is_case_insensitive(typed):
    user = User.objects.create_user(
        "ana.quispe@example.org", password=TEST_PASSWORD, full_name="Ana Quispe Mamani"
    )
    assert User.objects.get_by_natural_key(typed) == user
    assert ModelBackend().authenticate(None, username=typed, password=TEST_PASSWORD) == user
    assert ModelBackend().authenticate(None, username=typed, password="wrong-password") is None


def test_a_person_without_an_email_cannot_be_created():
    with pytest.raises(ValueError, match="An e-mail address is required"):
        User.objects.create_user("", password=TEST_PASSWORD)


def test_superuser_is_secretariat_staff():
    admin = User.objects.create_superuser(
        "admin@example.org", password=TEST_PASSWORD, full_name="Admin Prueba"
    )
    assert (admin.role, admin.is_staff, admin.is_superuser, admin.is_secretariat) == (
        Role.SECRETARIAT,
        True,
        True,
        True,
    )


def test_a_deactivated_staff_member_is_no_longer_secretariat(cast):
    assert cast.secretariat.is_secretariat is True
    assert cast.former_staff.is_secretariat is False


def test_country_of_a_person_comes_from_institution_or_expert_profile(cast):
    assert cast.gt_focal_point.country.code == "GT"
    assert cast.hn_team_member.country.code == "HN"
    assert cast.expert_uy.country.code == "UY"
    assert cast.secretariat.country is None
    assert (cast.gt_focal_point.is_country_member, cast.expert_cl.is_country_member) == (
        True,
        False,
    )


def test_short_name_is_the_first_name():
    user = UserFactory(full_name="Guadalupe Herrera Ruiz")
    assert (user.get_short_name(), user.get_full_name(), str(user)) == (
        "Guadalupe",
        "Guadalupe Herrera Ruiz",
        "Guadalupe Herrera Ruiz",
    )


# --- Invitations ------------------------------------------------------------------------------
def test_invitation_stores_only_the_hash_of_its_token(cast):
    invitation, token = invite_person(
        email="Nuevo.Tecnico@Example.org",
        full_name="Nuevo Técnico Xol",
        role=Role.TEAM_MEMBER,
        invited_by=cast.gt_focal_point,
        institution=cast.mides,
    )
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40
    row = model_to_dict(Invitation.objects.get(pk=invitation.pk))
    assert [name for name, value in row.items() if token in str(value)] == []
    assert invitation.email == "nuevo.tecnico@example.org"
    assert find_invitation(token) == invitation
    with pytest.raises(InvitationNotFound):
        find_invitation(token + "x")
    # The clear token exists only in the link of the queued e-mail.
    message = OutgoingMessage.objects.get(to_email="nuevo.tecnico@example.org")
    assert token in message.link
    assert invitation.is_usable is True


def test_a_new_invitation_revokes_the_earlier_one(cast):
    first, first_token = invite_person(
        email="persona.nueva@example.org",
        full_name="Persona Nueva",
        role=Role.EXPERT,
        invited_by=cast.secretariat,
    )
    second, second_token = invite_person(
        email="persona.nueva@example.org",
        full_name="Persona Nueva",
        role=Role.EXPERT,
        invited_by=cast.secretariat,
    )
    first.refresh_from_db()
    assert (first.is_usable, second.is_usable) == (False, True)
    assert first_token != second_token
    assert list(Invitation.objects.usable().filter(email="persona.nueva@example.org")) == [second]
