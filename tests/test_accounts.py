"""Accounts at /accounts/ (django-allauth): sign-up with the trainee fields, sign-in by email
or username, sign-out, the failed-login rate limit, the admin sign-in and CSRF. Bad input
never gives a 500."""

import re

from django.conf import settings
from django.core import mail
from django.test import Client, TestCase

from cms.users.models import Profession
from tests.accounts_helpers import (
    NEW_PASSWORD,
    PASSWORD,
    AccountsTestCase,
    User,
    login_failed_limit,
    signed_in_user_id,
    signup_data,
    soup,
    trainee,
)
from tests.factories import make_user


class SignupTests(AccountsTestCase):
    def test_signup_creates_the_trainee_and_the_mailed_link_signs_them_in(self):
        response = self.client.post("/accounts/signup/", signup_data())
        # The same answer as for an address that has an account (tests/test_enumeration.py).
        self.assertRedirects(response, "/accounts/confirm-email/", fetch_redirect_response=False)
        self.assertIsNone(signed_in_user_id(self.client))
        link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body)
        self.assertRedirects(
            self.client.post(link.group(1)),
            settings.LOGIN_REDIRECT_URL,
            fetch_redirect_response=False,
        )
        user = User.objects.get(email="new.trainee@example.com")
        self.assertEqual(user.full_name, "Dr Jo Ngata-Smith")
        self.assertEqual(user.profession, "counsellor_psychotherapist")
        self.assertEqual(user.licence_number, "PCN 123-456")
        self.assertTrue(user.username)
        self.assertTrue(user.check_password(PASSWORD))
        self.assertEqual(signed_in_user_id(self.client), user.pk)
        self.assertEqual(str(user), "Dr Jo Ngata-Smith")
        # One confirmation email.
        self.assertEqual([message.to for message in mail.outbox], [[user.email]])

    def test_licence_number_is_optional(self):
        self.client.post("/accounts/signup/", signup_data(licence_number=""))
        self.assertEqual(User.objects.get(email="new.trainee@example.com").licence_number, "")

    def test_the_form_asks_every_field_with_a_label(self):
        response = self.client.get("/accounts/signup/")
        page = soup(response)
        self.assertEqual(len(page.find_all("h1")), 1)
        names = [field["name"] for field in page.select("form.form [name]") if field.get("id")]
        self.assertEqual(
            names, ["email", "full_name", "profession", "licence_number", "password1", "password2"]
        )
        for name in names:
            field = page.find(attrs={"name": name})
            self.assertIsNotNone(page.find("label", attrs={"for": field["id"]}), name)
        options = [option["value"] for option in page.select("select[name=profession] option")]
        self.assertEqual(options, ["", *Profession.values])

    def test_bad_input_shows_errors_on_the_form(self):
        make_user("taken", email="taken@example.com")
        cases = {
            "missing name": ({"full_name": ""}, "full_name", "This field is required."),
            "blank name": ({"full_name": "   "}, "full_name", "This field is required."),
            "name with a line break": (
                {"full_name": "Jo\nSmith"},
                "full_name",
                "Use letters, numbers, spaces and punctuation only.",
            ),
            "name with a null character": (
                {"full_name": "Jo\x00Smith"},
                "full_name",
                "Null characters are not allowed.",
            ),
            "name too long": ({"full_name": "J" * 201}, "full_name", "at most 200 characters"),
            "no profession": ({"profession": ""}, "profession", "This field is required."),
            "bad profession": ({"profession": "wizard"}, "profession", "Select a valid choice."),
            "passwords differ": (
                {"password2": NEW_PASSWORD},
                "password2",
                "You must type the same password each time.",
            ),
            "weak password": (
                {"password1": "password", "password2": "password"},
                "password1",
                "This password is too short.",
            ),
            "bad email": ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        }
        users_before = User.objects.count()
        for case, (overrides, field, message) in cases.items():
            with self.subTest(case):
                response = self.client.post("/accounts/signup/", signup_data(**overrides))
                self.assertContains(response, message, status_code=200)
                self.assertEqual(soup(response).find(id=f"id_{field}")["aria-invalid"], "true")
                self.assertContains(response, "There is a problem")
                self.assertIsNone(signed_in_user_id(self.client))
        self.assertEqual(User.objects.count(), users_before)

    def test_an_empty_post_is_an_error_page_not_a_crash(self):
        response = self.client.post("/accounts/signup/", {})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required.")


class LoginLogoutTests(AccountsTestCase):
    def test_sign_in_by_email_in_any_case(self):
        user = trainee(email="ann@example.com")
        response = self.sign_in("ANN@example.com")
        self.assertRedirects(response, settings.LOGIN_REDIRECT_URL, fetch_redirect_response=False)
        self.assertEqual(signed_in_user_id(self.client), user.pk)

    def test_sign_in_never_redirects_to_another_site(self):
        trainee()
        response = self.sign_in("ann@example.com", next="https://evil.example/")
        self.assertRedirects(response, settings.LOGIN_REDIRECT_URL, fetch_redirect_response=False)

    def test_sign_in_changes_the_session_key(self):
        trainee()
        session = self.client.session
        session["planted"] = True
        session.save()
        self.client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        self.sign_in("ann@example.com")
        self.assertNotEqual(self.client.session.session_key, session.session_key)

    def test_wrong_password_is_refused_without_saying_which_part_was_wrong(self):
        trainee()
        for login in ("ann@example.com", "nobody@example.com"):
            with self.subTest(login):
                response = self.sign_in(login, password="wrong-password-1")
                self.assertContains(
                    response, "The email address and/or password you specified are not correct."
                )
                self.assertIsNone(signed_in_user_id(self.client))

    def test_sign_out_needs_a_post(self):
        trainee()
        self.sign_in("ann@example.com")
        response = self.client.get("/accounts/logout/")
        self.assertContains(response, "Are you sure you want to sign out?")
        self.assertIsNotNone(signed_in_user_id(self.client))
        response = self.client.post("/accounts/logout/")
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertIsNone(signed_in_user_id(self.client))

    def test_inactive_account_cannot_sign_in(self):
        trainee(is_active=False)
        self.sign_in("ann@example.com")
        self.assertIsNone(signed_in_user_id(self.client))


class RateLimitTests(AccountsTestCase):
    def test_too_many_wrong_passwords_lock_the_account_even_for_the_right_one(self):
        user = trainee()
        for _ in range(login_failed_limit("key")):
            self.sign_in("ann@example.com", password="wrong-password-1")
        response = self.sign_in("ann@example.com")
        self.assertContains(response, "Too many failed login attempts. Try again later.")
        self.assertIsNone(signed_in_user_id(self.client))
        # Another account is not affected by this account's limit.
        other = trainee("bo", email="bo@example.com")
        self.sign_in("bo@example.com")
        self.assertEqual(signed_in_user_id(self.client), other.pk)
        self.assertNotEqual(other.pk, user.pk)

    def test_credential_stuffing_from_one_address_is_cut_off(self):
        user = trainee()
        for n in range(login_failed_limit("ip")):
            self.sign_in(f"guess{n}@example.com", password="wrong-password-1")
        response = self.sign_in("ann@example.com")
        self.assertContains(response, "Too many failed login attempts. Try again later.")
        self.assertIsNone(signed_in_user_id(self.client))
        self.assertFalse(User.objects.get(pk=user.pk).last_login)

    def test_django_admin_login_goes_through_the_rate_limited_form(self):
        response = self.client.post(
            "/django-admin/login/", {"username": "ann", "password": "wrong-password-1"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/?next="))


class AdminSignInTests(AccountsTestCase):
    def test_wagtail_admin_signs_in_through_the_accounts_form(self):
        response = self.client.get("/admin/")
        self.assertRedirects(
            response, "/accounts/login/?next=/admin/", fetch_redirect_response=False
        )
        admin = make_user("admin", is_staff=True, is_superuser=True)
        admin.set_password(PASSWORD)
        admin.save()
        response = self.sign_in("admin", next="/admin/")
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_trainee_cannot_reach_the_admin(self):
        trainee()
        self.sign_in("ann@example.com")
        self.assertContains(self.client.get("/admin/"), "No access to the admin", status_code=403)


class CsrfTests(AccountsTestCase):
    def test_posts_without_a_token_are_refused(self):
        user = trainee()
        routes = {
            "/accounts/login/": {"login": "ann@example.com", "password": PASSWORD},
            "/accounts/signup/": signup_data(),
            "/accounts/password/reset/": {"email": "ann@example.com"},
        }
        for url, data in routes.items():
            with self.subTest(url):
                client = Client(enforce_csrf_checks=True)
                self.assertEqual(client.post(url, data).status_code, 403)
                self.assertIsNone(signed_in_user_id(client))
        signed_in_routes = {
            "/accounts/profile/": {"full_name": "Changed", "profession": "nurse"},
            "/accounts/password/change/": {
                "oldpassword": PASSWORD,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
            "/accounts/logout/": {},
        }
        for url, data in signed_in_routes.items():
            with self.subTest(url):
                client = Client(enforce_csrf_checks=True)
                client.force_login(user)
                self.assertEqual(client.post(url, data).status_code, 403)
                self.assertEqual(signed_in_user_id(client), user.pk)
        user.refresh_from_db()
        self.assertEqual(user.full_name, "Dr Ann Example")
        self.assertTrue(user.check_password(PASSWORD))
        self.assertFalse(User.objects.filter(email="new.trainee@example.com").exists())
        self.assertEqual(mail.outbox, [])


class UserModelTests(TestCase):
    def test_names(self):
        self.assertEqual(str(User(full_name="Dr Ann Example", first_name="A")), "Dr Ann Example")
        self.assertEqual(
            User(first_name="Ada", last_name="Lovelace").get_full_name(), "Ada Lovelace"
        )
        self.assertEqual(str(User(email="x@example.com", username="x")), "x@example.com")

    def test_professions(self):
        self.assertEqual(
            Profession.values,
            [
                "psychologist",
                "psychiatrist",
                "physician",
                "counsellor_psychotherapist",
                "social_worker",
                "nurse",
                "other",
            ],
        )
        self.assertEqual(
            Profession.COUNSELLOR_PSYCHOTHERAPIST.label, "Counsellor or psychotherapist"
        )
