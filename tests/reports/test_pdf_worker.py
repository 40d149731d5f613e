# ruff: noqa: F811 — pytest fixtures imported from another module are parameters here
"""The report's PDF rendered by a real Celery worker (Redis broker, its own queue), as in
production: the drafting page asks for a preview, the request returns at once, the worker
renders and stores the file with its page count. Uses the worker fixtures of
tests/notifications/test_worker_integration.py."""

import contextlib

import pytest
import redis
from pypdf import PdfReader

from reports import rendering
from reports.enums import RenderStatus
from reports.models import ReportVersion
from tests.notifications.test_worker_integration import (  # noqa: F401 — pytest fixtures
    queue_name,
    real_broker,
    redis_url_for_tests,
    smtp_server,
    start_worker,
    wait_for,
)
from tests.reports.pdf_support import fill_report

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_worker_renders_the_working_draft_queued_on_commit(
    make_round,
    cast,
    start_worker,
    real_broker,
    redis_url_for_tests,
    queue_name,
    settings,
    tmp_path,
    monkeypatch,
):
    media = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(media))  # the worker stores where this test reads
    settings.MEDIA_ROOT = media
    rnd = make_round("report_drafting")
    report = fill_report(rnd, "es")
    log_path = start_worker(redis_url_for_tests)
    real_broker(redis_url_for_tests)
    try:
        version = rendering.request_preview(report, cast.secretariat)  # autocommit: queued now
        assert ReportVersion.objects.get(pk=version.pk).render_status in (
            RenderStatus.PENDING,
            RenderStatus.RENDERING,
        )

        def rendered():
            return ReportVersion.objects.get(pk=version.pk).render_status == RenderStatus.DONE

        assert wait_for(rendered, 60, 0.2), f"not rendered in 60 s:\n{log_path.read_text()}"
        version.refresh_from_db()
        with version.pdf.open("rb") as handle:
            pages = len(PdfReader(handle).pages)
        assert version.page_count == pages >= 3
        assert version.render_seconds > 0
        assert rendering.budget(report).is_current
        log = log_path.read_text()
        assert "Task reports.render_version[" in log
        assert "succeeded" in log
    finally:
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(redis_url_for_tests).delete(queue_name)
