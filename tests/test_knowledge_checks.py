"""Knowledge checks inside lessons: answered on the page, checked by the server, practice
only (nothing recorded), and no answer key on the page before answering."""

import pytest
from django.test import Client

from courses.learning.models import LessonCompletion, QuizAttempt
from courses.models import LessonPage
from tests.factories import choice, lessons_of, make_course, make_trainee, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_with_check():
    course = make_course(modules=1, lessons_per_module=1)
    lesson = lessons_of(course)[0]
    lesson.body = [
        ("text", "<p>Preparation matters.</p>"),
        (
            "knowledge_check",
            {
                "prompt": "When are agreements about touch made?",
                "choices": [
                    choice("In preparation, while sober", True, "SENTINEL-RIGHT-FEEDBACK"),
                    choice("During the dosing session", False, "SENTINEL-WRONG-FEEDBACK"),
                ],
                "explanation": "SENTINEL-EXPLANATION",
            },
        ),
    ]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    block = lesson.body[1]
    choices = {c.value["text"]: str(c.id) for c in block.value["choices"].bound_blocks}
    trainee = make_trainee(enrolled_in=course)
    client = Client()
    client.force_login(trainee)
    return lesson, str(block.id), choices, client


def check_url(lesson, block_id):
    return f"/learning/check/{lesson.pk}/{block_id}/"


def test_no_answer_key_before_answering(lesson_with_check):
    lesson, block_id, choices, client = lesson_with_check
    html = client.get(lesson.url).content.decode()
    assert "When are agreements about touch made?" in html
    for secret in ("SENTINEL", "correct", "Right."):
        assert secret not in html


def test_a_right_answer_gets_feedback_and_the_explanation(lesson_with_check):
    lesson, block_id, choices, client = lesson_with_check
    response = client.post(
        check_url(lesson, block_id), {"choice": choices["In preparation, while sober"]}
    )
    assert response["Location"] == f"{lesson.url}#check-{block_id}"
    html = client.get(lesson.url).content.decode()
    assert "Right." in html and "SENTINEL-RIGHT-FEEDBACK" in html and "SENTINEL-EXPLANATION" in html


def test_a_wrong_answer_shows_the_right_one(lesson_with_check):
    lesson, block_id, choices, client = lesson_with_check
    client.post(check_url(lesson, block_id), {"choice": choices["During the dosing session"]})
    html = client.get(lesson.url).content.decode()
    assert "Not quite." in html and "SENTINEL-WRONG-FEEDBACK" in html
    assert "The answer is: <strong>In preparation, while sober</strong>" in html


def test_practice_records_nothing(lesson_with_check):
    lesson, block_id, choices, client = lesson_with_check
    client.post(check_url(lesson, block_id), {"choice": choices["In preparation, while sober"]})
    assert not LessonCompletion.objects.exists() and not QuizAttempt.objects.exists()


def test_bad_input_is_handled(lesson_with_check):
    lesson, block_id, choices, client = lesson_with_check
    response = client.post(check_url(lesson, block_id), {"choice": "not-a-choice"}, follow=True)
    assert "Choose one of the answers" in response.content.decode()
    assert client.post(check_url(lesson, "no-such-block"), {"choice": "x"}).status_code == 404
    assert client.get(check_url(lesson, block_id)).status_code == 405
    stranger = Client()
    stranger.force_login(make_user("stranger"))
    response = stranger.post(
        check_url(lesson, block_id), {"choice": choices["During the dosing session"]}
    )
    assert response["Location"] == lesson.url
    assert "knowledge_checks" not in stranger.session
