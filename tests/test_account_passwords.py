"""Passwords and the profile: password change and reset, the profile page, and every
account page in Pathway's layout. Bad input never gives a 500."""

import re

from django.core import mail
from django.test import Client

from tests.accounts_helpers import (
    NEW_PASSWORD,
    PASSWORD,
    AccountsTestCase,
    User,
    signed_in_user_id,
    soup,
    trainee,
)
from tests.factories import make_user


class PasswordChangeTests(AccountsTestCase):
    def test_change_password_replaces_the_old_one_and_ends_other_sessions(self):
        user = trainee()
        other_device = Client()
        self.sign_in("ann@example.com", client=other_device)
        self.sign_in("ann@example.com")
        response = self.client.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(signed_in_user_id(self.client), user.pk)  # this session stays
        self.assertEqual(other_device.get("/accounts/profile/").status_code, 302)
        self.client.post("/accounts/logout/")
        self.sign_in("ann@example.com")
        self.assertIsNone(signed_in_user_id(self.client))
        self.sign_in("ann@example.com", password=NEW_PASSWORD)
        self.assertEqual(signed_in_user_id(self.client), user.pk)

    def test_wrong_current_password_is_an_error(self):
        trainee()
        self.sign_in("ann@example.com")
        response = self.client.post(
            "/accounts/password/change/",
            {
                "oldpassword": "wrong-password-1",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
        self.assertContains(response, "Please type your current password.")
        self.assertTrue(User.objects.get(email="ann@example.com").check_password(PASSWORD))


class PasswordResetTests(AccountsTestCase):
    def test_reset_link_sets_a_new_password_once(self):
        user = trainee()
        response = self.client.post("/accounts/password/reset/", {"email": "ann@example.com"})
        self.assertRedirects(response, "/accounts/password/reset/done/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["ann@example.com"])
        link = re.search(
            r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body
        )
        self.assertIsNotNone(link)
        form_page = self.client.get(link.group(1), follow=True)
        self.assertContains(form_page, "Choose a new password")
        response = self.client.post(
            form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(User.objects.get(pk=user.pk).check_password(NEW_PASSWORD))
        self.assertContains(self.client.get(link.group(1), follow=True), "Link not valid")
        self.client.post("/accounts/logout/")
        self.sign_in("ann@example.com", password=NEW_PASSWORD)
        self.assertEqual(signed_in_user_id(self.client), user.pk)

    def test_unknown_email_gets_the_same_response_as_a_known_one(self):
        trainee()
        known = self.client.post("/accounts/password/reset/", {"email": "ann@example.com"})
        unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(known["Location"], unknown["Location"])
        known_page = self.client.get(known["Location"])
        unknown_page = Client().get(unknown["Location"])
        self.assertEqual(known_page.content, unknown_page.content)
        # The unknown address is told it has no account; it never gets a reset link.
        unknown_mail = [message for message in mail.outbox if message.to == ["nobody@example.com"]]
        self.assertEqual(len(unknown_mail), 1)
        self.assertNotIn("/accounts/password/reset/key/", unknown_mail[0].body)

    def test_a_made_up_link_is_not_valid(self):
        for key in ("zz-zz", "1-set-password", "99999999999999999999-abc"):
            with self.subTest(key):
                response = self.client.get(f"/accounts/password/reset/key/{key}/", follow=True)
                self.assertContains(response, "Link not valid")

    def test_bad_email_is_a_form_error(self):
        response = self.client.post("/accounts/password/reset/", {"email": "not an email"})
        self.assertContains(response, "Enter a valid email address.")
        self.assertEqual(mail.outbox, [])


class ProfileTests(AccountsTestCase):
    def test_profile_needs_sign_in(self):
        for method in ("get", "post"):
            with self.subTest(method):
                response = getattr(self.client, method)("/accounts/profile/")
                self.assertRedirects(
                    response,
                    "/accounts/login/?next=/accounts/profile/",
                    fetch_redirect_response=False,
                )

    def test_edit_name_profession_and_licence(self):
        user = trainee(licence_number="OLD-1")
        self.client.force_login(user)
        page = self.client.get("/accounts/profile/")
        self.assertContains(page, 'value="Dr Ann Example"')
        response = self.client.post(
            "/accounts/profile/",
            {"full_name": "Dr Ann B. Example", "profession": "nurse", "licence_number": ""},
            follow=True,
        )
        self.assertRedirects(response, "/accounts/profile/")
        self.assertContains(response, "Your profile has been saved.")
        user.refresh_from_db()
        self.assertEqual(
            (user.full_name, user.profession, user.licence_number),
            ("Dr Ann B. Example", "nurse", ""),
        )

    def test_invalid_profile_is_refused_and_nothing_is_saved(self):
        user = trainee()
        self.client.force_login(user)
        for data in (
            {"full_name": "New Name", "profession": "wizard"},
            {"full_name": "", "profession": "nurse"},
            {"full_name": "New Name", "profession": ""},
        ):
            with self.subTest(data=data):
                response = self.client.post("/accounts/profile/", data)
                self.assertContains(response, "There is a problem", status_code=200)
                # The header still shows the saved name, not the refused one.
                header = soup(response).find("nav", attrs={"aria-label": "Account"})
                self.assertIn("Dr Ann Example", header.get_text())
        user.refresh_from_db()
        self.assertEqual((user.full_name, user.profession), ("Dr Ann Example", "psychologist"))

    def test_staff_may_leave_profession_blank(self):
        staff = make_user("editor", is_staff=True)
        self.client.force_login(staff)
        response = self.client.post("/accounts/profile/", {"full_name": "Ed Itor"})
        self.assertRedirects(response, "/accounts/profile/", fetch_redirect_response=False)

    def test_other_methods_are_refused(self):
        self.client.force_login(trainee())
        for method in ("put", "patch", "delete"):
            with self.subTest(method):
                self.assertEqual(
                    getattr(self.client, method)("/accounts/profile/").status_code, 405
                )

    def test_links_to_password_and_email_pages(self):
        self.client.force_login(trainee())
        page = soup(self.client.get("/accounts/profile/"))
        self.assertIsNotNone(page.find("a", href="/accounts/password/change/"))
        self.assertIsNotNone(page.find("a", href="/accounts/email/"))


class AccountPagesTests(AccountsTestCase):
    """Every account page renders in the site layout: one h1, a title, labelled inputs."""

    def assert_accessible_page(self, response):
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        self.assertEqual(len(page.find_all("h1")), 1)
        self.assertTrue(page.title.get_text().strip().endswith("· Pathway"))
        self.assertIsNotNone(page.find("meta", attrs={"name": "viewport"}))
        self.assertIsNotNone(page.find("main", id="main"))
        for field in page.select("main input, main select, main textarea"):
            if field.get("type") in ("hidden", "submit"):
                continue
            self.assertIsNotNone(page.find("label", attrs={"for": field.get("id")}), str(field))

    def test_pages_for_visitors(self):
        for url in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
            with self.subTest(url):
                self.assert_accessible_page(self.client.get(url))

    def test_pages_for_signed_in_people(self):
        self.client.force_login(trainee())
        for url in (
            "/accounts/profile/",
            "/accounts/password/change/",
            "/accounts/logout/",
            "/accounts/email/",
        ):
            with self.subTest(url):
                self.assert_accessible_page(self.client.get(url))
