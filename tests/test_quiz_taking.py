"""Taking a quiz safely: the confirmation before grading and its count of unanswered
questions, an invalid answer that keeps every other answer and marks its question, the
autosave endpoint's rules, and question numbers that match the quiz page's count."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from courses.assessment.grading import correct_answers, gradable_questions
from courses.learning.models import Enrolment, QuizAttempt
from tests.factories import make_trainee
from tests.quiz_helpers import all_right, form_for, quiz_setting, start, submit

pytestmark = pytest.mark.django_db


def url(attempt, action=""):
    return f"/learning/attempts/{attempt.public_id}/{action + '/' if action else ''}"


def ordering_question(attempt):
    return next(q for q in gradable_questions(attempt.snapshot) if q["type"] == "ordering")


def with_duplicate_positions(attempt) -> dict:
    """Every answer right, except that the ordering question gives two steps position 1."""
    data = all_right(attempt)
    ordering = ordering_question(attempt)
    for step in ordering["steps"]:
        data[f"q-{ordering['id']}:{step['id']}"] = "1" if step["position"] < 3 else "3"
    return data


def test_submit_asks_for_confirmation_with_the_unanswered_count():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    questions = gradable_questions(attempt.snapshot)
    assert len(questions) == quiz.question_count == 6
    right = correct_answers(attempt.snapshot)
    two = {q["id"]: right[q["id"]] for q in questions[:2]}
    response = client.post(url(attempt), {**form_for(attempt.snapshot, two), "submit": "1"})
    assert response["Location"] == url(attempt, "submit")
    attempt.refresh_from_db()
    assert attempt.is_open and set(attempt.answers) == set(two)  # saved, not graded
    html = client.get(url(attempt, "submit")).content.decode()
    assert "You have 4 unanswered questions" in html and "of 6" in html
    assert "question 3</a>, " in html and "question 6</a>." in html
    assert "Submit anyway" in html and "Go back to the questions" in html
    response = client.post(url(attempt, "submit"))
    assert response["Location"] == url(attempt)
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.answers == two
    assert attempt.score == 4  # one point and three points, the rest zero
    # A submitted attempt has nothing left to confirm.
    assert client.get(url(attempt, "submit"))["Location"] == url(attempt)


def test_a_fully_answered_attempt_is_confirmed_without_a_warning():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    client.post(url(attempt), {**all_right(attempt), "submit": "1"})
    html = client.get(url(attempt, "submit")).content.decode()
    assert "You have answered all 6 questions." in html and "unanswered question" not in html


def test_the_confirmation_refuses_another_trainee_and_closes_a_timed_out_attempt():
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=10)
    attempt = start(client, quiz)
    other = Client()
    other.force_login(make_trainee("someone-else", enrolled_in=course))
    assert other.get(url(attempt, "submit")).status_code == 404
    assert other.post(url(attempt, "submit")).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=2))
    assert client.get(url(attempt, "submit"))["Location"] == url(attempt)
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.closed_by_time_limit


def test_duplicate_positions_keep_every_other_answer_and_mark_the_question():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    ordering = ordering_question(attempt)
    response = client.post(
        url(attempt), {**with_duplicate_positions(attempt), "submit": "1", "confirmed": "1"}
    )
    assert response.status_code == 200  # the attempt page again, not an error page
    html = response.content.decode()
    attempt.refresh_from_db()
    assert attempt.is_open  # not graded
    others = {q["id"] for q in gradable_questions(attempt.snapshot)} - {ordering["id"]}
    assert set(attempt.answers) == others  # every other answer saved
    assert 'class="error-summary"' in html
    assert "Question 4: Give each step a different position." in html
    error_id = f"q-{ordering['id']}-error"
    assert f'id="{error_id}"' in html and f'aria-describedby="{error_id}"' in html
    assert html.count('aria-invalid="true"') == len(ordering["steps"])
    first_step = ordering["steps"][0]["id"]
    assert f'href="#q-{ordering["id"]}-{first_step}"' in html
    # What was typed is shown again, to be corrected; the other answers are ticked.
    assert html.count('" selected>1<') == 2
    assert html.count(" checked") >= 5
    assert "<title>Error: " in html


def test_an_invalid_answer_keeps_the_questions_earlier_saved_answer():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    client.post(url(attempt), {**all_right(attempt), "save": "1"})
    client.post(url(attempt), {**with_duplicate_positions(attempt), "save": "1"})
    attempt.refresh_from_db()
    assert attempt.answers == correct_answers(attempt.snapshot)


def test_question_numbers_run_to_the_count_on_the_quiz_page():
    course, module, quiz, trainee, client = quiz_setting()
    quiz_html = client.get(quiz.url).content.decode()
    assert re.search(r"<dt>Questions</dt>\s*<dd>6</dd>", quiz_html)
    attempt = start(client, quiz)
    html = client.get(url(attempt)).content.decode()
    numbers = [int(n) for n in re.findall(r'<li class="question" value="(\d+)"', html)]
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert "Case vignette · questions 5–6" in html
    assert "Question 6: " in html


def test_the_result_page_numbers_the_questions_as_the_attempt_page_does():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    attempt = submit(client, attempt, all_right(attempt))
    html = client.get(url(attempt)).content.decode()
    numbers = [int(n) for n in re.findall(r'<li class="question" value="(\d+)"', html)]
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert "Case vignette · questions 5–6" in html


def autosave(client, attempt, data):
    return client.post(url(attempt, "autosave"), data)


def test_autosave_saves_an_open_attempt_and_reports_what_is_missing():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    first = gradable_questions(attempt.snapshot)[0]
    answer = correct_answers(attempt.snapshot)[first["id"]]
    response = autosave(client, attempt, form_for(attempt.snapshot, {first["id"]: answer}))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["saved"] is True and body["unanswered"] == 5 and body["errors"] == []
    attempt.refresh_from_db()
    assert attempt.answers == {first["id"]: answer} and attempt.is_open
    body = json.loads(autosave(client, attempt, with_duplicate_positions(attempt)).content)
    assert body["unanswered"] == 1
    assert body["errors"] == [
        {
            "question": 4,
            "id": ordering_question(attempt)["id"],
            "message": "Give each step a different position.",
        }
    ]


def test_autosave_is_only_for_the_owner_and_needs_the_csrf_token():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    other = Client()
    other.force_login(make_trainee("intruder", enrolled_in=course))
    assert autosave(other, attempt, all_right(attempt)).status_code == 404
    assert autosave(Client(), attempt, all_right(attempt)).status_code == 403
    assert client.get(url(attempt, "autosave")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(trainee)
    assert autosave(strict, attempt, all_right(attempt)).status_code == 403
    attempt.refresh_from_db()
    assert attempt.answers == {}
    page = strict.get(url(attempt))
    token = page.cookies["csrftoken"].value
    response = strict.post(
        url(attempt, "autosave"), all_right(attempt), headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.answers == correct_answers(attempt.snapshot)


def test_autosave_is_refused_once_submitted():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    client.post(url(attempt, "submit"))
    response = autosave(client, attempt, all_right(attempt))
    assert response.status_code == 409
    assert json.loads(response.content)["url"] == url(attempt)
    attempt.refresh_from_db()
    assert attempt.answers == {} and attempt.percent == 0


def test_autosave_past_the_deadline_is_refused_and_grades_the_last_saved_answers():
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=10)
    attempt = start(client, quiz)
    assert autosave(client, attempt, all_right(attempt)).status_code == 200
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    response = autosave(client, attempt, {})
    assert response.status_code == 409 and json.loads(response.content)["closed"] is True
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.closed_by_time_limit
    assert attempt.percent == 100  # what autosave kept before the deadline


def test_the_countdown_gives_the_deadline_as_a_machine_readable_time():
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=10)
    attempt = start(client, quiz)
    html = client.get(url(attempt)).content.decode()
    iso = attempt.deadline.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f'<time class="time-limit__deadline" datetime="{iso}">' in html
    assert 'data-seconds-left="5' in html or 'data-seconds-left="6' in html
    assert 'aria-live="assertive"' in html and 'aria-live="polite"' in html


def test_autosave_and_confirmation_are_refused_once_the_trainee_has_left_the_course():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    Enrolment.objects.filter(user=trainee).update(unenrolled_at=timezone.now())
    assert autosave(client, attempt, all_right(attempt)).status_code == 403
    assert client.post(url(attempt, "submit"))["Location"] == quiz.url
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers == {}
