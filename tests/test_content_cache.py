"""The content cache: what is the same for every trainee is computed once, and every editor
action that changes what a trainee should see shows on the very next request; nothing one
trainee sees is served to another; a cache that is down costs speed, not pages."""

import re
import shutil
import socket
import subprocess
import time

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client, TestCase, override_settings
from wagtail.models import PageViewRestriction

from cms.shared_cache import GENERATION_KEY, cached
from courses.models import LessonPage, ModulePage
from tests.factories import (
    complete,
    lesson_body,
    lessons_of,
    make_course,
    make_editor,
    make_reference,
    make_trainee,
)


def outline_titles(html) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    return [link.get_text(strip=True) for link in page.select(".lesson-list a")]


class EditorActionsShowAtOnceTests(TestCase):
    """Each test warms the cache with a request, acts as an editor would, and expects the
    next request to show the change."""

    def setUp(self):
        self.reference = make_reference()
        self.course = make_course(modules=2, lessons_per_module=2, reference=self.reference)
        self.first, self.second = ModulePage.objects.child_of(self.course).order_by("path")
        self.lessons = lessons_of(self.course)
        self.trainee = make_trainee(enrolled_in=self.course)
        self.client.force_login(self.trainee)

    def course_outline(self):
        return outline_titles(self.client.get(self.course.url).content)

    def test_publishing_a_new_revision(self):
        lesson = LessonPage.objects.get(pk=self.lessons[0].pk)
        self.assertNotContains(self.client.get(lesson.url), "Freshly revised teaching")
        self.course_outline()
        lesson.title = "A renamed lesson"
        lesson.body = lesson_body(text="Freshly revised teaching.")
        lesson.save_revision().publish()
        self.assertContains(self.client.get(lesson.url), "Freshly revised teaching")
        self.assertIn("A renamed lesson", self.course_outline())

    def test_a_draft_changes_nothing_trainees_see(self):
        lesson = LessonPage.objects.get(pk=self.lessons[0].pk)
        self.client.get(lesson.url)
        lesson.body = lesson_body(text="Unpublished draft words.")
        lesson.save_revision()
        self.assertNotContains(self.client.get(lesson.url), "Unpublished draft words")

    def test_unpublishing_and_publishing_again(self):
        lesson = self.lessons[1]
        self.assertIn(lesson.title, self.course_outline())
        lesson.unpublish()
        self.assertNotIn(lesson.title, self.course_outline())
        self.assertEqual(self.client.get(lesson.url).status_code, 404)
        LessonPage.objects.get(pk=lesson.pk).save_revision().publish()
        self.assertIn(lesson.title, self.course_outline())

    def test_unpublishing_a_module_takes_its_lessons_offline(self):
        self.client.get(self.lessons[3].url)
        self.second.unpublish()
        self.assertEqual(self.client.get(self.lessons[3].url).status_code, 404)
        self.assertNotIn(self.lessons[3].title, self.course_outline())

    def test_moving_a_lesson_to_another_module(self):
        lesson = self.lessons[0]
        old_url = lesson.url
        self.client.get(old_url)
        self.course_outline()
        LessonPage.objects.get(pk=lesson.pk).move(self.second, pos="last-child")
        moved = LessonPage.objects.get(pk=lesson.pk)
        # Wagtail leaves a redirect behind, so old links still arrive.
        self.assertRedirects(
            self.client.get(old_url), moved.url, status_code=301, fetch_redirect_response=False
        )
        self.assertEqual(self.client.get(moved.url).status_code, 200)
        module_page = self.client.get(self.second.url).content.decode()
        self.assertIn(lesson.title, module_page)

    def test_reordering_lessons(self):
        first, second = self.lessons[0], self.lessons[1]
        self.assertEqual(self.course_outline()[:2], [first.title, second.title])
        LessonPage.objects.get(pk=second.pk).move(first, pos="left")
        self.assertEqual(self.course_outline()[:2], [second.title, first.title])
        pager = BeautifulSoup(self.client.get(second.url).content, "html.parser")
        self.assertIsNone(pager.find("a", rel="prev"))

    def test_deleting_a_lesson(self):
        lesson = self.lessons[2]
        self.client.get(lesson.url)
        self.course_outline()
        LessonPage.objects.get(pk=lesson.pk).delete()
        self.assertNotIn(lesson.title, self.course_outline())
        self.assertEqual(self.client.get(lesson.url).status_code, 404)

    def test_a_view_restriction(self):
        self.course_outline()
        PageViewRestriction.objects.create(page=self.lessons[0], restriction_type="login")
        self.assertNotIn(self.lessons[0].title, self.course_outline())

    def test_marking_a_cited_reference_retracted(self):
        lesson = self.lessons[0]
        self.assertNotContains(self.client.get(lesson.url), "badge--retracted")
        self.reference.status = "retracted"
        self.reference.save()
        self.assertContains(self.client.get(lesson.url), "badge--retracted")

    def test_publishing_through_the_admin(self):
        lesson = LessonPage.objects.get(pk=self.lessons[0].pk)
        self.client.get(lesson.url)
        admin = Client()
        admin.force_login(make_editor())
        response = admin.post(f"/admin/pages/{lesson.pk}/unpublish/", {"include_descendants": ""})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(lesson.url).status_code, 404)


class NothingPersonalIsSharedTests(TestCase):
    def test_two_trainees_see_their_own_progress_on_the_same_pages(self):
        course = make_course(modules=1, lessons_per_module=3)
        lessons = lessons_of(course)
        ahead, behind = make_trainee("ahead", enrolled_in=course), make_trainee("behind")
        complete(ahead, lessons[:2])
        first, second = Client(), Client()
        first.force_login(ahead)
        second.force_login(behind)
        for url in (lessons[0].url, course.url):
            ahead_page = first.get(url).content.decode()
            behind_page = second.get(url).content.decode()
            self.assertIn("(completed)", ahead_page)
            self.assertNotIn("(completed)", behind_page)
        self.assertContains(first.get(lessons[0].url), "You have completed this lesson.")
        # The second trainee is not even enrolled: the lesson is refused, not served cached.
        self.assertEqual(second.get(lessons[0].url).status_code, 403)

    def test_a_knowledge_check_answer_stays_with_the_one_who_gave_it(self):
        course = make_course(modules=1, lessons_per_module=1)
        lesson = lessons_of(course)[0]
        lesson.body = [
            ("text", "<p>Teaching.</p>"),
            (
                "knowledge_check",
                {
                    "prompt": "Which comes first?",
                    "choices": [
                        {"text": "Preparation", "correct": True, "feedback": ""},
                        {"text": "Integration", "correct": False, "feedback": ""},
                    ],
                    "explanation": "SENTINEL-EXPLANATION",
                },
            ),
        ]
        lesson.save_revision().publish()
        lesson = LessonPage.objects.get(pk=lesson.pk)
        block = lesson.body[1]
        choice = str(block.value["choices"].bound_blocks[0].id)
        clients = []
        for name in ("first", "second"):
            client = Client()
            client.force_login(make_trainee(name, enrolled_in=course))
            clients.append(client)
        clients[0].post(f"/learning/check/{lesson.pk}/{block.id}/", {"choice": choice})
        self.assertContains(clients[0].get(lesson.url), "SENTINEL-EXPLANATION")
        self.assertNotContains(clients[1].get(lesson.url), "SENTINEL-EXPLANATION")


def test_cache_keys_hold_ids_and_the_generation_only(settings):
    cache.clear()
    seen = []
    original_get = cache.get

    def spy(key, *args, **kwargs):
        seen.append(key)
        return original_get(key, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "get", spy)
        cached("example", (1, 2), lambda: "value")
    assert seen[0] == GENERATION_KEY
    assert re.fullmatch(r"pathway:example:[0-9a-f]{32}:1:2", seen[-1])


@pytest.fixture
def private_redis():
    """A Redis server of this test's own, on a free port, that the test can stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield server, port
    if server.poll() is None:
        server.kill()
        server.wait()


@pytest.mark.django_db
def test_pages_are_served_while_redis_is_down_and_sign_in_waits(private_redis):
    server, port = private_redis
    redis_cache = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=redis_cache):
        course = make_course(modules=1, lessons_per_module=2)
        lesson = lessons_of(course)[0]
        client = Client()
        client.force_login(make_trainee(enrolled_in=course))
        assert client.get(lesson.url).status_code == 200
        assert cache.get(GENERATION_KEY) is not None  # the cache was in use
        server.kill()
        server.wait()
        for url in (lesson.url, course.url, "/learning/", "/"):
            response = client.get(url)
            assert response.status_code == 200, url
        assert lessons_of(course)[1].title in client.get(course.url).content.decode()
        # Signing in fails closed: the failed-sign-in limit cannot be kept without the cache.
        someone = make_trainee("someone", email="someone@example.com")
        visitor = Client()
        response = visitor.post(
            "/accounts/login/", {"login": "someone@example.com", "password": "x" * 12}
        )
        assert response.status_code == 429
        assert "Please wait a moment" in response.content.decode()
        assert visitor.session.get("_auth_user_id") != str(someone.pk)


class RightsShowAtOnceTests(TestCase):
    def test_joining_and_leaving_the_editors_changes_what_a_user_may_read_at_once(self):
        from django.contrib.auth.models import Group

        course = make_course(modules=1, lessons_per_module=1)
        lesson = lessons_of(course)[0]
        user = make_trainee("soon-an-editor")
        self.client.force_login(user)
        self.assertEqual(self.client.get(lesson.url).status_code, 403)
        editors = Group.objects.get(name="Editors")
        user.groups.add(editors)
        self.assertEqual(self.client.get(lesson.url).status_code, 200)
        user.groups.remove(editors)
        self.assertEqual(self.client.get(lesson.url).status_code, 403)
        user.groups.add(editors)
        self.client.get(lesson.url)
        editors.permissions.clear()
        self.assertEqual(self.client.get(lesson.url).status_code, 403)
