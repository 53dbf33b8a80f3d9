"""Quizzes: the quiz page, starting and resuming, saving and submitting, the rules the
server enforces, and answers that never reach the page before submission."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from courses.learning.models import QuizAttempt
from tests.factories import lessons_of, make_trainee, make_user
from tests.quiz_helpers import all_right, all_wrong, quiz_setting, start, submit

pytestmark = pytest.mark.django_db
SECRETS = ("KEYFEEDBACK", "EXPLANATION", "correct", "is-correct")


def test_quiz_page_shows_the_rules_and_the_trainees_standing():
    course, module, quiz, trainee, client = quiz_setting(pass_mark=80, max_attempts=2)
    html = client.get(quiz.url).content.decode()
    assert "<dt>Pass mark</dt><dd>80%</dd>" in html.replace("\n", "").replace("  ", "")
    assert "Attempts used: 0" in html and "left: 2" in html
    attempt = start(client, quiz)
    submit(client, attempt, all_wrong(attempt))
    html = client.get(quiz.url).content.decode()
    assert "Attempts used: 1" in html and "left: 1" in html and "best score: 0%" in html


def test_no_answer_key_reaches_the_quiz_or_the_attempt_page():
    course, module, quiz, trainee, client = quiz_setting()
    pages = [client.get(quiz.url).content.decode()]
    attempt = start(client, quiz)
    pages.append(client.get(f"/learning/attempts/{attempt.public_id}/").content.decode())
    for html in pages:
        for secret in SECRETS:
            assert secret not in html, secret
    assert 'type="radio"' in pages[1] and 'type="checkbox"' in pages[1]


def test_a_second_start_resumes_the_attempt_in_progress():
    course, module, quiz, trainee, client = quiz_setting()
    first, second = start(client, quiz), start(client, quiz)
    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1


def test_saving_keeps_answers_without_submitting():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    answers = all_right(attempt)
    response = client.post(f"/learning/attempts/{attempt.public_id}/", {**answers, "save": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers
    html = client.get(f"/learning/attempts/{attempt.public_id}/").content.decode()
    assert html.count(" checked") >= 4


def test_submission_is_graded_on_the_server_and_a_resubmission_changes_nothing():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    attempt = submit(client, attempt, {**all_right(attempt), "score": "0", "passed": "false"})
    assert attempt.state == "submitted" and attempt.passed and attempt.percent == 100
    graded = (attempt.percent, attempt.submitted_at, attempt.answers)
    attempt = submit(client, attempt, all_wrong(attempt))
    assert (attempt.percent, attempt.submitted_at, attempt.answers) == graded
    assert QuizAttempt.objects.count() == 1


def test_unanswered_questions_score_zero():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = submit(client, start(client, quiz), {})
    assert attempt.percent == 0 and attempt.passed is False


def test_attempt_limit_is_enforced():
    course, module, quiz, trainee, client = quiz_setting(max_attempts=1)
    attempt = start(client, quiz)
    submit(client, attempt, all_wrong(attempt))
    response = client.post(f"/learning/quizzes/{quiz.pk}/start/", follow=True)
    assert "You have used every attempt this quiz allows." in response.content.decode()
    assert QuizAttempt.objects.count() == 1


def test_unlimited_attempts():
    course, module, quiz, trainee, client = quiz_setting(max_attempts=0)
    for _ in range(4):
        attempt = start(client, quiz)
        submit(client, attempt, all_wrong(attempt))
    assert QuizAttempt.objects.count() == 4


@pytest.mark.parametrize(
    "tamper",
    [
        {"q-nonexistent": "x"},
        {"q-{single}": "{foreign}"},
        {"q-{single}": ["{single_choice}", "{single_choice}"]},
    ],
)
def test_malformed_answers_get_a_clear_error_and_grade_nothing(tamper):
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    questions = attempt.snapshot["questions"]
    single, multiple = questions[0], questions[1]
    names = {
        "single": single["id"],
        "foreign": multiple["choices"][0]["id"],
        "single_choice": single["choices"][0]["id"],
    }
    data = {
        key.format(**names): [v.format(**names) for v in value]
        if isinstance(value, list)
        else value.format(**names)
        for key, value in tamper.items()
    }
    response = client.post(
        f"/learning/attempts/{attempt.public_id}/", {**data, "submit": "1", "confirmed": "1"}
    )
    assert response.status_code == 200  # the attempt page again, with the problem shown
    assert "There is a problem" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers == {}


def test_another_trainees_attempt_is_not_found_and_untouched():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    intruder = make_trainee("intruder", enrolled_in=course)
    other = Client()
    other.force_login(intruder)
    url = f"/learning/attempts/{attempt.public_id}/"
    assert other.get(url).status_code == 404
    assert other.post(url, {**all_right(attempt), "submit": "1"}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers == {}
    assert other.get(f"/learning/attempts/{uuid.uuid4()}/").status_code == 404
    assert other.get("/learning/attempts/12/").status_code == 404


def test_time_limit_is_enforced_by_the_server():
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=10)
    attempt = start(client, quiz)
    assert attempt.deadline is not None
    client.post(f"/learning/attempts/{attempt.public_id}/", {**all_right(attempt), "save": "1"})
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    # Answers sent after the deadline are not recorded; what was saved is graded.
    attempt = submit(client, attempt, all_wrong(attempt))
    assert attempt.state == "submitted" and attempt.closed_by_time_limit
    assert attempt.percent == 100


def test_an_expired_attempt_closes_when_next_seen():
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=10)
    attempt = start(client, quiz)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    html = client.get(f"/learning/attempts/{attempt.public_id}/").content.decode()
    assert "Time ran out" in html
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.percent == 0


def test_submission_within_the_grace_period_counts():
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=10)
    attempt = start(client, quiz)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=5))
    attempt = submit(client, attempt, all_right(attempt))
    assert attempt.percent == 100 and not attempt.closed_by_time_limit


def test_rules_for_who_may_take_a_quiz():
    course, module, quiz, trainee, client = quiz_setting()
    anonymous = Client()
    assert anonymous.get(quiz.url)["Location"].startswith("/accounts/login/")
    assert anonymous.post(f"/learning/quizzes/{quiz.pk}/start/").status_code == 302
    stranger = Client()
    stranger.force_login(make_user("stranger"))
    assert stranger.get(quiz.url).status_code == 403
    stranger.post(f"/learning/quizzes/{quiz.pk}/start/")
    assert client.get(f"/learning/quizzes/{quiz.pk}/start/").status_code == 405
    assert not QuizAttempt.objects.exists()


def test_a_failed_quiz_keeps_the_module_incomplete_and_the_next_module_locked():
    course, module, quiz, trainee, client = quiz_setting()
    lesson_one, lesson_two = lessons_of(course)
    client.post(f"/learning/complete/{lesson_one.pk}/")
    assert client.get(lesson_two.url).status_code == 403  # the quiz is not passed yet
    attempt = start(client, quiz)
    submit(client, attempt, all_wrong(attempt))
    assert client.get(lesson_two.url).status_code == 403
    attempt = start(client, quiz)
    submit(client, attempt, all_right(attempt))
    assert client.get(lesson_two.url).status_code == 200
    html = client.get(course.url).content.decode()
    assert "Complete</strong>" in html


def test_the_review_follows_the_quiz_settings():
    for review, shows in (
        ("score", set()),
        ("correctness", {"Not right"}),
        ("full", {"Not right", "(correct answer)", "EXPLANATION-5HT2A", "KEYFEEDBACK-D2"}),
    ):
        course, module, quiz, trainee, client = quiz_setting(result_detail=review)
        attempt = start(client, quiz)
        wrong = all_wrong(attempt)
        attempt = submit(client, attempt, wrong)
        html = client.get(f"/learning/attempts/{attempt.public_id}/").content.decode()
        assert "Not passed: 0%" in html
        for text in {"Not right", "(correct answer)", "EXPLANATION-5HT2A", "KEYFEEDBACK-D2"}:
            assert (text in html) == (text in shows), (review, text)


def test_answers_and_explanations_only_once_passed_when_so_set():
    course, module, quiz, trainee, client = quiz_setting(
        result_detail="full", answers_after_pass_only=True
    )
    failed = start(client, quiz)
    failed = submit(client, failed, all_wrong(failed))
    url = f"/learning/attempts/{failed.public_id}/"
    html = client.get(url).content.decode()
    assert "Not right" in html and "EXPLANATION-5HT2A" not in html
    assert "shown once you have passed the quiz or used every attempt." in html
    passed = start(client, quiz)
    submit(client, passed, all_right(passed))
    assert "EXPLANATION-5HT2A" in client.get(url).content.decode()


def test_answers_are_shown_once_every_attempt_is_used():
    course, module, quiz, trainee, client = quiz_setting(
        result_detail="full", answers_after_pass_only=True, max_attempts=2
    )
    first = start(client, quiz)
    first = submit(client, first, all_wrong(first))
    url = f"/learning/attempts/{first.public_id}/"
    assert "EXPLANATION-5HT2A" not in client.get(url).content.decode()
    last = start(client, quiz)
    submit(client, last, all_wrong(last))
    html = client.get(url).content.decode()
    assert "EXPLANATION-5HT2A" in html and "(correct answer)" in html


def test_my_learning_shows_quiz_results_per_module():
    course, module, quiz, trainee, client = quiz_setting()
    attempt = start(client, quiz)
    submit(client, attempt, all_right(attempt))
    html = client.get("/learning/").content.decode()
    assert quiz.title in html and "Passed" in html and "100%" in html
