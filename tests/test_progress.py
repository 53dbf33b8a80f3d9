"""Progress: per module and course, computed against the live content; "continue" leads to
the first unfinished lesson; a course's completion date is recorded once."""

import pytest
from django.test import Client

from courses.learning.models import Enrolment
from courses.learning.progress import course_progress
from courses.learning.services.completion import complete_lesson
from courses.models import LessonPage, ModulePage
from tests.factories import complete, lesson_body, lessons_of, make_course, make_trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course(modules=2, lessons_per_module=2, modules_unlock_in_order=True)


def finish(trainee, lesson):
    state = lesson.step_state(trainee)
    return complete_lesson(trainee, lesson, state)


def test_progress_per_module_and_course(course):
    trainee = make_trainee(enrolled_in=course)
    first, second, third, fourth = lessons_of(course)
    complete(trainee, [first])
    progress = course_progress(course, trainee)
    module_one, module_two = progress.modules
    assert (module_one.completed, module_one.total, module_one.percent) == (1, 2, 50)
    assert (module_two.completed, module_two.percent) == (0, 0)
    assert (progress.completed, progress.total, progress.percent) == (1, 4, 25)
    assert not module_one.is_complete and not progress.is_complete
    assert module_two.is_locked and module_two.blocked_by.pk == module_one.module.pk
    assert progress.next_step.pk == second.pk


def test_continue_leads_to_the_first_unfinished_lesson(course):
    trainee = make_trainee(enrolled_in=course)
    first, second, third, fourth = lessons_of(course)
    complete(trainee, [first, second, fourth])
    assert course_progress(course, trainee).next_step.pk == third.pk
    client = Client()
    client.force_login(trainee)
    page = client.get(course.url).content.decode()
    assert "Continue where you left off" in page
    assert f'href="{third.url}"' in page


def test_completing_the_last_lesson_records_the_course_completion_date_once(course):
    trainee = make_trainee(enrolled_in=course)
    lessons = lessons_of(course)
    for lesson in lessons[:-1]:
        finish(trainee, lesson)
    assert Enrolment.objects.get(user=trainee).completed_at is None
    _, progress = finish(trainee, lessons[-1])
    assert progress.is_complete and progress.next_step is None
    completed_at = Enrolment.objects.get(user=trainee).completed_at
    assert completed_at is not None
    finish(trainee, lessons[-1])  # again: nothing changes
    assert Enrolment.objects.get(user=trainee).completed_at == completed_at


def test_progress_counts_only_live_lessons(course):
    trainee = make_trainee(enrolled_in=course)
    first, second, *_ = lessons_of(course)
    complete(trainee, [first, second])
    second.unpublish()
    progress = course_progress(course, trainee)
    assert (progress.modules[0].completed, progress.modules[0].total) == (1, 1)
    assert progress.modules[0].is_complete
    assert progress.total == 3


def test_a_new_lesson_reopens_a_module_but_not_a_recorded_course_completion(course):
    trainee = make_trainee(enrolled_in=course)
    for lesson in lessons_of(course):
        finish(trainee, lesson)
    completed_at = Enrolment.objects.get(user=trainee).completed_at
    module = ModulePage.objects.child_of(course).first()
    module.add_child(
        instance=LessonPage(
            title="A new lesson",
            slug="new",
            summary="New.",
            estimated_minutes=5,
            body=lesson_body(),
        )
    )
    progress = course_progress(course, trainee)
    assert not progress.is_complete and progress.next_step.title == "A new lesson"
    assert Enrolment.objects.get(user=trainee).completed_at == completed_at


def test_progress_bars_are_accessible_and_move(course):
    trainee = make_trainee(enrolled_in=course)
    client = Client()
    client.force_login(trainee)
    first = lessons_of(course)[0]
    assert (
        '<progress id="course-progress" max="4" value="0">0%</progress>'
        in client.get(course.url).content.decode()
    )
    client.post(f"/learning/complete/{first.pk}/")
    html = client.get(course.url).content.decode()
    assert '<progress id="course-progress" max="4" value="1">25%</progress>' in html
    assert '<label class="progress__label" for="course-progress">' in html
    lesson_html = client.get(first.url).content.decode()
    assert '<progress id="module-progress" max="2" value="1">50%</progress>' in lesson_html
    assert "(completed)" in lesson_html  # the outline's tick, spelled out for screen readers


def test_my_learning_lists_courses_progress_next_step_and_completions():
    ongoing = make_course(title="Integration skills", modules=1, lessons_per_module=2)
    finished = make_course(title="Screening basics", modules=1, lessons_per_module=1)
    trainee = make_trainee(enrolled_in=ongoing)
    Enrolment.objects.create(user=trainee, course_id=finished.pk, course_title=finished.title)
    complete(trainee, lessons_of(ongoing)[:1])
    finish(trainee, lessons_of(finished)[0])
    client = Client()
    client.force_login(trainee)
    html = client.get("/learning/").content.decode()
    in_progress, completed = html.split('id="completed-heading"')
    assert "Integration skills" in in_progress and "1 of 2 complete" in in_progress
    assert f'Next: <a href="{lessons_of(ongoing)[1].url}">' in in_progress
    assert "Screening basics" in completed and "Completed on" in completed
    assert "Screening basics" not in in_progress
    enrolment = Enrolment.objects.get(user=trainee, course_id=ongoing.pk)
    bar_id = f"progress-{enrolment.pk}"
    assert f'<label class="progress__label" for="{bar_id}">' in in_progress
    assert f'<progress id="{bar_id}" ' in in_progress
