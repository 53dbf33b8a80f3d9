"""Trainees read who clinically reviewed a lesson or quiz, and when, from the reviewer's last
approval in the "Clinical review" workflow; without one, from the lesson's review fields."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django.utils.dateformat import format as format_date

from courses.clinical_review import review_credit
from courses.models import LessonPage
from courses.roles import CLINICAL_REVIEWERS, COURSE_AUTHORS, ensure_roles
from tests.factories import (
    course_index,
    lessons_of,
    make_course,
    make_quiz,
    make_trainee,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = make_course(modules=1, lessons_per_module=1)
    ensure_roles(course_index())
    lesson = lessons_of(course)[0]
    lesson.clinical_reviewer = "Dr Typed Name"
    lesson.last_reviewed = datetime.date(2025, 3, 14)
    lesson.save_revision().publish()
    return course


@pytest.fixture
def trainee_client(course):
    client = Client()
    client.force_login(make_trainee(enrolled_in=course))
    return client


def member(username, group, **fields):
    user = make_user(username, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def approve(page, summary="Revised after the new trial.", **fields):
    """An author submits a change and a reviewer approves it in the admin."""
    author = member("author", COURSE_AUTHORS)
    reviewer = member("reviewer", CLINICAL_REVIEWERS, full_name="Dr Rosa Reviewer")
    draft = type(page).objects.get(pk=page.pk)
    if hasattr(draft, "summary"):
        draft.summary = summary
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision(user=author)
    state = draft.get_workflow().start(draft, author)
    client = Client()
    client.force_login(reviewer)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/",
        {"comment": "Checked."},
    )
    assert response.status_code == 302


def credit_line(html):
    start = html.index("Clinically reviewed by")
    return html[start : html.index("</p>", start)]


def today():
    return format_date(timezone.localdate(), "j F Y")


def test_without_an_approval_the_lessons_review_fields_are_shown(course, trainee_client):
    lesson = lessons_of(course)[0]
    html = trainee_client.get(lesson.url).content.decode()
    assert "Dr Typed Name" in credit_line(html) and "14 March 2025" in credit_line(html)


def test_an_approval_replaces_them_on_the_very_next_request(course, trainee_client):
    lesson = LessonPage.objects.get(pk=lessons_of(course)[0].pk)
    trainee_client.get(lesson.url)  # the lesson is now kept in the content cache
    approve(lesson)
    html = trainee_client.get(lesson.url).content.decode()
    assert "Revised after the new trial." in html
    line = credit_line(html)
    assert "Dr Rosa Reviewer" in line and today() in line and "Dr Typed Name" not in line
    assert f'datetime="{timezone.localdate():%Y-%m-%d}"' in line


def test_a_quiz_shows_its_last_approval(course, trainee_client):
    quiz = make_quiz(lessons_of(course)[0].get_parent())
    quiz.save_revision().publish()
    assert "Clinically reviewed" not in trainee_client.get(quiz.url).content.decode()
    approve(quiz)
    line = credit_line(trainee_client.get(quiz.url).content.decode())
    assert "Dr Rosa Reviewer" in line and today() in line


def test_an_approval_of_a_change_not_yet_live_does_not_vouch_for_the_live_page(course):
    lesson = LessonPage.objects.get(pk=lessons_of(course)[0].pk)
    approve(lesson, go_live_at=timezone.now() + datetime.timedelta(days=7))  # due next week
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.summary == "A lesson summary."
    assert review_credit(lesson).reviewer == "Dr Typed Name"
