"""Forms of the expert roster: the directory's filters, inviting an expert, editing a profile
and the topics of expertise."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from accounts.forms import (
    CountryChoiceField,
    ExpertProfileForm,
    InstitutionChoiceField,
    current_language,
)
from ripso.converters import BoundedModelMultipleChoiceField
from rounds.enums import Methodology
from rounds.request_models import Topic

from .models import Expertise

PAGE_SIZE = 25

YES_NO = [("", _("Either")), ("yes", _("Yes")), ("no", _("No"))]

# ExpertProfile.languages is free text ("es, en", "Spanish, English"): a language is recognised
# by its code or its name in the four official languages, as a whole word.
LANGUAGE_WORDS = {
    Language.SPANISH: ["es", "spa", "spanish", "español", "espanol", "espanhol", "espagnol"],
    Language.ENGLISH: ["en", "eng", "english", "inglés", "ingles", "inglês", "anglais"],
    Language.PORTUGUESE: ["pt", "por", "portuguese", "portugués", "portugues", "português"],
    Language.FRENCH: ["fr", "fra", "french", "francés", "frances", "francês", "français"],
}


def language_regex(code):
    """A pattern both PostgreSQL (``~*``) and SQLite (Python ``re``) read the same way."""
    words = "|".join(LANGUAGE_WORDS[code])
    return rf"(^|[^a-z])({words})([^a-z]|$)"


def grouped_topic_choices(topics):
    """Topics grouped by methodology, in the reader's language: ``<optgroup>`` choices."""
    groups = {Methodology.RIPSO: [], Methodology.MECIGEP: []}
    for topic in topics:
        groups.setdefault(topic.methodology, []).append((topic.pk, topic.name))
    labels = {
        Methodology.RIPSO: _("Social protection (RIPSO rounds)"),
        Methodology.MECIGEP: _("Public management (MECIGEP rounds)"),
    }
    return [(labels.get(key, key), choices) for key, choices in groups.items() if choices]


class RosterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
    )
    country = CountryChoiceField(
        required=False, to_field_name="code", empty_label=_("All countries")
    )
    topic = forms.TypedChoiceField(label=_("Topic of expertise"), coerce=int, required=False)
    language = forms.ChoiceField(
        label=_("Working language"),
        required=False,
        choices=[("", _("Any language")), *Language.choices],
    )
    manages_teams = forms.ChoiceField(label=_("Manages teams"), required=False, choices=YES_NO)
    similar = forms.ChoiceField(
        label=_("Experience with similar initiatives"), required=False, choices=YES_NO
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Topic.objects.order_by("methodology", "position", "name_en")
        self.fields["topic"].choices = [
            ("", _("All topics")),
            *grouped_topic_choices(topics),
        ]

    # Plain lists for the template's own <select> loops: rendering these through Django's widget
    # templates cost more than every query of the page together (tests/perf/bench_roster.py).
    @property
    def country_choices(self):
        return list(iter(self.fields["country"].choices))

    @property
    def topic_choices(self):
        """``[(group label, [(pk, name), ...]), ...]`` after the "All topics" choice."""
        return self.fields["topic"].choices[1:]

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        for word in data["q"].split():
            qs = qs.filter(
                Q(full_name__icontains=word)
                | Q(email__icontains=word)
                | Q(expert_profile__position__icontains=word)
                | Q(expert_profile__institution__name__icontains=word)
                | Q(expert_profile__institution__acronym__iexact=word)
                | Q(expert_profile__areas_of_expertise__icontains=word)
            )
        if data["country"]:
            qs = qs.filter(expert_profile__country=data["country"])
        if data["topic"]:
            # (user, topic) is unique: the join cannot repeat an expert.
            qs = qs.filter(expertise__topic_id=data["topic"])
        if data["language"]:
            qs = qs.filter(expert_profile__languages__iregex=language_regex(data["language"]))
        if data["manages_teams"]:
            qs = qs.filter(expert_profile__manages_teams=data["manages_teams"] == "yes")
        if data["similar"]:
            no_experience = Q(expert_profile__similar_initiatives_experience="")
            qs = qs.exclude(no_experience) if data["similar"] == "yes" else qs.filter(no_experience)
        return qs

    @property
    def is_filtered(self):
        return self.is_valid() and any(self.cleaned_data.values())


class TopicsField(BoundedModelMultipleChoiceField):
    """The topics of expertise, as checkboxes in two columns (templates/panels/expert_topics.html)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Topics of expertise"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset=Topic.objects.none(), **kwargs)


def topics_for(user):
    """Active topics, plus retired ones the expert still has (kept until unticked); each with
    ``is_chosen``: one query."""
    chosen = Expertise.objects.filter(user_id=user.pk if user else None, topic=OuterRef("pk"))
    return (
        Topic.objects.annotate(is_chosen=Exists(chosen))
        .filter(Q(is_active=True) | Q(is_chosen=True))
        .order_by("methodology", "position", "name_en")
    )


class TopicsFormMixin:
    def setup_topics(self, user):
        field = self.fields["topics"]
        field.queryset = topics_for(user)
        topics = list(field.queryset)
        self.ripso_topics = [t for t in topics if t.methodology == Methodology.RIPSO]
        self.mecigep_topics = [t for t in topics if t.methodology == Methodology.MECIGEP]
        if not self.is_bound:
            self.initial["topics"] = [t.pk for t in topics if t.is_chosen]

    def checked_topic_ids(self):
        """The ticked boxes as strings, for the template, bound or not."""
        return {str(value) for value in (self["topics"].value() or [])}


class MyTopicsForm(TopicsFormMixin, forms.Form):
    topics = TopicsField(help_text=_("Tick every topic you could advise a country on."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_topics(user)


class ExpertEditForm(TopicsFormMixin, ExpertProfileForm):
    """The secretariat edits an expert: name and position, the profile, the CV and the topics."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    topics = TopicsField(help_text=_("The roster's main filter: tick every topic that applies."))

    class Meta(ExpertProfileForm.Meta):
        labels = {
            **ExpertProfileForm.Meta.labels,
            "manages_teams": _("Has experience managing teams"),
        }

    def __init__(self, *args, expert, **kwargs):
        kwargs.setdefault("initial", {"full_name": expert.full_name, "position": expert.position})
        super().__init__(*args, **kwargs)
        self.expert = expert
        self.fields["country"].help_text = _(
            "The country whose administration the expert comes from."
        )
        if "remove_cv" in self.fields:
            self.fields["remove_cv"].label = _("Remove the current CV")
        self.setup_topics(expert)

    def user_fields(self):
        return {
            "full_name": self.cleaned_data["full_name"],
            "position": self.cleaned_data["position"],
        }

    def expert_fields(self):
        return {name: self.cleaned_data[name] for name in ExpertProfileForm.Meta.fields}


class ExpertInviteForm(forms.Form):
    """Invite a new expert: an account invitation with the expert's country (R2.5 needs it)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    country = CountryChoiceField(
        help_text=_("The country whose administration the expert comes from.")
    )
    institution = InstitutionChoiceField(
        required=False, help_text=_("Optional: the institution the expert works for.")
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


class RosterProposeForm(forms.Form):
    """Propose an expert of the roster for a round whose panel is being formed (R2.1)."""

    round = forms.ChoiceField(label=_("Round"), widget=forms.RadioSelect)
    override_reason = forms.CharField(
        label=_("Why go ahead despite the warnings?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the round's history with your name."),
    )
    back = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [
            (row["round"].code, row["round"].code) for row in rows if not row["problems"]
        ]
        self.fields["round"].error_messages["invalid_choice"] = _(
            "This round is not open to this expert any more: choose another one."
        )
