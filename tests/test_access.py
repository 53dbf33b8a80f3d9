"""Who may open what, enforced on the server: the course overview is public, lessons need a
signed-in, enrolled trainee, modules that unlock in order stay shut until the one before is
complete, and editors read everything."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from courses.learning.models import Enrolment, LessonCompletion
from courses.models import ModulePage
from tests.factories import complete, lessons_of, make_course, make_editor, make_trainee, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course(modules=3, lessons_per_module=2, modules_unlock_in_order=True)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_course_overview_and_module_pages_are_public(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert b"sign in</a>" in response.content
    assert client.get(ModulePage.objects.child_of(course).first().url).status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, course):
    lesson = lessons_of(course)[0]
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={lesson.url}"


def test_signed_in_but_not_enrolled_gets_a_clear_page_with_the_enrol_button(course):
    response = signed_in(make_user()).get(lessons_of(course)[0].url)
    assert response.status_code == 403
    content = response.content.decode()
    assert "Lessons are open to trainees enrolled in the course." in content
    assert f'action="/learning/enrol/{course.pk}/"' in content
    assert "Teaching text" not in content  # the lesson body is not shown


def test_enrolled_trainee_reads_the_first_module(course):
    client = signed_in(make_trainee(enrolled_in=course))
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 200
    assert b"Teaching text about preparation sessions." in response.content


def test_locked_module_is_refused_with_a_link_to_what_to_finish_first(course):
    trainee = make_trainee(enrolled_in=course)
    first_module = ModulePage.objects.child_of(course).order_by("path").first()
    locked_lesson = lessons_of(course)[2]
    response = signed_in(trainee).get(locked_lesson.url)
    assert response.status_code == 403
    content = response.content.decode()
    link = f'“<a href="{first_module.url}">{first_module.title}</a>”'
    assert f"The next module to finish is {link}" in content
    assert "Teaching text" not in content


def test_module_opens_once_the_one_before_is_complete(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    first, second, third, *_ = lessons_of(course)
    complete(trainee, [first])
    assert client.get(third.url).status_code == 403  # half of module 1 is not enough
    complete(trainee, [second])
    assert client.get(third.url).status_code == 200
    assert client.get(lessons_of(course)[4].url).status_code == 403  # module 3 still shut


def test_modules_open_in_any_order_when_the_course_says_so():
    course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=False)
    client = signed_in(make_trainee(enrolled_in=course))
    assert client.get(lessons_of(course)[1].url).status_code == 200


def test_editors_read_every_lesson_without_enrolling(course):
    locked_lesson = lessons_of(course)[4]
    assert signed_in(make_editor()).get(locked_lesson.url).status_code == 200
    editors = Group.objects.create(name="Course editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    author = make_user("author")
    author.groups.add(editors)
    assert signed_in(author).get(locked_lesson.url).status_code == 200


def test_deactivated_trainee_is_treated_as_signed_out(course):
    trainee = make_trainee(enrolled_in=course)
    client = signed_in(trainee)
    trainee.is_active = False
    trainee.save()
    assert client.get(lessons_of(course)[0].url).status_code == 302


class TestEnrolment:
    def test_enrol_button_posts_and_enrols_once(self, course):
        trainee = make_user()
        client = signed_in(trainee)
        page = client.get(course.url).content.decode()
        assert f'<form method="post" action="/learning/enrol/{course.pk}/">' in page
        for _ in range(2):
            response = client.post(f"/learning/enrol/{course.pk}/")
            assert response.status_code == 302
            assert response["Location"] == course.url
        assert Enrolment.objects.filter(user=trainee).count() == 1
        enrolment = Enrolment.objects.get(user=trainee)
        assert (enrolment.course_id, enrolment.course_title) == (course.pk, course.title)

    def test_enrolling_by_get_is_refused(self, course):
        trainee = make_user()
        assert signed_in(trainee).get(f"/learning/enrol/{course.pk}/").status_code == 405
        assert not Enrolment.objects.exists()

    def test_anonymous_enrol_goes_to_sign_in(self, client, course):
        response = client.post(f"/learning/enrol/{course.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        assert not Enrolment.objects.exists()

    def test_unknown_or_unpublished_course_is_not_found(self, course):
        client = signed_in(make_user())
        assert client.post("/learning/enrol/999999/").status_code == 404
        assert client.post("/learning/enrol/not-a-number/").status_code == 404
        course.unpublish()
        assert client.post(f"/learning/enrol/{course.pk}/").status_code == 404
        assert not Enrolment.objects.exists()

    def test_enrolling_needs_the_csrf_token(self, course):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user())
        assert client.post(f"/learning/enrol/{course.pk}/").status_code == 403
        assert not Enrolment.objects.exists()


class TestCompletion:
    def test_mark_as_complete_records_once_and_moves_to_the_next_lesson(self, course):
        trainee = make_trainee(enrolled_in=course)
        client = signed_in(trainee)
        first, second, *_ = lessons_of(course)
        assert 'action="/learning/complete/' in client.get(first.url).content.decode()
        for _ in range(2):
            response = client.post(f"/learning/complete/{first.pk}/")
            assert response.status_code == 302
            assert response["Location"] == second.url
        assert LessonCompletion.objects.filter(user=trainee).count() == 1
        assert b"You have completed this lesson." in client.get(first.url).content

    def test_extra_fields_in_the_post_are_ignored(self, course):
        trainee = make_trainee(enrolled_in=course)
        someone_else = make_user("someone-else")
        lesson = lessons_of(course)[0]
        signed_in(trainee).post(
            f"/learning/complete/{lesson.pk}/",
            {"user": someone_else.pk, "completed_at": "2000-01-01", "lesson_title": "Forged"},
        )
        completion = LessonCompletion.objects.get()
        assert completion.user == trainee
        assert completion.lesson_title == lesson.title
        assert completion.completed_at.year > 2000

    def test_completion_by_get_is_refused(self, course):
        client = signed_in(make_trainee(enrolled_in=course))
        assert client.get(f"/learning/complete/{lessons_of(course)[0].pk}/").status_code == 405
        assert not LessonCompletion.objects.exists()

    def test_not_enrolled_or_locked_lessons_cannot_be_completed(self, course):
        stranger, trainee = make_user("stranger"), make_trainee(enrolled_in=course)
        first, _, locked, *_ = lessons_of(course)
        response = signed_in(stranger).post(f"/learning/complete/{first.pk}/")
        assert response["Location"] == first.url  # which explains how to enrol
        response = signed_in(trainee).post(f"/learning/complete/{locked.pk}/")
        assert response["Location"] == locked.url  # which explains what to finish first
        assert not LessonCompletion.objects.exists()

    def test_editors_need_to_enrol_to_record_progress(self, course):
        editor = make_editor()
        signed_in(editor).post(f"/learning/complete/{lessons_of(course)[0].pk}/")
        assert not LessonCompletion.objects.exists()

    def test_anonymous_completion_goes_to_sign_in(self, client, course):
        lesson = lessons_of(course)[0]
        response = client.post(f"/learning/complete/{lesson.pk}/")
        assert response["Location"] == f"/accounts/login/?next={lesson.url}"

    def test_unknown_lesson_is_not_found(self, course):
        client = signed_in(make_trainee(enrolled_in=course))
        assert client.post("/learning/complete/999999/").status_code == 404
        assert client.post(f"/learning/complete/{course.pk}/").status_code == 404  # not a lesson


def test_my_learning_needs_sign_in(client):
    response = client.get("/learning/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/learning/"


def test_signing_in_from_a_lesson_leads_back_to_it(client, course):
    trainee = make_trainee(enrolled_in=course)
    lesson = lessons_of(course)[0]
    login_url = client.get(lesson.url)["Location"]
    response = client.post(login_url, {"login": trainee.email, "password": "x" * 12})
    assert response.status_code == 302
    assert response["Location"] == lesson.url
    assert client.get(lesson.url).status_code == 200


def test_private_pages_are_left_out_of_the_outline(course):
    """Wagtail checks view restrictions only when a page is served; the outline applies them
    itself, to a restricted lesson and to everything under a restricted module."""
    from wagtail.models import PageViewRestriction

    first_module, second_module, third_module = ModulePage.objects.child_of(course).order_by("path")
    lessons = lessons_of(course)
    PageViewRestriction.objects.create(page=lessons[0], restriction_type="login")
    PageViewRestriction.objects.create(page=second_module, restriction_type="login")
    navigation = course.navigation()
    assert [m.pk for m in navigation.modules] == [first_module.pk, third_module.pk]
    expected = [lessons[1], *lessons[4:]]
    assert [lesson.pk for lesson in navigation.lessons] == [lesson.pk for lesson in expected]
