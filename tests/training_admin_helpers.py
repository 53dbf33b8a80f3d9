"""Shared set-up for the training-administration tests: a course with a quiz, a trainee with
a record, and the people who may or may not see it."""

from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from courses.learning.models import Cohort, CohortMembership
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from courses.models import ModulePage
from tests.factories import lessons_of, make_course, make_quiz, make_trainee, make_user
from tests.quiz_helpers import all_wrong, start, submit


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_training_admin(username="training-admin"):
    user = make_user(username, full_name="Tara Admin")
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return user


def make_author(username="author"):
    user = make_user(username, full_name="Aldo Author")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


class World:
    """A course (two modules, a quiz in the first), a trainee in a cohort with one lesson
    done and one submitted attempt, and a training administrator, an author and a
    second trainee."""

    def __init__(self, **quiz_fields):
        self.course = make_course(modules=2, lessons_per_module=1, title="Foundations")
        module = ModulePage.objects.child_of(self.course).order_by("path").first()
        self.quiz = make_quiz(module, title="Module one quiz", **quiz_fields)
        self.trainee = make_trainee(
            "ana",
            enrolled_in=self.course,
            full_name="Ana López",
            profession="psychologist",
            licence_number="PSY-0042",
            email="ana@example.org",
        )
        self.trainee_client = signed_in(self.trainee)
        self.trainee_client.post(f"/learning/complete/{lessons_of(self.course)[0].pk}/")
        attempt = start(self.trainee_client, self.quiz)
        self.attempt = submit(self.trainee_client, attempt, all_wrong(attempt))
        self.cohort = Cohort.objects.create(name="Spring cohort", course_id=self.course.pk)
        CohortMembership.objects.create(cohort=self.cohort, user=self.trainee)
        self.empty_cohort = Cohort.objects.create(name="Empty cohort", course_id=self.course.pk)
        self.enrolment = self.trainee.enrolments.get()
        self.admin = make_training_admin()
        self.author = make_author()
        self.other_trainee = make_trainee("ben", full_name="Ben Other")
        # The set-up's own mail (Ana's enrolment confirmation) is not what the tests look at.
        mail.outbox.clear()
