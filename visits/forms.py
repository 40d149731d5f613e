from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import QuestionType
from .models import Section


class CreateQuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class SectionForm(forms.Form):
    title = forms.CharField(label=_("New section"), max_length=200)


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), required=False,
        empty_label=_("(no section)"),
    )  # fmt: skip
    # Files are answered with attachments, which come in a later step.
    type = forms.ChoiceField(
        label=_("Type of answer"),
        choices=[(k, v) for k, v in QuestionType.choices if k != QuestionType.FILE],
    )
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


class ReleaseForm(forms.Form):
    deadline = forms.DateField(
        label=_("Answers due by"),
        required=False,
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
