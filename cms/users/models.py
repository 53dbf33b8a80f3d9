from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Pathway's user: trainees, authors and administrators alike.

    A custom model from the first migration, so that trainee fields (the name printed on a
    certificate, profession, licence) can be added later without swapping user models.
    Email addresses are unique: they are how people sign in and recover their accounts.
    """

    email = models.EmailField("email address", unique=True)

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self):
        return self.get_full_name() or self.username
