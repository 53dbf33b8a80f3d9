"""Nobody can learn from Pathway's answers who trains here: sign-up and password reset answer
the same for known and unknown addresses (the mail tells the address's owner instead), and a
failed sign-in runs the password hasher exactly once whether or not the account exists."""

import re
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client

from tests.accounts_helpers import PASSWORD, User, signed_in_user_id, signup_data, trainee

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page_text(client, url, typed="") -> str:
    """The page at `url`, without its CSRF token and with the address the visitor typed
    (which the page repeats back to them) replaced by a placeholder."""
    text = CSRF.sub("", client.get(url).content.decode())
    return text.replace(typed, "ADDRESS") if typed else text


def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address():
    owner = trainee(email="ann@example.com")
    answers = {}
    for email in ("ann@example.com", "new.trainee@example.com"):
        client = Client()
        mail.outbox.clear()
        response = client.post("/accounts/signup/", signup_data(email=email))
        answers[email] = (
            response.status_code,
            response["Location"],
            sorted(response.cookies),
            signed_in_user_id(client),
            page_text(client, response["Location"], typed=email),
        )
        assert [message.to for message in mail.outbox] == [[email]]
        answers[email + " mail"] = mail.outbox[0].body
    assert answers["ann@example.com"] == answers["new.trainee@example.com"]
    status, location, _, signed_in, text = answers["ann@example.com"]
    assert (status, signed_in) == (302, None)
    assert "already" not in text.lower()
    # The owner is told, and nothing about their account changed.
    assert "already exists" in answers["ann@example.com mail"]
    assert "/accounts/password/reset/" in answers["ann@example.com mail"]
    assert User.objects.filter(email__iexact="ann@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert owner.full_name == "Dr Ann Example"


def test_a_new_trainee_is_signed_in_by_the_link_in_the_confirmation_mail():
    client = Client()
    client.post("/accounts/signup/", signup_data())
    user = User.objects.get(email="new.trainee@example.com")
    assert signed_in_user_id(client) is None
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    response = client.post(link.group(1))
    assert response.status_code == 302
    assert signed_in_user_id(client) == user.pk
    assert user.emailaddress_set.get().verified


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address():
    trainee(email="ann@example.com")
    answers = []
    for email in ("ann@example.com", "nobody@example.com"):
        client = Client()
        mail.outbox.clear()
        response = client.post("/accounts/password/reset/", {"email": email})
        answers.append(
            (
                response.status_code,
                response["Location"],
                page_text(client, response["Location"], typed=email),
            )
        )
        assert [message.to for message in mail.outbox] == [[email]]
    assert answers[0] == answers[1]


def hashes_run(login: str) -> int:
    """How many times the password hasher runs for one failed sign-in with `login`."""
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        response = Client().post("/accounts/login/", {"login": login, "password": "not-it-123"})
    assert response.status_code == 200  # the form again, with its error
    return encode.call_count


def test_a_failed_sign_in_costs_one_hash_whether_or_not_the_account_exists():
    trainee("ann", email="ann@example.com")
    runs = {
        login: hashes_run(login)
        for login in (
            "ann@example.com",
            "ANN@example.com",
            "nobody@example.com",
            "ann",
            "nobody",
        )
    }
    assert set(runs.values()) == {1}, runs


def test_signing_in_still_works_by_email_and_by_username_once_each():
    trainee("ann", email="ann@example.com")
    hasher = type(get_hasher())
    for login in ("ann@example.com", "ann"):
        client = Client()
        with mock.patch.object(
            hasher, "encode", autospec=True, side_effect=hasher.encode
        ) as encode:
            response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
        assert response.status_code == 302
        assert signed_in_user_id(client) is not None
        assert encode.call_count == 1


def test_an_inactive_account_with_the_right_password_is_refused():
    user = trainee("ann", email="ann@example.com", is_active=False)
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert signed_in_user_id(client) is None
    assert response.status_code in (200, 302)
