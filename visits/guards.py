"""Guards that phase 3 adds to the round's lifecycle (see rounds/guards.py)."""

from django.utils.translation import gettext_lazy as _

from rounds.guards import guard

from .enums import Audience, QuestionnaireKind, QuestionnaireStatus


def technical_questionnaire_blockers(rnd):
    """R3.2: the visit is scheduled only once the country submitted its answers to the technical
    questionnaire. Returns readable messages (empty when satisfied)."""
    statuses = set(
        rnd.questionnaires.filter(
            kind=QuestionnaireKind.TECHNICAL, audience=Audience.COUNTRY_TEAM
        ).values_list("status", flat=True)
    )
    if not statuses:
        return [
            _(
                "The technical questionnaire does not exist yet (R3.2): create it and release it to the country."
            )
        ]
    if not statuses & QuestionnaireStatus.answered():
        return [
            _(
                "The country has not submitted its answers to the technical questionnaire yet (R3.2)."
            )
        ]
    return []


@guard("schedule_visit")
def technical_questionnaire_is_answered(rnd):
    return technical_questionnaire_blockers(rnd)
