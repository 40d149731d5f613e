"""The report's drafting and review rows of the access matrix (tests/test_access.py).

Every page is opened on Guatemala's round under country review (``w.rounds["country_review"]``:
the demo preparer wrote its report, v1 was sent; Chile and Uruguay sit on the panel with the
coordinator, Mexico declined). Pages and writes that need the drafting state first run the focal
point's ``request_changes`` on it, inside the test's savepoint. docs/access.md, report rows: drafts
S and C edit; experts edit their own contributions and read the rest; the country never sees
drafts, it reads the versions it received.
"""

from datetime import timedelta

from django.utils import timezone

from reports import services
from reports.models import (
    Contribution,
    Recommendation,
    Report,
    ReportSection,
    ReportVersion,
    ReviewComment,
)
from rounds.services import transition_round
from tests.access_table import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    PostCase,
    row,
)


def snapshot():
    """Everything a stray write on a report could change."""
    return {
        "reports": list(
            Report.objects.order_by("pk").values_list(
                "pk", "review_deadline", "credit_note_authors"
            )
        ),
        "sections": list(ReportSection.objects.order_by("pk").values_list("pk", "version", "body")),
        "contributions": list(
            Contribution.objects.order_by("pk").values_list("pk", "version", "submitted_at")
        ),
        "recommendations": list(
            Recommendation.objects.order_by("pk").values_list("pk", "position", "version")
        ),
        "versions": ReportVersion.objects.count(),
        "comments": list(ReviewComment.objects.order_by("pk").values_list("pk", "resolved_at")),
    }


def reviewed(w):
    return w.rounds["country_review"]


def back_to_drafting(w, rnd):
    """The focal point asked for changes: the report is being drafted again."""
    transition_round(rnd.pk, "request_changes", w.cast.gt_focal_point, comment="Revisar datos.")
    return rnd


def first_recommendation(rnd):
    return Report.objects.get(round=rnd).recommendations.order_by("position", "pk").first()


def chile_contribution(w, rnd):
    findings = Report.objects.get(round=rnd).sections.get(kind="findings")
    return Contribution.objects.get_or_create(
        section=findings, author=w.cast.expert_cl, defaults={"assigned_by": w.cast.secretariat}
    )[0]


# --- GET --------------------------------------------------------------------------------------
def code_kwargs(w, role):
    return {"code": reviewed(w).code}


def drafting_again_kwargs(w, role):
    return {"code": back_to_drafting(w, reviewed(w)).code}


def version_kwargs(w, role):
    return {"code": reviewed(w).code, "number": 1}


def rec_kwargs(w, role):
    rnd = reviewed(w)
    return {"code": rnd.code, "pk": first_recommendation(rnd).pk}


def rec_drafting_kwargs(w, role):
    rnd = back_to_drafting(w, reviewed(w))
    return {"code": rnd.code, "pk": first_recommendation(rnd).pk}


def section_kwargs(w, role):
    return {"code": reviewed(w).code, "kind": "findings"}


def contribution_kwargs(w, role):
    rnd = reviewed(w)
    return {"code": rnd.code, "pk": chile_contribution(w, rnd).pk}


def comment_kwargs(w, role):
    rnd = reviewed(w)
    version = Report.objects.get(round=rnd).versions.get(number=1)
    comment = services.add_comment(version, w.cast.gt_focal_point, "findings", "Faltan datos.")
    return {"code": rnd.code, "pk": comment.pk}


# fmt: off
#                 anon   S          C          F          T          E          I          O-F        O-T        O-E        former
POST_ONLY = row(  LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN)
DRAFTERS = row(   LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
EDITORS = row(    LOGIN, OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
NOBODY_NOW = row( LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
READERS = row(    LOGIN, OK,        OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
SENT_ON = row(    LOGIN, REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)

EXPECTED = {
    # The round's report: S, C and E are sent to the drafting page, F and T to the version
    # they received.
    "reports:report": SENT_ON,
    # The working draft: S, C and E (experts read it and write their own contributions); the
    # country never sees it (403), nor anyone off the round (404).
    "reports:drafting": DRAFTERS,
    "reports:drafting#after_changes_requested": DRAFTERS,
    "reports:start": POST_ONLY,
    "reports:section_save": POST_ONLY,
    "reports:assign": POST_ONLY,
    "reports:contribution_save": POST_ONLY,
    "reports:contribution_adopt": POST_ONLY,
    "reports:contribution_remove": POST_ONLY,
    "reports:recommendation_add": POST_ONLY,
    # Editing a recommendation: nobody while the country reviews; S and C while drafting.
    "reports:recommendation_edit": NOBODY_NOW,
    "reports:recommendation_edit#drafting": EDITORS,
    "reports:recommendation_move": POST_ONLY,
    "reports:recommendation_delete": POST_ONLY,
    "reports:review_deadline": POST_ONLY,
    "reports:note_credit": POST_ONLY,
    # Versions sent to the country: S, C, E and the country read them.
    "reports:versions": READERS,
    "reports:version": READERS,
    # Without two versions chosen, the comparison sends back to the list.
    "reports:compare": SENT_ON,
    "reports:comment_add": POST_ONLY,
    "reports:comment_resolve": POST_ONLY,
}

KWARGS = {
    "reports:report": code_kwargs,
    "reports:drafting": code_kwargs,
    "reports:drafting#after_changes_requested": drafting_again_kwargs,
    "reports:start": code_kwargs,
    "reports:section_save": section_kwargs,
    "reports:assign": section_kwargs,
    "reports:contribution_save": contribution_kwargs,
    "reports:contribution_adopt": contribution_kwargs,
    "reports:contribution_remove": contribution_kwargs,
    "reports:recommendation_add": code_kwargs,
    "reports:recommendation_edit": rec_kwargs,
    "reports:recommendation_edit#drafting": rec_drafting_kwargs,
    "reports:recommendation_move": rec_kwargs,
    "reports:recommendation_delete": rec_kwargs,
    "reports:review_deadline": code_kwargs,
    "reports:note_credit": code_kwargs,
    "reports:versions": code_kwargs,
    "reports:version": version_kwargs,
    "reports:compare": code_kwargs,
    "reports:comment_add": version_kwargs,
    "reports:comment_resolve": comment_kwargs,
}


# --- POST -------------------------------------------------------------------------------------
def on_drafting(w, rnd):
    return {"code": back_to_drafting(w, rnd).code}


def on_drafting_section(w, rnd):
    return {"code": back_to_drafting(w, rnd).code, "kind": "cooperation"}


def on_drafting_contribution(w, rnd):
    back_to_drafting(w, rnd)
    contribution = chile_contribution(w, rnd)
    services.save_contribution(contribution, w.cast.expert_cl, "<p>Aporte de Chile.</p>", 0)
    return {"code": rnd.code, "pk": contribution.pk}


def on_drafting_recommendation(w, rnd):
    back_to_drafting(w, rnd)
    return {"code": rnd.code, "pk": first_recommendation(rnd).pk}


def on_version(w, rnd):
    return {"code": rnd.code, "number": 1}


def on_comment(w, rnd):
    version = Report.objects.get(round=rnd).versions.get(number=1)
    comment = services.add_comment(version, w.cast.gt_focal_point, "findings", "Faltan datos.")
    return {"code": rnd.code, "pk": comment.pk}


def _report(rnd):
    return Report.objects.get(round=rnd)


def started(w, rnd, before, role):
    assert Report.objects.filter(round=rnd).count() == 1


def section_saved(w, rnd, before, role):
    s = _report(rnd).sections.get(kind="cooperation")
    assert (s.body, s.updated_by) == ("<p>Nueva cooperación.</p>", w.users[role])


def assigned(w, rnd, before, role):
    c = Contribution.objects.get(
        section__report__round=rnd, section__kind="cooperation", author=w.cast.expert_uy
    )
    assert c.assigned_by == w.users[role]


def contributed(w, rnd, before, role):
    c = Contribution.objects.get(section__report__round=rnd, author=w.cast.expert_cl)
    assert c.body == "<p>Mi aporte revisado.</p>"


def adopted(w, rnd, before, role):
    s = _report(rnd).sections.get(kind="findings")
    assert s.body.endswith("<p>Aporte de Chile.</p>") and s.updated_by == w.users[role]


def removed(w, rnd, before, role):
    assert not Contribution.objects.filter(
        section__report__round=rnd, section__kind="findings", author=w.cast.expert_cl
    ).exists()


def rec_added(w, rnd, before, role):
    assert _report(rnd).recommendations.order_by("-position").first().text == "Nueva recomendación."


def rec_edited(w, rnd, before, role):
    assert first_recommendation(rnd).text == "Recomendación editada."


def rec_moved(w, rnd, before, role):
    second = _report(rnd).recommendations.order_by("position", "pk")[1]
    assert second.text.startswith("Actualizar el registro social")


def rec_deleted(w, rnd, before, role):
    assert _report(rnd).recommendations.count() == 5


def _deadline():
    """A month ahead: deadlines lie between yesterday and five years ahead (ripso/dates.py)."""
    return timezone.localdate() + timedelta(days=30)


def deadline_set(w, rnd, before, role):
    assert timezone.localtime(_report(rnd).review_deadline).date() == _deadline()


def credited(w, rnd, before, role):
    assert _report(rnd).credit_note_authors is True


def commented(w, rnd, before, role):
    comment = ReviewComment.objects.get(version__report__round=rnd)
    assert (comment.author, comment.text) == (w.users[role], "Revisar la tabla.")


def resolved(w, rnd, before, role):
    comment = ReviewComment.objects.get(version__report__round=rnd)
    assert comment.resolved_by == w.users[role]


#                        anon   S          C          F          T          E          I          O-F        O-T        O-E        former
S_AND_C = row(           LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
CHILE_ONLY = row(        LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
THE_COUNTRY = row(       LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  REDIRECT,  FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
STATE = "country_review"

POST_EXPECTED = {
    "reports:start": PostCase("reports:start", S_AND_C, STATE, kwargs=on_drafting, done=started),
    "reports:section_save": PostCase(
        "reports:section_save", S_AND_C, STATE, kwargs=on_drafting_section,
        data=lambda w, rnd: {"body": "<p onclick='x()'>Nueva cooperación.</p>", "version": "1"},
        done=section_saved),
    "reports:assign": PostCase(
        "reports:assign", S_AND_C, STATE, kwargs=on_drafting_section,
        data=lambda w, rnd: {"author": str(w.cast.expert_uy.pk)}, done=assigned),
    # Each expert writes only their own contribution (the coordinator sits on the panel too).
    "reports:contribution_save": PostCase(
        "reports:contribution_save", CHILE_ONLY, STATE, kwargs=on_drafting_contribution,
        data=lambda w, rnd: {"body": "<p>Mi aporte revisado.</p>", "version": "1"},
        done=contributed),
    "reports:contribution_adopt": PostCase(
        "reports:contribution_adopt", S_AND_C, STATE, kwargs=on_drafting_contribution,
        done=adopted),
    "reports:contribution_remove": PostCase(
        "reports:contribution_remove", S_AND_C, STATE, kwargs=on_drafting_contribution,
        done=removed),
    "reports:recommendation_add": PostCase(
        "reports:recommendation_add", S_AND_C, STATE, kwargs=on_drafting,
        data=lambda w, rnd: {"text": "Nueva recomendación.", "priority": "high",
                             "horizon": "short", "version": "0"},
        done=rec_added),
    "reports:recommendation_edit": PostCase(
        "reports:recommendation_edit", S_AND_C, STATE, kwargs=on_drafting_recommendation,
        data=lambda w, rnd: {"text": "Recomendación editada.", "priority": "high",
                             "horizon": "short", "version": "1"},
        done=rec_edited),
    "reports:recommendation_move": PostCase(
        "reports:recommendation_move", S_AND_C, STATE, kwargs=on_drafting_recommendation,
        data=lambda w, rnd: {"direction": "down"}, done=rec_moved),
    "reports:recommendation_delete": PostCase(
        "reports:recommendation_delete", S_AND_C, STATE, kwargs=on_drafting_recommendation,
        done=rec_deleted),
    # While the country reviews, the secretariat may still move the review deadline.
    "reports:review_deadline": PostCase(
        "reports:review_deadline", S_AND_C, STATE, kwargs=lambda w, rnd: {"code": rnd.code},
        data=lambda w, rnd: {"deadline": _deadline().isoformat()}, done=deadline_set),
    # Naming the authors of the visit notes: S and C, while the report is drafted.
    "reports:note_credit": PostCase(
        "reports:note_credit", S_AND_C, STATE, kwargs=on_drafting,
        data=lambda w, rnd: {"credit": "on"}, done=credited),
    "reports:comment_add": PostCase(
        "reports:comment_add", THE_COUNTRY, STATE, kwargs=on_version,
        data=lambda w, rnd: {"section_kind": "findings", "text": "Revisar la tabla."},
        done=commented),
    "reports:comment_resolve": PostCase(
        "reports:comment_resolve", S_AND_C, STATE, kwargs=on_comment,
        data=lambda w, rnd: {"resolved": "1"}, done=resolved),
}
# fmt: on
