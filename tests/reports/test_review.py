"""Versions and the country's review (R5.2, R5.3): the guard of send_for_review, frozen numbered
versions, the comparison of two versions, comments per section, the decision and the review
deadline's reminders."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutgoingMessage
from reports import deadlines, diff, rendering, services, snapshot
from reports.enums import VersionKind
from reports.models import ReportVersion, ReviewComment
from rounds.enums import RoundState
from rounds.guards import blockers
from rounds.services import Blocked, transition_round
from tests.reports.conftest import complete, reads_english, section

RENDER_FIRST = "Render the working draft to count its pages (R5.1)."


# --- R5.3: what must be there before the report goes to the country ----------------------------
def test_r5_3_send_for_review_is_refused_saying_exactly_what_is_missing(report, cast):
    rnd = report.round
    assert section(report, "findings").body  # started from the visit notes: not missing
    assert blockers(rnd, "send_for_review") == [
        "Write the section “Brief description of the round” (R5.3).",
        "Write the section “Further needs and opportunities for cooperation” (R5.3).",
        "Add at least one recommendation (R5.3).",
        RENDER_FIRST,  # R5.1's guard (tests/reports/test_pdf.py)
    ]
    with pytest.raises(Blocked):
        transition_round(rnd.pk, "send_for_review", cast.secretariat)
    assert not ReportVersion.objects.exists()


def test_r5_3_a_section_with_only_empty_markup_counts_as_missing(report, cast):
    complete(report, cast.secretariat)
    findings = section(report, "findings")
    services.save_section(findings, cast.secretariat, "<p> </p><p><br></p>", findings.version)
    assert blockers(report.round, "send_for_review") == [
        "Write the section “Findings of the peer exchange” (R5.3).",
        RENDER_FIRST,  # the text changed since complete() rendered it
    ]


# --- R5.2: frozen numbered versions --------------------------------------------------------------
def test_r5_2_sending_for_review_freezes_a_numbered_preliminary_version(report, cast):
    complete(report, cast.secretariat)
    expected = snapshot.content(report)
    before = timezone.now()
    transition_round(report.round.pk, "send_for_review", cast.secretariat)
    version = ReportVersion.objects.get(kind=VersionKind.PRELIMINARY)
    assert (version.kind, version.number, version.created_by) == (
        VersionKind.PRELIMINARY, 1, cast.secretariat,
    )  # fmt: skip
    assert version.content == expected
    assert version.content_hash == snapshot.content_hash(expected)
    report.refresh_from_db()
    assert (
        before + timedelta(days=21) <= report.review_deadline <= timezone.now() + timedelta(days=21)
    )


def test_the_review_deadline_set_by_the_secretariat_is_kept(client, report, cast):
    complete(report, cast.secretariat)
    day = timezone.localdate() + timedelta(days=10)
    client.force_login(cast.secretariat)
    client.post(reverse("reports:review_deadline", args=[report.round.code]), {"deadline": day})
    transition_round(report.round.pk, "send_for_review", cast.secretariat)
    report.refresh_from_db()
    assert timezone.localtime(report.review_deadline).date() == day


def test_a_review_deadline_in_the_past_is_refused(client, report, cast):
    client.force_login(cast.secretariat)
    yesterday = timezone.localdate() - timedelta(days=1)
    client.post(
        reverse("reports:review_deadline", args=[report.round.code]), {"deadline": yesterday}
    )
    report.refresh_from_db()
    assert report.review_deadline is None


def test_r5_2_a_revised_report_is_version_2_and_the_comparison_shows_the_changes(
    client, review_round, cast
):
    report = review_round.report
    transition_round(review_round.pk, "request_changes", cast.gt_focal_point, comment="Más datos.")
    description = section(report, "description")
    services.save_section(description, cast.secretariat,
                          description.body.replace("resume", "sintetiza"), description.version)  # fmt: skip
    first = report.recommendations.order_by("position").first()
    services.update_recommendation(first, cast.secretariat, first.version, text=first.text,
                                   area=first.area, priority="low", horizon=first.horizon,
                                   responsible_institution=first.responsible_institution)  # fmt: skip
    services.add_recommendation(report, cast.secretariat, text="Crear una mesa interinstitucional.")
    rendering.render(rendering.snapshot_preview(report, cast.secretariat))  # R5.1: the new text
    transition_round(review_round.pk, "send_for_review", cast.secretariat)
    assert list(report.versions.exclude(kind=VersionKind.PREVIEW).values_list("number", "kind")) == [
        (1, "preliminary"), (2, "preliminary"),
    ]  # fmt: skip
    reads_english(cast.gt_focal_point)
    client.force_login(cast.gt_focal_point)
    response = client.get(reverse("reports:compare", args=[review_round.code]), {"a": 1, "b": 2})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<del>resume</del> <ins>sintetiza</ins>" in page
    assert "<ins>Crear una mesa interinstitucional.</ins>" in page
    assert "<del>Alta</del> <ins>Baja</ins>" in page


def test_approval_freezes_the_final_version_from_the_last_preliminary(review_round, cast):
    report = review_round.report
    preliminary = report.versions.get(kind=VersionKind.PRELIMINARY)
    transition_round(review_round.pk, "approve", cast.gt_focal_point)
    final = report.versions.get(kind=VersionKind.FINAL)
    assert (final.number, final.content, final.created_by) == (
        2, preliminary.content, cast.gt_focal_point,
    )  # fmt: skip


def test_the_drafting_text_cannot_change_while_the_country_reviews(review_round, cast):
    report = review_round.report
    with pytest.raises(services.NotAllowed):
        services.save_section(section(report, "findings"), cast.secretariat, "<p>Otro</p>", 99)
    with pytest.raises(services.NotAllowed):
        services.add_recommendation(report, cast.secretariat, text="Otra")


# --- R5.2: the country reads, comments and decides -----------------------------------------------
def test_r5_2_the_country_reads_the_version_and_comments_per_section(client, review_round, cast):
    code = review_round.code
    client.force_login(cast.gt_focal_point)
    assert client.get(reverse("reports:report", args=[code]))["Location"] == reverse(
        "reports:version", args=[code, 1]
    )
    page = client.get(reverse("reports:version", args=[code, 1])).content.decode()
    assert "Actualizar el registro social de forma continua" in page  # recommendations table
    assert "<table>" in page  # the findings' table
    assert 'name="comment"' in page and "approve" in page  # the decision is offered here
    url = reverse("reports:comment_add", args=[code, 1])
    for person, kind, text in [
        (cast.gt_focal_point, "findings", "Faltan datos de 2025."),
        (cast.gt_team_member, "", "Buen informe en general."),
    ]:
        client.force_login(person)
        assert client.post(url, {"section_kind": kind, "text": text}).status_code == 302
    assert list(ReviewComment.objects.values_list("section_kind", "author", "text")) == [
        ("findings", cast.gt_focal_point.pk, "Faltan datos de 2025."),
        ("", cast.gt_team_member.pk, "Buen informe en general."),
    ]


def test_r5_2_an_empty_comment_is_refused_and_experts_do_not_comment(client, review_round, cast):
    url = reverse("reports:comment_add", args=[review_round.code, 1])
    client.force_login(cast.gt_focal_point)
    response = client.post(url, {"section_kind": "findings", "text": " "})
    assert response.status_code == 400
    client.force_login(cast.expert_cl)
    assert client.post(url, {"section_kind": "findings", "text": "Yo no"}).status_code == 403
    assert not ReviewComment.objects.exists()


def test_r5_2_the_secretariat_sees_the_comments_beside_the_text_and_marks_them_addressed(
    client, review_round, cast
):
    version = review_round.report.versions.get(kind=VersionKind.PRELIMINARY)
    comment = services.add_comment(version, cast.gt_focal_point, "findings", "Faltan datos.")
    transition_round(review_round.pk, "request_changes", cast.gt_focal_point, comment="Revisar.")
    reads_english(cast.secretariat)
    client.force_login(cast.secretariat)
    page = client.get(reverse("reports:drafting", args=[review_round.code])).content.decode()
    findings_card = page[
        page.index('id="section-findings"') : page.index('id="section-recommendations"')
    ]
    assert "Faltan datos." in findings_card and "Mark as addressed" in findings_card
    client.post(reverse("reports:comment_resolve", args=[review_round.code, comment.pk]),
                {"resolved": "1"})  # fmt: skip
    comment.refresh_from_db()
    assert (comment.resolved_by, comment.resolved_at is not None) == (cast.secretariat, True)
    client.force_login(cast.expert_cl)
    url = reverse("reports:comment_resolve", args=[review_round.code, comment.pk])
    assert client.post(url, {"resolved": "0"}).status_code == 403


def test_r5_2_the_focal_point_requests_changes_from_the_review_page_with_a_comment(
    client, review_round, cast
):
    client.force_login(cast.gt_focal_point)
    url = reverse("rounds:transition", args=[review_round.code, "request_changes"])
    assert client.post(url, {"comment": ""}).status_code == 200  # the form again: comment needed
    review_round.refresh_from_db()
    assert review_round.status == RoundState.COUNTRY_REVIEW
    client.post(url, {"comment": "Incluir datos de 2025."})
    review_round.refresh_from_db()
    assert review_round.status == RoundState.REPORT_DRAFTING
    # The country still reads what it received, never the draft.
    assert client.get(reverse("reports:version", args=[review_round.code, 1])).status_code == 200
    assert client.get(reverse("reports:drafting", args=[review_round.code])).status_code == 403


def test_comments_go_only_on_the_version_under_review(review_round, cast):
    report = review_round.report
    transition_round(review_round.pk, "request_changes", cast.gt_focal_point, comment="Revisar.")
    transition_round(review_round.pk, "send_for_review", cast.secretariat)
    old = report.versions.get(number=1)
    with pytest.raises(services.ReportError, match="version under review"):
        services.add_comment(old, cast.gt_focal_point, "findings", "Tarde")


# --- Review deadline reminders (celery beat) -----------------------------------------------------
def _reminders():
    return list(
        OutgoingMessage.objects.filter(message_type="report_review_reminder")
        .order_by("pk")
        .values_list("recipient__email", flat=True)
    )


def test_r5_2_the_country_is_reminded_before_and_after_the_review_deadline(review_round, cast):
    report = review_round.report
    due = report.review_deadline
    assert deadlines.process_review_deadlines(now=due - timedelta(days=4)) == 0
    assert deadlines.process_review_deadlines(now=due - timedelta(days=2)) == 1
    assert _reminders() == [cast.gt_focal_point.email, cast.gt_team_member.email]
    assert deadlines.process_review_deadlines(now=due - timedelta(days=1)) == 0  # not twice
    assert deadlines.process_review_deadlines(now=due + timedelta(hours=1)) == 1
    assert deadlines.process_review_deadlines(now=due + timedelta(days=5)) == 0
    assert len(_reminders()) == 4
    overdue = OutgoingMessage.objects.filter(
        message_type="report_review_reminder",
        recipient=cast.gt_team_member,  # English
    ).latest("pk")
    assert overdue.subject == f"{review_round.code} · The review of the report is overdue"


def test_no_reminder_once_the_country_has_answered(review_round, cast):
    due = review_round.report.review_deadline
    transition_round(review_round.pk, "approve", cast.gt_focal_point)
    assert deadlines.process_review_deadlines(now=due + timedelta(days=1)) == 0
    assert _reminders() == []


def test_the_beat_task_processes_the_deadlines(review_round):
    assert deadlines.process_review_deadlines_task.delay().get() == {"reminded": 0}


# --- The comparison itself -------------------------------------------------------------------------
def rec(number, text, **fields):
    return {"number": number, "text": text, "area": "", "priority_label": "Alta",
            "responsible_institution": "", "horizon_label": "Corto", **fields}  # fmt: skip


def test_the_diff_matches_recommendations_by_text_then_by_place():
    old = {"recommendations": [rec(1, "Uno"), rec(2, "Dos"), rec(3, "Tres")]}
    new = {
        "recommendations": [rec(1, "Dos"), rec(2, "Dos y medio", area="Pagos"), rec(3, "Cuatro")]
    }
    rows = [
        (r["status"], r["number"], r["rec"]["text"]) for r in diff.diff_recommendations(old, new)
    ]
    assert rows == [
        ("same", 1, "Dos"),  # renumbered, unchanged
        ("added", 2, "Dos y medio"),  # no old recommendation in its place is left
        ("changed", 3, "Cuatro"),  # "Tres" rewritten in the same place
        ("removed", 1, "Uno"),
    ]


def test_the_diff_marks_words_added_and_removed_per_section():
    old = {
        "sections": [
            {"kind": "findings", "title": "Hallazgos", "body": "<p>El registro cubre poco.</p>"}
        ]
    }
    new = {"sections": [{"kind": "findings", "title": "Hallazgos", "body": "<p>El registro cubre mucho.</p>"},
                        {"kind": "annexes", "title": "Anexos", "body": ""}]}  # fmt: skip
    rows = diff.diff_sections(old, new)
    assert [(r["kind"], r["status"], str(r["html"])) for r in rows] == [
        ("findings", "changed", "El registro cubre <del>poco.</del> <ins>mucho.</ins>"),
        ("annexes", "added", ""),
    ]
