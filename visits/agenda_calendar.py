"""The agenda as an iCalendar file (RFC 5545): one event per item, in the visit's time zone
(with its VTIMEZONE), so calendars show each meeting at the right local hour."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from notifications.services import absolute_url

from .agenda_enums import DEFAULT_TIMEZONE


def agenda_calendar(rnd, visit, items):
    tz_name = visit.timezone if visit is not None else DEFAULT_TIMEZONE
    tz = ZoneInfo(tz_name)
    cal = Calendar()
    cal.add("prodid", "-//OAS RIPSO//Visit agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{rnd.code} · {rnd.title}")
    cal.add("x-wr-timezone", tz_name)
    if items:
        first = min(datetime.combine(i.day, i.start_time, tzinfo=tz) for i in items)
        last = max(datetime.combine(i.day, i.end_time, tzinfo=tz) for i in items)
        cal.add_component(
            Timezone.from_tzinfo(tz, tzid=tz_name, first_date=first.date(), last_date=last.date())
        )
    link = absolute_url(f"/rounds/{rnd.code}/agenda/")
    stamp = timezone.now()
    place = ", ".join(p for p in [visit.city if visit else "", str(rnd.country)] if p)
    for item in items:
        event = Event()
        event.add("uid", f"{rnd.code}-agenda-item-{item.pk}@ripso")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.combine(item.day, item.start_time, tzinfo=tz))
        event.add("dtend", datetime.combine(item.day, item.end_time, tzinfo=tz))
        event.add("summary", item.title)
        location = ", ".join(p for p in [item.venue, place] if p)
        if location:
            event.add("location", location)
        lines = [str(item.get_type_display() if callable(item.get_type_display)
                     else item.get_type_display)]  # fmt: skip
        if item.participants:
            lines.append(item.participants)
        if item.responsible:
            lines.append(item.responsible)
        lines.append(link)
        event.add("description", "\n".join(lines))
        event.add("url", link)
        cal.add_component(event)
    return cal.to_ical()
