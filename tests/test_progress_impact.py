"""The unpublish, delete, move and publish confirmation pages of course content say how many
enrolled trainees' progress the action changes."""

import pytest
from django.test import Client
from django.utils import timezone

from courses.learning.models import Enrolment, QuizAttempt
from courses.models import LessonPage, ModulePage
from tests.factories import (
    complete,
    lesson_body,
    lessons_of,
    make_course,
    make_editor,
    make_quiz,
    make_trainee,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = make_course(modules=2, lessons_per_module=2)
    first_lesson = lessons_of(course)[0]
    for number in range(3):
        trainee = make_trainee(f"trainee{number}", enrolled_in=course)
        if number < 2:
            complete(trainee, [first_lesson])
    # Someone unenrolled keeps their record, but has no progress to change.
    gone = make_trainee("gone", enrolled_in=course)
    complete(gone, [first_lesson])
    Enrolment.objects.filter(user=gone).update(unenrolled_at=timezone.now())
    return course


@pytest.fixture
def admin():
    client = Client()
    client.force_login(make_editor())
    return client


def shown(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_unpublishing_a_lesson(course, admin):
    lesson = lessons_of(course)[0]
    html = shown(admin.get(f"/admin/pages/{lesson.pk}/unpublish/"))
    assert "2 trainees have completed this lesson; their course progress will be " in html
    assert "recomputed without it. Their completions, attempts and certificates are kept." in html


def test_deleting_a_lesson_and_a_module(course, admin):
    first, second = lessons_of(course)[:2]
    html = shown(admin.get(f"/admin/pages/{first.pk}/delete/"))
    assert "2 trainees have completed this lesson; their course progress will be" in html
    html = shown(admin.get(f"/admin/pages/{second.pk}/delete/"))
    assert "0 trainees have completed this lesson" in html
    module = first.get_parent()
    html = shown(admin.get(f"/admin/pages/{module.pk}/delete/"))
    assert "2 trainees have completed lessons in this module" in html


def test_moving_a_lesson_to_another_module(course, admin):
    lesson = lessons_of(course)[0]
    other = ModulePage.objects.child_of(course).order_by("path").last()
    html = shown(admin.get(f"/admin/pages/{lesson.pk}/move/{other.pk}/confirm/"))
    assert "2 trainees have completed this lesson; their course progress will be recomputed" in html


def test_publishing_a_new_lesson_and_changes_to_a_live_one(course, admin):
    module = ModulePage.objects.child_of(course).order_by("path").first()
    new = module.add_child(
        instance=LessonPage(
            title="A new lesson",
            slug="new",
            summary="New.",
            estimated_minutes=5,
            body=lesson_body(),
            live=False,
        )
    )
    live = lessons_of(course)[0]
    html = shown(admin.get(f"/admin/bulk/wagtailcore/page/publish/?id={new.pk}&id={live.pk}"))
    assert (
        f"3 trainees are enrolled in “{course.title}”; publishing this lesson adds it to their "
        "course, so their course progress will be recomputed." in html
    )
    assert "2 trainees have completed this lesson; publishing these changes keeps" in html


def test_unpublishing_a_quiz_and_a_course(course, admin):
    module = ModulePage.objects.child_of(course).order_by("path").first()
    quiz = make_quiz(module)
    trainee = Enrolment.objects.filter(unenrolled_at=None).first().user
    for number in (1, 2):  # two attempts, one trainee
        QuizAttempt.objects.create(
            user=trainee,
            quiz_id=quiz.pk,
            quiz_title=quiz.title,
            number=number,
            snapshot={},
            state=QuizAttempt.State.SUBMITTED,
        )
    html = shown(admin.get(f"/admin/pages/{quiz.pk}/unpublish/"))
    assert "1 trainee has submitted an attempt at this quiz" in html
    html = shown(admin.get(f"/admin/pages/{course.pk}/unpublish/"))
    assert "3 trainees are enrolled in this course and 0 have completed it" in html


def test_bulk_unpublishing_and_deleting_say_it_per_page(course, admin):
    first, second = lessons_of(course)[:2]
    ids = f"id={first.pk}&id={second.pk}"
    for action in ("unpublish", "delete"):
        html = shown(admin.get(f"/admin/bulk/wagtailcore/page/{action}/?{ids}"))
        assert "2 trainees have completed this lesson; their course progress will be" in html
        assert "0 trainees have completed this lesson" in html
