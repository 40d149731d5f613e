from django.utils.functional import SimpleLazyObject

from .models import OutgoingMessage


def inbox(request):
    """The inbox counts in the navigation, ``inbox_counts.needs_me`` (the badge: unread
    messages asking the person to do something nobody has done yet) and ``inbox_counts.unread``:
    one query, only when a template asks for them."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "inbox_counts": SimpleLazyObject(
            lambda: OutgoingMessage.objects.for_inbox(user).inbox_counts()
        )
    }
