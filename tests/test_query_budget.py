"""Pages run a fixed number of queries, however many modules and lessons a course has and
however many lessons the trainee has completed."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.factories import complete, lessons_of, make_course, make_reference, make_trainee

PAGE_BUDGET = 30


class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        reference = make_reference()
        # 4 lessons, nothing completed / 40 lessons, all 40 completed.
        cls.small = make_course(modules=2, lessons_per_module=2, reference=reference)
        cls.large = make_course(modules=8, lessons_per_module=5, reference=reference)
        cls.newcomer = make_trainee("newcomer", enrolled_in=cls.small)
        cls.veteran = make_trainee("veteran", enrolled_in=cls.large)
        complete(cls.veteran, lessons_of(cls.large))

    def count_queries(self, user, url):
        self.client.force_login(user)
        self.client.get(url)  # warm per-process caches (site root paths, content types)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def assert_same_queries(self, small_url, large_url):
        small = self.count_queries(self.newcomer, small_url)
        large = self.count_queries(self.veteran, large_url)
        self.assertEqual(small, large, f"{small} queries for 4 lessons, {large} for 40")
        self.assertLessEqual(large, PAGE_BUDGET)

    def test_lesson_page(self):
        small_lesson, large_lesson = lessons_of(self.small)[1], lessons_of(self.large)[21]
        self.assert_same_queries(small_lesson.url, large_lesson.url)

    def test_module_page(self):
        small_module = self.small.get_children().last()
        large_module = self.large.get_children().last()
        self.assert_same_queries(small_module.url, large_module.url)

    def test_course_page(self):
        self.assert_same_queries(self.small.url, self.large.url)

    def test_my_learning(self):
        self.assert_same_queries("/learning/", "/learning/")

    def test_home_page_with_more_courses(self):
        before = self.count_queries(self.newcomer, "/")
        make_course(modules=1, lessons_per_module=1)
        make_course(modules=1, lessons_per_module=1)
        self.assertEqual(self.count_queries(self.newcomer, "/"), before)
