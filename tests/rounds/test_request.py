"""Phase 1 — the formal request (R1.1–R1.7): the form, its limits, submission and review."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Country
from rounds.enums import InitiativeKind, InitiativeStage, Methodology, RoundState
from rounds.models import ReferenceDocument, RequestSubmission, Round, RoundEvent, Topic
from rounds.request_services import add_document, set_countries_of_interest
from rounds.services import Blocked, RoundError, StateChanged, create_round, transition_round
from rounds.snapshots import diff_submissions

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"


def docx_bytes(payload=b"<w:document/>"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", payload)
    return buffer.getvalue()


def zip_bomb_docx():
    """A 'DOCX' whose document.xml unpacks to 300 MB of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                handle.write(chunk)
    return buffer.getvalue()


def form_data(**overrides):
    topic = Topic.objects.filter(methodology=Methodology.RIPSO).first()
    data = {
        "title": "Programa Bono Social Rural",
        "initiative_kind": InitiativeKind.PROGRAM,
        "stage": InitiativeStage.REFORM,
        "description": "Transferencias condicionadas para hogares rurales.",
        "topics": [str(topic.pk)],
        "goal": "Recomendaciones para rediseñar la focalización.",
        "expected_results": "Una hoja de ruta de reforma del registro.",
        "contact_name": "Lucía Morales",
        "contact_position": "Directora de Cooperación",
        "contact_email": "lucia.morales@example.org",
        "contact_phone": "+502 2201 0101",
        "coi-TOTAL_FORMS": "2",
        "coi-INITIAL_FORMS": "0",
        "coi-MIN_NUM_FORMS": "2",
        "coi-MAX_NUM_FORMS": "2",
        "coi-0-country": "",
        "coi-0-note": "",
        "coi-1-country": "",
        "coi-1-note": "",
        "doc-title": "",
        "doc-kind": "",
        "doc-url": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def chile(cast):
    return Country.objects.get_or_create(
        code="CL",
        defaults={"name_es": "Chile", "name_en": "Chile", "name_pt": "Chile", "name_fr": "Chili"},
    )[0]


@pytest.fixture
def uruguay(cast):
    return Country.objects.get_or_create(
        code="UY",
        defaults={
            "name_es": "Uruguay",
            "name_en": "Uruguay",
            "name_pt": "Uruguai",
            "name_fr": "Uruguay",
        },
    )[0]


@pytest.fixture(autouse=True)
def _english_interface(cast):
    """Assertions below read English messages; Spanish is covered by the translation tests."""
    for user in (cast.gt_focal_point, cast.gt_team_member, cast.secretariat, cast.coordinator):
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])


@pytest.fixture
def draft(cast):
    return create_round(creator=cast.gt_focal_point, institution=cast.mides, title="Bono Rural")


def edit_url(rnd):
    return reverse("rounds:request_edit", args=[rnd.code])


# --- R1.1 / R1.2 ---------------------------------------------------------------------------
def test_r1_1_focal_point_opens_a_request_from_the_web_form(client, cast):
    client.force_login(cast.gt_focal_point)
    response = client.post(reverse("rounds:request_create"), form_data())
    rnd = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(rnd)
    assert rnd.status == RoundState.DRAFT
    assert rnd.institution == cast.mides
    assert rnd.country.code == "GT"
    assert rnd.stage == InitiativeStage.REFORM
    assert rnd.topics.count() == 1


def test_r1_2_submit_lists_exactly_what_is_missing(cast, draft):
    with pytest.raises(Blocked) as refused:
        transition_round(draft.pk, "submit", cast.gt_focal_point)
    details = refused.value.details
    assert any("Describe the initiative" in d for d in details)
    assert any("goal of the cooperation" in d for d in details)
    assert any("topic" in d for d in details)
    draft.refresh_from_db()
    assert draft.status == RoundState.DRAFT
    assert RequestSubmission.objects.count() == 0


def test_r1_2_contact_is_prefilled_from_the_focal_point(cast, draft):
    assert draft.contact_name == cast.gt_focal_point.full_name
    assert draft.contact_email == cast.gt_focal_point.email


def test_r1_2_draft_keeps_valid_fields_when_another_is_invalid(client, cast, draft):
    client.force_login(cast.gt_focal_point)
    response = client.post(
        edit_url(draft), form_data(contact_email="not-an-address", goal="Nueva meta")
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.goal == "Nueva meta"  # saved although another field was wrong
    assert draft.contact_email == cast.gt_focal_point.email  # the wrong value is not saved…
    assert b'value="not-an-address"' in response.content  # …but it is still on the screen


# --- R1.3 ------------------------------------------------------------------------------------
def test_r1_3_at_most_two_countries_of_interest(cast, draft, chile, uruguay):
    peru = Country.objects.get_or_create(
        code="PE",
        defaults={"name_es": "Perú", "name_en": "Peru", "name_pt": "Peru", "name_fr": "Pérou"},
    )[0]
    with pytest.raises(RoundError) as refused:
        set_countries_of_interest(
            draft, cast.gt_focal_point, [(chile, ""), (uruguay, ""), (peru, "")]
        )
    assert "at most two" in refused.value.message
    assert draft.countries_of_interest.count() == 0


def test_r1_3_a_third_country_posted_to_the_form_is_refused_and_the_rest_kept(
    client, cast, draft, chile, uruguay
):
    client.force_login(cast.gt_focal_point)
    data = form_data(
        **{
            "coi-TOTAL_FORMS": "3",
            "coi-0-country": str(chile.pk),
            "coi-1-country": str(uruguay.pk),
            "coi-2-country": str(chile.pk),
            "goal": "Meta guardada",
        }
    )
    response = client.post(edit_url(draft), data)
    assert response.status_code == 200
    assert draft.countries_of_interest.count() == 0
    draft.refresh_from_db()
    assert draft.goal == "Meta guardada"


def test_r1_3_own_country_cannot_be_a_country_of_interest(cast, draft):
    with pytest.raises(RoundError) as refused:
        set_countries_of_interest(draft, cast.gt_focal_point, [(draft.country, "")])
    assert "own country" in refused.value.message


def test_r1_3_two_countries_with_notes_are_saved(client, cast, draft, chile, uruguay):
    client.force_login(cast.gt_focal_point)
    data = form_data(
        **{
            "coi-0-country": str(chile.pk),
            "coi-0-note": "Registro Social de Hogares",
            "coi-1-country": str(uruguay.pk),
        }
    )
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    assert [(c.country.code, c.note) for c in draft.countries_of_interest.all()] == [
        ("CL", "Registro Social de Hogares"),
        ("UY", ""),
    ]


# --- R1.4 ------------------------------------------------------------------------------------
def test_r1_4_at_most_four_reference_documents(cast, draft):
    for i in range(4):
        add_document(
            draft,
            cast.gt_focal_point,
            title=f"Doc {i}",
            kind="website",
            url=f"https://example.org/{i}",
        )
    with pytest.raises(RoundError) as refused:
        add_document(
            draft, cast.gt_focal_point, title="Fifth", kind="other", url="https://example.org/5"
        )
    assert "at most four" in refused.value.message
    assert draft.documents.count() == 4


def post_document(client, rnd, upload=None, **fields):
    data = form_data(**{"doc-title": "Informe", "doc-kind": "report", **fields})
    if upload is not None:
        data["doc-file"] = upload
    return client.post(edit_url(rnd), data)


def test_r1_4_pdf_and_docx_uploads_are_accepted_and_downloadable(client, cast, draft):
    client.force_login(cast.gt_focal_point)
    post_document(client, draft, SimpleUploadedFile("informe.pdf", PDF, "application/pdf"))
    post_document(
        client, draft, SimpleUploadedFile("marco.docx", docx_bytes(), "application/octet-stream")
    )
    docs = list(draft.documents.all())
    assert [(d.original_name, d.size) for d in docs] == [
        ("informe.pdf", len(PDF)),
        ("marco.docx", len(docx_bytes())),
    ]
    response = client.get(docs[0].get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programa.pdf", b"MZ\x90\x00 this is a windows executable", "not a valid document"),
        ("bomba.docx", None, "expands to far more data"),
        ("informe.docx", PDF, "its name ends in"),
        # A polyglot: starts like a PDF, is an HTML page (issue 12, item 8).
        (
            "informe.pdf",
            b"%PDF-1.7\n<html><script>alert(1)</script></html>",
            "not a valid document",
        ),
    ],
)
def test_r1_4_bad_files_are_refused_beside_the_field_and_the_rest_kept(
    client, cast, draft, name, content, message
):
    client.force_login(cast.gt_focal_point)
    content = zip_bomb_docx() if content is None else content
    upload = SimpleUploadedFile("placeholder", content, "application/pdf")
    upload.name = name  # what a crafted request can send
    response = post_document(client, draft, upload, goal="Meta conservada")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert draft.documents.count() == 0
    draft.refresh_from_db()
    assert draft.goal == "Meta conservada"


def test_r1_4_file_over_the_limit_is_refused(client, cast, draft, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    client.force_login(cast.gt_focal_point)
    upload = SimpleUploadedFile("grande.pdf", PDF + b"0" * 2000, "application/pdf")
    response = post_document(client, draft, upload)
    assert "too large" in response.content.decode()
    assert draft.documents.count() == 0


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file.pdf", "file:///etc/passwd"]
)
def test_r1_4_links_must_be_http_or_https(client, cast, draft, url):
    client.force_login(cast.gt_focal_point)
    response = post_document(client, draft, **{"doc-url": url})
    assert "Only web links starting with http:// or https://" in response.content.decode()
    assert draft.documents.count() == 0


def test_r1_4_documents_of_a_request_are_404_for_other_countries_experts_and_anonymous(
    client, cast, draft
):
    doc = add_document(
        draft,
        cast.gt_focal_point,
        title="Informe",
        kind="report",
        uploaded=SimpleUploadedFile("informe.pdf", PDF, "application/pdf"),
    )
    url = doc.get_download_url()
    for user in (cast.hn_focal_point, cast.hn_team_member, cast.expert_cl):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(cast.gt_team_member)
    assert client.get(url).status_code == 200


def test_r1_4_a_path_in_a_file_name_is_refused_by_the_check_and_never_reaches_storage(
    client, cast, draft
):
    """Django's upload parser already drops folder paths from names sent over HTTP; the check
    refuses them for any other caller, and stored names are random either way."""
    from django.core.exceptions import ValidationError

    from ripso.uploads import clean_filename

    with pytest.raises(ValidationError) as refused:
        clean_filename("../../etc/informe.pdf")
    assert "must not contain a folder path" in refused.value.messages[0]
    client.force_login(cast.gt_focal_point)
    upload = SimpleUploadedFile("../../etc/informe.pdf", PDF, "application/pdf")
    post_document(client, draft, upload)
    doc = draft.documents.get()
    assert doc.original_name == "informe.pdf"
    assert ".." not in doc.file.name
    assert doc.file.name.startswith(f"requests/{draft.pk}/")


# --- R1.5 ------------------------------------------------------------------------------------
def test_r1_5_implementation_stage_warns_but_does_not_block(client, cast, draft):
    client.force_login(cast.gt_focal_point)
    client.post(edit_url(draft), form_data(stage=InitiativeStage.IMPLEMENTATION))
    response = client.get(edit_url(draft))
    assert (
        "most useful while an initiative is being designed or reformed" in response.content.decode()
    )
    rnd = transition_round(draft.pk, "submit", cast.gt_focal_point)
    assert rnd.status == RoundState.SUBMITTED


# --- R1.6 ------------------------------------------------------------------------------------
def complete(client, cast, rnd):
    client.force_login(cast.gt_focal_point)
    response = client.post(edit_url(rnd), form_data())
    assert response.status_code == 302


def test_r1_6_return_edit_resubmit_shows_what_changed(client, cast, draft):
    complete(client, cast, draft)
    transition_round(draft.pk, "submit", cast.gt_focal_point)
    transition_round(
        draft.pk, "return_for_changes", cast.secretariat, comment="Precise el objetivo."
    )
    client.force_login(cast.gt_focal_point)
    page = client.get(edit_url(draft)).content.decode()
    assert "Precise el objetivo." in page  # the comment beside the form
    client.post(edit_url(draft), form_data(goal="Recomendaciones para rediseñar el registro."))
    transition_round(draft.pk, "submit", cast.gt_focal_point)
    assert list(draft.submissions.values_list("number", flat=True)) == [1, 2]
    client.force_login(cast.secretariat)
    response = client.get(reverse("rounds:request_changes", args=[draft.code]))
    html = response.content.decode()
    assert "<del>la focalización.</del> <ins>el registro.</ins>" in html


def test_r1_6_diff_lists_documents_added_and_removed():
    old = {"documents": [{"title": "A", "file": "a.pdf", "url": "", "kind": "report", "size": 1}]}
    new = {
        "documents": [
            {"title": "B", "file": "", "url": "https://example.org", "kind": "website", "size": 0}
        ]
    }
    changes = dict(diff_submissions(old, new))
    assert changes["documents"] == "<del>A (a.pdf)</del><br><ins>B (https://example.org)</ins>"


def test_r1_6_accept_as_ripso_with_coordinators(client, cast, draft):
    complete(client, cast, draft)
    transition_round(draft.pk, "submit", cast.gt_focal_point)
    client.force_login(cast.secretariat)
    url = reverse("rounds:transition", args=[draft.code, "accept"])
    response = client.post(
        url, {"methodology": Methodology.RIPSO, "coordinators": [cast.coordinator.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RoundState.PANEL_FORMING
    assert draft.methodology == Methodology.RIPSO
    assert list(draft.coordinators.all()) == [cast.coordinator]


def test_r1_6_decline_needs_a_reason_and_keeps_nothing_half_saved(client, cast, draft):
    complete(client, cast, draft)
    transition_round(draft.pk, "submit", cast.gt_focal_point)
    events_before = RoundEvent.objects.count()
    client.force_login(cast.secretariat)
    response = client.post(
        reverse("rounds:transition", args=[draft.code, "decline"]), {"comment": ""}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == RoundState.SUBMITTED
    assert RoundEvent.objects.count() == events_before


def test_r1_6_two_secretariat_decisions_on_the_same_request_one_wins(client, cast, draft):
    complete(client, cast, draft)
    transition_round(draft.pk, "submit", cast.gt_focal_point)
    transition_round(draft.pk, "decline", cast.secretariat, comment="Fuera de alcance.")
    with pytest.raises(StateChanged):
        transition_round(draft.pk, "accept", cast.coordinator, methodology=Methodology.RIPSO)
    # Through the page: the second person is told what happened.
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("rounds:transition", args=[draft.code, "return_for_changes"]),
        {"comment": "Agregue documentos."},
        follow=True,
    )
    assert "no longer possible" in response.content.decode()
    assert draft.events.filter(to_state=RoundState.RETURNED).count() == 0


def test_r1_6_focal_point_may_withdraw(cast, draft):
    rnd = transition_round(draft.pk, "withdraw", cast.gt_focal_point)
    assert rnd.status == RoundState.WITHDRAWN


# --- R1.7 ------------------------------------------------------------------------------------
def test_r1_7_confirmation_page_and_email_say_voluntary_and_non_binding(
    client, cast, draft, django_capture_on_commit_callbacks
):
    complete(client, cast, draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rounds:transition", args=[draft.code, "submit"]), follow=True
        )
    assert response.redirect_chain[-1][0] == reverse("rounds:request_submitted", args=[draft.code])
    page = response.content.decode()
    assert "voluntaria" in page or "voluntary" in page
    focal_mail = [m for m in mail.outbox if m.to == [cast.gt_focal_point.email]]
    assert len(focal_mail) == 1
    body = focal_mail[0].body.lower()
    assert "voluntar" in body
    assert "vinculantes" in body or "non-binding" in body or "not binding" in body


# --- Access ----------------------------------------------------------------------------------
def test_request_pages_are_404_for_other_countries_and_experts(client, cast, draft):
    for user in (cast.hn_focal_point, cast.hn_team_member, cast.expert_cl, cast.expert_mx):
        client.force_login(user)
        assert client.get(edit_url(draft)).status_code == 404
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_team_member_may_edit_the_request_but_not_submit(client, cast, draft):
    client.force_login(cast.gt_team_member)
    response = client.post(edit_url(draft), form_data(goal="Meta del equipo"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.goal == "Meta del equipo"
    response = client.post(reverse("rounds:transition", args=[draft.code, "submit"]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == RoundState.DRAFT


def test_secretariat_queue_lists_submitted_requests_oldest_first(client, cast, make_round):
    first = make_round("submitted", title="Primera")
    second = make_round("submitted", title="Segunda")
    make_round("draft", title="Borrador")
    client.force_login(cast.secretariat)
    response = client.get(reverse("rounds:request_queue"))
    assert [r.code for r in response.context["page"].object_list] == [first.code, second.code]
    client.force_login(cast.gt_focal_point)
    assert client.get(reverse("rounds:request_queue")).status_code == 404


def test_removing_a_document_deletes_it_and_logs_it(client, cast, draft):
    doc = add_document(
        draft, cast.gt_focal_point, title="Sitio", kind="website", url="https://example.org"
    )
    client.force_login(cast.gt_focal_point)
    response = client.post(reverse("rounds:document_remove", args=[draft.code, doc.pk]))
    assert response.status_code == 302
    assert ReferenceDocument.objects.count() == 0
    assert draft.events.filter(action="rounds.request.document_removed").count() == 1


def test_autosave_while_typing_keeps_valid_fields_without_a_click(client, cast, draft):
    """htmx posts the form a few seconds after typing stops; nothing typed is lost."""
    client.force_login(cast.gt_focal_point)
    response = client.post(
        edit_url(draft), form_data(goal="Escrito sin pulsar Guardar"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "All changes saved at" in response.content.decode()
    draft.refresh_from_db()
    assert draft.goal == "Escrito sin pulsar Guardar"
    response = client.post(
        edit_url(draft), form_data(contact_email="roto", goal="Otra meta"), HTTP_HX_REQUEST="true"
    )
    assert "except the fields marked in red" in response.content.decode()
    draft.refresh_from_db()
    assert draft.goal == "Otra meta"
