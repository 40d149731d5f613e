from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import CountryChoiceField
from accounts.models import User

from .enums import SeatKind
from .services import MAX_SELECTED_STATES

RANKS = 10


class ProposeForm(forms.Form):
    """Propose a person for a seat: a suggested candidate (``user``) or anyone by e-mail."""

    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True), required=False, widget=forms.HiddenInput
    )
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        required=False,
        help_text=_("The person needs an account on the platform."),
    )
    kind = forms.ChoiceField(label=_("Seat"), choices=SeatKind.choices)
    rank = forms.IntegerField(
        label=_("Suggested rank"),
        min_value=1,
        max_value=RANKS,
        initial=1,
        widget=forms.Select(
            choices=[(i, i) for i in range(1, RANKS + 1)],
            attrs={"class": "form-select form-select-sm w-auto"},
        ),
    )
    override_reason = forms.CharField(
        label=_("Why go ahead despite the warnings?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the round's history with your name."),
    )

    def clean(self):
        data = super().clean()
        if data.get("user") is None:
            email = (data.get("email") or "").strip()
            if not email:
                if "email" not in self.errors:
                    self.add_error("email", _("Write the e-mail address of the person."))
                return data
            person = User.objects.filter(email__iexact=email, is_active=True).first()
            if person is None:
                self.add_error(
                    "email",
                    _(
                        "Nobody with this address has an account. Invite the person to create "
                        "one first (Secretariat › Invite a person), then propose them."
                    ),
                )
                return data
            data["user"] = person
        return data


class OpinionForm(forms.Form):
    """R2.1: the country agrees with a proposed specialist, or objects with a comment."""

    opinion = forms.ChoiceField(
        choices=[("agree", _("I agree")), ("object", _("I object"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Why do you object?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The Secretariat reads it and proposes someone else."),
    )

    def clean(self):
        data = super().clean()
        if data.get("opinion") == "object" and not (data.get("comment") or "").strip():
            self.add_error(
                "comment",
                _("Please say why you object, so the Secretariat can propose someone else."),
            )
        return data


class SelectStatesForm(forms.Form):
    """MECIGEP (R2.3): the member states from which the experts come, chosen by the country."""

    def __init__(self, *args, rnd, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_SELECTED_STATES + 1):
            field = CountryChoiceField(
                label=_("Member state %(n)d") % {"n": i},
                required=i == 1,
                empty_label=_("Choose a member state"),
            )
            field.queryset = field.queryset.exclude(pk=rnd.country_id)
            self.fields[f"state_{i}"] = field

    def clean(self):
        data = super().clean()
        chosen = [data[name] for name in self.fields if data.get(name)]
        if len({c.pk for c in chosen}) != len(chosen):
            raise forms.ValidationError(_("Choose three different member states (R2.3)."))
        data["countries"] = chosen
        return data


class AcceptInvitationForm(forms.Form):
    """R2.4: ad honorem participation and no conflict of interest are confirmed to accept."""

    ad_honorem = forms.BooleanField(
        label=_(
            "I take part ad honorem: my institution keeps paying my salary and I receive no fee."
        ),
        error_messages={"required": _("Confirm that you take part ad honorem.")},
    )
    no_conflict = forms.BooleanField(
        label=_(
            "I declare that I have no conflict of interest with the beneficiary institution or "
            "its initiative."
        ),
        error_messages={"required": _("Declare that you have no conflict of interest.")},
    )
    availability = forms.CharField(
        label=_("Your availability"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the weeks you could travel for a 3 to 5-day visit, and the time you "
            "can give to reading the documents."
        ),
    )


class DeclineInvitationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the Technical Secretariat reads it."),
        error_messages={"required": _("Please give a short reason for declining.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
