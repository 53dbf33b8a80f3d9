"""A trainee fails a module quiz, sees what the quiz shows after a failed attempt, retakes it,
passes, sees the answers, and the module shows as complete."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from courses.assessment.grading import gradable_questions
from courses.learning.models import QuizAttempt
from courses.learning.services.enrolment import enrol
from courses.models import CoursePage
from tests.factories import complete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"


def answer(page, attempt, *, right: bool):
    """Fill the attempt form in the browser: every answer right, or every answer wrong."""
    for question in gradable_questions(attempt.snapshot):
        qid = question["id"]
        if question["type"] == "ordering":
            steps = question["steps"]
            for step in steps:
                position = step["position"] if right else len(steps) + 1 - step["position"]
                # The script shows these selects as a list moved with buttons (tested below);
                # the form still sends them.
                page.select_option(
                    f"select[name='q-{qid}:{step['id']}']", str(position), force=True
                )
            continue
        for choice in question["choices"]:
            if choice["correct"] == right:
                page.check(f"input[id='q-{qid}-{choice['id']}']")
                if question["type"] == "single_choice":
                    break


def submit_for_grading(page):
    """Submit, and confirm in the dialog that gives the server's count of unanswered ones."""
    page.get_by_role("button", name="Submit for grading").click()
    dialog = page.locator("#confirm-submit")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=re.compile("Submit")).click()


def test_fail_review_retake_pass(demo_site, page, artifacts):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    module = navigation.modules[0]
    quiz = navigation.quiz_of(module)
    user = get_user_model().objects.create_user(
        username="quizzer", email="quizzer@example.org", password=PASSWORD, full_name="Q. Zed"
    )
    enrol(user, course)
    complete(user, navigation.lessons_of(module))

    page.goto(demo_site + "/accounts/login/")
    page.fill("input[name=login]", "quizzer@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/learning/")

    page.goto(demo_site + quiz.url)
    expect(page.get_by_text("Pass mark")).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()
    attempt = QuizAttempt.objects.get(user=user)
    answer(page, attempt, right=False)
    submit_for_grading(page)
    expect(page.get_by_role("heading", name=re.compile("Not passed"))).to_be_visible()
    # The module quiz shows which answers were wrong; the right ones wait for a pass.
    expect(page.get_by_text("Not right").first).to_be_visible()
    expect(page.get_by_text("(correct answer)")).to_have_count(0)
    expect(page.get_by_text("shown once you have passed the quiz")).to_be_visible()
    page.screenshot(path=str(artifacts / "quiz-failed.png"), full_page=True)

    page.get_by_role("link", name="Back to the quiz page").click()
    expect(page.get_by_text("left: 2")).to_be_visible()
    page.get_by_role("button", name="Start another attempt").click()
    retake = QuizAttempt.objects.get(user=user, number=2)
    answer(page, retake, right=True)
    submit_for_grading(page)
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    expect(page.get_by_text("(correct answer)").first).to_be_visible()
    expect(page.get_by_text("Why:").first).to_be_visible()

    page.goto(demo_site + course.url)
    first_module = page.locator(".module-list__item").first
    expect(first_module.get_by_text("Complete", exact=True)).to_be_visible()
    done = len(navigation.lessons_of(module)) + 1  # its lessons and its quiz
    expect(page.locator("#course-progress")).to_have_attribute("value", str(done))
