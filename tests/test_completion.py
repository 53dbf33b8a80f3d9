"""The one moment a course becomes complete: whichever step finishes it, one function records
it once and freezes the credit; and the gate's refusals name what to finish first."""

import re
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from courses.learning.models import CourseCompletion
from courses.learning.services import completion
from courses.learning.services.completion import complete_lesson
from courses.models import CoursePage, ModulePage
from tests.factories import lessons_of, make_course, make_quiz, make_trainee
from tests.quiz_helpers import all_right, start, submit

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def finish_lessons(trainee, lessons):
    for lesson in lessons:
        complete_lesson(trainee, lesson, lesson.step_state(trainee))


def signed_in(trainee) -> Client:
    client = Client()
    client.force_login(trainee)
    return client


def test_editing_the_ce_hours_later_leaves_the_completers_credit_as_it_was():
    course = make_course(modules=1, lessons_per_module=2, ce_hours=Decimal("8.0"))
    trainee = make_trainee(enrolled_in=course)
    finish_lessons(trainee, lessons_of(course))
    record = CourseCompletion.objects.get(user=trainee)
    title = course.title
    assert (record.ce_hours, record.course_title) == (Decimal("8.0"), title)

    course.ce_hours = Decimal("12.5")
    course.title = "A renamed course"
    course.save_revision().publish()
    assert CoursePage.objects.get(pk=course.pk).ce_hours == Decimal("12.5")
    record.refresh_from_db()
    assert (record.ce_hours, record.course_title) == (Decimal("8.0"), title)
    page = signed_in(trainee).get("/learning/").content.decode()
    assert "Completed on" in page


def test_the_last_lesson_route_goes_through_the_one_function():
    course = make_course(modules=1, lessons_per_module=2)
    trainee = make_trainee(enrolled_in=course)
    with mock.patch.object(completion, "complete_course", wraps=completion.complete_course) as spy:
        finish_lessons(trainee, lessons_of(course))
    assert spy.call_count == 2  # once per new lesson completion; the second completes
    assert CourseCompletion.objects.filter(user=trainee).count() == 1


def test_the_last_quiz_route_goes_through_the_one_function():
    course = make_course(modules=1, lessons_per_module=1)
    module = ModulePage.objects.child_of(course).get()
    quiz = make_quiz(module)
    trainee = make_trainee(enrolled_in=course)
    finish_lessons(trainee, lessons_of(course))
    assert not CourseCompletion.objects.filter(user=trainee).exists()
    client = signed_in(trainee)
    attempt = start(client, quiz)
    with mock.patch.object(completion, "complete_course", wraps=completion.complete_course) as spy:
        submit(client, attempt, all_right(attempt))
    assert spy.call_count == 1
    record = CourseCompletion.objects.get(user=trainee)
    assert record.ce_hours == course.ce_hours
    # A later attempt changes nothing: the moment was recorded once.
    again = start(client, quiz)
    submit(client, again, all_right(again))
    assert CourseCompletion.objects.get(user=trainee).completed_at == record.completed_at


def test_only_the_completion_service_makes_course_completions():
    makers = re.compile(r"CourseCompletion\.objects\.(create|get_or_create|bulk_create|update)")
    found = [
        path.relative_to(ROOT).as_posix()
        for package in ("cms", "courses")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and makers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["courses/learning/services/completion.py"]


class TestRefusals:
    @pytest.fixture
    def course(self):
        course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=True)
        first, second = ModulePage.objects.child_of(course).order_by("path")
        self.first, self.second = first, second
        self.module_quiz = make_quiz(second, title="Module two quiz")
        self.final = make_quiz(course, title="Final post-test")
        return course

    def refusal(self, course, page):
        trainee = make_trainee(f"t{page.pk}", enrolled_in=course)
        response = signed_in(trainee).get(page.url)
        assert response.status_code == 403
        return BeautifulSoup(response.content, "html.parser")

    def test_a_locked_module_quiz_says_it_is_a_quiz_and_names_the_module_to_finish(self, course):
        html = self.refusal(course, self.module_quiz)
        lead = html.select_one(".lead").get_text()
        assert lead == (
            f"This is the quiz of “{self.second.title}”, a module that has not opened for you yet."
        )
        link = html.find("a", string=self.first.title)
        assert link is not None and link["href"] == self.first.url

    def test_the_final_test_says_it_waits_for_every_module_and_names_the_next(self, course):
        html = self.refusal(course, self.final)
        lead = html.select_one(".lead").get_text()
        assert lead == "The final test opens once every module of the course is complete."
        assert html.find("a", string=self.first.title)["href"] == self.first.url
        assert "opens once you complete" not in html.get_text()

    def test_a_locked_lesson_still_says_lesson(self, course):
        lesson = lessons_of(course)[1]
        html = self.refusal(course, lesson)
        lead = html.select_one(".lead").get_text()
        assert (
            lead
            == f"This lesson is in “{self.second.title}”, a module that has not opened for you yet."
        )

    def test_a_quiz_refusal_for_someone_not_enrolled_speaks_of_quizzes(self, course):
        client = signed_in(make_trainee("outsider"))
        response = client.get(self.module_quiz.url)
        assert response.status_code == 403
        assert "Quizzes are open to trainees enrolled in the course." in response.content.decode()
