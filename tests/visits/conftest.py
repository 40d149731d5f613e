import pytest
from django.utils import translation

from visits import services


@pytest.fixture(autouse=True)
def in_english():
    """Messages of services are compared in English here; pages follow each person's preferred
    language (the tests that read a page's text say which)."""
    with translation.override("en"):
        yield


@pytest.fixture
def questionnaire(cast, make_round):
    """Guatemala's technical questionnaire, being drafted, on a round in preparation."""
    rnd = make_round("preparation")
    return services.create_questionnaire(rnd, cast.secretariat, title="Cuestionario técnico")


@pytest.fixture
def released(questionnaire, cast):
    """Released with two required questions (one long text, one choice) and an optional one."""
    services.draft_question(questionnaire, cast.expert_cl, text="¿Cómo se focaliza el programa?")
    services.draft_question(
        questionnaire, cast.expert_uy, text="¿Existe un registro único?", type="single_choice",
        choices=["Sí", "No"],
    )  # fmt: skip
    services.draft_question(
        questionnaire, cast.expert_cl, text="Comentarios adicionales", required=False
    )
    return services.release(questionnaire, cast.secretariat)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded answers' files go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
