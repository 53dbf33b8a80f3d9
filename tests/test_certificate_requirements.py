"""What the trainee sees and does on the way to a certificate: the requirements ticked on the
course page and My learning, the code of ethics to attest to, and the course evaluation."""

from django.test import Client, TestCase

from courses.learning.models import Certificate, EthicsAttestation, EvaluationResponse
from tests.certificate_helpers import (
    GOOD_ANSWERS,
    attest_ethics,
    certificate_course,
    certificate_trainee,
    evaluation_page,
    finish_lessons,
    take_final_test,
)
from tests.factories import make_editor, make_trainee


class RequirementsTestCase(TestCase):
    def setUp(self):
        self.course = certificate_course()
        self.trainee = certificate_trainee(self.course)
        self.client = Client()
        self.client.force_login(self.trainee)

    def ready_for_evaluation(self):
        finish_lessons(self.trainee, self.course)
        take_final_test(self.trainee, self.course)


class CoursePageTests(RequirementsTestCase):
    def test_the_requirements_are_listed_and_ticked_as_they_are_met(self):
        response = self.client.get(self.course.url)
        self.assertContains(response, "Requirements for the certificate")
        for label in (
            "Complete every module",
            "Pass the final test",
            "Complete the course evaluation",
            "Attest to the Test code of ethics, version 1",
        ):
            self.assertContains(response, label)
        self.assertContains(response, "To do:", count=4)
        self.ready_for_evaluation()
        response = self.client.get(self.course.url)
        self.assertContains(response, "Done:", count=2)
        self.assertContains(response, "To do:", count=2)

    def test_once_issued_the_course_page_shows_the_certificate(self):
        self.ready_for_evaluation()
        attest_ethics(self.trainee, self.course)
        self.client.post(f"/learning/evaluation/{evaluation_page(self.course).pk}/", GOOD_ANSWERS)
        certificate = Certificate.objects.get(user=self.trainee)
        response = self.client.get(self.course.url)
        self.assertContains(response, "Your certificate")
        self.assertContains(response, certificate.get_absolute_url())
        response = self.client.get("/learning/")
        self.assertContains(response, certificate.get_absolute_url())
        self.assertContains(response, "/learning/transcript/")

    def test_my_learning_lists_the_requirements_of_each_course(self):
        response = self.client.get("/learning/")
        self.assertContains(response, "Requirements for the certificate")
        self.assertContains(response, "No certificates yet")


class AttestationTests(RequirementsTestCase):
    def url(self):
        return f"/learning/ethics/{self.course.pk}/"

    def test_the_code_is_shown_with_its_version(self):
        response = self.client.get(self.url())
        self.assertContains(response, "Test code of ethics")
        self.assertContains(response, "Version 1")
        self.assertContains(response, "I keep confidences.")
        self.assertContains(response, "Type your full name to attest")

    def test_a_different_name_is_refused_and_nothing_is_recorded(self):
        response = self.client.post(self.url(), {"full_name": "Someone Else"})
        self.assertContains(response, "not the full name on your profile", status_code=400)
        self.assertFalse(EthicsAttestation.objects.exists())

    def test_the_right_name_attests_once(self):
        response = self.client.post(self.url(), {"full_name": "zoë ångström-núñez"})
        self.assertRedirects(response, self.course.url, fetch_redirect_response=False)
        attestation = EthicsAttestation.objects.get(user=self.trainee)
        self.assertEqual(attestation.version, 1)
        self.assertEqual(attestation.text_sha256, self.course.ethics_code.text_hash)
        response = self.client.post(self.url(), {"full_name": "Someone Else"})
        self.assertContains(response, "You attested to version 1")
        self.assertEqual(EthicsAttestation.objects.count(), 1)

    def test_only_enrolled_trainees_attest(self):
        outsider = make_trainee("outsider", full_name="Out Sider")
        client = Client()
        client.force_login(outsider)
        response = client.get(self.url())
        self.assertContains(response, "Enrol in the course first")
        response = client.post(self.url(), {"full_name": "Out Sider"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(EthicsAttestation.objects.exists())
        self.assertEqual(Client().get(self.url()).status_code, 302)  # sign in first

    def test_a_trainee_without_a_name_on_the_profile_is_sent_to_the_profile(self):
        self.trainee.full_name = ""
        self.trainee.save()
        response = self.client.get(self.url())
        self.assertContains(response, "add your full name to your profile")


class EvaluationTests(RequirementsTestCase):
    def setUp(self):
        super().setUp()
        self.page = evaluation_page(self.course)
        self.submit_url = f"/learning/evaluation/{self.page.pk}/"

    def test_the_evaluation_waits_for_the_final_test(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, "opens once you have completed every module")
        response = self.client.post(self.submit_url, GOOD_ANSWERS)
        self.assertRedirects(response, self.page.url, fetch_redirect_response=False)
        self.assertFalse(EvaluationResponse.objects.exists())

    def test_the_form_is_shown_then_answered_once(self):
        self.ready_for_evaluation()
        response = self.client.get(self.page.url)
        self.assertContains(response, "Objective 1 was met")
        self.assertContains(response, "5 – Strongly agree")
        self.assertContains(response, 'type="radio"', count=15)
        response = self.client.post(self.submit_url, GOOD_ANSWERS)
        self.assertRedirects(response, self.course.url, fetch_redirect_response=False)
        saved = EvaluationResponse.objects.get(user=self.trainee)
        self.assertEqual(saved.answers["the_course_is_relevant_to_my_practice"], 4)
        response = self.client.post(self.submit_url, {**GOOD_ANSWERS, "comments": "Changed"})
        saved.refresh_from_db()
        self.assertEqual(saved.answers["comments"], "Clear and careful.")
        response = self.client.get(self.page.url)
        self.assertContains(response, "You sent your evaluation on")

    def test_an_incomplete_or_tampered_evaluation_is_refused_with_reasons(self):
        self.ready_for_evaluation()
        for data in ({"comments": "Only a comment"}, {**GOOD_ANSWERS, "objective_1_was_met": "9"}):
            response = self.client.post(self.submit_url, data)
            self.assertContains(response, "There is a problem", status_code=400)
        self.assertFalse(EvaluationResponse.objects.exists())

    def test_visitors_and_outsiders_cannot_answer(self):
        response = Client().get(self.page.url)
        self.assertEqual(response.status_code, 302)
        outsider = make_trainee("outsider")
        client = Client()
        client.force_login(outsider)
        response = client.get(self.page.url)
        self.assertContains(response, "for trainees enrolled", status_code=403)
        client.post(self.submit_url, GOOD_ANSWERS)
        self.assertFalse(EvaluationResponse.objects.exists())

    def test_an_editor_sees_the_form_and_records_nothing(self):
        client = Client()
        client.force_login(make_editor())
        response = client.get(self.page.url)
        self.assertContains(response, "as an editor")
        client.post(self.submit_url, GOOD_ANSWERS)
        self.assertFalse(EvaluationResponse.objects.exists())


class TheLastStepSaysSoTests(TestCase):
    def test_a_final_test_that_completes_the_requirements_says_the_certificate_is_issued(self):
        from tests.quiz_helpers import all_right, start, submit

        course = certificate_course(evaluation=False)
        trainee = certificate_trainee(course)
        attest_ethics(trainee, course)
        finish_lessons(trainee, course)
        client = Client()
        client.force_login(trainee)
        from tests.certificate_helpers import final_test

        attempt = start(client, final_test(course))
        submit(client, attempt, all_right(attempt))
        response = client.get(f"/learning/attempts/{attempt.public_id}/")
        self.assertContains(response, "your certificate has been issued")
        self.assertTrue(Certificate.objects.filter(user=trainee).exists())

    def test_a_last_lesson_that_completes_the_requirements_says_so_too(self):
        from tests.factories import lessons_of

        course = certificate_course(evaluation=False, ethics=False, final_test=False)
        trainee = certificate_trainee(course)
        client = Client()
        client.force_login(trainee)
        [lesson] = lessons_of(course)
        response = client.post(f"/learning/complete/{lesson.pk}/", follow=True)
        self.assertContains(response, "your certificate has been issued")


class EvaluationPageInTheAdminTests(TestCase):
    def test_authors_can_edit_and_preview_the_evaluation(self):
        from courses.models import CourseEvaluationPage

        course = certificate_course()
        page = evaluation_page(course)
        client = Client()
        client.force_login(make_editor())
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertContains(response, "Objective 1 was met")
        self.assertContains(response, "Rating, 1 (strongly disagree) to 5 (strongly agree)")
        self.assertFalse(CourseEvaluationPage.can_create_at(course))  # one per course
        response = client.post(
            f"/admin/pages/{page.pk}/edit/preview/",
            {
                "title": page.title,
                "slug": page.slug,
                "intro": "",
                "thank_you": "Thanks.",
                "form_fields-TOTAL_FORMS": "1",
                "form_fields-INITIAL_FORMS": "0",
                "form_fields-MIN_NUM_FORMS": "0",
                "form_fields-MAX_NUM_FORMS": "1000",
                "form_fields-0-label": "Was it useful?",
                "form_fields-0-field_type": "rating",
                "form_fields-0-required": "on",
                "form_fields-0-ORDER": "1",
            },
        )
        self.assertEqual(response.json()["is_valid"], True)
        response = client.get(f"/admin/pages/{page.pk}/edit/preview/")
        self.assertContains(response, "Was it useful?")
        self.assertContains(response, "as an editor")
