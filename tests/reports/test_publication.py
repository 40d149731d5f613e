"""Publication of the approved report (R5.4): the country's choice, the signed written
authorization, the ``publish`` and ``keep_internal`` transitions and their effects."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import OutgoingMessage
from reports import publication
from reports.enums import PublicationChoice
from reports.models import Report
from rounds.models import RoundEvent
from rounds.services import Blocked, NotAllowed, StateChanged, transition_round
from tests.reports.publication_helpers import (
    FINDINGS_WORD,
    approved_round,
    authorize,
    give_report,
    pdf_bytes,
    publish,
    signed_pdf,
)

NOT_PUBLIC = "The country has not chosen to make the report public (R5.4)."
NO_AUTHORIZATION = (
    "The country's signed written authorization to publish has not been uploaded (R5.4)."
)
NO_FINAL = "There is no final version approved by the country to publish."


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path


def blockers_of_publish(rnd, cast):
    with pytest.raises(Blocked) as caught:
        transition_round(rnd.pk, "publish", cast.secretariat)
    return caught.value.details


def test_r5_4_publish_without_a_choice_is_refused(cast, make_round):
    rnd = approved_round(make_round)
    assert blockers_of_publish(rnd, cast) == [NOT_PUBLIC]
    rnd.refresh_from_db()
    assert rnd.status == "approved"


def test_r5_4_publish_without_an_authorization_is_refused(cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    assert blockers_of_publish(rnd, cast) == [NO_AUTHORIZATION]
    report = Report.objects.get(round=rnd)
    assert report.published_at is None
    assert report.search_text == ""


def test_r5_4_publish_without_a_final_version_is_refused(cast, make_round):
    rnd = approved_round(make_round)
    authorize(rnd, cast.gt_focal_point)
    Report.objects.get(round=rnd).versions.all().delete()
    assert blockers_of_publish(rnd, cast) == [NO_FINAL]


def test_r5_4_publish_without_a_report_is_refused(cast, make_round):
    rnd = make_round("approved")
    Report.objects.filter(round=rnd).delete()  # the demo preparers wrote one on the way
    assert blockers_of_publish(rnd, cast) == ["The round has no report yet."]


def test_r5_4_publish_with_the_authorization_stamps_the_report_and_its_search_text(
    cast, make_round
):
    rnd = approved_round(make_round)
    authorize(rnd, cast.gt_focal_point)
    publish(rnd, cast.secretariat)
    rnd.refresh_from_db()
    report = Report.objects.get(round=rnd)
    assert rnd.status == "published"
    assert report.published_at is not None
    text = report.search_text
    assert FINDINGS_WORD in text
    assert report.title in text
    assert "Recomendación 1: actualizar el padrón cada dos años." in text
    assert "Guatemala" in text
    assert "<p>" not in text and "<strong>" not in text


def test_r5_4_the_search_text_comes_from_the_final_version_not_the_drafting_text(cast, make_round):
    rnd = approved_round(make_round)
    report = Report.objects.get(round=rnd)
    section = report.sections.get(kind="findings")
    section.body = "<p>Texto cambiado después de la aprobación: palabrainexistente.</p>"
    section.save()
    authorize(rnd, cast.gt_focal_point)
    publish(rnd, cast.secretariat)
    report.refresh_from_db()
    assert FINDINGS_WORD in report.search_text
    assert "palabrainexistente" not in report.search_text


def test_r5_4_only_the_secretariat_publishes(cast, make_round):
    rnd = approved_round(make_round)
    authorize(rnd, cast.gt_focal_point)
    with pytest.raises(NotAllowed):
        transition_round(rnd.pk, "publish", cast.gt_focal_point)


# --- The choice --------------------------------------------------------------------------------
def test_r5_4_the_focal_point_chooses_public_and_the_secretariat_is_told(cast, make_round):
    rnd = approved_round(make_round)
    OutgoingMessage.objects.all().delete()
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    report = Report.objects.get(round=rnd)
    assert report.publication_choice == PublicationChoice.PUBLIC
    assert report.publication_chosen_by == cast.gt_focal_point
    assert report.publication_chosen_at is not None
    # The round has a coordinator: the secretariat audience is the round's coordinator.
    messages = OutgoingMessage.objects.filter(message_type="publication_chosen")
    assert [m.recipient for m in messages] == [cast.coordinator]
    assert messages[0].subject == f"{rnd.code} · The country chose to publish its report"
    assert messages[0].link == f"/rounds/{rnd.code}/publication/"
    event = RoundEvent.objects.get(round=rnd, action="reports.publication.chosen")
    assert event.data == {"choice": "public", "previous": ""}


def test_r5_4_choosing_the_same_again_changes_nothing(cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    assert RoundEvent.objects.filter(round=rnd, action="reports.publication.chosen").count() == 1
    assert OutgoingMessage.objects.filter(message_type="publication_chosen").count() == 1


@pytest.mark.parametrize("who", ["gt_team_member", "secretariat", "coordinator", "expert_cl"])
def test_r5_4_only_the_focal_point_chooses(cast, make_round, who):
    rnd = approved_round(make_round)
    with pytest.raises(NotAllowed):
        publication.choose_publication(rnd, getattr(cast, who), "public")
    assert Report.objects.get(round=rnd).publication_choice == ""


def test_r5_4_the_choice_waits_for_the_approval(cast, make_round):
    rnd = make_round("country_review")
    give_report(rnd)
    with pytest.raises(StateChanged):
        publication.choose_publication(rnd, cast.gt_focal_point, "public")


def test_r5_4_keep_internal_closes_the_round_and_records_the_choice(cast, make_round):
    rnd = approved_round(make_round)
    transition_round(rnd.pk, "keep_internal", cast.gt_focal_point)
    rnd.refresh_from_db()
    report = Report.objects.get(round=rnd)
    assert rnd.status == "closed_internal"
    assert report.publication_choice == PublicationChoice.INTERNAL
    assert report.publication_chosen_by == cast.gt_focal_point
    assert report.published_at is None


def test_r5_4_the_country_may_still_keep_it_internal_after_authorizing(cast, make_round):
    """Decision (docs/decisions-publication.md): the beneficiary decides until publication."""
    rnd = approved_round(make_round)
    authorize(rnd, cast.gt_focal_point)
    transition_round(rnd.pk, "keep_internal", cast.gt_focal_point)
    report = Report.objects.get(round=rnd)
    assert report.publication_choice == PublicationChoice.INTERNAL
    assert report.authorizations.count() == 1  # kept as history, not used


# --- The signed authorization ------------------------------------------------------------------
def test_r5_4_the_authorization_records_who_when_the_signer_and_the_sha256(cast, make_round):
    import hashlib

    rnd = approved_round(make_round)
    OutgoingMessage.objects.all().delete()
    authorization = authorize(rnd, cast.gt_focal_point, signed_by="Ana Ruiz, Ministra")
    assert authorization.uploaded_by == cast.gt_focal_point
    assert authorization.uploaded_at is not None
    assert authorization.signed_by == "Ana Ruiz, Ministra"
    assert authorization.original_name == "autorizacion-firmada.pdf"
    authorization.file.open("rb")
    stored = authorization.file.read()
    authorization.file.close()
    assert stored == pdf_bytes()
    assert authorization.sha256 == hashlib.sha256(stored).hexdigest()
    messages = OutgoingMessage.objects.filter(message_type="publication_authorization")
    assert [m.recipient for m in messages] == [cast.coordinator]
    assert "signed by Ana Ruiz, Ministra" in messages[0].body_text


def test_r5_4_replacing_the_authorization_keeps_the_earlier_one(cast, make_round):
    rnd = approved_round(make_round)
    first = authorize(rnd, cast.gt_focal_point, signed_by="Primera Firma")
    second = publication.upload_authorization(
        rnd, cast.gt_focal_point, uploaded=signed_pdf("nueva.pdf", pages=2), signed_by="Otra"
    )
    report = Report.objects.get(round=rnd)
    assert publication.current_authorization(report) == second
    assert list(report.authorizations.all()) == [second, first]
    event = RoundEvent.objects.filter(
        round=rnd, action="reports.publication.authorization_uploaded"
    ).first()
    assert event.data["replaces"] == 1
    assert event.data["pages"] == 2


def _upload(rnd, cast, uploaded):
    with pytest.raises(publication.PublicationError) as caught:
        publication.upload_authorization(
            rnd, cast.gt_focal_point, uploaded=uploaded, signed_by="Ana Ruiz"
        )
    assert Report.objects.get(round=rnd).authorizations.count() == 0
    return caught.value.message


def test_r5_4_a_non_pdf_authorization_is_refused_with_a_clear_message(cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    text = SimpleUploadedFile("autorizacion.pdf", b"Autorizamos la publicacion.", "application/pdf")
    assert _upload(rnd, cast, text) == (
        "This file is not a valid document of an accepted type (PDF)."
    )


def test_r5_4_a_file_that_only_starts_like_a_pdf_is_refused(cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    fake = SimpleUploadedFile("autorizacion.pdf", b"%PDF-1.7\nnot really a pdf at all")
    # Every upload's content check (ripso/uploads.py) refuses it before the letter's own check.
    assert _upload(rnd, cast, fake) == (
        "This file is not a valid document of an accepted type (PDF)."
    )


def test_r5_4_an_authorization_over_10_mb_is_refused(cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    big = SimpleUploadedFile("autorizacion.pdf", pdf_bytes() + b"%" * (10 * 1024 * 1024))
    # Just over 10 MB: rounded, both would read "10 MB", so both are given in bytes.
    assert _upload(rnd, cast, big) == (
        f"The file is too large ({big.size:,} bytes). The limit is 10,485,760 bytes (10\xa0MB)."
    )


def test_r5_4_a_pdf_with_a_wrong_name_is_refused(cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    assert _upload(rnd, cast, signed_pdf("autorizacion.docx")) == (
        "The file's content is PDF but its name ends in “.docx”. Rename it and try again."
    )


def test_r5_4_the_authorization_needs_the_signer(cast, make_round):
    rnd = approved_round(make_round)
    publication.choose_publication(rnd, cast.gt_focal_point, "public")
    with pytest.raises(publication.PublicationError) as caught:
        publication.upload_authorization(
            rnd, cast.gt_focal_point, uploaded=signed_pdf(), signed_by="  "
        )
    assert caught.value.message == "Give the name and position of the person who signed it."


def test_r5_4_the_authorization_follows_the_public_choice(cast, make_round):
    rnd = approved_round(make_round)
    with pytest.raises(publication.PublicationError) as caught:
        publication.upload_authorization(
            rnd, cast.gt_focal_point, uploaded=signed_pdf(), signed_by="Ana Ruiz"
        )
    assert caught.value.message == (
        "Choose to publish the report first; then upload the signed authorization."
    )


# --- The portal summary ------------------------------------------------------------------------
def test_the_secretariat_edits_the_portal_summary(cast, make_round):
    rnd = approved_round(make_round)
    old = Report.objects.get(round=rnd).summary
    publication.save_summary(rnd, cast.secretariat, summary="  Un resumen claro.  ", expected=old)
    assert Report.objects.get(round=rnd).summary == "Un resumen claro."


def test_a_stale_summary_never_overwrites_another_persons_text(cast, make_round):
    rnd = approved_round(make_round)
    old = Report.objects.get(round=rnd).summary
    publication.save_summary(rnd, cast.coordinator, summary="Texto de Daniel.", expected=old)
    with pytest.raises(publication.Conflict) as caught:
        publication.save_summary(rnd, cast.secretariat, summary="Texto de Elena.", expected=old)
    assert caught.value.current == "Texto de Daniel."
    assert Report.objects.get(round=rnd).summary == "Texto de Daniel."


def test_the_country_does_not_edit_the_portal_summary(cast, make_round):
    rnd = approved_round(make_round)
    with pytest.raises(NotAllowed):
        publication.save_summary(rnd, cast.gt_focal_point, summary="x", expected="")
