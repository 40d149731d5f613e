"""Forms of the publication page (R5.4), the follow-up of recommendations (R5.5) and the public
portal's filters. Invalid input keeps what was typed; messages say what to do next."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import FollowUpStatus, PublicationChoice
from .publication import check_authorization_file

SUMMARY_MAX = 1500


class ChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        choices=[(PublicationChoice.PUBLIC, PublicationChoice.PUBLIC.label)],
        error_messages={"required": _("Choose whether the report is public or internal.")},
    )


class AuthorizationForm(forms.Form):
    file = forms.FileField(
        label=_("Signed written authorization (PDF)"),
        help_text=_(
            "A scan or export of the letter signed by the competent authority of your "
            "institution. PDF only, at most 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"required": _("Choose the PDF of the signed authorization.")},
    )
    signed_by = forms.CharField(
        label=_("Signed by (name and position)"),
        max_length=200,
        help_text=_("For example: María López, Minister of Social Development."),
        error_messages={"required": _("Give the name and position of the person who signed it.")},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_authorization_file(uploaded)
        return uploaded


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the public portal"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One short paragraph in plain words: what the round was about and what it "
            "recommends. Shown on the portal next to the report."
        ),
    )
    expected = forms.CharField(required=False, widget=forms.HiddenInput)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up"), choices=FollowUpStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, by whom, and what comes next."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


WORD = re.compile(r"\w+", re.UNICODE)


def search_words(text):
    """The words of a search box, lower-cased, at most eight (punctuation dropped)."""
    return [w.lower() for w in WORD.findall(text or "")][:8]


class PortalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(
        label=_("Year of publication"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, countries=(), topics=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["topic"].choices = [("", _("All topics")), *topics]
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Words from the report, e.g. focalización"), "type": "search"}
        )

    def clean_q(self):
        return " ".join(search_words(self.cleaned_data.get("q")))

    @property
    def values(self):
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class OverviewFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year of approval"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, countries=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]

    @property
    def values(self):
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
