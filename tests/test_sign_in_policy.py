"""One sign-in policy for every way in: every login page leads to allauth's rate-limited form,
limits are per account (however it is typed) and per real client address, password reset is
allauth's alone, and a signed-in trainee who opens the admin gets a clear 403 page."""

from urllib.parse import unquote

from django.core import mail
from django.test import Client, override_settings

from tests.accounts_helpers import (
    PASSWORD,
    AccountsTestCase,
    User,
    login_failed_limit,
    signed_in_user_id,
    soup,
    trainee,
)
from tests.factories import make_user

WRONG = "wrong-password-1"
TOO_MANY = "Too many failed login attempts. Try again later."
# Wagtail's admin login, Wagtail's page-restriction login and Django's admin login: none of
# them checks a password; each sends the visitor to the one rate-limited form.
OTHER_LOGIN_PAGES = {
    "/admin/login/": "/admin/",
    "/_util/login/": "/",
    "/django-admin/login/": "/django-admin/login/",
}


class EveryLoginRouteTests(AccountsTestCase):
    def test_six_wrong_passwords_then_the_right_one_is_refused_on_allauths_form(self):
        user = trainee()
        for _ in range(login_failed_limit("key") + 1):
            self.sign_in("ann@example.com", password=WRONG)
        response = self.sign_in("ann@example.com")
        self.assertContains(response, TOO_MANY)
        self.assertIsNone(signed_in_user_id(self.client))
        self.assertIsNone(User.objects.get(pk=user.pk).last_login)

    def test_no_other_login_page_checks_a_password(self):
        admin = make_user("boss", is_staff=True, is_superuser=True)
        admin.set_password(PASSWORD)
        admin.save()
        for url, next_url in OTHER_LOGIN_PAGES.items():
            with self.subTest(url):
                client = Client()
                for password in [WRONG] * 6 + [PASSWORD]:
                    response = client.post(url, {"username": "boss", "password": password})
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(
                        response["Location"].startswith("/accounts/login/?next="),
                        response["Location"],
                    )
                    self.assertIsNone(signed_in_user_id(client))
                followed = client.get(url, follow=True)
                self.assertEqual(followed.request["PATH_INFO"], "/accounts/login/")
                self.assertIn(f"next={next_url}", unquote(followed.redirect_chain[-1][0]))
        self.assertIsNone(User.objects.get(pk=admin.pk).last_login)

    def test_the_admin_signs_in_through_the_form_and_lands_on_the_admin(self):
        admin = make_user("boss", is_staff=True, is_superuser=True)
        admin.set_password(PASSWORD)
        admin.save()
        location = self.client.get("/admin/login/?next=/admin/pages/")["Location"]
        self.assertEqual(location, "/accounts/login/?next=/admin/pages/")
        response = self.sign_in("boss", next="/admin/pages/")
        self.assertRedirects(response, "/admin/pages/", fetch_redirect_response=False)

    def test_a_login_page_never_forwards_to_another_site(self):
        response = self.client.get("/admin/login/?next=https://evil.example/")
        self.assertEqual(response["Location"], "/accounts/login/?next=/admin/")

    def test_username_and_email_share_one_limit_per_account(self):
        trainee()  # username "ann", email "ann@example.com"
        spellings = ["ann", "ANN@example.com", " ann@EXAMPLE.com ", "Ann"]
        for attempt in range(login_failed_limit("key")):
            self.sign_in(spellings[attempt % len(spellings)], password=WRONG)
        for login in ("ann", "ann@example.com"):
            with self.subTest(login):
                response = self.sign_in(login, client=Client())
                self.assertContains(response, TOO_MANY)

    def test_one_attacker_slows_one_account_not_everyone(self):
        trainee()
        bo = trainee("bo", email="bo@example.com")
        attacker = Client(REMOTE_ADDR="198.51.100.7")
        for _ in range(login_failed_limit("key") + 1):
            self.sign_in("ann@example.com", password=WRONG, client=attacker)
        bo_client = Client(REMOTE_ADDR="192.0.2.10")
        self.sign_in("bo@example.com", client=bo_client)
        self.assertEqual(signed_in_user_id(bo_client), bo.pk)


class ClientAddressTests(AccountsTestCase):
    """Behind a reverse proxy, every request comes from the proxy's address."""

    PROXY = "10.0.0.2"

    def fail_from(self, client_ip, count):
        client = Client(REMOTE_ADDR=self.PROXY, HTTP_X_FORWARDED_FOR=client_ip)
        for n in range(count):
            self.sign_in(f"guess{n}-{client_ip}@example.com", password=WRONG, client=client)

    def sign_in_from(self, client_ip):
        client = Client(REMOTE_ADDR=self.PROXY, HTTP_X_FORWARDED_FOR=client_ip)
        return client, self.sign_in("ann@example.com", client=client)

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_with_a_trusted_proxy_two_clients_behind_it_are_limited_separately(self):
        user = trainee()
        self.fail_from("203.0.113.1", login_failed_limit("ip"))
        _client, response = self.sign_in_from("203.0.113.1")
        self.assertContains(response, TOO_MANY)
        other, _response = self.sign_in_from("203.0.113.2")
        self.assertEqual(signed_in_user_id(other), user.pk)

    def test_without_a_trusted_proxy_the_header_is_ignored(self):
        trainee()
        self.fail_from("203.0.113.1", login_failed_limit("ip"))
        other, response = self.sign_in_from("203.0.113.2")  # a forged header changes nothing
        self.assertContains(response, TOO_MANY)
        self.assertIsNone(signed_in_user_id(other))

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
    def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer(self):
        user = trainee()
        client = Client(REMOTE_ADDR=self.PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
        self.sign_in("ann@example.com", client=client)
        self.assertEqual(signed_in_user_id(client), user.pk)


class PasswordResetPolicyTests(AccountsTestCase):
    def test_wagtails_reset_page_leads_to_allauths(self):
        response = self.client.get("/admin/password_reset/")
        self.assertRedirects(response, "/accounts/password/reset/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/password_reset/done/").status_code, 404)
        self.assertEqual(self.client.post("/admin/password_reset/", {}).status_code, 302)

    def test_resets_are_limited_per_address(self):
        trainee()
        statuses = [
            Client(REMOTE_ADDR=f"192.0.2.{n}")
            .post("/accounts/password/reset/", {"email": "ann@example.com"})
            .status_code
            for n in range(8)
        ]
        self.assertEqual(len(mail.outbox), 5)
        self.assertIn(429, statuses)

    def test_resets_are_limited_per_client(self):
        for n in range(20):
            self.client.post("/accounts/password/reset/", {"email": f"p{n}@example.com"})
        sent = len(mail.outbox)
        response = self.client.post("/accounts/password/reset/", {"email": "late@example.com"})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(mail.outbox), sent)


class AdminAccessTests(AccountsTestCase):
    def test_a_signed_in_trainee_gets_a_clear_403_page_not_a_redirect_loop(self):
        trainee()
        self.sign_in("ann@example.com")
        for url in ("/admin/", "/admin/pages/", "/admin/login/", "/admin/users/"):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403)
                page = soup(response)
                self.assertEqual(page.h1.get_text(strip=True), "No access to the admin")
                self.assertIsNotNone(page.find("a", href="/learning/"))

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.client.get("/admin/pages/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))

    def test_staff_use_the_admin(self):
        admin = make_user("boss", is_staff=True, is_superuser=True)
        self.client.force_login(admin)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
