"""The transcript: every certificate and completed course with hours and dates, and the CE
hours certified in all, as a page, a PDF and a CSV file, for its owner only."""

import csv
import io

from django.test import Client, TestCase

from courses.learning.services.certificates import revoke
from tests.certificate_helpers import (
    certificate_course,
    certificate_trainee,
    earn_certificate,
    finish_lessons,
    pdf_text,
    take_final_test,
)
from tests.factories import make_editor


class TranscriptTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainee = None
        first = certificate_course(evaluation=False, ethics=False, title="First course")
        cls.trainee = certificate_trainee(first)
        cls.first = earn_certificate(cls.trainee, first)
        second = certificate_course(evaluation=False, ethics=False, title="Revoked course")
        second.ce_hours = 3
        second.save_revision().publish()
        from courses.learning.services.enrolment import enrol

        enrol(cls.trainee, second)
        cls.revoked = earn_certificate(cls.trainee, second)
        revoke(cls.revoked, by=make_editor(), reason="Test")
        awaiting = certificate_course(title="Awaiting course")  # evaluation and ethics due
        enrol(cls.trainee, awaiting)
        finish_lessons(cls.trainee, awaiting)
        take_final_test(cls.trainee, awaiting)
        cls.someone_else = certificate_trainee(first, "else", full_name="Someone Else")
        earn_certificate(cls.someone_else, first)

    def setUp(self):
        self.client = Client()
        self.client.force_login(self.trainee)

    def test_the_page_lists_every_course_and_counts_certified_hours_once(self):
        response = self.client.get("/learning/transcript/")
        self.assertContains(response, "First course")
        self.assertContains(response, self.first.code)
        self.assertContains(response, "Revoked course")
        self.assertContains(response, "Revoked on")
        self.assertContains(response, "Awaiting course")
        self.assertContains(response, "certificate not yet issued")
        self.assertContains(response, "Total CE hours certified: 8")
        self.assertNotContains(response, "Someone Else")

    def test_the_pdf_holds_the_same_rows_and_total(self):
        response = self.client.get("/learning/transcript/pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        for expected in ("Zoë Ångström-Núñez", "First course", self.first.code, "Awaiting"):
            self.assertIn(expected, text)
        self.assertIn("Total CE hours certified: 8", text)

    def test_the_csv_holds_the_same_rows_and_total(self):
        response = self.client.get("/learning/transcript/csv/")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][:2], ["Course", "CE hours"])
        courses = {row[0]: row for row in rows[1:-1]}
        self.assertEqual(courses["First course"][4], self.first.code)
        self.assertEqual(courses["First course"][7], "Valid")
        self.assertEqual(courses["Revoked course"][7], "Revoked")
        self.assertEqual(courses["Awaiting course"][4], "")
        self.assertEqual(rows[-1], ["Total CE hours certified", "8"])

    def test_visitors_are_asked_to_sign_in(self):
        for url in (
            "/learning/transcript/",
            "/learning/transcript/pdf/",
            "/learning/transcript/csv/",
        ):
            response = Client().get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])
