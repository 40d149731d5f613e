"""Panels' fixtures: an accepted round with an empty panel, and helpers to read what was sent."""

import re

import pytest

from notifications.models import OutgoingMessage


@pytest.fixture(autouse=True)
def _english(request):
    """The assertions read the English text, so here the cast reads English (the browser test
    and the mail tests cover Spanish)."""
    if "cast" in request.fixturenames and "spanish" not in request.keywords:
        from accounts.models import User

        request.getfixturevalue("cast")
        User.objects.update(preferred_language="en")
        for user in vars(request.getfixturevalue("cast")).values():
            if isinstance(user, User):
                user.preferred_language = "en"


@pytest.fixture
def forming(make_round):
    """Guatemala's RIPSO round, accepted, with nobody on its panel yet."""
    rnd = make_round("panel_forming")
    rnd.panel_seats.all().delete()
    return rnd


@pytest.fixture
def mecigep(cast, make_round):
    """Guatemala's MECIGEP round, accepted, with nobody on its panel and no state selected."""
    from rounds.services import transition_round

    rnd = make_round("submitted", title="Gestión pública por resultados")
    return transition_round(
        rnd.pk, "accept", cast.secretariat, methodology="mecigep", coordinators=[cast.coordinator]
    )


def invitation_token(user):
    """The token in the link of the last panel invitation e-mailed to ``user``."""
    message = OutgoingMessage.objects.filter(
        recipient=user, message_type="panel_invitation"
    ).latest("pk")
    return re.fullmatch(r"/panel/invitation/([^/]+)/", message.link).group(1)
