from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .enums import MessageState
from .models import OutgoingMessage

PAGE_SIZE = 25


@login_required
def inbox(request):
    qs = OutgoingMessage.objects.for_inbox(request.user).only(
        "pk", "subject", "created_at", "read_at", "round_code", "message_type", "link"
    )
    show = request.GET.get("show", "all")
    if show == "unread":
        qs = qs.unread()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "show": show, "query": f"show={show}"},
    )


@login_required
def message_detail(request, pk):
    message = get_object_or_404(OutgoingMessage, pk=pk, recipient=request.user)
    if message.read_at is None:
        OutgoingMessage.objects.filter(pk=message.pk).update(read_at=timezone.now())
    return render(request, "notifications/message.html", {"message": message})


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(request.user)
    messages.success(request, _("%(count)d messages marked as read.") % {"count": count})
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
