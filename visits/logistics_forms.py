"""Forms of the logistics page (R3.5, R4.4). Business rules are in visits.logistics_services;
the forms only read and check what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ripso.dates import EVENT_DATE
from ripso.uploads import check_document

from .logistics_models import ArrangementStatus, Side, Visibility


class ArrangementForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ArrangementStatus.choices)
    not_needed_reason = forms.CharField(
        label=_("Why is it not needed?"),
        max_length=200,
        required=False,
        help_text=_("Required when the status is “Not needed”, e.g. “No visa needed for Chile”."),
    )
    responsible = forms.ChoiceField(label=_("Responsible person"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Flight numbers and times, booking references, addresses, contacts."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, candidates, **kwargs):
        """``candidates``: the people who may be responsible, a list read once per page (the
        forms of every item share it, so the page's queries do not grow with the items)."""
        super().__init__(*args, **kwargs)
        self._people = {str(p.pk): p for p in candidates}
        self.fields["responsible"].choices = [
            ("", _("(nobody yet)")),
            *((str(p.pk), p.full_name) for p in candidates),
        ]

    def clean_responsible(self):
        return self._people.get(self.cleaned_data.get("responsible") or "")

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == ArrangementStatus.NOT_NEEDED
            and not (data.get("not_needed_reason") or "").strip()
        ):
            self.add_error(
                "not_needed_reason", _("Say briefly why this arrangement is not needed.")
            )
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a file"),
        help_text=_(
            "E-ticket, insurance certificate, booking… PDF, DOCX, XLSX, PPTX or ODT; at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_document(uploaded)
        return uploaded


class OtherItemForm(forms.Form):
    title = forms.CharField(
        label=_("Another local arrangement"),
        max_length=200,
        help_text=_("For example: catering, security, a visit to a field office."),
    )


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Visibility of the visit"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    visibility_notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the press contact, a press release planned, events to keep private."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PlannedStartForm(forms.Form):
    planned_start = forms.DateField(
        label=_("Planned first day of the visit"),
        required=False,
        validators=[EVENT_DATE],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LogisticsFilterForm(forms.Form):
    side = forms.ChoiceField(
        label=_("Responsibility"),
        choices=[("", pgettext_lazy("filter", "All")), *Side.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", pgettext_lazy("filter", "All")),
            ("open", _("Still open (to do or in progress)")),
            *ArrangementStatus.choices,
        ],
        required=False,
    )

    def filter(self, items):
        if not self.is_valid():
            return items
        side, status = self.cleaned_data["side"], self.cleaned_data["status"]
        if side:
            items = [i for i in items if i.side == side]
        if status == "open":
            items = [i for i in items if not i.is_done]
        elif status:
            items = [i for i in items if i.status == status]
        return items
