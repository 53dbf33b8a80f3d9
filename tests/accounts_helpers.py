"""Shared set-up for the account tests."""

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase

from cms.users.models import Profession
from tests.factories import make_user

User = get_user_model()
PASSWORD = "calm-harbour-lantern-42"
NEW_PASSWORD = "quiet-meadow-compass-77"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def trainee(username="ann", **fields):
    fields.setdefault("full_name", "Dr Ann Example")
    fields.setdefault("profession", Profession.PSYCHOLOGIST)
    user = make_user(username, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def signed_in_user_id(client):
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def signup_data(**overrides):
    data = {
        "email": "new.trainee@example.com",
        "full_name": "Dr Jo Ngata-Smith",
        "profession": Profession.COUNSELLOR_PSYCHOTHERAPIST,
        "licence_number": "PCN 123-456",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def login_failed_limit(per):
    """The number in ACCOUNT_RATE_LIMITS["login_failed"] for `per` ("key" or "ip")."""
    for rate in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(","):
        amount, _duration, rate_per = rate.strip().split("/")
        if rate_per == per:
            return int(amount)
    raise AssertionError(f"no login_failed rate per {per}")


class AccountsTestCase(TestCase):
    def setUp(self):
        cache.clear()  # allauth keeps its rate-limit counters in the cache

    def sign_in(self, login, password=PASSWORD, client=None, **extra):
        client = client or self.client
        return client.post("/accounts/login/", {"login": login, "password": password, **extra})


def confirmation_path(email: str) -> str:
    """The path of the link in the last confirmation mail sent to `email` (sign-up)."""
    import re

    from django.core import mail

    for message in reversed(mail.outbox):
        if message.to == [email]:
            found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no confirmation mail to {email}")
