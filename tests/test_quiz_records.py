"""Past attempts never change: editing, unpublishing or deleting a quiz leaves every attempt
and its result page as they were. Course completion waits for the final test."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from courses.learning.models import Enrolment, QuizAttempt
from tests.factories import (
    complete,
    lessons_of,
    make_course,
    make_quiz,
    make_trainee,
    question_stream,
)
from tests.quiz_helpers import all_right, all_wrong, quiz_setting, start, submit

pytestmark = pytest.mark.django_db


def result_page(client, attempt):
    """The result page's main content, without the per-request CSRF tokens (of the header's
    form and the Retake button's)."""
    html = client.get(f"/learning/attempts/{attempt.public_id}/").content
    main = BeautifulSoup(html, "html.parser").find("main")
    for token in main.select("input[name=csrfmiddlewaretoken]"):
        token.decompose()
    return " ".join(str(main).split())


def graded_record(page: str) -> list[str]:
    """What a result page says of the attempt itself: its grade and the answers. (What it
    leads to, a retake or the next module, follows the course as it is now.)"""
    html = BeautifulSoup(page, "html.parser")
    parts = [html.select_one("#score-heading"), html.select_one(".result-summary__points")]
    parts.append(html.find("section", attrs={"aria-labelledby": "answers-heading"}))
    return [" ".join(str(part).split()) for part in parts]


def attempt_rows():
    return list(QuizAttempt.objects.order_by("pk").values())


def test_attempts_never_cascade_from_quizzes():
    field = QuizAttempt._meta.get_field("quiz")
    assert field.remote_field.on_delete is models.DO_NOTHING and field.db_constraint is False
    assert QuizAttempt._meta.get_field("user").remote_field.on_delete is models.PROTECT


@pytest.fixture
def graded():
    course, module, quiz, trainee, client = quiz_setting(result_detail="full")
    attempt = start(client, quiz)
    attempt = submit(client, attempt, all_wrong(attempt))
    return quiz, client, attempt


def test_editing_the_quiz_changes_no_past_attempt(graded):
    quiz, client, attempt = graded
    before_rows, before_page = attempt_rows(), result_page(client, attempt)
    stream = question_stream()
    stream[0][1]["prompt"] = "A REWRITTEN PROMPT"
    for choice in stream[0][1]["choices"]:
        choice["correct"] = not choice["correct"] if choice["text"] != "GABA-A" else False
    quiz.questions = stream
    quiz.pass_mark = 10
    quiz.result_detail = "score"
    quiz.save_revision().publish()
    assert attempt_rows() == before_rows
    after = result_page(client, attempt)
    assert after == before_page
    assert "A REWRITTEN PROMPT" not in after


def test_unpublishing_or_deleting_the_quiz_changes_no_past_attempt(graded):
    quiz, client, attempt = graded
    before_rows, before_page = attempt_rows(), result_page(client, attempt)
    quiz.unpublish()
    assert attempt_rows() == before_rows
    # Only the link back to the (now unpublished) quiz page goes.
    back_link = f'<p><a href="{quiz.url}">Back to the quiz page</a></p>'
    assert back_link in before_page
    after = result_page(client, attempt)
    assert back_link not in after
    assert graded_record(after) == graded_record(before_page)
    assert "Retake the quiz" in before_page and "Retake the quiz" not in after
    Page.objects.get(pk=quiz.pk).delete()
    assert attempt_rows() == before_rows
    page = result_page(client, attempt)
    assert "Not passed: 0%" in page and attempt.quiz_title in page


def test_new_attempts_use_the_edited_quiz(graded):
    quiz, client, attempt = graded
    stream = question_stream()
    stream[0][1]["prompt"] = "A REWRITTEN PROMPT"
    quiz.questions = stream
    quiz.save_revision().publish()
    new = start(client, quiz)
    assert (
        "A REWRITTEN PROMPT" in client.get(f"/learning/attempts/{new.public_id}/").content.decode()
    )


def test_course_completion_waits_for_the_final_test():
    course = make_course(modules=1, lessons_per_module=1)
    final = make_quiz(course, title="Final post-test")
    trainee = make_trainee(enrolled_in=course)
    client = Client()
    client.force_login(trainee)
    client.post(f"/learning/complete/{lessons_of(course)[0].pk}/")
    assert Enrolment.objects.get(user=trainee).completed_at is None
    attempt = start(client, final)
    submit(client, attempt, all_wrong(attempt))
    assert Enrolment.objects.get(user=trainee).completed_at is None
    attempt = start(client, final)
    submit(client, attempt, all_right(attempt))
    assert Enrolment.objects.get(user=trainee).completed_at is not None


def test_final_test_opens_after_every_module_where_modules_unlock_in_order():
    course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=True)
    final = make_quiz(course)
    trainee = make_trainee(enrolled_in=course)
    client = Client()
    client.force_login(trainee)
    assert client.get(final.url).status_code == 403
    complete(trainee, lessons_of(course))
    assert client.get(final.url).status_code == 200


def test_latest_attempt_counts_when_so_set():
    course, module, quiz, trainee, client = quiz_setting(attempt_counts="latest")
    lesson_two = lessons_of(course)[1]
    complete(trainee, lessons_of(course)[:1])
    attempt = start(client, quiz)
    submit(client, attempt, all_right(attempt))
    assert client.get(lesson_two.url).status_code == 200
    attempt = start(client, quiz)
    submit(client, attempt, all_wrong(attempt))
    assert client.get(lesson_two.url).status_code == 403


class TestQueryBudgets:
    """Starting, submitting and viewing a result cost the same whatever the quiz's length."""

    def counts(self, questions):
        course = make_course(modules=1, lessons_per_module=1)
        module = course.get_children().first()
        quiz = make_quiz(module, questions=questions)
        trainee = make_trainee(f"budget-{quiz.pk}", enrolled_in=course)
        client = Client()
        client.force_login(trainee)
        client.get(quiz.url)  # warm caches
        measured = {}
        with CaptureQueriesContext(connection) as queries:
            attempt = start(client, quiz)
        measured["start"] = len(queries)
        data = all_right(attempt)
        with CaptureQueriesContext(connection) as queries:
            submit(client, attempt, data)
        measured["submit"] = len(queries)
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/learning/attempts/{attempt.public_id}/")
        measured["result"] = len(queries)
        return measured

    def test_constant_queries_for_5_or_25_questions(self):
        short = self.counts(question_stream())
        long = self.counts(question_stream() * 5)
        assert short == long
        assert max(long.values()) <= 30
