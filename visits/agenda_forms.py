"""Forms of the agenda and the visit record. The rules themselves (R4.1 dates, items within
them) are in ``visits.agenda_services``; the forms ask them so the message sits by the field."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ripso.dates import EVENT_DATE

from . import agenda_services as services
from .agenda_enums import timezone_choices
from .agenda_models import AgendaItem, VisitNote


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class VisitForm(forms.Form):
    start_date = forms.DateField(label=_("First day"), widget=DateInput(), validators=[EVENT_DATE])
    end_date = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        help_text=_("3 to 5 days, both included (R4.1)."),
        validators=[EVENT_DATE],
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    venues = forms.CharField(
        label=_("Venues"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. the ministry's meeting room."),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=())
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, visit=None, **kwargs):
        if visit is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = {
                "start_date": visit.start_date,
                "end_date": visit.end_date,
                "city": visit.city,
                "venues": "\n".join(visit.venues),
                "timezone": visit.timezone,
                "version": visit.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()

    def clean(self):
        data = super().clean()
        if "start_date" in data and "end_date" in data:
            for field, message in services.date_problems(data["start_date"], data["end_date"]):
                self.add_error(field, message)
        return data

    def venue_list(self):
        return [line.strip() for line in self.cleaned_data["venues"].splitlines() if line.strip()]


class ItemForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    class Meta:
        model = AgendaItem
        fields = [
            "day", "start_time", "end_time", "type", "title", "venue", "participants",
            "responsible", "panel_attends",
        ]  # fmt: skip
        widgets = {
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "participants": _("Institutions and people taking part."),
            "panel_attends": _("Untick for meetings the experts do not attend."),
        }

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.fields["day"].widget = forms.Select(
            choices=[(d.isoformat(), date_format(d, "l j F Y")) for d in visit.days]
        )
        venues = list(visit.venues)
        if venues:
            self.fields["venue"].widget.attrs["list"] = "venue-list"
        self.venues = venues
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        data = super().clean()
        for field, message in services.item_problems(
            self.visit,
            day=data.get("day"),
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
        ):
            self.add_error(field, message)
        return data

    def _post_clean(self):
        """Model validation is skipped: the item's visit is set by the service."""


class ReleaseForm(forms.Form):
    final = forms.BooleanField(
        label=_("Release as the final agenda"),
        required=False,
        help_text=_("A final agenda must pass every check of the list (R4.2)."),
    )
    note = forms.CharField(
        label=_("Note to the participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NoteForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    class Meta:
        model = VisitNote
        fields = ["attendance", "findings", "challenges", "ideas"]
        widgets = {
            "attendance": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 2}),
            "challenges": forms.Textarea(attrs={"rows": 2}),
            "ideas": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"attendance": _("Who came: names, institutions or a head count.")}
