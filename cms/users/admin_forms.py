"""The Wagtail admin's user forms, with Pathway's trainee fields.

Sign-up asks for a full name (as printed on certificates), a profession and an optional
licence number, and never for Django's first and last names. The admin's create and edit
forms show the same three fields and leave first and last names optional, so that a trainee
can be edited, and deactivated, without inventing names for them.
"""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from cms.users.forms import full_name_field, licence_number_field, profession_field

TRAINEE_FIELDS = ["full_name", "profession", "licence_number"]


class TraineeFieldsMixin(forms.Form):
    full_name = full_name_field()
    profession = profession_field(required=False)
    licence_number = licence_number_field()
    first_name = forms.CharField(
        label="First name", required=False, help_text="Optional: staff accounts may use it."
    )
    last_name = forms.CharField(
        label="Last name", required=False, help_text="Optional: staff accounts may use it."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False
        self.fields[
            "full_name"
        ].help_text = (
            "The name printed on the trainee's certificates (trainees give it at sign-up)."
        )
        self.fields["profession"].help_text = "The trainee's profession (blank for staff)."
        self.fields[
            "licence_number"
        ].help_text = "The trainee's professional licence or registration number, if any."

    def clean(self):
        cleaned = super().clean()
        names = [cleaned.get(name, "").strip() for name in ("full_name", "first_name", "last_name")]
        if not any(names):
            self.add_error("full_name", "Give a full name (or a first and last name).")
        return cleaned


class PathwayUserCreationForm(TraineeFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(TRAINEE_FIELDS)


class PathwayUserEditForm(TraineeFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(TRAINEE_FIELDS)
