"""The agenda's guard of ``schedule_visit`` (R3.4, R4.1, R4.2): the visit has dates and a
final agenda was released that passes every check. The messages say what is missing."""

from django.utils.translation import gettext_lazy as _

from rounds.guards import guard, question

from .agenda_services import current_final, date_problems, version_checklist, visit_of


@guard("schedule_visit")
def final_agenda_released_and_valid(rnd):
    visit = visit_of(rnd, create=False)
    if visit is None or not visit.has_dates:
        yield _("Set the dates of the visit: 3 to 5 days in the country (R4.1).")
    elif problems := date_problems(visit.start_date, visit.end_date):
        yield from (message for _f, message in problems)
    final = current_final(visit)
    if final is None:
        yield _("Release the final agenda of the visit (R3.4).")
        return
    for problem in version_checklist(final).problems:
        yield _("Final agenda, version %(n)d: %(problem)s") % {
            "n": final.number,
            "problem": problem,
        }


# --- Questions (rounds.guards.question): a visit started or completed outside its dates ---------
def _planned(visit):
    from django.utils.formats import date_format

    return {
        "start": date_format(visit.start_date, "DATE_FORMAT"),
        "end": date_format(visit.end_date, "DATE_FORMAT"),
    }


@question("start_visit")
def starting_outside_the_dates(rnd, today):
    """More than one day before the first day (travel day allowed), or after the last day."""
    visit = visit_of(rnd, create=False)
    if visit is None or not visit.has_dates:
        return None
    if (visit.start_date - today).days > 1 or today > visit.end_date:
        return _("The visit is planned from %(start)s to %(end)s; start it today?") % _planned(
            visit
        )
    return None


@question("complete_visit")
def completing_before_the_last_day(rnd, today):
    visit = visit_of(rnd, create=False)
    if visit is None or not visit.has_dates or today >= visit.end_date:
        return None
    return _(
        "The visit is planned from %(start)s to %(end)s; mark it as completed today, before "
        "its last day?"
    ) % _planned(visit)
