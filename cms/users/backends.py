"""Sign-in that takes the same time whether or not the account exists.

allauth hands the login as typed to the backends both as `username` and as `email`. With
Django's ModelBackend first and allauth's backend after it, a failed sign-in to an existing
account ran the password hasher three times (ModelBackend's decoy for an unknown username,
then allauth's check of the account's password once for each of the two names), while an
unknown address ran it twice: the difference an outsider could time to learn who trains here.

This backend finds the account once (by address, else by username) and runs the hasher
exactly once either way: the account's password check, or a decoy hash of the typed password
when there is no account. A failed sign-in then ends authentication (PermissionDenied), so
no later backend hashes again. ModelBackend stays listed after it for sessions it signed in
and for permissions.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.internal.userkit import filter_users_by_email, get_user_by_username
from django.core.exceptions import PermissionDenied


class EvenTimeAuthenticationBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        password = credentials.get("password")
        login = credentials.get("email") or credentials.get("username")
        if not password or not login:
            return None
        user = find_account(login)
        if user is None:
            self._mitigate_timing_attack(password)  # one decoy hash, as a real check costs
            raise PermissionDenied
        if not user.check_password(password):
            raise PermissionDenied
        if not self.user_can_authenticate(user):
            # The right password for an inactive account: allauth shows its own page.
            self._stash_user(user)
            raise PermissionDenied
        return user


def find_account(login: str):
    """The account `login` names: by email address when it has one, else by username."""
    if "@" in login:
        users = filter_users_by_email(login, prefer_verified=True, for_login=True)
        if users:
            return users[0]
    return get_user_by_username(login)
