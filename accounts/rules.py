"""Who may manage people and see their files (docs/access.md).

Dependencies point ``accounts ← rounds``, so this module defines its own ``is_secretariat``
instead of importing the one in ``rounds.rules`` (both say the same thing).
"""

import rules

from .enums import Role


@rules.predicate
def is_secretariat(user):
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.SECRETARIAT)


@rules.predicate
def is_same_person(user, person):
    return bool(user and user.is_authenticated and person is not None and user.pk == person.pk)


can_view_expert_cv = is_secretariat | is_same_person

rules.add_perm("accounts.invite_person", is_secretariat)
rules.add_perm("accounts.view_people", is_secretariat)
rules.add_perm("accounts.decide_account_request", is_secretariat)
rules.add_perm("accounts.view_expert_cv", can_view_expert_cv)
