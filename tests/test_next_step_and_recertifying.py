"""A lesson's Next link never leads into a locked step as if it were open; the outline counts
a recertifying trainee's final-test attempts from the day their certificate expired."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from courses.learning.models import Certificate, QuizAttempt
from courses.learning.outline import trainee_outline
from courses.learning.progress import course_progress
from courses.models import ModulePage
from tests.certificate_helpers import (
    certificate_course,
    certificate_trainee,
    finish_lessons,
    take_final_test,
)
from tests.factories import lessons_of, make_course, make_editor, make_quiz, make_trainee

pytestmark = pytest.mark.django_db


def pager_next(client, lesson):
    html = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    return html.select_one(".pager .pager__next")


def test_next_into_an_open_quiz_is_a_link(client):
    course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=True)
    first_module = ModulePage.objects.child_of(course).order_by("path").first()
    quiz = make_quiz(first_module, title="Module 1 quiz")
    client.force_login(make_trainee(enrolled_in=course))
    link = pager_next(client, lessons_of(course)[0])
    assert link.name == "a" and link["href"] == quiz.url


def test_a_lesson_whose_next_step_is_locked_says_what_opens_it_and_is_no_link(client):
    course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=True)
    first, second = lessons_of(course)
    first_module = ModulePage.objects.child_of(course).order_by("path").first()
    client.force_login(make_trainee(enrolled_in=course))
    # Lesson 2 opens once module 1 (lesson 1, no quiz) is complete: until then it is locked.
    make_quiz(course, title="Final test", slug="final-test")
    after_first = pager_next(client, first)
    assert after_first.name == "span" and after_first.find("a") is None
    text = " ".join(after_first.get_text(" ").split())
    assert text == (f"Next lesson {second.title} (opens once you complete “{first_module.title}”)")
    assert after_first.select_one('svg[aria-label="Locked"]') is not None
    form = BeautifulSoup(client.get(first.url).content, "html.parser").select_one(
        ".completion button"
    )
    assert form.get_text(strip=True) == "Mark as complete"
    # Marking it complete opens the next module, and leads there.
    response = client.post(f"/learning/complete/{first.pk}/")
    assert response["Location"] == second.url
    # The last lesson's Next is the final test, locked until every module is complete.
    after_second = pager_next(client, second)
    assert after_second.name == "span"
    assert "opens once every module of the course is complete" in after_second.get_text()


def test_a_visitor_or_editor_sees_plain_next_links(client):
    course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=True)
    first, second = lessons_of(course)
    client.force_login(make_editor())
    link = pager_next(client, first)
    assert link.name == "a" and link["href"] == second.url


def final_step(trainee, course):
    return trainee_outline(course_progress(course, trainee)).final_test


def test_attempts_left_count_from_the_expiry_when_recertifying():
    course = certificate_course(evaluation=False, ethics=False, certificate_valid_months=24)
    trainee = certificate_trainee(course)
    finish_lessons(trainee, course)
    take_final_test(trainee, course, passing=False)
    take_final_test(trainee, course)  # both attempts used: passed
    step = final_step(trainee, course)
    assert (step.status_text, step.used, step.attempts_text) == ("Passed with 100%", 2, "")
    # Two years on the certificate has expired: a new round with the full two attempts.
    past = timezone.now() - timedelta(days=800)
    Certificate.objects.filter(user=trainee).update(expires_at=past + timedelta(days=730))
    QuizAttempt.objects.filter(user=trainee).update(started_at=past, submitted_at=past)
    step = final_step(trainee, course)
    assert (step.status_text, step.used, step.left, step.attempts_text) == (
        "Not started",
        0,
        2,
        "2 attempts left",
    )
    take_final_test(trainee, course, passing=False)
    step = final_step(trainee, course)
    assert (step.status_text, step.used, step.attempts_text) == (
        "Not passed yet (best 0%)",
        1,
        "1 attempt left",
    )
    take_final_test(trainee, course)  # renewed: a valid certificate again
    step = final_step(trainee, course)
    assert (step.status_text, step.attempts_text) == ("Passed with 100%", "")
