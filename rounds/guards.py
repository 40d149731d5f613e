"""Guards on the round's transitions: one registry, one obvious place to add a rule.

A guard is a function ``(round) -> iterable of messages``; each message says what is still
missing, in the words the round page shows. A transition can run only when all of its guards
return nothing. Later phases add theirs from their own app, e.g. in ``panels/guards.py``::

    from rounds.guards import guard


    @guard("confirm_panel")
    def every_seat_accepted(rnd):
        if rnd.panel_seats.exclude(status="accepted").exists():
            yield _("Every seat must be held by an expert who accepted (R2.2).")

and import that module from the app's ``AppConfig.ready()``.
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

_REGISTRY = defaultdict(list)
_EFFECTS = defaultdict(list)


def guard(transition_name):
    """Register the decorated function as a guard of ``transition_name``."""

    def register(func):
        if func not in _REGISTRY[transition_name]:
            _REGISTRY[transition_name].append(func)
        return func

    return register


def blockers(rnd, transition_name):
    """Everything that still stops ``transition_name`` on ``rnd``, as readable messages."""
    messages = []
    for func in _REGISTRY.get(transition_name, ()):
        messages.extend(str(m) for m in (func(rnd) or ()))
    return messages


def condition(transition_name):
    """The FSM ``conditions=`` entry for a transition: true when no guard objects."""

    def check(rnd):
        return not blockers(rnd, transition_name)

    check.__name__ = f"guards_of_{transition_name}"
    return check


def on_transition(transition_name):
    """Register the decorated function as an effect of ``transition_name``: it runs inside the
    transition's transaction, after the state changed and before the audit entry is written, as
    ``func(rnd, actor, comment)`` (e.g. the report app freezes a numbered version on
    ``send_for_review``). An exception in an effect rolls the whole transition back."""

    def register(func):
        if func not in _EFFECTS[transition_name]:
            _EFFECTS[transition_name].append(func)
        return func

    return register


def run_effects(rnd, transition_name, actor, comment):
    for func in _EFFECTS.get(transition_name, ()):
        func(rnd, actor, comment)


def registered(transition_name):
    return list(_REGISTRY.get(transition_name, ()))


_QUESTIONS = defaultdict(list)


def question(transition_name):
    """Register the decorated function as a *question* of ``transition_name``: ``func(rnd,
    today)`` returns a sentence the person must answer "yes" to before the transition runs (e.g.
    starting a visit weeks before its first day), or nothing. Unlike a guard it does not block:
    ``rounds.services.transition_round`` refuses until the person confirms explicitly."""

    def register(func):
        if func not in _QUESTIONS[transition_name]:
            _QUESTIONS[transition_name].append(func)
        return func

    return register


def questions(rnd, transition_name, today=None):
    """The questions ``transition_name`` asks on ``rnd`` today, as readable sentences."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return [str(q) for func in _QUESTIONS.get(transition_name, ()) if (q := func(rnd, today))]


# --- Phase 1: the formal request (R1.2–R1.4) ------------------------------------------------
@guard("submit")
def request_states_subject_goal_and_contact(rnd):
    """R1.2: the subject, the goal of the cooperation and the main point of contact."""
    if not rnd.title.strip():
        yield _("Name the policy, program or initiative (R1.2).")
    if not rnd.initiative_kind:
        yield _("Say whether it is a policy, a program or an initiative (R1.2).")
    if not rnd.stage:
        yield _("Give the current stage of the initiative (R1.2).")
    if not rnd.description.strip():
        yield _("Describe the initiative (R1.2).")
    if not rnd.topics.exists():
        yield _("Choose at least one topic.")
    if not rnd.goal.strip():
        yield _("State the goal of the cooperation (R1.2).")
    if not rnd.expected_results.strip():
        yield _("Describe the expected results and/or products (R1.2).")
    if not (rnd.contact_name.strip() and rnd.contact_email.strip()):
        yield _("Give the main point of contact: name and e-mail (R1.2).")
    if not (rnd.contact_position.strip() and rnd.contact_phone.strip()):
        yield _("Give the position and phone of the main point of contact (R1.2).")


@guard("submit")
def request_within_limits(rnd):
    """R1.3 and R1.4: at most two countries of interest and four reference documents."""
    if rnd.countries_of_interest.count() > 2:
        yield _("Name at most two countries or experiences of interest (R1.3).")
    if rnd.documents.count() > 4:
        yield _("Attach at most four reference documents (R1.4).")
