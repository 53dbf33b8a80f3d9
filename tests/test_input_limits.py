"""Bad input that used to answer 500: ids too large for the database, over-long login names,
another person's email address, and deleting users with training records in bulk."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.test import Client

from courses.learning.models import Enrolment
from tests.accounts_helpers import AccountsTestCase, User, signup_data, trainee
from tests.factories import make_course, make_editor, make_trainee

HUGE_IDS = [2**63, 2**63 + 1, 10**30]


@pytest.mark.django_db
@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize(
    "url",
    [
        "/learning/enrol/{id}/",
        "/learning/complete/{id}/",
        "/learning/quizzes/{id}/start/",
        "/learning/check/{id}/block-1/",
    ],
)
def test_ids_too_large_for_the_database_are_not_found(url, huge):
    client = Client()
    client.force_login(make_trainee())
    assert client.post(url.format(id=huge)).status_code == 404


@pytest.mark.django_db
def test_the_largest_real_id_is_looked_up_and_not_found():
    client = Client()
    client.force_login(make_trainee())
    assert client.post(f"/learning/enrol/{2**63 - 1}/").status_code == 404


class OverLongInputTests(AccountsTestCase):
    def test_an_over_long_login_name_is_a_form_error(self):
        trainee()
        for login in ("a" * 50_000, "a" * 300 + "@example.com"):
            with self.subTest(len(login)):
                response = self.sign_in(login)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Ensure this value has at most 254 characters")

    def test_an_over_long_email_at_sign_up_is_a_form_error(self):
        response = self.client.post(
            "/accounts/signup/", signup_data(email="a" * 50_000 + "@example.com")
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(email__startswith="aaaa").exists())


class EmailAddressTests(AccountsTestCase):
    """An address belongs to an account only once its owner has confirmed it."""

    def setUp(self):
        super().setUp()
        self.ann = trainee()
        EmailAddress.objects.create(
            user=self.ann, email=self.ann.email, primary=True, verified=False
        )
        self.client.force_login(self.ann)

    def add_address(self, email):
        return self.client.post("/accounts/email/", {"action_add": "", "email": email})

    def make_primary(self, email):
        return self.client.post("/accounts/email/", {"action_primary": "", "email": email})

    def test_another_users_address_never_becomes_yours(self):
        bo = trainee("bo", email="bo@example.com")
        self.add_address("bo@example.com")
        response = self.make_primary("bo@example.com")
        self.assertEqual(response.status_code, 302)
        self.ann.refresh_from_db()
        bo.refresh_from_db()
        self.assertEqual((self.ann.email, bo.email), ("ann@example.com", "bo@example.com"))
        self.assertEqual(
            EmailAddress.objects.get(user=self.ann, primary=True).email, "ann@example.com"
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("Confirm this address first" in m for m in messages), messages)

    def test_an_address_you_merely_added_does_not_stop_its_owner_signing_up(self):
        self.add_address("newcomer@example.com")
        self.assertTrue(EmailAddress.objects.filter(email="newcomer@example.com").exists())
        newcomer = Client()
        response = newcomer.post("/accounts/signup/", signup_data(email="newcomer@example.com"))
        self.assertEqual(response.status_code, 302)
        owner = User.objects.get(email="newcomer@example.com")
        self.assertEqual(
            list(EmailAddress.objects.filter(email="newcomer@example.com").values_list("user")),
            [(owner.pk,)],
        )
        self.ann.refresh_from_db()
        self.assertEqual(self.ann.email, "ann@example.com")

    def test_a_new_address_becomes_yours_once_confirmed(self):
        self.add_address("ann.new@example.com")
        self.make_primary("ann.new@example.com")
        self.ann.refresh_from_db()
        self.assertEqual(self.ann.email, "ann@example.com")  # not until it is confirmed
        EmailAddress.objects.filter(email="ann.new@example.com").update(verified=True)
        self.make_primary("ann.new@example.com")
        self.ann.refresh_from_db()
        self.assertEqual(self.ann.email, "ann.new@example.com")

    def test_a_clash_with_another_account_changes_nothing(self):
        bo = trainee("bo", email="bo@example.com")
        self.add_address("bo@example.com")
        # Even confirmed (say Bo signed up with an address that is really Ann's), the change
        # cannot take another account's address: refused whole, with a message.
        EmailAddress.objects.filter(user=self.ann, email="bo@example.com").update(verified=True)
        response = self.make_primary("bo@example.com")
        self.assertEqual(response.status_code, 302)
        self.ann.refresh_from_db()
        bo.refresh_from_db()
        self.assertEqual((self.ann.email, bo.email), ("ann@example.com", "bo@example.com"))
        self.assertEqual(
            EmailAddress.objects.get(user=self.ann, primary=True).email, "ann@example.com"
        )


class BulkUserDeleteTests(AccountsTestCase):
    def test_bulk_delete_refuses_trainees_with_records_and_deletes_nothing(self):
        course = make_course(modules=1, lessons_per_module=1)
        with_records = make_trainee("kept", enrolled_in=course)
        without = make_trainee("plain")
        admin = make_editor()
        self.client.force_login(admin)
        url = (
            f"/admin/bulk/users/user/delete/?next=/admin/users/&id={with_records.pk}"
            f"&id={without.pk}"
        )
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url)
        self.assertRedirects(response, "/admin/users/", fetch_redirect_response=False)
        self.assertTrue(User.objects.filter(pk__in=[with_records.pk, without.pk]).count() == 2)
        self.assertTrue(Enrolment.objects.filter(user=with_records).exists())
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("Nothing was deleted" in m and "kept" in m for m in messages))

    def test_bulk_delete_of_users_without_records_still_works(self):
        users = [make_trainee(f"plain{n}") for n in range(2)]
        self.client.force_login(make_editor())
        ids = "&".join(f"id={user.pk}" for user in users)
        self.client.post(f"/admin/bulk/users/user/delete/?next=/admin/users/&{ids}")
        self.assertFalse(User.objects.filter(pk__in=[user.pk for user in users]).exists())
