"""Training administrators see, filter and export certificates, revoke one with a reason
(kept and logged), and read each course's evaluation summary. Nobody else can."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group
from django.test import Client, TestCase
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.learning.models import Certificate, EvaluationResponse
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from courses.models import EthicsCode
from tests.certificate_helpers import (
    certificate_course,
    certificate_trainee,
    earn_certificate,
    evaluation_page,
)
from tests.factories import make_editor, make_user

URLS = [
    "/admin/training/certificates/",
    "/admin/training/certificates/?export=csv",
    "/admin/training/evaluations/",
]


def training_admin(username="registrar"):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


class CertificateAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = certificate_course()
        cls.first = earn_certificate(certificate_trainee(cls.course, "first"), cls.course)
        cls.second = earn_certificate(
            certificate_trainee(cls.course, "second", full_name="=HYPERLINK(1)"), cls.course
        )
        other_course = certificate_course(evaluation=False, ethics=False, title="Other course")
        cls.third = earn_certificate(
            certificate_trainee(other_course, "third", full_name="Third Person"), other_course
        )
        Certificate.objects.filter(pk=cls.third.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
        cls.admin = training_admin()

    def test_only_training_administrators_get_in(self):
        author = make_user("author")
        author.groups.add(Group.objects.get(name="Editors"))
        trainee = make_user("just-a-trainee")
        revoke_url = f"/admin/training/certificates/{self.first.pk}/revoke/"
        summary_url = f"/admin/training/evaluations/{self.course.pk}/"
        for url in [*URLS, revoke_url, summary_url]:
            # Staff without the right are told plainly that the page is not theirs.
            response = signed_in(author).get(url)
            self.assertEqual(response.status_code, 403, url)
            self.assertContains(response, "part of training administration", status_code=403)
            self.assertEqual(signed_in(trainee).get(url).status_code, 403, url)
            response = Client().get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/login/", response["Location"])
            self.assertEqual(signed_in(self.admin).get(url).status_code, 200, url)
        signed_in(author).post(revoke_url, {"reason": "No right to"})
        self.assertIsNone(Certificate.objects.get(pk=self.first.pk).revoked_at)

    def test_the_menu_shows_the_views_to_administrators_only(self):
        response = signed_in(self.admin).get("/admin/")
        self.assertContains(response, "/admin/training/certificates/")
        editor_page = signed_in(make_user_with_admin_access()).get("/admin/")
        self.assertNotContains(editor_page, "/admin/training/certificates/")

    def test_the_list_filters_by_course_status_and_name(self):
        client = signed_in(self.admin)
        response = client.get("/admin/training/certificates/")
        for certificate in (self.first, self.second, self.third):
            self.assertContains(response, certificate.code)
        response = client.get("/admin/training/certificates/", {"status": "expired"})
        self.assertContains(response, self.third.code)
        self.assertNotContains(response, self.first.code)
        response = client.get("/admin/training/certificates/", {"course_title": "Other course"})
        self.assertContains(response, self.third.code)
        self.assertNotContains(response, self.second.code)
        response = client.get("/admin/training/certificates/", {"holder_name": "third"})
        self.assertContains(response, self.third.code)
        self.assertNotContains(response, self.first.code)

    def test_the_export_holds_the_rows_on_screen_and_no_formulas(self):
        client = signed_in(self.admin)
        response = client.get("/admin/training/certificates/", {"status": "valid", "export": "csv"})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual({row["Code"] for row in rows}, {self.first.code, self.second.code})
        by_code = {row["Code"]: row for row in rows}
        self.assertEqual(by_code[self.second.code]["Name"], "'=HYPERLINK(1)")
        self.assertEqual(by_code[self.first.code]["Status"], "Valid")
        self.assertEqual(by_code[self.first.code]["CE hours"], "8.0")
        response = client.get("/admin/training/certificates/", {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)

    def test_revoking_needs_a_reason_and_is_kept_and_logged(self):
        client = signed_in(self.admin)
        url = f"/admin/training/certificates/{self.first.pk}/revoke/"
        response = client.post(url, {"reason": "   "})
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(Certificate.objects.get(pk=self.first.pk).revoked_at)
        response = client.post(url, {"reason": "The final test was taken by someone else."})
        self.assertRedirects(response, "/admin/training/certificates/")
        revoked = Certificate.objects.get(pk=self.first.pk)
        self.assertIsNotNone(revoked.revoked_at)
        self.assertEqual(revoked.revoked_by, self.admin)
        self.assertEqual(revoked.revoke_reason, "The final test was taken by someone else.")
        entry = ModelLogEntry.objects.get(action="pathway.certificate.revoke")
        self.assertEqual(entry.user, self.admin)
        self.assertEqual(entry.data["reason"], "The final test was taken by someone else.")
        self.assertEqual(entry.object_id, str(self.first.pk))
        response = Client().get(f"/certificates/{self.first.code}/")
        self.assertContains(response, "has been revoked")
        # A second revocation changes nothing.
        client.post(url, {"reason": "Again"})
        self.assertEqual(
            Certificate.objects.get(pk=self.first.pk).revoke_reason, revoked.revoke_reason
        )
        self.assertEqual(
            ModelLogEntry.objects.filter(action="pathway.certificate.revoke").count(), 1
        )
        self.assertEqual(Certificate.objects.count(), 3)  # nothing deleted

    def test_the_evaluation_summary_and_its_export(self):
        client = signed_in(self.admin)
        response = client.get("/admin/training/evaluations/")
        self.assertContains(response, self.course.title)
        url = f"/admin/training/evaluations/{self.course.pk}/"
        response = client.get(url)
        self.assertContains(response, "2 responses")
        self.assertContains(response, "The course is relevant to my practice")
        self.assertContains(response, "mean <strong>4.00</strong>", html=False)
        self.assertContains(response, "Clear and careful.")
        self.assertNotContains(response, "first@example.com")
        response = client.get(url, {"export": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "Submitted on")
        self.assertIn("Objective 1 was met", rows[0])
        self.assertEqual(len(rows), 3)
        self.assertEqual(EvaluationResponse.objects.count(), 2)
        self.assertEqual(client.get("/admin/training/evaluations/999999/").status_code, 404)
        self.assertEqual(evaluation_page(self.course).title, "Course evaluation")


def make_user_with_admin_access():
    user = make_user("an-author")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


class EthicsCodeAdminTests(TestCase):
    def test_an_attested_or_required_version_cannot_be_deleted_or_rewritten(self):
        course = certificate_course(evaluation=False)
        earn_certificate(certificate_trainee(course), course)
        code = course.ethics_code
        client = signed_in(make_editor())
        response = client.post(f"/admin/snippets/courses/ethicscode/delete/{code.pk}/")
        self.assertRedirects(
            response, "/admin/snippets/courses/ethicscode/", fetch_redirect_response=False
        )
        self.assertTrue(EthicsCode.objects.filter(pk=code.pk).exists())
        response = client.post(
            f"/admin/snippets/courses/ethicscode/edit/{code.pk}/",
            {
                "title": code.title,
                "version": code.version,
                "effective_on": code.effective_on.isoformat(),
                "text": "A quietly different text.",
            },
        )
        self.assertContains(response, "cannot change")
        code.refresh_from_db()
        self.assertIn("I keep confidences.", code.text)

    def test_an_unused_version_can_be_deleted(self):
        unused = EthicsCode.objects.create(title="Draft code", version=1, text="Draft.")
        client = signed_in(make_editor())
        client.post(f"/admin/snippets/courses/ethicscode/delete/{unused.pk}/")
        self.assertFalse(EthicsCode.objects.filter(pk=unused.pk).exists())
