"""The secretariat maintains the topic lists offered in requests (R6.1)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .request_models import Topic


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = [
            "methodology",
            "name_es",
            "name_en",
            "name_pt",
            "name_fr",
            "position",
            "is_active",
        ]


def _require_secretariat(user):
    if not user.has_perm("rounds.view_all_rounds"):
        raise Http404


@login_required
def topic_list(request):
    _require_secretariat(request.user)
    topics = Topic.objects.annotate(round_count=Count("rounds")).order_by(
        "methodology", "position", "name_en"
    )
    return render(request, "rounds/topics.html", {"topics": topics})


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request, pk=None):
    _require_secretariat(request.user)
    topic = get_object_or_404(Topic, pk=pk) if pk else None
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Topic saved."))
        return redirect("rounds:topics")
    return render(request, "rounds/topic_form.html", {"form": form, "topic": topic})
