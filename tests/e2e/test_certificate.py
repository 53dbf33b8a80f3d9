"""A trainee finishes the course in the browser, attests to the code of ethics, answers the
evaluation, receives the certificate, downloads its PDF and opens the verification page at
the address its QR code holds."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from courses.demo.certification import answer_data
from courses.learning.models import Certificate, QuizAttempt
from courses.learning.services.attempts import save_answers, start_attempt
from courses.learning.services.completion import complete_lesson
from courses.learning.services.enrolment import enrol
from courses.models import CoursePage, LessonPage, QuizPage
from tests.certificate_helpers import pdf_text, qr_codes_in
from tests.e2e.test_quiz import answer, submit_for_grading

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"
NAME = "Dr Noa Ben-David"


def everything_but_the_final_test(user, course):
    """Every lesson and module quiz, through the site's services."""
    navigation = course.navigation()
    for entry in navigation.steps:
        if entry == navigation.final_test:
            continue
        if entry.kind == "lesson":
            lesson = LessonPage.objects.get(pk=entry.pk)
            complete_lesson(user, lesson, lesson.step_state(user))
        else:
            quiz = QuizPage.objects.get(pk=entry.pk)
            attempt, _ = start_attempt(user, quiz, quiz.step_state(user))
            save_answers(user, attempt.public_id, answer_data(attempt.snapshot), submit=True)


def test_finish_attest_evaluate_download_and_verify(demo_site, page, artifacts, settings):
    settings.WAGTAILADMIN_BASE_URL = demo_site  # the address printed on certificates
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    user = get_user_model().objects.create_user(
        username="noa", email="noa@example.org", password=PASSWORD, full_name=NAME
    )
    enrol(user, course)
    everything_but_the_final_test(user, course)

    page.goto(demo_site + "/accounts/login/")
    page.fill("input[name=login]", "noa@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/learning/")

    # The final post-test, answered in the browser.
    final_test = course.navigation().final_test
    page.goto(demo_site + final_test.url)
    page.get_by_role("button", name="Start the quiz").click()
    answer(page, QuizAttempt.objects.get(user=user, quiz_id=final_test.pk), right=True)
    submit_for_grading(page)
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    assert not Certificate.objects.filter(user=user).exists()

    # The course page lists what is left, with ticks for what is done.
    page.goto(demo_site + course.url)
    requirements = page.locator(".requirement-list")
    expect(requirements.locator(".requirement--met")).to_have_count(2)
    page.screenshot(path=str(artifacts / "certificate-requirements.png"), full_page=True)

    # The code of ethics: a different name is refused, the profile's name attests.
    requirements.get_by_role("link", name=re.compile("Attest to the Pathway code")).click()
    expect(page.get_by_role("heading", name="Pathway code of ethical practice")).to_be_visible()
    page.get_by_label("Type your full name to attest").fill("Someone Else")
    page.get_by_role("button", name="I attest").click()
    expect(page.get_by_text("not the full name on your profile")).to_be_visible()
    page.get_by_label("Type your full name to attest").fill(NAME)
    page.get_by_role("button", name="I attest").click()
    expect(page.get_by_text("Still to do for your certificate")).to_be_visible()

    # The evaluation: every rating, then send.
    page.locator(".requirement-list").get_by_role(
        "link", name="Complete the course evaluation"
    ).click()
    ratings = page.locator(".evaluation-form fieldset").all()
    assert len(ratings) == len(course.learning_objectives) + 2
    for group in ratings:
        group.get_by_label("4 – Agree", exact=True).check()
    page.get_by_label("Comments and suggestions").fill("Clear, careful and practical.")
    page.get_by_role("button", name="Send the evaluation").click()
    expect(page.get_by_text("Your certificate has been issued")).to_be_visible()
    certificate = Certificate.objects.get(user=user)

    # The certificate page and its PDF.
    page.get_by_role("link", name=re.compile("^View the certificate")).first.click()
    expect(page.locator(".certificate__name")).to_have_text(NAME)
    page.screenshot(path=str(artifacts / "certificate-page.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert NAME in text and certificate.code in text and "9 CE hours" in text

    # The QR code on the PDF leads to the public verification page.
    [address] = qr_codes_in(data)
    assert address == f"{demo_site}/certificates/{certificate.code}/"
    page.context.clear_cookies()  # as anyone else would open it
    page.goto(address)
    expect(page.get_by_role("heading", name="This certificate is valid")).to_be_visible()
    expect(page.locator("#main").get_by_text(NAME)).to_be_visible()
    expect(page.locator("#main").get_by_text(course.title)).to_be_visible()
    page.screenshot(path=str(artifacts / "certificate-verified.png"), full_page=True)
