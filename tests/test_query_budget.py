"""Pages and writes run a fixed, small number of queries: the same for a course of 4, 40 or
400 lessons, however much the trainee has completed, and for My learning whether the trainee
is enrolled in 1 course or 10. Work that is the same for everyone comes from the cache."""

from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from courses.learning.services.enrolment import enrol
from courses.models import ModulePage
from tests.factories import complete, lessons_of, make_course, make_quiz, make_trainee
from tests.quiz_helpers import all_right

# (modules, lessons per module) for courses of 4, 40 and 400 lessons.
SIZES = {4: (2, 2), 40: (8, 5), 400: (20, 20)}
PAGE_BUDGET = 12
WRITE_BUDGET = 20
SEARCH_BUDGET = 15  # the page budget, and the text search, its keeping and the count


class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.courses, cls.quizzes, cls.first_quizzes = {}, {}, {}
        for size, (modules, per_module) in SIZES.items():
            course = make_course(modules=modules, lessons_per_module=per_module)
            module_list = list(ModulePage.objects.child_of(course).order_by("path"))
            for module in module_list:
                make_quiz(module)
            make_quiz(course)
            cls.courses[size] = course
            cls.quizzes[size] = module_list[-1].get_children().last().specific
            cls.first_quizzes[size] = module_list[0].get_children().last().specific
        cls.trainee = make_trainee("trainee")
        for size, course in cls.courses.items():
            enrol(cls.trainee, course)
            complete(cls.trainee, lessons_of(course)[: size // 2])

    def count(self, url, *, method="get", data=None, user=None) -> int:
        client = Client()
        client.force_login(user or self.trainee)
        getattr(client, method)(url, data or {})  # warm: shared work is then in the cache
        if method == "get":
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            self.assertEqual(response.status_code, 200, url)
            return len(queries)
        raise AssertionError("use count_write for writes")

    def assert_constant(self, urls: dict[int, str], budget=PAGE_BUDGET):
        counts = {size: self.count(url) for size, url in urls.items()}
        self.assertEqual(len(set(counts.values())), 1, counts)
        self.assertLessEqual(max(counts.values()), budget, counts)

    def test_lesson_page(self):
        self.assert_constant(
            {size: lessons_of(course)[size - 1].url for size, course in self.courses.items()}
        )

    def test_course_page(self):
        self.assert_constant({size: course.url for size, course in self.courses.items()})

    def test_module_page(self):
        self.assert_constant(
            {
                size: ModulePage.objects.child_of(course).last().url
                for size, course in self.courses.items()
            }
        )

    def test_quiz_page(self):
        self.assert_constant({size: quiz.url for size, quiz in self.quizzes.items()})

    def test_my_learning_from_one_course_to_ten(self):
        one, ten = make_trainee("one"), make_trainee("ten")
        enrol(one, self.courses[4])
        for _ in range(10):
            course = make_course(modules=2, lessons_per_module=2)
            make_quiz(course)
            enrol(ten, course)
            complete(ten, lessons_of(course)[:1])
        counts = [self.count("/learning/", user=user) for user in (one, ten, self.trainee)]
        self.assertEqual(len(set(counts)), 1, counts)
        self.assertLessEqual(counts[0], PAGE_BUDGET)

    def test_completing_a_lesson(self):
        counts = {}
        for size, course in self.courses.items():
            client = Client()
            client.force_login(self.trainee)
            lessons = lessons_of(course)
            client.post(f"/learning/complete/{lessons[-1].pk}/")  # warm
            with CaptureQueriesContext(connection) as queries:
                response = client.post(f"/learning/complete/{lessons[-2].pk}/")
            self.assertEqual(response.status_code, 302)
            counts[size] = len(queries)
        self.assertEqual(len(set(counts.values())), 1, counts)
        self.assertLessEqual(max(counts.values()), WRITE_BUDGET, counts)

    def test_starting_and_submitting_a_quiz(self):
        starts, submits = {}, {}
        for size, quiz in self.quizzes.items():
            client = Client()
            client.force_login(self.trainee)
            client.post(f"/learning/quizzes/{self.first_quizzes[size].pk}/start/")  # warm
            with CaptureQueriesContext(connection) as queries:
                response = client.post(f"/learning/quizzes/{quiz.pk}/start/")
            starts[size] = len(queries)
            attempt_url = response["Location"]
            attempt = self.trainee.quiz_attempts.get(quiz_id=quiz.pk)
            with CaptureQueriesContext(connection) as queries:
                response = client.post(
                    attempt_url, {**all_right(attempt), "submit": "1", "confirmed": "1"}
                )
            self.assertEqual(response.status_code, 302)
            submits[size] = len(queries)
        for counts in (starts, submits):
            self.assertEqual(len(set(counts.values())), 1, counts)
            self.assertLessEqual(max(counts.values()), WRITE_BUDGET, counts)

    def test_search_results_whatever_the_enrolments(self):
        """A page of results costs the same for a trainee in one course or three, and for a
        query matching lessons in one course or in all of them."""
        one = make_trainee("one")
        enrol(one, self.courses[4])
        counts = {
            (user.username, query): self.count(f"/search/?query={query}", user=user)
            for user in (one, self.trainee)
            for query in ("Lesson", "summary", "Lesson 1.1")
        }
        self.assertEqual(len(set(counts.values())), 1, counts)
        self.assertLessEqual(max(counts.values()), SEARCH_BUDGET, counts)
