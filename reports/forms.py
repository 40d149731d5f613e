"""Forms of the report pages. The rich-text fields are plain textareas that
``static/js/report-editor.js`` turns into an editor (headings, lists, bold, links, tables); the
HTML they send is sanitized by the services (``reports.html.clean``)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ripso.dates import DEADLINE

from .enums import Horizon, Priority, SectionKind


class RichTextarea(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"rows": 10, "data-report-editor": "", **(attrs or {})})


class SectionForm(forms.Form):
    body = forms.CharField(label=_("Text of the report"), required=False, widget=RichTextarea())
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ContributionForm(forms.Form):
    body = forms.CharField(label=_("Your contribution"), required=False, widget=RichTextarea())
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssignForm(forms.Form):
    author = forms.ChoiceField(label=_("Panel member"))
    due_at = forms.DateField(
        label=_("Contribution due by (optional)"),
        required=False,
        validators=[DEADLINE],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [("", "—")] + [(str(m.pk), m.full_name) for m in members]


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One practical action, in a sentence or two."),
    )
    area = forms.CharField(
        label=_("Area"), max_length=200, required=False,
        help_text=_("E.g. targeting, information systems, monitoring and evaluation."),
    )  # fmt: skip
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices,
                                 initial=Priority.MEDIUM)  # fmt: skip
    responsible_institution = forms.CharField(
        label=_("Responsible institution"), max_length=300, required=False
    )
    horizon = forms.ChoiceField(label=_("Time horizon"), choices=Horizon.choices,
                                initial=Horizon.MEDIUM)  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("The country answers by"),
        required=False,
        validators=[DEADLINE],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the default: 21 days after the report is sent."),
    )


class CreditForm(forms.Form):
    credit = forms.BooleanField(
        label=_("Name the authors of the visit notes in the report"),
        required=False,
        help_text=_(
            "Unticked, the report speaks for the whole panel and names nobody. Ticked, a line "
            "under the Findings names the note takers, in the report's language."
        ),
    )


class CommentForm(forms.Form):
    section_kind = forms.ChoiceField(
        label=_("On"),
        required=False,
        choices=[("", pgettext_lazy("comment on", "The report as a whole")), *SectionKind.choices],
    )
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"v{n}") for n in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
