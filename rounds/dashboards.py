"""The "My work" page: the person's tasks (with a link to where each is done) and every active
round they may act on, with its next step and whom it waits for (``rounds.next_steps``).

A fixed number of queries whatever the number of rounds: the candidate rounds are one query
(capped at ``LIMIT``), their count another, and each step provider a few of its own.
"""

from django.db.models import Exists, OuterRef

from accounts.enums import Role

from .enums import OPEN_STATES, RoundState
from .models import Round
from .next_steps import steps_for

S = RoundState
LIMIT = 40  # active rounds shown on My work; the round list has them all
TASKS_SHOWN = 12  # tasks listed before "show more"


def active_rounds(user):
    """The open rounds ``user`` may act on, those that most likely need them first: for the
    secretariat every accepted or submitted round (the ones she coordinates first), for the
    country its institution's rounds, for an expert the rounds she sits on or is invited to."""
    visible = Round.objects.visible_to(user).filter(status__in=OPEN_STATES)
    if user.role == Role.SECRETARIAT:
        coordinated = Round.coordinators.through.objects.filter(
            round_id=OuterRef("pk"), user_id=user.pk
        )
        return (
            visible.exclude(status__in=[S.DRAFT])
            .annotate(coordinated=Exists(coordinated))
            .order_by("-coordinated", "state_changed_at", "pk")
        )
    return visible.order_by("state_changed_at", "pk")


def work_for(user):
    """``{"tasks": [Step], "rows": [{round, next, mine}], "total": n, "more": n}``."""
    candidates = active_rounds(user)
    rounds = list(candidates.with_list_data()[:LIMIT])
    total = candidates.count()
    steps = steps_for(rounds, user)
    tasks = []
    rows = []
    for rnd in rounds:
        own = [s for s in steps[rnd.pk] if s.mine]
        tasks.extend(own)
        others = [s for s in steps[rnd.pk] if not s.mine]
        following = sorted(others, key=lambda s: (not s.primary, s.order))
        rows.append(
            {
                "round": rnd,
                "mine": own,
                "next": own[0] if own else (following[0] if following else None),
            }
        )
    rows.sort(key=lambda row: not row["mine"])  # stable: the order of active_rounds otherwise
    tasks.sort(key=lambda s: (not s.primary, s.order))
    return {
        "tasks": tasks[:TASKS_SHOWN],
        "more_tasks": tasks[TASKS_SHOWN:],
        "task_count": len(tasks),
        "rows": rows,
        "total": total,
        "more": max(0, total - len(rounds)),
    }
