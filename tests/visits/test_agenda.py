"""The agenda of the visit (R3.4, R4.1, R4.2) through its services and the schedule_visit guard."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone, translation

from notifications.models import OutgoingMessage
from rounds.demo import run_preparers
from rounds.models import RoundEvent
from rounds.services import RoundError, transition_round
from visits import agenda_services as services
from visits.agenda_models import AgendaItem, AgendaVersion, Visit
from visits.demo_agenda import final_agenda
from visits.guards_agenda import final_agenda_released_and_valid

from .agenda_builders import COMPLETE, START, add, complete_agenda, released_final, set_dates


def agenda_blockers(rnd):
    """What the agenda's own guard of schedule_visit says (logistics and questionnaires have
    theirs)."""
    return [str(m) for m in final_agenda_released_and_valid(rnd)]


@pytest.fixture
def rnd(make_round):
    """Guatemala's round in preparation (the panel is confirmed)."""
    return make_round("preparation")


@pytest.fixture
def visit(rnd):
    return services.visit_of(rnd)


# --- R4.1: 3 to 5 days ----------------------------------------------------------------------
def test_r4_1_visit_of_six_days_is_refused(cast, visit):
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        set_dates(visit, cast.gt_focal_point, days=6)
    assert (
        exc.value.message == "A visit lasts 3 to 5 days in the country (R4.1); these dates make 6."
    )
    visit.refresh_from_db()
    assert (visit.start_date, visit.end_date, visit.version) == (None, None, 0)


def test_r4_1_visit_of_two_days_is_refused(cast, visit):
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        set_dates(visit, cast.gt_focal_point, days=2)
    assert exc.value.field == "end_date"
    assert "these dates make 2" in exc.value.message


@pytest.mark.parametrize("days", [3, 5])
def test_r4_1_visit_of_three_to_five_days_is_accepted(cast, visit, days):
    saved = set_dates(visit, cast.gt_focal_point, days=days)
    assert (saved.start_date, saved.end_date) == (START, START + timedelta(days=days - 1))
    assert len(saved.days) == days
    assert saved.version == 1
    assert RoundEvent.objects.filter(action="visits.visit.details_changed").count() == 1


def test_r4_1_the_last_day_before_the_first_is_refused(cast, visit):
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        services.update_visit(
            visit, cast.gt_focal_point, start_date=START, end_date=START - timedelta(days=1),
            expected_version=0,
        )  # fmt: skip
    assert exc.value.message == "The last day cannot be before the first day."


def test_r4_1_new_dates_cannot_leave_items_outside(cast, visit):
    visit = set_dates(visit, cast.gt_focal_point, days=5)
    add(visit, cast.gt_focal_point, 4, "09:00", "10:00", "working", "Mesa del viernes")
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        set_dates(visit, cast.gt_focal_point, days=3)
    assert exc.value.message.startswith("Move or delete the items outside the new dates first:")
    assert "Mesa del viernes" in exc.value.message


def test_r4_1_item_outside_the_visit_dates_is_refused(cast, visit):
    visit = set_dates(visit, cast.gt_focal_point)
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        services.add_item(
            visit, cast.gt_focal_point, day=START + timedelta(days=4), start_time=time(9),
            end_time=time(10), type="working", title="Fuera de fechas",
        )  # fmt: skip
    assert exc.value.field == "day"
    assert exc.value.message == (
        "The visit runs from Mon 4 May to Thu 7 May: choose a day within it."
    )
    assert not AgendaItem.objects.exists()


def test_agenda_item_must_end_after_it_starts(cast, visit):
    visit = set_dates(visit, cast.gt_focal_point)
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        add(visit, cast.gt_focal_point, 0, "10:00", "10:00", "working", "Sin duración")
    assert (exc.value.field, exc.value.message) == (
        "end_time",
        "The item must end after it starts.",
    )


def test_items_need_the_dates_of_the_visit_first(cast, visit):
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        services.add_item(
            visit, cast.gt_focal_point, day=START, start_time=time(9), end_time=time(10),
            type="working", title="Sin fechas",
        )  # fmt: skip
    assert exc.value.message == "Set the dates of the visit before adding items."


def test_visit_gets_the_capital_time_zone_of_its_country(visit):
    assert visit.timezone == "America/Guatemala"


def test_concurrent_edit_of_the_visit_details_is_caught(cast, visit):
    set_dates(visit, cast.gt_focal_point)
    with pytest.raises(services.Conflict):
        services.update_visit(
            visit, cast.secretariat, start_date=START, end_date=START + timedelta(days=2),
            expected_version=0,
        )  # fmt: skip
    assert Visit.objects.get(pk=visit.pk).end_date == START + timedelta(days=3)


# --- R4.1 who sets it (docs/access.md: S, C and F edit; T and the panel read) ---------------------
def test_r4_1_focal_point_and_secretariat_set_the_agenda_team_and_panel_read_it(cast, visit):
    visit = set_dates(visit, cast.gt_focal_point)
    add(visit, cast.coordinator, 0, "08:00", "09:00", "protocol", "Reunión protocolar")
    for reader in (cast.gt_team_member, cast.expert_cl):
        with pytest.raises(services.NotAllowed):
            add(visit, reader, 0, "10:00", "11:00", "working", "No permitido")
    assert list(visit.items.values_list("title", flat=True)) == ["Reunión protocolar"]


# --- R4.2: what a final agenda contains -------------------------------------------------------
def test_r4_2_checklist_says_every_required_type_that_is_missing(cast, visit):
    visit = set_dates(visit, cast.gt_focal_point)
    add(visit, cast.gt_focal_point, 0, "08:30", "09:30", "protocol", "Reunión protocolar")
    with translation.override("en"):
        problems = services.agenda_problems(visit)
    assert problems == [
        "The agenda lacks a presentation of the initiative by the beneficiary (R4.2 b).",
        "The agenda lacks the experts' presentations of similar experiences (R4.2 c).",
        "The agenda lacks a technical working meeting on the initiative (R4.2 d).",
        "The agenda lacks an in-depth interview with partners, civil society or beneficiaries "
        "(R4.2 e).",
        "The agenda lacks an internal session of the expert panel (R4.2 f).",
    ]


def test_r4_2_the_protocol_meeting_opens_the_visit_on_its_first_day(cast, rnd):
    rows = [r for r in COMPLETE if r[3] != "protocol"]
    visit = complete_agenda(rnd, cast.gt_focal_point, rows)
    add(visit, cast.gt_focal_point, 1, "08:00", "08:45", "protocol", "Protocolo tardío")
    with translation.override("en"):
        assert services.agenda_problems(visit) == [
            "The agenda lacks an initial protocol meeting on the first day (R4.2 a)."
        ]


def test_r4_2_a_complete_agenda_without_overlaps_is_valid(cast, rnd):
    assert services.agenda_problems(complete_agenda(rnd, cast.gt_focal_point)) == []


def test_r4_2_overlapping_items_of_the_panel_make_the_agenda_invalid(cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    add(visit, cast.gt_focal_point, 1, "11:30", "12:30", "interview", "Entrevista BID")
    with translation.override("en"):
        assert services.agenda_problems(visit) == [
            "“Mesa técnica de focalización” and “Entrevista BID” overlap on Tue 5 May, and the "
            "panel attends both."
        ]


def test_r4_2_items_without_the_panel_may_overlap(cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    add(visit, cast.gt_focal_point, 1, "10:00", "11:00", "other", "Logística", panel=False)
    assert services.agenda_problems(visit) == []


def test_r4_2_back_to_back_items_do_not_overlap(cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    add(visit, cast.gt_focal_point, 1, "12:00", "13:00", "working", "Seguida")
    assert services.agenda_problems(visit) == []


def test_r4_2_a_final_agenda_missing_a_type_is_refused_with_the_reason(cast, rnd):
    rows = [r for r in COMPLETE if r[3] != "panel_session"]
    visit = complete_agenda(rnd, cast.gt_focal_point, rows)
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        services.release_agenda(
            visit, cast.secretariat, final=True, expected_revision=visit.revision
        )
    assert exc.value.message == "The agenda cannot be released as final yet:"
    assert exc.value.details == [
        "The agenda lacks an internal session of the expert panel (R4.2 f)."
    ]
    assert not AgendaVersion.objects.exists()
    # A draft version may be released for comments all the same.
    version = services.release_agenda(
        visit, cast.secretariat, final=False, expected_revision=visit.revision
    )
    assert (version.number, version.is_final) == (1, False)


# --- R3.4: released versions -----------------------------------------------------------------
def test_r3_4_only_the_secretariat_releases(cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    for person in (cast.gt_focal_point, cast.expert_cl, cast.gt_team_member):
        with pytest.raises(services.NotAllowed):
            services.release_agenda(visit, person, final=True, expected_revision=visit.revision)


def test_r3_4_release_freezes_a_numbered_version_with_a_change_log(cast, rnd):
    visit = released_final(rnd, cast)
    first = AgendaVersion.objects.get()
    assert (first.number, first.is_final, len(first.snapshot["items"])) == (1, True, 7)
    assert first.changes == [{"kind": "first", "count": 7}]
    # Changes: one item moved, one removed, one added, one renamed.
    moved = visit.items.get(title="Entrevista con sociedad civil")
    services.update_item(
        moved, cast.gt_focal_point, expected_version=moved.version,
        **{**_fields(moved), "start_time": time(16), "end_time": time(17, 30)},
    )  # fmt: skip
    services.delete_item(visit.items.get(title="Cierre"), cast.gt_focal_point)
    add(visit, cast.gt_focal_point, 3, "09:00", "11:00", "interview", "Entrevista con el BID")
    renamed = visit.items.get(title="Sesión interna del panel")
    services.update_item(
        renamed, cast.secretariat, expected_version=renamed.version,
        **{**_fields(renamed), "title": "Sesión interna del panel: hallazgos"},
    )  # fmt: skip
    visit.refresh_from_db()
    visit.round = rnd
    second = services.release_agenda(
        visit, cast.secretariat, final=True, expected_revision=visit.revision
    )
    assert second.number == 2
    assert second.changes == [
        {
            "kind": "moved",
            "title": "Entrevista con sociedad civil",
            "from": "2026-05-05 14:00–15:30",
            "to": "2026-05-05 16:00–17:30",
        },
        {
            "kind": "changed",
            "title": "Sesión interna del panel: hallazgos",
            "old_title": "Sesión interna del panel",
            "fields": ["title"],
        },
        {"kind": "added", "title": "Entrevista con el BID", "when": "2026-05-07 09:00–11:00"},
        {"kind": "removed", "title": "Cierre", "when": "2026-05-07 09:00–10:00"},
    ]
    # The frozen version 1 did not move.
    assert len(AgendaVersion.objects.get(number=1).snapshot["items"]) == 7


def _fields(item):
    return {name: getattr(item, name) for name in services.ITEM_FIELDS}


def test_r3_4_edits_after_final_keep_the_final_until_re_released(cast, rnd):
    visit = released_final(rnd, cast)
    add(visit, cast.gt_focal_point, 3, "11:00", "12:00", "interview", "Entrevista añadida")
    add(visit, cast.gt_focal_point, 3, "11:30", "12:30", "working", "Se solapa")
    final = services.current_final(visit)
    assert final.number == 1
    assert services.version_checklist(final).is_valid
    assert agenda_blockers(rnd) == []
    visit.refresh_from_db()
    visit.round = rnd
    with pytest.raises(services.AgendaError):  # the draft now overlaps: not final
        services.release_agenda(
            visit, cast.secretariat, final=True, expected_revision=visit.revision
        )
    assert services.current_final(visit).number == 1


def test_release_refuses_an_agenda_changed_while_it_was_reviewed(cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    seen = visit.revision
    add(visit, cast.gt_focal_point, 3, "11:00", "12:00", "interview", "Añadida mientras tanto")
    with pytest.raises(services.Conflict):
        services.release_agenda(visit, cast.secretariat, final=True, expected_revision=seen)
    assert not AgendaVersion.objects.exists()


def test_release_of_an_unchanged_agenda_is_refused(cast, rnd):
    visit = released_final(rnd, cast)
    with translation.override("en"), pytest.raises(services.AgendaError) as exc:
        services.release_agenda(
            visit, cast.secretariat, final=True, expected_revision=visit.revision
        )
    assert exc.value.message == "Nothing changed since version 1."


def test_concurrent_edit_of_an_item_keeps_the_latest(cast, rnd):
    visit = complete_agenda(rnd, cast.gt_focal_point)
    item = visit.items.get(title="Cierre")
    services.update_item(
        item, cast.gt_focal_point, expected_version=1, **{**_fields(item), "title": "Cierre A"}
    )
    with pytest.raises(services.Conflict) as exc:
        services.update_item(
            item, cast.secretariat, expected_version=1, **{**_fields(item), "title": "Cierre B"}
        )
    assert (exc.value.latest.title, exc.value.latest.version) == ("Cierre A", 2)
    assert AgendaItem.objects.get(pk=item.pk).title == "Cierre A"


def test_release_notifies_the_focal_point_the_team_and_the_panel(cast, rnd):
    OutgoingMessage.objects.all().delete()
    visit = complete_agenda(rnd, cast.gt_focal_point)
    services.release_agenda(visit, cast.coordinator, final=True, expected_revision=visit.revision)
    messages = OutgoingMessage.objects.filter(message_type="agenda_released")
    assert sorted(m.recipient.email for m in messages) == sorted(
        [
            cast.gt_focal_point.email,
            cast.gt_team_member.email,
            cast.expert_cl.email,
            cast.expert_uy.email,
            cast.coordinator2.email,  # seated coordinator; the one who released is not told
        ]
    )
    en = messages.get(recipient=cast.expert_uy)
    assert en.subject == f"{rnd.code} · Final agenda of the visit (version 1)"
    assert "The visit runs from May 4, 2026 to May 7, 2026 in Ciudad de Guatemala." in en.body_text
    es = messages.get(recipient=cast.gt_focal_point)
    assert es.link.endswith(f"/rounds/{rnd.code}/agenda/")


# --- The guard of schedule_visit (R3.4, R4.1, R4.2) ----------------------------------------
def test_r4_1_schedule_visit_guard_says_what_is_missing(cast, rnd):
    with translation.override("en"):
        assert agenda_blockers(rnd) == [
            "Set the dates of the visit: 3 to 5 days in the country (R4.1).",
            "Release the final agenda of the visit (R3.4).",
        ]
        visit = complete_agenda(rnd, cast.gt_focal_point)
        services.release_agenda(
            visit, cast.secretariat, final=False, expected_revision=visit.revision
        )
        assert agenda_blockers(rnd) == ["Release the final agenda of the visit (R3.4)."]
    with pytest.raises(RoundError):
        transition_round(rnd.pk, "schedule_visit", cast.secretariat)
    visit.refresh_from_db()
    visit.round = rnd
    services.release_agenda(visit, cast.secretariat, final=True, expected_revision=visit.revision)
    assert agenda_blockers(rnd) == []
    # The other phase-3 requirements (logistics, questionnaire) as the demo makes them; the
    # agenda's preparer leaves the released final agenda alone.
    run_preparers(rnd, "schedule_visit", at=timezone.now(), people={})
    assert services.current_final(visit).number == 2
    assert transition_round(rnd.pk, "schedule_visit", cast.secretariat).status == "visit_scheduled"


def test_r4_2_guard_rechecks_the_released_final_version(cast, rnd):
    """A final version that no longer passes the checks (written before the checks existed,
    or edited by hand) does not let the visit be scheduled."""
    visit = released_final(rnd, cast)
    final = services.current_final(visit)
    final.snapshot["items"] = [i for i in final.snapshot["items"] if i["type"] != "interview"]
    final.save()
    with translation.override("en"):
        assert agenda_blockers(rnd) == [
            "Final agenda, version 1: The agenda lacks an in-depth interview with partners, civil "
            "society or beneficiaries (R4.2 e)."
        ]


# --- The demo preparer and make_round ---------------------------------------------------------
def test_demo_preparer_builds_a_valid_final_agenda_once(cast, rnd):
    final_agenda(rnd, at=timezone.now(), people={})
    final_agenda(rnd, at=timezone.now(), people={})
    visit = services.visit_of(rnd, create=False)
    assert visit.versions.count() == 1
    assert visit.items.count() == 13
    assert len(visit.days) == 4
    assert visit.items.filter(title="Reunión protocolar de apertura con la autoridad nacional")
    assert services.agenda_problems(visit) == []
    assert agenda_blockers(rnd) == []


def test_make_round_reaches_visit_scheduled_with_a_final_agenda(make_round):
    rnd = make_round("visit_scheduled")
    final = services.current_final(rnd.visit)
    assert final.is_final and services.version_checklist(final).is_valid
    assert rnd.visit.start_date > date.today()
