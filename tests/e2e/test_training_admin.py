"""A training administrator signs in, finds a trainee who has used every attempt at a
module quiz through the Training menu, grants one extra attempt with a reason, and the
trainee can start another attempt."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from courses.learning.models import QuizAttempt
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from courses.learning.services.enrolment import enrol
from courses.models import CoursePage
from tests.factories import complete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"


def sign_in(page, site, login):
    page.goto(site + "/accounts/login/?next=/admin/")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_training_administrator_grants_an_extra_attempt(demo_site, page, artifacts):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    module = navigation.modules[0]
    quiz = navigation.quiz_of(module)
    User = get_user_model()
    trainee = User.objects.create_user(
        username="stuck",
        email="stuck@example.org",
        password=PASSWORD,
        full_name="Stella Stuck",
        profession="nurse",
    )
    enrol(trainee, course)
    complete(trainee, navigation.lessons_of(module))
    for number in (1, 2, 3):  # every attempt the quiz allows, used and failed
        QuizAttempt.objects.create(
            user=trainee,
            quiz_id=quiz.pk,
            quiz_title=quiz.title,
            number=number,
            snapshot={"questions": [], "settings": {"pass_mark": 75}},
            state=QuizAttempt.State.SUBMITTED,
            score=0,
            max_score=8,
            percent=0,
            passed=False,
        )
    admin = User.objects.create_user(
        username="registrar", email="registrar@example.org", password=PASSWORD
    )
    admin.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))

    sign_in(page, demo_site, "registrar")
    page.wait_for_url("**/admin/")
    expect(page.get_by_role("heading", name="Trainees behind")).to_be_visible()
    page.get_by_role("button", name="Training").click()
    page.get_by_role("list", name="Training").get_by_role("link", name="Trainees").click()
    page.get_by_role("textbox", name="Search").fill("Stella")
    page.get_by_role("link", name="Stella Stuck").click()
    expect(page.get_by_role("heading", name="Quizzes")).to_be_visible()
    quizzes = page.locator("#quizzes")
    expect(quizzes.get_by_role("row", name=quiz.title)).to_contain_text("3 of 3")
    quizzes.get_by_role("link", name=f"Extra attempts or time on {quiz.title}").click()
    page.get_by_label("Extra attempts").fill("1")
    page.get_by_label("Reason").fill("The clinic's network failed during the third attempt.")
    page.get_by_role("button", name="Save the override").click()
    expect(page.get_by_text(f"The override on “{quiz.title}” is saved.")).to_be_visible()
    expect(quizzes.get_by_role("row", name=quiz.title)).to_contain_text("3 of 4")
    history = page.locator("#history")
    expect(history).to_contain_text("Allowed 1 extra attempt")
    expect(history).to_contain_text("The clinic's network failed")
    page.screenshot(path=str(artifacts / "training-admin-override.png"), full_page=True)

    trainee_page = page.context.browser.new_context().new_page()
    trainee_page.goto(demo_site + "/accounts/login/")
    trainee_page.fill("input[name=login]", "stuck@example.org")
    trainee_page.fill("input[name=password]", PASSWORD)
    trainee_page.get_by_role("button", name="Sign in").click()
    trainee_page.wait_for_url("**/learning/")
    trainee_page.goto(demo_site + quiz.url)
    expect(trainee_page.get_by_text("including 1 extra for you")).to_be_visible()
    trainee_page.get_by_role("button", name="Start another attempt").click()
    expect(trainee_page.get_by_role("button", name="Submit for grading")).to_be_visible()
    assert QuizAttempt.objects.filter(user=trainee).count() == 4
