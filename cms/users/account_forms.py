"""allauth's sign-in and sign-up forms, with Pathway's limits.

Kept apart from `cms.users.forms`: allauth builds its sign-up form on top of that module's
`SignupForm` (`ACCOUNT_SIGNUP_FORM_CLASS`), and this module builds on allauth's forms.
"""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.internal.userkit import filter_users_by_email
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
        address) is not theirs: it never stops its real owner from signing up.

        An address that has an account is not an error either: saying so would tell anyone
        who trains here. The form is valid and `account_already_exists` is set; the sign-up
        view then mails the address's owner instead and answers exactly as for a new account
        (`cms.users.views.SignupView`)."""
        release_unverified_claims(value)
        self.account_already_exists = bool(filter_users_by_email(value))
        return get_adapter().validate_unique_email(value)


def release_unverified_claims(email: str) -> int:
    """Drop pending, unverified address changes to `email`; returns how many there were."""
    deleted, _ = EmailAddress.objects.filter(
        email__iexact=email, verified=False, primary=False
    ).delete()
    return deleted
