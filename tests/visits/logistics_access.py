"""The logistics rows of the access matrix (tests/test_access.py, AREAS): the logistics page of
Guatemala's round in preparation (its panel confirmed: Chile, Uruguay and two coordinators
travel; Mexico declined, so she is an outsider there), its items, files, the visibility choice
(R4.4) and the visit's planned first day. Decisions in docs/decisions-logistics.md."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access_table import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PDF,
    REDIRECT,
    PostCase,
    row,
)
from visits.logistics_models import (
    Arrangement,
    ArrangementAttachment,
    ArrangementKind,
    ArrangementStatus,
    RoundLogistics,
    Visibility,
)

STATE = "preparation"


def snapshot():
    return {
        "arrangements": list(
            Arrangement.objects.order_by("pk").values_list("pk", "status", "version")
        ),
        "attachments": ArrangementAttachment.objects.count(),
        "sheets": list(
            RoundLogistics.objects.order_by("pk").values_list(
                "pk", "visibility", "planned_start", "version"
            )
        ),
    }


def _item(rnd, w, kind, traveller="expert_cl"):
    traveller = getattr(w.cast, traveller) if traveller else None
    return Arrangement.objects.get(round=rnd, kind=kind, traveller=traveller)


def _attach(item, w):
    attachment = ArrangementAttachment(
        arrangement=item,
        original_name="boleto.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=w.cast.secretariat,
    )
    attachment.file.save("upload", ContentFile(PDF), save=False)
    attachment.save()
    return attachment


# --- GET ------------------------------------------------------------------------------------------
def page_kwargs(w, role):
    return {"code": w.rounds[STATE].code}


def item_kwargs(w, role):
    rnd = w.rounds[STATE]
    return {"code": rnd.code, "pk": _item(rnd, w, ArrangementKind.FLIGHTS).pk}


def _file_kwargs(kind):
    def build(w, role):
        rnd = w.rounds[STATE]
        item = _item(rnd, w, kind)
        return {"code": rnd.code, "pk": item.pk, "attachment_pk": _attach(item, w).pk}

    return build


# fmt: off
#                    anon   S          C          F          T          E          I          O-F        O-T        O-E        former
_PAGE = row(         LOGIN, OK,        OK,        OK,        OK,        OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_POST_ONLY = row(    LOGIN, *[NOT_ALLOWED] * 9, LOGIN)
EXPECTED = {
    # S, C, F, T and E see the page (each their part of it); outsiders 404.
    "visits:logistics": _PAGE,
    # Chile's e-ticket: the secretariat, the focal point (international items, R3.5) and Chile
    # herself; the team does not see international items and gets 404 as for anything hidden.
    "visits:logistics_file": row(
                     LOGIN, OK,        OK,        OK,        NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # Chile's per diem: the secretariat and Chile only (not the country).
    "visits:logistics_file#per_diem": row(
                     LOGIN, OK,        OK,        NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    "visits:logistics_item": _POST_ONLY,
    "visits:logistics_attach": _POST_ONLY,
    "visits:logistics_file_remove": _POST_ONLY,
    "visits:logistics_add": _POST_ONLY,
    "visits:logistics_visibility": _POST_ONLY,
    "visits:logistics_dates": _POST_ONLY,
    # The table (issue 11, item 12): each sees there what the list shows them.
    "visits:logistics_table": _PAGE,
    "visits:logistics_table_save": _POST_ONLY,
    "visits:logistics_bulk": _POST_ONLY,
}
# fmt: on

KWARGS = {
    "visits:logistics": page_kwargs,
    "visits:logistics_file": _file_kwargs(ArrangementKind.FLIGHTS),
    "visits:logistics_file#per_diem": _file_kwargs(ArrangementKind.PER_DIEM),
    "visits:logistics_item": item_kwargs,
    "visits:logistics_attach": item_kwargs,
    "visits:logistics_file_remove": _file_kwargs(ArrangementKind.FLIGHTS),
    "visits:logistics_add": page_kwargs,
    "visits:logistics_visibility": page_kwargs,
    "visits:logistics_dates": page_kwargs,
    "visits:logistics_table": page_kwargs,
    "visits:logistics_table_save": page_kwargs,
    "visits:logistics_bulk": page_kwargs,
}


# --- POST -----------------------------------------------------------------------------------------
def _on_item(kind, traveller="expert_cl"):
    def build(w, rnd):
        return {"code": rnd.code, "pk": _item(rnd, w, kind, traveller).pk}

    return build


def _code(w, rnd):
    return {"code": rnd.code}


def _on_file(w, rnd):
    item = _item(rnd, w, ArrangementKind.FLIGHTS)
    return {"code": rnd.code, "pk": item.pk, "attachment_pk": _attach(item, w).pk}


def _update_data(kind, traveller="expert_cl"):
    def build(w, rnd):
        p = f"a{_item(rnd, w, kind, traveller).pk}-"
        return {
            p + "status": "confirmed",
            p + "notes": "Confirmado en la matriz",
            p + "version": "0",
        }

    return build


def _updated(kind, traveller="expert_cl"):
    def check(w, rnd, before, role):
        item = _item(rnd, w, kind, traveller)
        assert (item.status, item.notes, item.updated_by) == (
            ArrangementStatus.CONFIRMED, "Confirmado en la matriz", w.users[role]
        )  # fmt: skip

    return check


def _file_data(w, rnd):
    return {"file": SimpleUploadedFile("boleto.pdf", PDF, "application/pdf")}


def _file_added(w, rnd, before, role):
    item = _item(rnd, w, ArrangementKind.FLIGHTS)
    assert list(item.attachments.values_list("original_name", "uploaded_by")) == [
        ("boleto.pdf", w.users[role].pk)
    ]


def _file_removed(w, rnd, before, role):
    assert not _item(rnd, w, ArrangementKind.FLIGHTS).attachments.exists()


def _other_added(w, rnd, before, role):
    other = rnd.arrangements.get(kind=ArrangementKind.OTHER)
    assert (other.title, other.updated_by) == ("Catering", w.users[role])


def _visibility_data(w, rnd):
    return {"visibility": "low_profile", "visibility_notes": "Sin prensa", "version": "0"}


def _visibility_recorded(w, rnd, before, role):
    sheet = RoundLogistics.objects.get(round=rnd)
    assert (sheet.visibility, sheet.visibility_chosen_by) == (
        Visibility.LOW_PROFILE, w.users[role]
    )  # fmt: skip


def _dates_data(w, rnd):
    return {"planned_start": "2027-03-15", "version": "0"}


def _dates_set(w, rnd, before, role):
    assert str(RoundLogistics.objects.get(round=rnd).planned_start) == "2027-03-15"


def _seen(items):
    data = {}
    for i in items:
        data.update({f"v-{i.pk}": str(i.version), f"o-{i.pk}": i.status})
    return data


def _table_data(kind, traveller="expert_cl"):
    def build(w, rnd):
        i = _item(rnd, w, kind, traveller)
        return {**_seen([i]), f"s-{i.pk}": "confirmed"}

    return build


def _table_saved(kind, traveller="expert_cl"):
    def check(w, rnd, before, role):
        i = _item(rnd, w, kind, traveller)
        assert (i.status, i.updated_by) == (ArrangementStatus.CONFIRMED, w.users[role])

    return check


def _bulk_traveller_data(w, rnd):
    items = rnd.arrangements.filter(traveller=w.cast.expert_cl)
    return {"scope": f"traveller:{w.cast.expert_cl.pk}", **_seen(items)}


def _bulk_local_data(w, rnd):
    return {"scope": "local", **_seen(rnd.arrangements.filter(traveller=None))}


def _all_confirmed(**filters):
    def check(w, rnd, before, role):
        chile = filters.get("traveller") is True
        items = rnd.arrangements.filter(traveller=w.cast.expert_cl if chile else None)
        assert set(items.values_list("status", "updated_by")) == {
            (ArrangementStatus.CONFIRMED, w.users[role].pk)
        }

    return check


# fmt: off
#                          anon   S          C          F          T          E          I          O-F        O-T        O-E        former
_INTERNATIONAL = row(      LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_LOCAL = row(              LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  REDIRECT,  FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_FOCAL_POINT = row(        LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_STAFF_BULK = row(        LOGIN, REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
_STAFF_AND_FOCAL = row(    LOGIN, REDIRECT,  REDIRECT,  REDIRECT,  FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)
POST_EXPECTED = {
    # International items: the secretariat's (R3.5).
    "visits:logistics_item": PostCase(
        "visits:logistics_item", _INTERNATIONAL, STATE,
        kwargs=_on_item(ArrangementKind.FLIGHTS), data=_update_data(ArrangementKind.FLIGHTS),
        done=_updated(ArrangementKind.FLIGHTS)),
    # Local items: the country's (R3.5).
    "visits:logistics_item#local": PostCase(
        "visits:logistics_item", _LOCAL, STATE,
        kwargs=_on_item(ArrangementKind.HOTEL, None), data=_update_data(ArrangementKind.HOTEL, None),
        done=_updated(ArrangementKind.HOTEL, None)),
    "visits:logistics_attach": PostCase(
        "visits:logistics_attach", _INTERNATIONAL, STATE,
        kwargs=_on_item(ArrangementKind.FLIGHTS), data=_file_data, done=_file_added),
    "visits:logistics_file_remove": PostCase(
        "visits:logistics_file_remove", _INTERNATIONAL, STATE,
        kwargs=_on_file, done=_file_removed),
    "visits:logistics_add": PostCase(
        "visits:logistics_add", _LOCAL, STATE,
        kwargs=_code, data=lambda w, rnd: {"title": "Catering"}, done=_other_added),
    # R4.4: the visibility of the visit is the focal point's choice.
    "visits:logistics_visibility": PostCase(
        "visits:logistics_visibility", _FOCAL_POINT, STATE,
        kwargs=_code, data=_visibility_data, done=_visibility_recorded),
    "visits:logistics_dates": PostCase(
        "visits:logistics_dates", _STAFF_AND_FOCAL, STATE,
        kwargs=_code, data=_dates_data, done=_dates_set),
    # The table: a status changed in place follows the item's rules (the team does not see
    # international items: 404 as on the list).
    "visits:logistics_table_save": PostCase(
        "visits:logistics_table_save", _INTERNATIONAL, STATE,
        kwargs=_code, data=_table_data(ArrangementKind.FLIGHTS),
        done=_table_saved(ArrangementKind.FLIGHTS)),
    "visits:logistics_table_save#local": PostCase(
        "visits:logistics_table_save", _LOCAL, STATE,
        kwargs=_code, data=_table_data(ArrangementKind.HOTEL, None),
        done=_table_saved(ArrangementKind.HOTEL, None)),
    # "Confirm all" for Chile: the secretariat's; anyone else on the round 403.
    "visits:logistics_bulk": PostCase(
        "visits:logistics_bulk", _STAFF_BULK, STATE,
        kwargs=_code, data=_bulk_traveller_data, done=_all_confirmed(traveller=True)),
    # "Confirm all local arrangements": the country's.
    "visits:logistics_bulk#local": PostCase(
        "visits:logistics_bulk", _LOCAL, STATE,
        kwargs=_code, data=_bulk_local_data, done=_all_confirmed(traveller=None)),
}
# fmt: on
