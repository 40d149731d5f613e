"""Who may see and do what on a round's expert panel (docs/access.md: the policy and "Panels").

Loaded by django-rules' autodiscovery. The round itself is reached through
``rounds.views.get_round_for`` first, so anyone who is not on the round gets 404 before these
permissions are asked; a participant without them gets 403.
"""

import rules

from rounds.rules import is_focal_point_of_round, is_panelist_of_round, is_secretariat

# The panel page: the secretariat (S, C) and the focal point (F) see the proposal; an expert
# with an accepted seat (E) sees the members only. Team members (T) and invited experts (I): 403.
rules.add_perm("panels.view_panel", is_secretariat | is_focal_point_of_round | is_panelist_of_round)
# Candidates, proposals, the country's opinions and the seats' history.
rules.add_perm("panels.view_proposal", is_secretariat | is_focal_point_of_round)
# Propose, invite, withdraw, the invitation letters, confirm (the FSM's own permission).
rules.add_perm("panels.manage_panel", is_secretariat)
# R2.1 and R2.3 are the country's say. The secretariat may record it on the country's behalf
# (an answer received by e-mail or letter); the audit entry names who recorded it.
rules.add_perm("panels.give_opinion", is_secretariat | is_focal_point_of_round)
rules.add_perm("panels.select_states", is_secretariat | is_focal_point_of_round)
