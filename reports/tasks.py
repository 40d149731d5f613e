"""Celery tasks of the report: thin, they take ids (docs/architecture.md)."""

from celery import shared_task

from . import rendering


@shared_task(name="reports.render_version", acks_late=True)
def render_version(version_id):
    """Render a version's PDF (``reports.rendering.render``). A version that is gone (a newer
    preview replaced it) or already rendering/rendered is left alone: a task delivered twice
    renders once."""
    version = rendering.claim(version_id)
    if version is None:
        return None
    version = rendering.render(version)
    return version.render_status
