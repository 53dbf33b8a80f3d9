"""allauth's sign-in and sign-up forms, with Pathway's limits.

Kept apart from `cms.users.forms`: allauth builds its sign-up form on top of that module's
`SignupForm` (`ACCOUNT_SIGNUP_FORM_CLASS`), and this module builds on allauth's forms.
"""

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from django.core.validators import MaxLengthValidator

# The longest email address a mail system accepts (RFC 5321); usernames are shorter.
LOGIN_MAX_LENGTH = 254


class LoginForm(allauth_forms.LoginForm):
    """An over-long login is a form error, before it reaches the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.max_length = LOGIN_MAX_LENGTH
        login.validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))
        login.widget.attrs["maxlength"] = str(LOGIN_MAX_LENGTH)


class AccountSignupForm(allauth_forms.SignupForm):
    def validate_unique_email(self, value):
        """An address someone else merely asked to change to (unverified, not their primary
        address) is not theirs: it never stops its real owner from signing up."""
        release_unverified_claims(value)
        return super().validate_unique_email(value)


def release_unverified_claims(email: str) -> int:
    """Drop pending, unverified address changes to `email`; returns how many there were."""
    deleted, _ = EmailAddress.objects.filter(
        email__iexact=email, verified=False, primary=False
    ).delete()
    return deleted
