"""A trainee's journey in the browser: sign up, enrol, complete lessons, watch the progress
bar move, leave and come back through "Continue where you left off", and be refused a
module that has not opened yet. The outline shows the quizzes and the locked modules, and a
result page leads to a retake, the lessons to review and what comes next, on a desktop and
a phone."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from playwright.sync_api import expect

from courses.learning.services.attempts import save_answers, start_attempt
from courses.learning.services.enrolment import enrol
from courses.models import CoursePage, LessonPage, QuizPage
from tests.accounts_helpers import confirmation_path
from tests.factories import complete
from tests.quiz_helpers import all_wrong

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def course_progress_value(page):
    return int(page.locator("#course-progress").get_attribute("value"))


def test_sign_up_enrol_complete_and_continue(demo_site, page, artifacts):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    lessons = navigation.lessons

    page.goto(demo_site + course.url)
    page.get_by_role("link", name="create an account").click()
    page.fill("input[name=full_name]", "Dr Sam Okafor")
    page.select_option("select[name=profession]", "psychiatrist")
    page.fill("input[name=email]", "sam@example.org")
    page.fill("input[name=password1]", "a long enough passphrase")
    page.fill("input[name=password2]", "a long enough passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    # The link in the mail confirms the address and signs the new trainee in.
    page.goto(demo_site + confirmation_path("sam@example.org"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url, page.url  # signed in and sent on

    page.goto(demo_site + course.url)
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_text("You are enrolled in")).to_be_visible()
    assert course_progress_value(page) == 0

    page.get_by_role("link", name=re.compile("Start the course")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[0].title)
    page.get_by_role("button", name=re.compile("Mark as complete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[1].title)
    expect(page.locator("#module-progress")).to_have_attribute("value", "1")
    page.get_by_role("button", name=re.compile("Mark as complete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[2].title)
    expect(page.locator("#module-progress")).to_have_attribute("value", "2")
    page.screenshot(path=str(artifacts / "journey-lesson.png"), full_page=True)

    # Leave, come back, and pick up where we left off.
    page.goto(demo_site + "/")
    continue_button = page.locator(".continue").get_by_role("link", name=re.compile("Continue"))
    expect(continue_button).to_have_attribute("href", lessons[2].url)
    page.get_by_role("region", name="Course catalogue").get_by_role(
        "link", name=course.title
    ).click()
    assert course_progress_value(page) == 2
    page.screenshot(path=str(artifacts / "journey-course.png"), full_page=True)
    # The module quiz is in the outline; the next module is shown as locked, not linked.
    first_quiz = navigation.quiz_of(navigation.modules[0])
    expect(page.get_by_role("link", name=first_quiz.title, exact=True)).to_have_attribute(
        "href", first_quiz.url
    )
    second = page.locator(".module-list__item").nth(1)
    expect(second.get_by_text("Locked", exact=True)).to_be_visible()
    expect(second.locator(".lesson-list a")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Continue where you left off")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[2].title)

    # The next module has not opened yet: the server refuses it and says why.
    locked = navigation.lessons_of(navigation.modules[1])[0]
    response = page.goto(demo_site + locked.url)
    assert response.status == 403
    expect(page.get_by_text("has not opened for you yet")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Continue with"))).to_have_attribute(
        "href", lessons[2].url
    )


VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "a long enough passphrase"


def sign_in(page, demo_site, email):
    page.goto(demo_site + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/learning/")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_outline_and_a_result_lead_the_way(demo_site, browser, viewport, artifacts):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    first, second = navigation.modules[:2]
    quiz = QuizPage.objects.get(pk=navigation.quiz_of(first).pk)
    user = get_user_model().objects.create_user(
        username="reviewer", email="reviewer@example.org", password=PASSWORD, full_name="R. V."
    )
    enrol(user, course)
    complete(user, navigation.lessons_of(first))
    # A failed attempt, made on the server: this test is about where its result leads.
    attempt, _ = start_attempt(user, quiz, quiz.step_state(user))
    form = QueryDict(mutable=True)
    for name, value in all_wrong(attempt).items():
        form.setlist(name, value if isinstance(value, list) else [value])
    save_answers(user, attempt.public_id, form, submit=True, state=quiz.step_state(user))
    # The lessons that teach a question's competency (the demo's questions and lessons are
    # tagged alike).
    questions = [
        sub
        for question in attempt.snapshot["questions"]
        for sub in question.get("questions", [question])
    ]
    tags = {tag for question in questions for tag in question.get("tags", [])}
    teaching = {
        lesson.url
        for lesson in LessonPage.objects.filter(pk__in=[entry.pk for entry in navigation.lessons])
        if {tag.slug for tag in lesson.tags.all()} & tags
    }

    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, demo_site, "reviewer@example.org")

    # My learning lists the quiz with its state; a locked quiz is no link.
    quizzes = page.locator("table.attempts")
    expect(quizzes.get_by_role("link", name=quiz.title, exact=True)).to_have_attribute(
        "href", quiz.url
    )
    final = navigation.final_test
    expect(page.locator("table.attempts").get_by_text(final.title)).to_be_visible()
    expect(page.get_by_role("link", name=final.title, exact=True)).to_have_count(0)

    # The module page: the quiz with its state; the locked module has no start button.
    page.goto(demo_site + first.url)
    expect(page.get_by_text(re.compile(r"Not passed yet \(best"))).to_be_visible()
    page.goto(demo_site + second.url)
    expect(page.locator(".lesson-cards").get_by_role("img", name="Locked").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Start with"))).to_have_count(0)

    # The result: points, attempts left, Retake, lessons to review, what comes next.
    page.goto(demo_site + f"/learning/attempts/{attempt.public_id}/")
    expect(page.get_by_text(re.compile(r"You scored 0 of \d+ points"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Attempts used: 1 · left: \d"))).to_be_visible()
    expect(page.get_by_role("button", name="Retake the quiz")).to_be_visible()
    reviews = page.locator(".review-item__lesson a")
    assert reviews.count() > 0
    assert {reviews.nth(i).get_attribute("href") for i in range(reviews.count())} <= teaching
    expect(page.locator(".result-next")).to_contain_text(f"“{second.title}”, opens once")
    page.screenshot(path=str(artifacts / f"result-{viewport}.png"), full_page=True)
    page.get_by_role("button", name="Retake the quiz").click()
    expect(page.get_by_role("button", name=re.compile("Submit"))).to_be_visible()
    context.close()
