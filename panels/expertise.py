"""The expert roster's writes: an expert's topics of expertise (the roster's main filter)."""

from django.db import transaction

from accounts.enums import Role

from .models import Expertise


class NotAnExpert(Exception):
    """Topics of expertise belong to experts of the roster only."""


@transaction.atomic
def set_expertise(user, topics):
    """Make ``topics`` exactly the expert's topics of expertise; return ``(added, removed)`` ids.

    Only the difference is written, so rows of topics kept are untouched, and two people saving
    at once cannot create a duplicate (the ``expertise_once`` constraint; conflicts are ignored).
    Raises ``NotAnExpert`` for anyone whose role is not expert.
    """
    if user.role != Role.EXPERT:
        raise NotAnExpert(user.pk)
    wanted = {topic.pk for topic in topics}
    current = set(Expertise.objects.filter(user=user).values_list("topic_id", flat=True))
    removed = current - wanted
    added = wanted - current
    if removed:
        Expertise.objects.filter(user=user, topic_id__in=removed).delete()
    if added:
        Expertise.objects.bulk_create(
            [Expertise(user=user, topic_id=pk) for pk in sorted(added)], ignore_conflicts=True
        )
    return sorted(added), sorted(removed)
