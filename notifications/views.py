from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .enums import MessageState
from .models import OutgoingMessage

PAGE_SIZE = 25
SHOW = ("needs_me", "unread", "all")
UNDO_KEY = "inbox_marked_read"


@login_required
def inbox(request):
    """What needs the person first, then the other unread messages, then the rest."""
    qs = OutgoingMessage.objects.for_inbox(request.user).only(
        "pk", "subject", "created_at", "read_at", "round_code", "message_type", "link", "task",
        "done_at",
    )  # fmt: skip
    show = request.GET.get("show", "all")
    if show not in SHOW:
        show = "all"
    if show == "unread":
        qs = qs.unread()
    elif show == "needs_me":
        qs = qs.needs_me()
    page = Paginator(qs.inbox_order(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "show": show,
            "query": f"show={show}",
            # "Mark all as read" just happened: offer to undo it, once.
            "undo": request.session.pop(UNDO_KEY, None),
        },
    )


@login_required
def message_detail(request, pk):
    message = get_object_or_404(OutgoingMessage, pk=pk, recipient=request.user)
    if message.read_at is None:
        message.read_at = timezone.now()
        OutgoingMessage.objects.filter(pk=message.pk).update(read_at=message.read_at)
    return render(request, "notifications/message.html", {"message": message})


@login_required
@require_POST
def mark_all_read(request):
    count, at = services.mark_all_read(request.user)
    if count:
        request.session[UNDO_KEY] = {"at": at.isoformat(), "count": count}
    else:
        messages.info(request, _("There were no unread messages."))
    return redirect("notifications:inbox")


@login_required
@require_POST
def undo_mark_all_read(request):
    try:
        at = parse_datetime(request.POST.get("at", ""))
    except ValueError:  # well formed but impossible (a 13th month): nothing to undo
        at = None
    count = services.undo_mark_read(request.user, at) if at else 0
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d message is unread again.",
                "%(count)d messages are unread again.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing to undo: those messages were opened since."))
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_unread(request, pk):
    message = get_object_or_404(OutgoingMessage, pk=pk, recipient=request.user)
    services.mark_unread(request.user, message)
    messages.success(request, _("Marked as unread: “%(subject)s”.") % {"subject": message.subject})
    return redirect("notifications:inbox")


def _require_outbox(request):
    if not request.user.has_perm("notifications.view_outbox"):
        raise Http404


@login_required
def outbox(request):
    _require_outbox(request)
    qs = OutgoingMessage.objects.all()
    state = request.GET.get("state", "")
    if state in MessageState.values:
        qs = qs.filter(state=state)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(to_email__icontains=q) | qs.filter(subject__icontains=q)
    page = Paginator(qs.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {s: OutgoingMessage.objects.filter(state=s).count() for s in MessageState.values}
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "state": state,
            "q": q,
            "states": MessageState.choices,
            "counts": counts,
            "query": f"state={state}&q={q}",
        },
    )


@login_required
@require_POST
def retry(request, pk):
    _require_outbox(request)
    message = get_object_or_404(OutgoingMessage, pk=pk)
    if message.state == MessageState.SENT:
        messages.info(request, _("This message was already sent."))
    else:
        services.retry_message(message)
        messages.success(request, _("The message will be sent again."))
    return redirect("notifications:outbox")
