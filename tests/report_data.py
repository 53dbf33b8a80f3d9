"""The known data set the training report tests read.

The gradebook course has two modules of two lessons, each with a three-question quiz (pass
mark 60%: two right answers pass). Quiz 1 counts the highest attempt, quiz 2 the latest.

    trainee   lessons  quiz 1 attempts           quiz 2 attempts     cohort (due)   state
    Ada       all 4    33.33, 100.00             100.00, 66.67       Spring (past)  completed
    Ben       1.1 1.2  100.00 (voided), 33.33    —                   Spring (past)  behind
    Cleo      —        —                         —                   Spring (past)  not started
    Dan       1.1      —                         —                   Autumn         unenrolled
    Eve       enrolled only in another course, with an attempt there
"""

import datetime

from django.test import Client, TestCase
from django.utils import timezone

from courses.learning.models import Cohort, CohortMembership, CourseCompletion, Enrolment
from courses.learning.services.enrolment import enrol
from courses.models import ModulePage
from tests.factories import complete, lessons_of, make_course, make_quiz, make_user
from tests.report_helpers import (
    REPORTS,
    make_training_admin,
    record_attempt,
    screen_table,
    single_choice_stream,
)

TODAY = timezone.localdate()
PAST_DUE = TODAY - datetime.timedelta(days=1)


def gradebook_data(cls):
    course = make_course(title="Gradebook course", modules=2, lessons_per_module=2)
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    stream = single_choice_stream(["One?", "Two?", "Three?"])
    cls.course, cls.lessons = course, lessons_of(course)
    cls.quiz1 = make_quiz(modules[0], title="Quiz one", pass_mark=60, questions=stream)
    cls.quiz2 = make_quiz(
        modules[1], title="Quiz two", pass_mark=60, attempt_counts="latest", questions=stream
    )
    people = {}
    for username, full_name in [
        ("ada", "Ada Lovelace"),
        ("ben", "Ben Okri"),
        ("cleo", "Cleo Laine"),
        ("dan", "Dan Brown"),
        ("eve", "Eve Arden"),
    ]:
        people[username] = make_user(username, full_name=full_name)
    for username in ["ada", "ben", "cleo", "dan"]:
        enrol(people[username], course)
    cls.people = people
    ada, ben, dan = people["ada"], people["ben"], people["dan"]
    now = timezone.now()
    complete(ada, cls.lessons)
    record_attempt(ada, cls.quiz1, [1, 0, 0], started=now - datetime.timedelta(days=10))
    record_attempt(ada, cls.quiz1, [1, 1, 1], started=now - datetime.timedelta(days=3))
    record_attempt(ada, cls.quiz2, [1, 1, 1], started=now - datetime.timedelta(days=2))
    record_attempt(ada, cls.quiz2, [1, 1, 0], started=now - datetime.timedelta(days=1))
    CourseCompletion.objects.create(
        enrolment=Enrolment.objects.get(user=ada, course_id=course.pk),
        user=ada,
        course_id=course.pk,
        course_title=course.title,
        ce_hours=2,
    )
    complete(ben, cls.lessons[:2])
    record_attempt(ben, cls.quiz1, [1, 1, 1], voided=True)
    record_attempt(ben, cls.quiz1, [1, 0, 0])
    complete(dan, cls.lessons[:1])
    Enrolment.objects.filter(user=dan).update(unenrolled_at=now)
    cls.spring = Cohort.objects.create(name="Spring", course_id=course.pk, due_on=PAST_DUE)
    cls.autumn = Cohort.objects.create(
        name="Autumn", course_id=course.pk, due_on=TODAY + datetime.timedelta(days=30)
    )
    for username in ["ada", "ben", "cleo"]:
        CohortMembership.objects.create(cohort=cls.spring, user=people[username])
    CohortMembership.objects.create(cohort=cls.autumn, user=dan)
    other = make_course(title="Other course", modules=1, lessons_per_module=1)
    cls.other_quiz = make_quiz(
        ModulePage.objects.child_of(other).first(), title="Other quiz", questions=stream
    )
    enrol(people["eve"], other)
    record_attempt(people["eve"], cls.other_quiz, [1, 1, 1])


class ReportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        gradebook_data(cls)
        cls.admin = make_training_admin()

    def setUp(self):
        self.client = Client()
        self.client.force_login(self.admin)

    def table(self, report, **params):
        response = self.client.get(REPORTS[report], params)
        self.assertEqual(response.status_code, 200)
        return screen_table(response)

    def rows_by_trainee(self, report, **params):
        header, *rows = self.table(report, **params)
        return header, {row[0]: dict(zip(header, row, strict=True)) for row in rows}
