"""Results that lead somewhere: points and percentage, attempts left and a Retake button,
each missed question linked to the lesson that teaches it, and the next module or the final
test."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from courses.models import ModulePage
from tests.factories import complete, lessons_of, make_course, make_quiz, make_trainee
from tests.quiz_helpers import all_right, all_wrong, start, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    course = make_course(modules=2, lessons_per_module=2, modules_unlock_in_order=True)
    first, second = ModulePage.objects.child_of(course).order_by("path")
    quiz = make_quiz(first, title="Module one quiz", max_attempts=2)
    final = make_quiz(course, title="The final test")
    lessons = lessons_of(course)
    # Every factory question is tagged "screening"; the second lesson of module one teaches
    # it, and so does a lesson of module two: the quiz's own module comes first.
    for lesson in (lessons[1], lessons[3]):
        lesson.tags.add("Screening")
        lesson.save()
    trainee = make_trainee(enrolled_in=course)
    complete(trainee, lessons[:2])
    client = Client()
    client.force_login(trainee)
    client.trainee = trainee
    return course, second, quiz, final, lessons, client


def result(client, attempt) -> BeautifulSoup:
    response = client.get(f"/learning/attempts/{attempt.public_id}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_failed_attempt_shows_points_attempts_left_retake_and_lessons_to_review(setting):
    course, second, quiz, final, lessons, client = setting
    attempt = start(client, quiz)
    attempt = submit(client, attempt, all_wrong(attempt))
    html = result(client, attempt)
    summary = html.select_one(".result-summary").get_text(" ", strip=True)
    assert f"You scored 0 of {attempt.max_score} points (0%)." in summary
    assert "Attempts used: 1 · left: 1" in summary
    form = html.select_one(".result-summary form")
    assert form["action"] == f"/learning/quizzes/{quiz.pk}/start/"
    assert form.button.get_text() == "Retake the quiz"
    reviews = html.select(".review-item__lesson a")
    assert reviews and {a["href"] for a in reviews} == {lessons[1].url}
    # The next module stays shut until this quiz is passed: said, not linked.
    following = html.select_one(".result-next")
    assert f"“{second.title}”, opens once you complete" in following.get_text()
    assert following.find("a", href=second.url) is None


def test_a_passed_attempt_offers_no_retake_and_leads_to_the_next_module(setting):
    course, second, quiz, final, lessons, client = setting
    attempt = start(client, quiz)
    attempt = submit(client, attempt, all_right(attempt))
    html = result(client, attempt)
    assert html.select_one(".result-summary form") is None
    assert "You have passed this quiz." in html.select_one(".result-summary").get_text()
    assert html.select(".review-item__lesson") == []  # nothing missed, nothing to review
    link = html.select_one(".result-next a.button")
    assert link["href"] == second.url and second.title in link.get_text()


def test_no_attempt_left_says_so_instead_of_retake(setting):
    course, second, quiz, final, lessons, client = setting
    for _ in range(2):
        attempt = start(client, quiz)
        attempt = submit(client, attempt, all_wrong(attempt))
    html = result(client, attempt)
    assert html.select_one(".result-summary form") is None
    assert "You have used every attempt" in html.select_one(".result-summary").get_text()


def test_the_last_module_quiz_leads_to_the_final_test(setting):
    course, second, quiz, final, lessons, client = setting
    attempt = start(client, quiz)
    submit(client, attempt, all_right(attempt))
    complete(client.trainee, lessons[2:])
    last_quiz = make_quiz(second, title="Module two quiz")
    attempt = start(client, last_quiz)
    attempt = submit(client, attempt, all_right(attempt))
    link = result(client, attempt).select_one(".result-next a.button")
    assert link["href"] == final.url and "final test" in link.get_text()


def test_a_score_only_result_links_no_lessons(setting):
    course, second, quiz, final, lessons, client = setting
    quiz.result_detail = "score"
    quiz.save_revision().publish()
    attempt = start(client, quiz)
    attempt = submit(client, attempt, all_wrong(attempt))
    assert result(client, attempt).select(".review-item__lesson") == []
