"""The publication page, the authorization upload and download (R5.4) and the follow-up of
recommendations (R5.5), through the views."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import publication
from reports.models import Recommendation, Report
from rounds.models import RoundEvent
from tests.reports.conftest import reads_english
from tests.reports.publication_helpers import (
    approved_round,
    authorize,
    pdf_bytes,
    published_round,
    signed_pdf,
)


@pytest.fixture(autouse=True)
def _english(settings, tmp_path, cast):
    """The pages are read in English: each person's preferred language wins over the site's
    (accounts' UserLanguageMiddleware), so the people logged in here read English."""
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path
    reads_english(cast.gt_focal_point, cast.secretariat)


def url(name, rnd, **kwargs):
    return reverse(f"reports:{name}", kwargs={"code": rnd.code, **kwargs})


def test_r5_4_the_focal_point_sees_both_choices(client, cast, make_round):
    rnd = approved_round(make_round)
    client.force_login(cast.gt_focal_point)
    page = client.get(url("publication", rnd)).content.decode()
    assert "Make the report public" in page
    assert reverse("rounds:transition", args=[rnd.code, "keep_internal"]) in page
    assert "Upload the authorization" not in page  # only once public is chosen


def test_r5_4_choosing_public_in_the_page_leads_to_the_upload(client, cast, make_round):
    rnd = approved_round(make_round)
    client.force_login(cast.gt_focal_point)
    response = client.post(url("publication_choose", rnd), {"choice": "public"})
    assert response.status_code == 302
    assert response["Location"] == url("publication", rnd) + "#authorization"
    assert Report.objects.get(round=rnd).publication_choice == "public"
    page = client.get(url("publication", rnd)).content.decode()
    assert "Upload the authorization" in page
    assert "Your choice" in page


def test_r5_4_uploading_in_the_page_stores_the_authorization(client, cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    client.force_login(cast.gt_focal_point)
    response = client.post(
        url("authorization_upload", rnd),
        {"file": signed_pdf(), "signed_by": "Ana Ruiz, Ministra"},
    )
    assert response.status_code == 302
    authorization = Report.objects.get(round=rnd).authorizations.get()
    assert authorization.signed_by == "Ana Ruiz, Ministra"
    page = client.get(url("publication", rnd)).content.decode()
    assert "Signed by Ana Ruiz, Ministra" in page
    assert "Replace the authorization" in page


def test_r5_4_a_non_pdf_upload_says_why_and_keeps_what_was_typed(client, cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    cast.gt_focal_point.preferred_language = "en"
    cast.gt_focal_point.save()
    client.force_login(cast.gt_focal_point)
    response = client.post(
        url("authorization_upload", rnd),
        {
            "file": SimpleUploadedFile("carta.pdf", b"<html>no es un pdf</html>"),
            "signed_by": "Ana Ruiz, Ministra",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This file is not a valid document of an accepted type (PDF)." in page
    assert 'value="Ana Ruiz, Ministra"' in page
    assert Report.objects.get(round=rnd).authorizations.count() == 0


def test_r5_4_the_authorization_is_downloaded_through_the_access_check(client, cast, make_round):
    rnd = approved_round(make_round)
    authorization = authorize(rnd, cast.gt_focal_point)
    target = url("authorization_download", rnd, pk=authorization.pk)
    for user in (cast.secretariat, cast.coordinator, cast.gt_focal_point):
        client.force_login(user)
        response = client.get(target)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
    client.force_login(cast.gt_team_member)
    assert client.get(target).status_code == 403
    client.force_login(cast.hn_focal_point)
    assert client.get(target).status_code == 404
    assert authorization.file.url not in client.get(url("publication", rnd)).content.decode()


def test_r5_4_the_secretariat_sees_what_blocks_publication(client, cast, make_round):
    rnd = approved_round(make_round)
    client.force_login(cast.secretariat)
    page = client.get(url("publication", rnd)).content.decode()
    assert "The country has not chosen to make the report public (R5.4)." in page
    assert "Make the report public" not in page
    authorize(rnd, cast.gt_focal_point)
    page = client.get(url("publication", rnd)).content.decode()
    assert reverse("rounds:transition", args=[rnd.code, "publish"]) in page


def test_r5_4_the_secretariat_publishes_from_the_round_page(client, cast, make_round):
    rnd = approved_round(make_round)
    authorize(rnd, cast.gt_focal_point)
    client.force_login(cast.secretariat)
    response = client.post(reverse("rounds:transition", args=[rnd.code, "publish"]))
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == "published"
    page = client.get(url("publication", rnd)).content.decode()
    assert reverse("portal:report", args=[rnd.code]) in page


def test_the_summary_form_saves_and_catches_a_concurrent_edit(client, cast, make_round):
    rnd = approved_round(make_round)
    old = Report.objects.get(round=rnd).summary
    client.force_login(cast.secretariat)
    response = client.post(
        url("publication_summary", rnd), {"summary": "Resumen nuevo.", "expected": old}
    )
    assert response.status_code == 302
    assert Report.objects.get(round=rnd).summary == "Resumen nuevo."
    response = client.post(
        url("publication_summary", rnd), {"summary": "Mi versión.", "expected": old}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed the summary" in page
    assert "Resumen nuevo." in page and "Mi versión." in page
    assert Report.objects.get(round=rnd).summary == "Resumen nuevo."


def test_r5_4_the_publication_page_is_not_for_the_team_or_the_panel(client, cast, make_round):
    rnd = approved_round(make_round)
    for user, status in [
        (cast.gt_team_member, 403),
        (cast.expert_cl, 403),
        (cast.hn_focal_point, 404),
    ]:
        client.force_login(user)
        assert client.get(url("publication", rnd)).status_code == status


# --- Follow-up (R5.5) --------------------------------------------------------------------------
def follow_up_data(item, status, note, version=None):
    prefix = f"r{item.pk}"
    return {
        f"{prefix}-status": status,
        f"{prefix}-note": note,
        f"{prefix}-version": item.version if version is None else version,
    }


def test_r5_5_the_focal_point_records_the_follow_up_of_a_recommendation(client, cast, make_round):
    rnd = approved_round(make_round)
    item = Recommendation.objects.filter(report__round=rnd).first()
    client.force_login(cast.gt_focal_point)
    response = client.post(
        url("follow_up_save", rnd, pk=item.pk),
        follow_up_data(item, "in_progress", "Padrón en actualización."),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.follow_up_status, item.follow_up_note, item.version) == (
        "in_progress",
        "Padrón en actualización.",
        1,
    )
    assert item.follow_up_at is not None
    event = RoundEvent.objects.get(round=rnd, action="reports.recommendation.followed_up")
    assert event.data == {
        "recommendation": item.pk,
        "status": "in_progress",
        "previous": "not_started",
    }
    page = client.get(url("follow_up", rnd)).content.decode()
    assert "In progress: 1" in page and "Not started: 2" in page


def test_r5_5_a_stale_follow_up_keeps_both_texts(client, cast, make_round):
    rnd = approved_round(make_round)
    item = Recommendation.objects.filter(report__round=rnd).first()
    publication.record_follow_up(
        rnd, cast.secretariat, recommendation_id=item.pk, status="implemented",
        note="Hecho en 2026.", version=0,
    )  # fmt: skip
    client.force_login(cast.gt_focal_point)
    response = client.post(
        url("follow_up_save", rnd, pk=item.pk),
        follow_up_data(item, "in_progress", "Mi nota.", version=0),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else updated this recommendation" in page
    assert "Hecho en 2026." in page and "Mi nota." in page
    item.refresh_from_db()
    assert (item.follow_up_status, item.follow_up_note) == ("implemented", "Hecho en 2026.")


def test_r5_5_the_team_reads_the_follow_up_but_does_not_record_it(client, cast, make_round):
    rnd = approved_round(make_round)
    item = Recommendation.objects.filter(report__round=rnd).first()
    client.force_login(cast.gt_team_member)
    assert client.get(url("follow_up", rnd)).status_code == 200
    response = client.post(
        url("follow_up_save", rnd, pk=item.pk), follow_up_data(item, "implemented", "x")
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.follow_up_status == "not_started"


def test_r5_5_follow_up_starts_with_the_approval(client, cast, make_round):
    rnd = make_round("country_review")
    client.force_login(cast.gt_focal_point)
    assert client.get(url("follow_up", rnd)).status_code == 403


def test_r5_5_the_overview_counts_per_status_and_filters(client, cast, make_round):
    gt = approved_round(make_round)
    hn = approved_round(make_round, institution=cast.hn_institution, title="Registro Social")
    first = Recommendation.objects.filter(report__round=gt).first()
    publication.record_follow_up(
        gt, cast.secretariat, recommendation_id=first.pk, status="implemented", note="", version=0
    )
    client.force_login(cast.secretariat)
    overview = reverse("reports:follow_up_overview")
    response = client.get(overview)
    totals = response.context["totals"]
    assert response.context["total"] == 6
    assert [(s.value, n) for s, n in totals] == [
        ("not_started", 5), ("in_progress", 0), ("implemented", 1), ("discarded", 0)
    ]  # fmt: skip
    rows = {r.code: r.status_counts for r in response.context["page"]}
    assert rows == {gt.code: [2, 0, 1, 0], hn.code: [3, 0, 0, 0]}
    response = client.get(overview, {"country": "HN"})
    assert [r.code for r in response.context["page"]] == [hn.code]
    assert response.context["total"] == 3
    client.force_login(cast.gt_focal_point)
    assert client.get(overview).status_code == 404


def test_r5_5_published_reports_are_followed_up_too(client, cast, make_round):
    rnd = published_round(make_round, cast)
    client.force_login(cast.gt_focal_point)
    assert client.get(url("follow_up", rnd)).status_code == 200
