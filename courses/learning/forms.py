"""The admin forms behind training administrators' actions. Every action asks why: the
reason goes into the history with who and when."""

from django import forms

from cms.urlconverters import MAX_ID
from courses.models import CoursePage

REASON_MAX_LENGTH = 2000


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: kept in the trainee's history with your name and the time.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why: the reason is kept in the history.")
        return reason


class QuizOverrideForm(ReasonForm):
    extra_attempts = forms.IntegerField(
        label="Extra attempts",
        min_value=0,
        max_value=100,
        help_text="Attempts allowed beyond the quiz's limit, in total (0 for none). Has no "
        "effect on a quiz without a limit.",
    )
    extra_minutes = forms.IntegerField(
        label="Extra minutes",
        min_value=0,
        max_value=600,
        help_text="Minutes added to the quiz's time limit, in total (0 for none). An attempt "
        "in progress gets the difference too. Has no effect on an untimed quiz.",
    )

    field_order = ["extra_attempts", "extra_minutes", "reason"]


class IdChoiceMixin:
    """For a choice of record by id: anything that is not a database id (a number too large
    for the database, say) is simply not one of the choices, rather than an error from the
    database driver. Mixed into the forms' and the report filters' model choice fields."""

    def to_python(self, value):
        if value not in self.empty_values:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class IdChoiceField(IdChoiceMixin, forms.ModelChoiceField):
    pass


class EnrolForm(ReasonForm):
    course = IdChoiceField(
        label="Course",
        queryset=CoursePage.objects.none(),
        empty_label="Choose a course",
        help_text="Published courses the trainee is not enrolled in now.",
    )

    field_order = ["course", "reason"]

    def __init__(self, *args, exclude_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            CoursePage.objects.live().exclude(pk__in=list(exclude_ids)).order_by("title")
        )


class CohortImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="One trainee per row, under a first row naming the columns email, full "
        "name and profession. At most 500 rows and 1 MB; saved as CSV UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
