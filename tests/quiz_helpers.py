"""Shared set-up for the quiz tests: a course with a module quiz and a trainee."""

from django.test import Client

from courses.assessment.grading import correct_answers, gradable_questions
from courses.learning.models import QuizAttempt
from courses.models import ModulePage
from tests.factories import make_course, make_quiz, make_trainee


def quiz_setting(**quiz_fields):
    course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=True)
    module = ModulePage.objects.child_of(course).order_by("path").first()
    quiz = make_quiz(module, **quiz_fields)
    trainee = make_trainee(f"trainee-{quiz.pk}", enrolled_in=course)
    client = Client()
    client.force_login(trainee)
    return course, module, quiz, trainee, client


def start(client, quiz) -> QuizAttempt:
    response = client.post(f"/learning/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302, response
    return QuizAttempt.objects.get(public_id=response["Location"].rstrip("/").rsplit("/", 1)[1])


def form_for(snapshot, answers) -> dict:
    """A POST body that answers as `answers` (question id → choice id(s) or positions)."""
    data = {}
    for question in gradable_questions(snapshot):
        answer = answers.get(question["id"])
        if answer is None:
            continue
        if question["type"] == "ordering":
            for step_id, position in answer.items():
                data[f"q-{question['id']}:{step_id}"] = str(position)
        else:
            data[f"q-{question['id']}"] = answer
    return data


def all_right(attempt) -> dict:
    return form_for(attempt.snapshot, correct_answers(attempt.snapshot))


def all_wrong(attempt) -> dict:
    answers = {}
    for question in gradable_questions(attempt.snapshot):
        if question["type"] != "ordering":
            wrong = [c["id"] for c in question["choices"] if not c["correct"]]
            answers[question["id"]] = wrong[0] if question["type"] == "single_choice" else wrong
    return form_for(attempt.snapshot, answers)


def submit(client, attempt, data) -> QuizAttempt:
    response = client.post(
        f"/learning/attempts/{attempt.public_id}/", {**data, "submit": "1", "confirmed": "1"}
    )
    assert response.status_code == 302, response.content[:500]
    attempt.refresh_from_db()
    return attempt
