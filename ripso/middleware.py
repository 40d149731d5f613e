"""Project-wide response policies."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from .security_log import security_event
from .uploads import size_text

logger = logging.getLogger("ripso.security")

PRIVATE = "private, no-store"


class PrivateResponsesMiddleware:
    """Nothing a person sees signed in, and no file download, is kept by a browser or a proxy.

    A shared computer's back button or a proxy's cache must not hand a ministry's unpublished
    report to the next person. Applies to every response to a signed-in person and to every
    attachment (``Content-Disposition: attachment``) whoever asks; responses that already chose
    a policy of their own for an anonymous visitor (the public portal) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        attachment = response.get("Content-Disposition", "").lower().startswith("attachment")
        if signed_in and response.status_code == 200 and _is_download(response):
            security_event(
                "download",
                request,
                content_type=response.get("Content-Type", ""),
                disposition=response.get("Content-Disposition", ""),
            )
        if signed_in or attachment:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
        return response


def _is_download(response):
    if response.get("Content-Disposition"):
        return True
    kind = response.get("Content-Type", "").split(";")[0].strip()
    return bool(kind) and not kind.startswith(("text/", "application/json"))


class PermissionDeniedLogMiddleware:
    """Log every refusal (403) of a signed-in person's request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            security_event("permission.denied", request, level=logging.WARNING)


class RequestBodyLimitMiddleware:
    """Refuse a request body larger than ``MAX_REQUEST_BYTES`` before anything reads it.

    Django bounds the form fields it keeps in memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams
    any amount of file data to disk. Every form of the site carries at most one file of
    ``MAX_UPLOAD_BYTES``, so a larger body is refused with 413 and a page that says the limit.
    The reverse proxy should refuse it even earlier (README, "Deployment").
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            logger.warning("request body refused: %s bytes > %s on %s", length, limit, request.path)
            return render(
                request,
                "413.html",
                {
                    "limit": size_text(limit),
                    "file_limit": size_text(settings.MAX_UPLOAD_BYTES),
                },
                status=413,
            )
        return self.get_response(request)
