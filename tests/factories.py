"""factory_boy factories: plain defaults, no hidden side effects.

Every person is fictional and every address is @example.org. Countries come from the seeded
member-state table (accounts migration 0002); ``CountryFactory`` gets or re-creates a row from the
same data, so a factory keeps working after a transactional test has flushed the table.
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.data.countries import MEMBER_STATES
from accounts.enums import Language, Role
from accounts.models import Country, ExpertProfile, Institution, Invitation, User
from panels.enums import SeatKind, SeatStatus
from panels.models import PanelSeat

TEST_PASSWORD = "Correct-Horse-Battery-42"  # a test-only password
_NAMES = {code: (es, en, pt, fr) for code, es, en, pt, fr in MEMBER_STATES}


def _country_name(lang_index):
    return factory.LazyAttribute(lambda o: _NAMES.get(o.code, (o.code,) * 4)[lang_index])


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "GT"
    name_es = _country_name(0)
    name_en = _country_name(1)
    name_pt = _country_name(2)
    name_fr = _country_name(3)


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("country", "name")

    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"Instituto de Protección Social {n}")
    acronym = factory.Sequence(lambda n: f"IPS{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Persona de Prueba {n}")
    role = Role.EXPERT
    preferred_language = Language.SPANISH
    password = factory.django.Password(TEST_PASSWORD)


class SecretariatFactory(UserFactory):
    role = Role.SECRETARIAT
    position = "Oficial de programas, DIS/OEA"


class CoordinatorFactory(SecretariatFactory):
    """An OAS specialist: secretariat staff who may coordinate a round's panel."""

    is_oas_specialist = True
    position = "Especialista, DIS/OEA"


class FocalPointFactory(UserFactory):
    role = Role.FOCAL_POINT
    institution = factory.SubFactory(InstitutionFactory)
    position = "Director de Cooperación"
    phone = "+502 2200 0000"


class TeamMemberFactory(UserFactory):
    role = Role.TEAM_MEMBER
    institution = factory.SubFactory(InstitutionFactory)
    position = "Analista técnico"


class ExpertFactory(UserFactory):
    role = Role.EXPERT
    # ExpertFactory(profile__country=CountryFactory(code="UY")) picks the expert's country.
    profile = factory.RelatedFactory(
        "tests.factories.ExpertProfileFactory", factory_related_name="user"
    )


class ExpertProfileFactory(DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory)
    country = factory.SubFactory(CountryFactory, code="CL")
    position = "Coordinadora de programas sociales"
    areas_of_expertise = "Transferencias monetarias\nRegistros sociales"
    languages = "es, en"
    manages_teams = True
    similar_initiatives_experience = "Diseño y reforma de programas de protección social."


class PanelSeatFactory(DjangoModelFactory):
    class Meta:
        model = PanelSeat

    round = None  # always given: a round is built with the make_round fixture
    user = factory.SubFactory(ExpertFactory)
    kind = SeatKind.SPECIALIST
    status = SeatStatus.ACCEPTED
    responded_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in (SeatStatus.ACCEPTED, SeatStatus.DECLINED) else None
    )


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation
        exclude = ("token",)

    token = "example-token"  # the clear token is never stored, only its hash
    email = factory.Sequence(lambda n: f"invitada{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Persona Invitada {n}")
    role = Role.TEAM_MEMBER
    institution = factory.SubFactory(InstitutionFactory)
    token_hash = factory.LazyAttribute(lambda o: Invitation.hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))
