"""A certificate is issued when the last requirement is met, whichever it is, exactly once,
with what was true at that moment frozen on it; never before."""

from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import Site

from cms.home.models import SiteSettings
from courses.learning.models import Certificate, CourseCompletion, QuizAttempt
from courses.learning.models.certificates import CODE_PATTERN, normalise_code
from courses.learning.services.certificates import revoke
from courses.learning.services.ethics import AttestationRefused
from courses.learning.services.evaluation import EvaluationClosed
from courses.models import CoursePage
from tests.certificate_helpers import (
    attest_ethics,
    certificate_course,
    certificate_trainee,
    evaluate,
    finish_lessons,
    make_ethics_code,
    take_final_test,
)


@override_settings(EMAIL_BACKEND="post_office.EmailBackend")
class IssuingTests(TestCase):
    def setUp(self):
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.provider_name = "Pathway Institute"
        site_settings.accreditation_statement = "Example accreditation statement."
        site_settings.save()
        self.course = certificate_course()
        self.trainee = certificate_trainee(self.course)

    def certificates(self):
        return Certificate.objects.filter(user=self.trainee)

    def test_nothing_until_every_requirement_is_met_then_one_certificate(self):
        finish_lessons(self.trainee, self.course)
        take_final_test(self.trainee, self.course)
        self.assertTrue(CourseCompletion.objects.filter(user=self.trainee).exists())
        self.assertFalse(self.certificates().exists())  # evaluation and ethics outstanding
        attest_ethics(self.trainee, self.course)
        self.assertFalse(self.certificates().exists())  # evaluation outstanding
        with self.captureOnCommitCallbacks(execute=True):
            evaluate(self.trainee, self.course)
        certificate = self.certificates().get()
        self.assertEqual(certificate.holder_name, "Zoë Ångström-Núñez")
        self.assertEqual(certificate.course_title, self.course.title)
        self.assertEqual(certificate.ce_hours, Decimal("8"))
        self.assertEqual(certificate.credit_type, "CE hours for psychologists (example)")
        self.assertEqual(certificate.organisation, "Pathway Institute")
        self.assertEqual(certificate.accreditation_statement, "Example accreditation statement.")
        self.assertRegex(certificate.code, CODE_PATTERN)
        self.assertEqual(certificate.status(), Certificate.Status.VALID)
        self.assertIsNone(certificate.expires_at)
        # The trainee is told by email, once, with the certificate's link.
        issued = [m for m in mail.outbox if "certificate" in m.subject.lower()]
        self.assertEqual(len(issued), 1)
        self.assertEqual(issued[0].to, [self.trainee.email])
        self.assertIn(f"/learning/certificates/{certificate.code}/", issued[0].body)
        self.assertIn(f"/certificates/{certificate.code}/", issued[0].body)
        html = issued[0].alternatives[0][0]
        self.assertIn(certificate.code, html)
        self.assertIn("Zoë Ångström-Núñez", html)
        # Nothing more to issue, whatever else happens.
        evaluate(self.trainee, self.course)
        take_final_test(self.trainee, self.course)
        self.assertEqual(self.certificates().count(), 1)

    def test_the_final_test_can_be_the_last_requirement(self):
        attest_ethics(self.trainee, self.course)
        finish_lessons(self.trainee, self.course)
        with self.assertRaises(EvaluationClosed):  # the evaluation waits for the final test
            evaluate(self.trainee, self.course)
        take_final_test(self.trainee, self.course, passing=False)
        self.assertFalse(self.certificates().exists())
        course = CoursePage.objects.get(pk=self.course.pk)
        course_without_evaluation = certificate_course(evaluation=False)
        other = certificate_trainee(course_without_evaluation, "other", full_name="A. Other")
        attest_ethics(other, course_without_evaluation)
        finish_lessons(other, course_without_evaluation)
        self.assertFalse(Certificate.objects.filter(user=other).exists())
        take_final_test(other, course_without_evaluation)
        self.assertEqual(Certificate.objects.filter(user=other).count(), 1)
        self.assertFalse(self.certificates().exists())
        self.assertEqual(course.title, self.course.title)

    def test_a_course_asking_for_nothing_more_issues_on_completion(self):
        course = certificate_course(evaluation=False, ethics=False, final_test=False)
        trainee = certificate_trainee(course, "plain")
        finish_lessons(trainee, course)
        self.assertEqual(Certificate.objects.filter(user=trainee).count(), 1)

    def test_hours_and_credit_are_those_frozen_at_completion_and_the_name_at_issue(self):
        finish_lessons(self.trainee, self.course)
        take_final_test(self.trainee, self.course)
        attest_ethics(self.trainee, self.course)
        self.course.ce_hours = 12
        self.course.credit_type = "Changed later"
        self.course.save_revision().publish()
        self.trainee.full_name = "Zoë Ångström-Núñez"  # unchanged until issue
        self.trainee.save()
        evaluate(self.trainee, self.course)
        certificate = self.certificates().get()
        self.assertEqual(certificate.ce_hours, Decimal("8"))
        self.assertEqual(certificate.credit_type, "CE hours for psychologists (example)")
        self.trainee.full_name = "Zoe Married-Name"
        self.trainee.save()
        certificate.refresh_from_db()
        self.assertEqual(certificate.holder_name, "Zoë Ångström-Núñez")

    def test_a_new_version_of_the_code_asks_again_and_keeps_the_old_attestation(self):
        first = attest_ethics(self.trainee, self.course)[0]
        self.assertEqual(first.version, 1)
        self.assertEqual(first.text_sha256, self.course.ethics_code.text_hash)
        self.course.ethics_code = make_ethics_code(version=2)
        self.course.save_revision().publish()
        self.course.refresh_from_db()
        finish_lessons(self.trainee, self.course)
        take_final_test(self.trainee, self.course)
        evaluate(self.trainee, self.course)
        self.assertFalse(self.certificates().exists())  # version 2 is not attested yet
        second, created = attest_ethics(self.trainee, self.course)
        self.assertTrue(created)
        self.assertEqual(second.version, 2)
        self.assertEqual(self.trainee.ethics_attestations.count(), 2)
        self.assertEqual(self.certificates().count(), 1)

    def test_an_attested_version_cannot_be_rewritten(self):
        attest_ethics(self.trainee, self.course)
        code = self.course.ethics_code
        code.text = "Something else entirely."
        with self.assertRaises(ValidationError):
            code.full_clean()
        fresh = make_ethics_code(version=3)
        fresh.text = "Not attested yet, so it may change."
        fresh.full_clean()

    def test_attesting_with_another_name_changes_nothing(self):
        for typed in ("Someone Else", "", "Zoe Angstrom-Nunez"):
            with self.assertRaises(AttestationRefused):
                attest_ethics(self.trainee, self.course, typed=typed)
        self.assertFalse(self.trainee.ethics_attestations.exists())
        attestation, created = attest_ethics(
            self.trainee, self.course, typed="  zoë   ÅNGSTRÖM-núñez "
        )
        self.assertTrue(created)
        self.assertEqual(attestation.typed_name, "zoë ÅNGSTRÖM-núñez")

    def test_a_second_evaluation_returns_the_first_unchanged(self):
        finish_lessons(self.trainee, self.course)
        take_final_test(self.trainee, self.course)
        first, created = evaluate(self.trainee, self.course)
        self.assertTrue(created)
        again, created = evaluate(self.trainee, self.course, {"objective_1_was_met": "1"})
        self.assertFalse(created)
        self.assertEqual(again.pk, first.pk)
        again.refresh_from_db()
        self.assertEqual(again.answers["objective_1_was_met"], 5)
        self.assertEqual(again.labels["comments"], "Comments")

    def test_a_revoked_certificate_is_never_reissued(self):
        finish_lessons(self.trainee, self.course)
        take_final_test(self.trainee, self.course)
        attest_ethics(self.trainee, self.course)
        evaluate(self.trainee, self.course)
        certificate = self.certificates().get()
        admin = certificate_trainee(self.course, "admin", full_name="Admin")
        revoke(certificate, by=admin, reason="Issued in error")
        take_final_test(self.trainee, self.course)
        self.assertEqual(self.certificates().count(), 1)
        self.assertEqual(self.certificates().get().status(), Certificate.Status.REVOKED)


class ExpiryTests(TestCase):
    def test_an_expired_certificate_is_renewed_by_passing_the_final_test_again(self):
        course = certificate_course(evaluation=False, ethics=False, certificate_valid_months=24)
        trainee = certificate_trainee(course)
        finish_lessons(trainee, course)
        take_final_test(trainee, course, passing=False)
        take_final_test(trainee, course)  # the second and last attempt allowed
        first = Certificate.objects.get(user=trainee)
        completed = CourseCompletion.objects.get(user=trainee).completed_at
        self.assertEqual(first.expires_at.year, completed.year + 2)
        self.assertEqual(first.status(completed + timedelta(days=800)), "expired")
        # Two years on, the certificate has expired: the final test opens again, with its
        # full number of attempts.
        past = timezone.now() - timedelta(days=800)
        Certificate.objects.filter(pk=first.pk).update(expires_at=past + timedelta(days=730))
        QuizAttempt.objects.filter(user=trainee).update(started_at=past, submitted_at=past)
        take_final_test(trainee, course, passing=False)
        self.assertEqual(Certificate.objects.filter(user=trainee).count(), 1)
        take_final_test(trainee, course)
        renewed = Certificate.objects.filter(user=trainee).order_by("number").last()
        self.assertEqual(renewed.number, 2)
        self.assertNotEqual(renewed.code, first.code)
        self.assertEqual(renewed.status(), "valid")
        self.assertEqual(renewed.completed_on, timezone.localdate())
        first.refresh_from_db()
        self.assertEqual(first.status(), "expired")  # kept, as it was


class CodeTests(TestCase):
    def test_codes_are_random_and_well_shaped(self):
        codes = {Certificate._meta.get_field("code").default() for _ in range(200)}
        self.assertEqual(len(codes), 200)
        for code in codes:
            self.assertRegex(code, CODE_PATTERN)

    def test_normalising_a_typed_code(self):
        self.assertEqual(normalise_code(" 7k3m-q9tx-b2rd-w4hn "), "7K3M-Q9TX-B2RD-W4HN")
        for bad in ("", "7K3M", "7K3M-Q9TX-B2RD-W4HNX", "ILOU-Q9TX-B2RD-W4HN", "../etc/passwd"):
            self.assertIsNone(normalise_code(bad))
