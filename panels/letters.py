"""The invitation letter to an expert's institution (R2.4), as a one-page A4 PDF."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import user_language
from notifications.services import absolute_url


def render_invitation_letter(seat):
    """The letter, in the expert's preferred language, addressed to their institution.

    Rendered synchronously: one page, a few hundred milliseconds. Only local files are read
    (``base_url`` is the static directory), so WeasyPrint never fetches anything remote.
    """
    from weasyprint import HTML  # heavy import: only when a letter is asked for

    rnd = seat.round
    profile = getattr(seat.user, "expert_profile", None)
    language = user_language(seat.user)
    with translation.override(language):
        html = render_to_string(
            "panels/letter.html",
            {
                "seat": seat,
                "round": rnd,
                "person": seat.user,
                "profile": profile,
                "institution": (profile.institution if profile else None) or seat.user.institution,
                "position": (profile.position if profile else "") or seat.user.position,
                "today": timezone.localdate(),
                "deadline": timezone.localtime(seat.response_deadline)
                if seat.response_deadline
                else None,
                "answer_url": absolute_url(reverse("panels:answer", args=[seat.pk])),
                "language": language,
            },
        )
    return HTML(string=html, base_url=_static_dir(), url_fetcher=_local_fetcher()).write_pdf()


def _static_dir():
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


def _local_fetcher():
    """Fetch files from the static directory only: a letter never reaches the network."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(_static_dir()):
                raise ValueError(f"Refusing to fetch {url!r} for a letter")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols=["file"])
