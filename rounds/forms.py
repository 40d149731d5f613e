from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.forms import CountryChoiceField
from accounts.models import User
from ripso.converters import BoundedModelMultipleChoiceField

from .enums import Methodology, Phase, RoundState


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, spec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec.comment_required:
            self.fields["comment"].required = True
            self.fields["comment"].label = spec.comment_label
        if spec.name == "accept":
            self.fields["methodology"] = forms.ChoiceField(
                label=_("Methodology"),
                choices=[("", "—"), *list(Methodology.choices)],
                help_text=_(
                    "RIPSO: 2 specialists + 2 OAS coordinators. MECIGEP: up to 3 experts from "
                    "3 member states chosen by the country + 1 OAS expert."
                ),
            )
            self.fields["coordinators"] = BoundedModelMultipleChoiceField(
                label=_("OAS coordinators"),
                queryset=User.objects.filter(
                    role=Role.SECRETARIAT, is_oas_specialist=True, is_active=True
                ).order_by("full_name"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "OAS specialists of the Secretariat. They take the panel's coordination "
                    "seats at once, without an invitation: 2 in a RIPSO round, 1 in a MECIGEP "
                    "round."
                ),
            )
            self.order_fields(["methodology", "coordinators", "comment"])

    def params(self):
        if self.spec.name != "accept":
            return {}
        return {
            "methodology": self.cleaned_data["methodology"],
            "coordinators": list(self.cleaned_data["coordinators"]),
        }


PHASE_STATES = {
    Phase.REQUEST: [RoundState.DRAFT, RoundState.SUBMITTED, RoundState.RETURNED],
    Phase.PANEL: [RoundState.PANEL_FORMING],
    Phase.PREPARATION: [RoundState.PREPARATION, RoundState.VISIT_SCHEDULED],
    Phase.VISIT: [RoundState.VISIT_IN_PROGRESS],
    Phase.REPORT: [RoundState.REPORT_DRAFTING, RoundState.COUNTRY_REVIEW, RoundState.APPROVED],
    Phase.CLOSED: [
        RoundState.PUBLISHED,
        RoundState.CLOSED_INTERNAL,
        RoundState.DECLINED,
        RoundState.WITHDRAWN,
        RoundState.CANCELLED,
    ],
}


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    country = CountryChoiceField(
        required=False, to_field_name="code", empty_label=_("All countries")
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("All phases")), *list(Phase.choices)], required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *list(RoundState.choices)], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, choices=())

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]

    @property
    def country_choices(self):
        """A list, so the template's loop does not COUNT(*) before iterating."""
        return list(iter(self.fields["country"].choices))

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            qs = qs.filter(
                Q(code__icontains=q)
                | Q(title__icontains=q)
                | Q(institution__name__icontains=q)
                | Q(institution__acronym__iexact=q)
            )
        if data.get("country"):
            qs = qs.filter(country=data["country"])
        if data.get("phase"):
            qs = qs.filter(status__in=PHASE_STATES[data["phase"]])
        if data.get("state"):
            qs = qs.filter(status=data["state"])
        if data.get("year"):
            qs = qs.filter(created_at__year=data["year"])
        return qs
