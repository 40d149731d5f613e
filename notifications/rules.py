import rules


@rules.predicate
def is_secretariat(user):
    return bool(user and user.is_authenticated and user.is_active and user.role == "secretariat")


rules.add_perm("notifications.view_outbox", is_secretariat)
