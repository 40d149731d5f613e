"""Forms of the formal request (phase 1). Every field is optional while drafting: completeness is
checked when the request is submitted (rounds.guards), so a draft can always be saved."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import CountryChoiceField
from accounts.models import Country
from ripso.converters import BoundedModelMultipleChoiceField
from ripso.uploads import check_document

from .enums import DocumentKind, InitiativeKind, InitiativeStage, Methodology
from .models import Round
from .request_models import MAX_COUNTRIES_OF_INTEREST, Topic


class TopicChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RequestForm(forms.ModelForm):
    initiative_kind = forms.ChoiceField(
        label=_("Is it a policy, a program or an initiative?"),
        choices=InitiativeKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    stage = forms.ChoiceField(
        label=_("Current stage"),
        choices=InitiativeStage.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Rounds help most in the design or reform stage, when recommendations can still be "
            "adopted during implementation (R1.5)."
        ),
    )
    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose one or more topics the cooperation is about."),
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "initiative_kind",
            "stage",
            "description",
            "topics",
            "goal",
            "expected_results",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "goal": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("The name of the policy, program or initiative the round is about."),
            "goal": _("What should the cooperation achieve for your institution?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].widget.attrs["maxlength"] = 250
        topics = list(Topic.objects.active())
        self.ripso_topics = [t for t in topics if t.methodology == Methodology.RIPSO]
        self.mecigep_topics = [t for t in topics if t.methodology == Methodology.MECIGEP]

    def valid_values(self):
        """The fields that passed validation (saved even when others did not)."""
        data = getattr(self, "cleaned_data", {})
        values = {f: data[f] for f in self.Meta.fields if f in data and f != "topics"}
        if "title" in values and not values["title"]:
            values.pop("title")  # a round always keeps a title
        return values, data.get("topics") if "topics" in data else None

    @property
    def stage_warning(self):
        stage = self["stage"].value()
        if stage and stage not in InitiativeStage.recommended():
            return _(
                "Rounds are most useful while an initiative is being designed or reformed, so "
                "that recommendations can be adopted during implementation (R1.5). You can still "
                "submit the request."
            )
        return ""


class CountryOfInterestForm(forms.Form):
    country = CountryChoiceField(required=False)
    note = forms.CharField(
        label=_("Program or experience of interest"),
        required=False,
        max_length=250,
        help_text=_("Optional."),
    )


class BaseCountryFormSet(forms.BaseFormSet):
    def __init__(self, *args, own_country=None, **kwargs):
        self.own_country = own_country
        super().__init__(*args, **kwargs)
        labels = [
            (_("First country of interest"), _("Program or experience in the first country")),
            (_("Second country of interest"), _("Program or experience in the second country")),
        ]
        for i, form in enumerate(self.forms):
            if own_country is not None:
                form.fields["country"].queryset = Country.objects.exclude(pk=own_country.pk)
            # Each select has its own label (two selects named "Country" confuse screen readers).
            if i < len(labels):
                form.fields["country"].label, form.fields["note"].label = labels[i]

    def clean(self):
        if any(self.errors):
            return
        chosen = [
            f.cleaned_data.get("country") for f in self.forms if f.cleaned_data.get("country")
        ]
        if len(chosen) > MAX_COUNTRIES_OF_INTEREST:
            raise ValidationError(
                _("Name at most two countries or experiences of interest (R1.3).")
            )
        if len({c.pk for c in chosen}) != len(chosen):
            raise ValidationError(_("Each country of interest can be named only once."))

    def entries(self):
        return [
            (f.cleaned_data["country"], f.cleaned_data.get("note", ""))
            for f in self.forms
            if f.cleaned_data.get("country")
        ]


CountryFormSet = forms.formset_factory(
    CountryOfInterestForm,
    formset=BaseCountryFormSet,
    extra=0,
    min_num=MAX_COUNTRIES_OF_INTEREST,
    max_num=MAX_COUNTRIES_OF_INTEREST,
    validate_max=True,
    absolute_max=MAX_COUNTRIES_OF_INTEREST,
)


class DocumentForm(forms.Form):
    """One reference document: a file (checked by content) or an http(s) link (R1.4)."""

    title = forms.CharField(label=_("Title of the document"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", "—"), *DocumentKind.choices],
        required=False,
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) or ODT; at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt"}),
    )
    url = forms.URLField(
        label=_("…or a web link"),
        required=False,
        assume_scheme="https",
        help_text=_("An address starting with http:// or https://"),
        error_messages={
            "invalid": _("Only web links starting with http:// or https:// are accepted.")
        },
    )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            check_document(uploaded)
        return uploaded

    def clean_url(self):
        url = (self.cleaned_data.get("url") or "").strip()
        raw = (self.data.get(self.add_prefix("url")) or "").strip()
        has_scheme = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", raw)
        if has_scheme and not raw.lower().startswith(("http://", "https://")):
            raise ValidationError(
                _("Only web links starting with http:// or https:// are accepted.")
            )
        return url

    def has_document(self):
        data = self.data
        return bool(
            self.files.get(self.add_prefix("file"))
            or (data.get(self.add_prefix("url")) or "").strip()
            or (data.get(self.add_prefix("title")) or "").strip()
        )

    def clean(self):
        data = super().clean()
        if not self.has_document():
            return data
        if data.get("file") and data.get("url"):
            raise ValidationError(_("Give either a file or a web link, not both."))
        if not data.get("file") and not data.get("url") and not self.errors:
            self.add_error("file", _("Choose a file or give a web link."))
        if not data.get("title"):
            self.add_error("title", _("Give the document a title."))
        if not data.get("kind"):
            self.add_error("kind", _("Say what kind of document it is."))
        return data
