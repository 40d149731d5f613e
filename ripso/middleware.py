"""Project-wide response policies."""

from django.utils.cache import patch_cache_control

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
        if signed_in or attachment:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
        return response
