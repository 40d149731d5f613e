"""Plausible dates: what a person types in a date field must fall in a range that makes sense.

A visit in 1900 or 2300 is a typing slip, never a plan; saved, it would break sorting, reminders
and the calendar. Every date field of a form takes one of these validators (docs/security.md,
V2 "Validation and business logic", gives the ranges):

* ``EVENT_DATE``: something that happens or happened in a round (the visit's days, the planned
  first day): from 1 January 2000 (before the first RIPSO round) to ten years from today.
* ``DEADLINE``: a date by which someone must act (questionnaire answers, a contribution, the
  country's review): from yesterday (a person a time zone behind the server still sees "today")
  to five years from today (a round lasts months, not years).

The message says the allowed range, in the person's language and date format.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST_EVENT = date(2000, 1, 1)


def _years_ahead(today, years):
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


class PlausibleDate:
    """A form-field validator: the date lies between ``first(today)`` and ``last(today)``."""

    def __init__(self, first, last):
        self.first, self.last = first, last

    def range(self):
        today = timezone.localdate()
        return self.first(today), self.last(today)

    def __call__(self, value):
        if isinstance(value, datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        first, last = self.range()
        if not first <= value <= last:
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s.")
                % {"first": date_format(first), "last": date_format(last)},
                code="implausible_date",
            )


EVENT_DATE = PlausibleDate(lambda today: EARLIEST_EVENT, lambda today: _years_ahead(today, 10))
DEADLINE = PlausibleDate(lambda today: today - timedelta(days=1), lambda t: _years_ahead(t, 5))


def refusal(form, name, fallback):
    """Why ``form`` was refused, for pages that answer with a message instead of the form: the
    date range when ``form[name]`` is implausible, else ``fallback``."""
    for error in form.errors.as_data().get(name, []):
        if error.code == "implausible_date":
            return error.messages[0]
    return fallback
