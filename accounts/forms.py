import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ripso.uploads import size_text

from .enums import Language, Role
from .models import AccountRequest, Country, ExpertProfile, Institution, User
from .validators import validate_pdf_upload


def _sort_key(label):
    """Sort "Él Salvador"-style names as a reader expects: accents do not move a name."""
    text = unicodedata.normalize("NFKD", str(label))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


class LocalizedNameIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted(
            (self.choice(obj) for obj in self.queryset), key=lambda c: _sort_key(c[1])
        )


class CountryChoiceField(forms.ModelChoiceField):
    """The 35 member states, named and sorted in the reader's language."""

    iterator = LocalizedNameIterator

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("Choose a country"))
        super().__init__(queryset=Country.objects.all(), **kwargs)


class InstitutionChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Institution"))
        kwargs.setdefault("empty_label", _("Choose an institution"))
        super().__init__(queryset=Institution.objects.select_related("country"), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj} — {obj.country.name}"


def current_language():
    code = (get_language() or settings.LANGUAGE_CODE)[:2]
    return code if code in Language.values else settings.LANGUAGE_CODE


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    """Log in with the e-mail address, whatever its capitals."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not correct. Check both, or reset your password."
        ),
        "inactive": _("This account is disabled. Write to the Technical Secretariat."),
    }

    def clean_username(self):
        # Lower-cased before authenticate(), so django-axes counts failures per address however
        # it is typed.
        return self.cleaned_data["username"].strip().lower()


class EmailPasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "The address you use to log in. We will send you a link to choose a new password."
        ),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class ChoosePasswordForm(auth_forms.SetPasswordForm):
    """Set a password (invitation and password reset): two fields, Django's validators."""

    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1=_("New password"), label2=_("Repeat the new password")
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    country = CountryChoiceField(
        required=False,
        help_text=_(
            "Required for experts (the country they come from) and when you create a new "
            "institution below."
        ),
    )
    institution = InstitutionChoiceField(
        required=False,
        help_text=_("Required for focal points and technical-team members; optional for experts."),
    )
    new_institution_name = forms.CharField(
        label=_("…or a new institution: name"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if the institution is not in the list. It is created in the country above."
        ),
    )
    new_institution_acronym = forms.CharField(
        label=_("Acronym of the new institution (optional)"), max_length=30, required=False
    )
    is_oas_specialist = forms.BooleanField(
        label=_("OAS specialist (coordinator)"),
        required=False,
        help_text=_("Only for Technical Secretariat staff who can coordinate a round's panel."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=Language.choices,
        help_text=_(
            "The e-mail is written in this language; it also becomes the person's preferred "
            "language."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        role = data.get("role")
        new_name = (data.get("new_institution_name") or "").strip()
        if data.get("institution"):
            new_name = data["new_institution_name"] = ""
        if role in Role.country_roles() and not data.get("institution") and not new_name:
            self.add_error(
                "institution",
                _(
                    "Choose the institution of this focal point or technical-team member, or type "
                    "the name of a new one."
                ),
            )
        if (role == Role.EXPERT or (new_name and role != Role.SECRETARIAT)) and not data.get(
            "country"
        ):
            self.add_error(
                "country",
                _("Choose the expert's country.")
                if role == Role.EXPERT
                else _("Choose the country of the new institution."),
            )
        if data.get("is_oas_specialist") and role != Role.SECRETARIAT:
            self.add_error(
                "is_oas_specialist",
                _(
                    "Only Technical Secretariat staff can be OAS specialists. Untick this box or "
                    "change the role."
                ),
            )
        return data


class AccountRequestForm(forms.ModelForm):
    country = CountryChoiceField(help_text=_("The country you work for."))
    # Honeypot: hidden from people (class d-none), filled in by form-filling robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = AccountRequest
        fields = [
            "full_name",
            "email",
            "country",
            "institution_name",
            "position",
            "requested_role",
            "message",
            "language",
        ]
        labels = {
            "full_name": _("Full name"),
            "email": _("E-mail address"),
            "institution_name": _("Institution"),
            "position": _("Position"),
            "requested_role": _("I would take part as"),
            "message": _("Message to the Technical Secretariat (optional)"),
            "language": _("Language for our messages"),
        }
        help_texts = {
            "email": _("Use your work address: it will be your login."),
            "institution_name": _("The ministry or agency you work for, written in full."),
            "requested_role": _(
                "Focal points represent their institution in a round; technical-team members "
                "answer questionnaires and receive the visit; experts join peer-review panels."
            ),
            "message": _("Anything that helps us, for example the round you expect to join."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()
        self.fields["requested_role"].choices = [("", _("Choose a role"))] + [
            c for c in Role.choices if c[0] != Role.SECRETARIAT
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *self.Meta.fields,
            Div(Field("website"), css_class="d-none", aria_hidden="true"),
        )

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class DecisionApproveForm(forms.Form):
    """Approve an account request: the secretariat picks or creates the institution."""

    institution = InstitutionChoiceField(
        required=False,
        help_text=_("An institution already registered in the requester's country."),
    )
    new_institution_name = forms.CharField(
        label=_("…or create a new institution: name"), max_length=200, required=False
    )
    new_institution_acronym = forms.CharField(
        label=_("Acronym (optional)"), max_length=30, required=False
    )

    def __init__(self, *args, account_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_request = account_request
        self.fields["institution"].queryset = Institution.objects.filter(
            country_id=account_request.country_id
        ).select_related("country")
        self.fields["new_institution_name"].initial = account_request.institution_name

    def clean(self):
        data = super().clean()
        chosen = data.get("institution")
        new_name = (data.get("new_institution_name") or "").strip()
        if (
            self.account_request.requested_role in Role.country_roles()
            and not chosen
            and not new_name
        ):
            raise forms.ValidationError(
                _(
                    "Focal points and technical-team members need an institution: choose one or type the name of a new one."
                )
            )
        if chosen:
            data["new_institution_name"] = ""
        return data


class DecisionRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the requester by e-mail. Be clear and courteous."),
    )


class UserProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "position", "phone", "preferred_language"]
        labels = {
            "full_name": _("Full name"),
            "position": _("Position"),
            "phone": _("Phone"),
            "preferred_language": _("Preferred language"),
        }
        help_texts = {
            "phone": _("With the country code, for example +57 601 123 4567."),
            "preferred_language": _("The site and our e-mails use this language."),
        }


class ExpertProfileForm(forms.ModelForm):
    country = CountryChoiceField(help_text=_("The country whose administration you come from."))
    institution = InstitutionChoiceField(required=False, help_text=_("Optional."))
    cv_file = forms.FileField(
        label=_("CV (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("A PDF file. Uploading a new file replaces the current one."),
    )
    remove_cv = forms.BooleanField(label=_("Remove my current CV"), required=False)

    class Meta:
        model = ExpertProfile
        fields = [
            "country",
            "institution",
            "areas_of_expertise",
            "languages",
            "manages_teams",
            "similar_initiatives_experience",
        ]
        labels = {
            "areas_of_expertise": _("Areas of expertise"),
            "languages": _("Working languages"),
            "manages_teams": _("I have experience managing teams"),
            "similar_initiatives_experience": _("Experience implementing similar initiatives"),
        }
        help_texts = {
            "areas_of_expertise": _("One area per line, for example: social registries."),
            "languages": _("For example: Spanish, English."),
        }
        widgets = {
            "areas_of_expertise": forms.Textarea(attrs={"rows": 4}),
            "similar_initiatives_experience": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cv_file"].help_text = _(
            "A PDF file of at most %(limit)s. Uploading a new file replaces the current one."
        ) % {"limit": size_text(settings.MAX_UPLOAD_BYTES)}
        if not (self.instance and self.instance.cv):
            del self.fields["remove_cv"]

    def clean_cv_file(self):
        uploaded = self.cleaned_data.get("cv_file")
        if uploaded:
            validate_pdf_upload(uploaded)
        return uploaded
