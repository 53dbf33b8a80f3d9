from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Profession(models.TextChoices):
    """The professions a trainee can choose at sign-up; certificates and reports group by it."""

    PSYCHOLOGIST = "psychologist", "Psychologist"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    PHYSICIAN = "physician", "Physician"
    COUNSELLOR_PSYCHOTHERAPIST = "counsellor_psychotherapist", "Counsellor or psychotherapist"
    SOCIAL_WORKER = "social_worker", "Social worker"
    NURSE = "nurse", "Nurse"
    OTHER = "other", "Other"


def validate_time_zone(value: str):
    if value and value not in available_timezones():
        raise ValidationError("Choose a time zone from the list.")


class User(AbstractUser):
    """Pathway's user: trainees, authors and administrators alike.

    A custom model from the first migration, so that trainee fields (the name printed on a
    certificate, profession, licence) live on the user without a separate profile table.
    Email addresses are unique: they are how people sign in and recover their accounts.

    `full_name` and `profession` may be blank on the model because staff accounts made with
    `createsuperuser` or the Wagtail admin have neither; the sign-up and profile forms
    require them from trainees.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(
        "full name",
        max_length=200,
        blank=True,
        help_text="Your name exactly as it should appear on your certificates.",
    )
    profession = models.CharField(
        max_length=40,
        choices=Profession.choices,
        blank=True,
        help_text="The profession you practise in.",
    )
    licence_number = models.CharField(
        "licence number",
        max_length=100,
        blank=True,
        help_text="Optional: your professional licence or registration number.",
    )
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="The time zone your pages show times in, e.g. Europe/Berlin; blank for "
        "the site's own.",
    )

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self):
        return self.get_full_name() or self.email or self.username

    def get_full_name(self):
        """The certificate name when set, else Django's "first last" (staff accounts)."""
        return self.full_name.strip() or super().get_full_name()

    def get_short_name(self):
        return self.full_name.strip() or super().get_short_name()
