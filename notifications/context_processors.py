from django.utils.functional import SimpleLazyObject

from .models import OutgoingMessage


def inbox(request):
    """The unread count in the navigation: one query, only when a template asks for it."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "inbox_unread": SimpleLazyObject(
            lambda: OutgoingMessage.objects.for_inbox(user).unread().count()
        )
    }
