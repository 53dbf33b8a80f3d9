"""Account forms: the trainee fields allauth's sign-up form asks for, and the profile form.

This module must not import `allauth.account.forms`: allauth builds its sign-up form on top
of `SignupForm` below (`ACCOUNT_SIGNUP_FORM_CLASS`), so importing it here would be circular.
"""

import unicodedata
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from cms.users.models import Profession, User

PROFESSION_PLACEHOLDER = ("", "Choose your profession")


def reject_control_characters(value):
    """Names and licence numbers are printed on certificates: one line of visible text."""
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValidationError("Use letters, numbers, spaces and punctuation only.")


def full_name_field():
    model_field = User._meta.get_field("full_name")
    return forms.CharField(
        label="Full name",
        max_length=model_field.max_length,
        help_text=model_field.help_text,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def profession_field(*, required=True):
    return forms.ChoiceField(
        label="Profession",
        choices=[PROFESSION_PLACEHOLDER, *Profession.choices],
        required=required,
        help_text=User._meta.get_field("profession").help_text,
    )


def licence_number_field():
    model_field = User._meta.get_field("licence_number")
    return forms.CharField(
        label="Licence number",
        max_length=model_field.max_length,
        required=False,
        help_text="Your professional licence or registration number, if you have one.",
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(available_timezones() - {"localtime"})
    return [("", f"The site's time zone ({settings.TIME_ZONE})"), *((zone, zone) for zone in zones)]


def time_zone_field():
    return forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        required=False,
        help_text="Times on your pages (quiz deadlines, attempts, results) are shown in this zone.",
        error_messages={"invalid_choice": "Choose a time zone from the list."},
        widget=forms.Select(attrs={"autocomplete": "off", "data-browser-time-zone": ""}),
    )


class SignupForm(forms.Form):
    """The trainee fields of the sign-up form.

    allauth makes its own sign-up form (email and passwords) a subclass of this one and calls
    `signup()` once it has saved the new user.
    """

    full_name = full_name_field()
    profession = profession_field()
    licence_number = licence_number_field()

    field_order = ["email", "full_name", "profession", "licence_number", "password1", "password2"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.profession = self.cleaned_data["profession"]
        user.licence_number = self.cleaned_data["licence_number"]
        user.save(update_fields=["full_name", "profession", "licence_number"])


class ProfileForm(forms.ModelForm):
    """What a signed-in person may change about themselves on /accounts/profile/.

    Email and password have their own allauth pages (verification, re-authentication).
    Staff accounts may leave the profession blank; trainees may not.
    """

    full_name = full_name_field()
    profession = profession_field()
    licence_number = licence_number_field()
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ["full_name", "profession", "licence_number", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_staff:
            self.fields["profession"].required = False
