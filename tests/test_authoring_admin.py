"""What authors see in the admin: course content listed in course order, previews that show
a lesson's real module, short descriptions when choosing a page type or a block, and
competency tags on the content tab."""

import pytest
from django.test import Client, RequestFactory

from courses.models import LessonPage, ModulePage
from tests.factories import lessons_of, make_course, make_editor, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_a_courses_children_are_listed_in_course_order(client):
    course = make_course(modules=3, lessons_per_module=1)
    final = make_quiz(course, title="The final test")
    first = ModulePage.objects.child_of(course).order_by("path").first()
    first.save_revision()  # the most recently edited, which Wagtail would list first
    html = client.get(f"/admin/pages/{course.pk}/").content.decode()
    titles = [f"Module {n} of {course.title.lower()}" for n in (1, 2, 3)] + [final.title]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_a_preview_in_an_unpublished_module_shows_its_real_module(editor):
    course = make_course(modules=2, lessons_per_module=1)
    second = ModulePage.objects.child_of(course).order_by("path").last()
    second.unpublish()
    lesson = LessonPage.objects.get(pk=lessons_of(course)[1].pk)
    request = RequestFactory().get("/")
    request.user = editor
    response = lesson.make_preview_request(original_request=request)
    html = response.rendered_content if hasattr(response, "rendered_content") else ""
    html = html or response.content.decode()
    assert "Module 2: <a href=" in html and second.title in html
    assert "Module None" not in html
    assert "End of course" not in html and "Not in the outline yet" in html


def test_page_types_and_blocks_have_short_descriptions(client):
    course = make_course(modules=1, lessons_per_module=1)
    html = client.get(f"/admin/pages/{course.pk}/add_subpage/").content.decode()
    assert "A module of a course: its lessons and a module quiz go below it." in html
    module = ModulePage.objects.child_of(course).first()
    html = client.get(f"/admin/pages/add/courses/lessonpage/{module.pk}/").content.decode()
    assert "A boxed note, caution or safety-critical point" in html


def test_competency_tags_are_on_the_content_tab(client):
    lesson = lessons_of(make_course(modules=1, lessons_per_module=1))[0]
    html = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    content, promote = html.index('id="tab-content"'), html.index('id="tab-promote"')
    assert content < html.index('name="tags"') < promote
