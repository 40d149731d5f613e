"""Project-wide views that belong to no app."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = Path(settings.BASE_DIR) / "static" / "img" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """``/favicon.ico``: browsers and crawlers ask for it whatever the pages link (they link the
    SVG icon, static/img/favicon.svg)."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
