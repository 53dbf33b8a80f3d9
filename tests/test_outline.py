"""The outline is the whole course: module quizzes and the final test appear beside the
lessons, in course order, with the trainee's state on each; counts say what they count;
locked steps are shown as locked, never as links; the module page's button and the lesson's
completion button lead to the next step, lesson or quiz."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from courses.learning.models import QuizOverride
from courses.learning.outline import Status, contents_label, trainee_outline
from courses.learning.progress import course_progress
from courses.models import ModulePage
from tests.factories import complete, lessons_of, make_course, make_quiz, make_trainee, make_user
from tests.quiz_helpers import all_right, all_wrong, start, submit

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def course():
    """Three modules of two lessons, unlocking in order; a quiz in each of the first two
    modules (two attempts allowed) and a final test."""
    course = make_course(modules=3, lessons_per_module=2, modules_unlock_in_order=True)
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    course.modules = modules
    course.quizzes = [
        make_quiz(modules[0], title="Module one quiz", max_attempts=2),
        make_quiz(modules[1], title="Module two quiz", max_attempts=2),
    ]
    course.final = make_quiz(course, title="The final test")
    return course


def test_counts_say_what_they_count():
    assert contents_label(3, 1) == "3 lessons and a quiz"
    assert contents_label(1, 0) == "1 lesson"
    assert contents_label(0, 1) == "a quiz"
    assert contents_label(20, 4) == "20 lessons and 4 quizzes"


def test_the_outline_holds_every_step_in_course_order_with_its_state(course):
    trainee = make_trainee(enrolled_in=course)
    complete(trainee, lessons_of(course)[:2])
    outline = trainee_outline(course_progress(course, trainee))
    titles = [step.entry.title for step in outline.steps]
    lessons = [lesson.title for lesson in lessons_of(course)]
    assert titles == [
        *lessons[:2],
        "Module one quiz",
        *lessons[2:4],
        "Module two quiz",
        *lessons[4:],
        "The final test",
    ]
    statuses = [step.status for step in outline.steps]
    assert statuses[:3] == [Status.DONE, Status.DONE, Status.NOT_STARTED]
    assert set(statuses[3:]) == {Status.LOCKED}
    assert outline.modules[0].contents == "2 lessons and a quiz"
    assert outline.modules[2].contents == "2 lessons"
    assert outline.contents == "6 lessons and 3 quizzes"
    assert outline.steps[2].attempts_text == "2 attempts left"
    assert outline.final_test.opens == "once every module of the course is complete"


def test_a_quiz_shows_in_progress_not_passed_passed_and_attempts_left(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    quiz = course.quizzes[0]

    def quiz_step():
        return trainee_outline(course_progress(course, trainee)).steps[2]

    attempt = start(client, quiz)
    step = quiz_step()
    assert step.status is Status.IN_PROGRESS and step.open_attempt == attempt.public_id
    assert step.left == 1
    submit(client, attempt, all_wrong(attempt))
    step = quiz_step()
    assert step.status is Status.NOT_PASSED and step.best == 0 and step.left == 1
    QuizOverride.objects.create(
        user=trainee, quiz_id=quiz.pk, extra_attempts=1, granted_by=make_user("admin")
    )
    assert quiz_step().left == 2  # extra attempts granted count
    attempt = start(client, quiz)
    submit(client, attempt, all_right(attempt))
    step = quiz_step()
    assert step.status is Status.PASSED and step.status_text == "Passed with 100%"
    assert step.attempts_text == ""


def test_course_page_lists_the_quizzes_and_final_test_and_shows_locked_steps_unlinked(course):
    trainee = make_trainee(enrolled_in=course)
    html = soup(signed_in(trainee).get(course.url))
    modules = html.select(".module-list__item")
    assert "2 lessons and a quiz" in modules[0].select_one(".meta").get_text()
    assert "2 lessons ·" in " ".join(modules[2].select_one(".meta").get_text().split())
    first_quiz = modules[0].find("a", string="Module one quiz")
    assert first_quiz["href"] == course.quizzes[0].url
    assert "Not started · 2 attempts left" in modules[0].get_text(" ", strip=True)
    # The second module's steps are locked: no links, a lock with words, what opens them.
    assert modules[1].select(".lesson-list a") == []
    locked = modules[1].select(".outline-step--locked")
    assert len(locked) == 3
    assert locked[0].select_one("svg")["aria-label"] == "Locked"
    assert f"opens once you complete “{course.modules[0].title}”" in locked[0].get_text()
    final = html.select_one(".final-test")
    assert "The final test" in final.get_text() and final.find("a") is None
    assert "opens once every module of the course is complete" in final.get_text()


def test_a_visitor_sees_every_step_as_a_link_without_a_state(course):
    html = soup(Client().get(course.url))
    assert html.find("a", string="Module two quiz")["href"] == course.quizzes[1].url
    assert html.find("a", string="The final test")["href"] == course.final.url
    assert html.select(".outline-step--locked") == []
    assert "Not started" not in html.get_text()


def test_module_page_lists_its_quiz_and_its_button_leads_to_the_next_step(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    first_module = course.modules[0]
    lessons = lessons_of(course)

    def button():
        link = soup(client.get(first_module.url)).select_one("a.button")
        return (link["href"], link.get_text(" ", strip=True)) if link else None

    html = soup(client.get(first_module.url))
    assert "2 lessons and a quiz" in html.select_one(".page-header .meta").get_text()
    assert "Module quiz: Module one quiz" in [h.get_text(" ", strip=True) for h in html("h3")]
    assert "Not started · 2 attempts left" in html.select_one(".lesson-cards").get_text()
    assert button() == (lessons[0].url, f"Start with : “{lessons[0].title}”")
    complete(trainee, lessons[:2])
    href, text = button()
    assert href == course.quizzes[0].url and text.startswith("Continue with")
    attempt = start(client, course.quizzes[0])
    href, text = button()
    assert href == f"/learning/attempts/{attempt.public_id}/" and text.startswith("Resume")
    submit(client, attempt, all_right(attempt))
    # The module is done: the button goes on to the next module's first lesson.
    assert button() == (lessons[2].url, f"Next : “{lessons[2].title}”")


def test_a_locked_module_has_no_start_button_and_its_steps_are_not_links(course):
    trainee = make_trainee(enrolled_in=course)
    html = soup(signed_in(trainee).get(course.modules[1].url))
    assert html.select_one("a.button") is None
    assert html.select(".lesson-cards a") == []
    assert len(html.select(".lesson-cards .outline-step--locked")) == 3
    assert "This module opens once you have completed" in html.get_text()


def test_the_lesson_sidebar_shows_the_module_quiz_and_the_button_says_quiz(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    first, second = lessons_of(course)[:2]
    html = soup(client.get(first.url))
    sidebar = html.select_one(".outline")
    assert sidebar.find("a", string="Module one quiz")["href"] == course.quizzes[0].url
    assert "Mark as complete and go to the next lesson" in html.select_one(".completion").text
    html = soup(client.get(second.url))
    assert "Mark as complete and go to the next quiz" in html.select_one(".completion").text


def test_a_step_far_down_a_course_names_the_modules_still_to_finish(course):
    trainee = make_trainee(enrolled_in=course)
    third_lesson = lessons_of(course)[4]
    response = signed_in(trainee).get(third_lesson.url)
    assert response.status_code == 403
    html = BeautifulSoup(response.content, "html.parser")
    third, first = course.modules[2].title, course.modules[0].title
    lead = html.select_one(".lead").get_text()
    assert lead == f"This lesson is in “{third}”, a module that has not opened for you yet."
    text = " ".join(html.get_text().split())
    assert (
        f"“{third}” opens once you complete the modules before it, starting with “{first}”" in text
    )
    assert html.find("a", string=first)["href"] == course.modules[0].url


def test_my_learning_lists_every_quiz_in_order_and_never_links_a_locked_one(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    attempt = start(client, course.quizzes[0])
    html = soup(client.get("/learning/"))
    rows = html.select("table.attempts tbody tr")
    assert [row.th.get_text(" ", strip=True).split(" · ")[0] for row in rows] == [
        "Module quiz: Module one quiz",
        f"Module quiz: Module two quiz (opens once you complete “{course.modules[0].title}”)",
        "Final post-test: The final test (opens once every module of the course is complete)",
    ]
    assert rows[0].find("a", string="Module one quiz")["href"] == course.quizzes[0].url
    resume = rows[0].select("a")[1]
    assert resume["href"] == f"/learning/attempts/{attempt.public_id}/"
    assert resume.get_text() == "Resume “Module one quiz”"  # the quiz named for screen readers
    assert rows[1].find("a") is None and rows[2].find("a") is None
    assert "The course has 6 lessons and 3 quizzes." in html.get_text()


def home_button(client):
    html = soup(client.get("/"))
    section = html.select_one(".continue")
    if section is None:
        return None
    link = section.select_one("a.button")
    return link["href"], link.get_text(" ", strip=True)


def test_the_home_page_leads_a_signed_in_trainee_to_their_next_step(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    lessons = lessons_of(course)
    assert home_button(client) == (lessons[0].url, f"Start with : “{lessons[0].title}”")
    complete(trainee, lessons[:2])
    assert home_button(client) == (
        course.quizzes[0].url,
        "Continue with : “Module one quiz”",
    )
    attempt = start(client, course.quizzes[0])
    href, text = home_button(client)
    assert href == f"/learning/attempts/{attempt.public_id}/" and text.startswith("Resume")


def test_the_home_page_offers_no_continue_to_visitors_or_those_not_enrolled(course):
    assert home_button(Client()) is None
    assert home_button(signed_in(make_trainee("browsing"))) is None


def test_the_course_page_button_resumes_a_quiz_attempt_in_progress(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    complete(trainee, lessons_of(course)[:2])
    link = soup(client.get(course.url)).select_one(".enrolment-panel a.button")
    assert link["href"] == course.quizzes[0].url
    assert link.get_text(" ", strip=True).startswith("Continue where you left off")
    attempt = start(client, course.quizzes[0])
    link = soup(client.get(course.url)).select_one(".enrolment-panel a.button")
    assert link["href"] == f"/learning/attempts/{attempt.public_id}/"
    assert link.get_text(" ", strip=True).startswith("Resume your attempt")
