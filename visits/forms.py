from django import forms
from django.utils.translation import gettext_lazy as _

from ripso.dates import DEADLINE

from .enums import Audience, QuestionnaireKind, QuestionType
from .models import Question, QuestionnaireTemplate, Section, TemplateSection


class CreateQuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(
        label=_("Answered by"), choices=Audience.choices, required=False,
        help_text=_("The country's team shares one answer per question; experts and participants "
                    "each answer for themselves."),
    )  # fmt: skip

    def clean_audience(self):
        return self.cleaned_data.get("audience") or Audience.COUNTRY_TEAM


class SectionForm(forms.Form):
    title = forms.CharField(label=_("New section"), max_length=200)


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), required=False,
        empty_label=_("(no section)"),
    )  # fmt: skip
    # A file question is answered with attachments (visits.services.attach_file).
    type = forms.ChoiceField(label=_("Type of answer"), choices=QuestionType.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What a precise answer contains: figures, periods, documents."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For questions with choices: one choice per line."),
    )

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.all()

    def choice_list(self):
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines()]

    @classmethod
    def initial_for(cls, question):
        return {
            "section": question.section_id, "type": question.type, "text": question.text,
            "help_text": question.help_text, "required": question.required,
            "choices": "\n".join(question.choices),
            "version": getattr(question, "version", 0),
        }  # fmt: skip


class QuestionEditForm(QuestionForm):
    """A drafted question changed; ``version`` is the version the person loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(
        label=_("Merge with"), queryset=Question.objects.none(),
        empty_label=_("Choose the other question"),
        help_text=_("This other question is removed; its author is kept in the note."),
    )  # fmt: skip
    text = forms.CharField(
        label=_("Wording of the merged question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Leave empty to keep the wording of this question."),
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = question.questionnaire.questions.exclude(
            pk=question.pk
        ).order_by("position", "pk")
        self.fields["other"].label_from_instance = lambda q: q.text[:120]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument text, up to 20 MB."),
    )


class FromTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=QuestionnaireTemplate.objects.none(),
        empty_label=_("Choose a template"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = QuestionnaireTemplate.objects.filter(
            is_active=True, kind=QuestionnaireKind.SELF_ASSESSMENT
        ).select_related("topic")


class TemplateForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireTemplate
        fields = ["title", "kind", "topic", "audience", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TemplateQuestionForm(QuestionForm):
    def __init__(self, *args, template, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.fields["section"].queryset = TemplateSection.objects.filter(template=template)


class EvaluationFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Every year"))] + [(y, y) for y in years]


class ReleaseForm(forms.Form):
    deadline = forms.DateField(
        label=_("Answers due by"),
        required=False,
        validators=[DEADLINE],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Answered by"), required=False)

    def __init__(self, *args, team_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("The focal point")), *team_choices]


class AnswerForm(forms.Form):
    """One question's answer; ``version`` is the version the person started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in question.choices]
        if question.type == QuestionType.SINGLE_CHOICE:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, required=False
            )
        elif question.type == QuestionType.SHORT_TEXT:
            field = forms.CharField(required=False, max_length=500, strip=False)
        else:
            field = forms.CharField(
                required=False, strip=False, widget=forms.Textarea(attrs={"rows": 5})
            )
        field.label = _("Answer")
        self.fields["value"] = field


class ClarificationForm(forms.Form):
    text = forms.CharField(
        label=_("Ask or explain"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
