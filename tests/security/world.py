"""A site with two trainees who each hold every kind of training record, and one person in
each admin role: what the security suites probe."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from courses.learning.models import Cohort, CohortMembership, QuizAttempt, QuizOverride
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from courses.learning.services import cohort_import
from courses.learning.services.attempts import start_attempt
from courses.models import LessonPage, ModulePage
from courses.roles import CLINICAL_REVIEWERS, COURSE_AUTHORS, ensure_roles
from tests.certificate_helpers import (
    certificate_course,
    earn_certificate,
    evaluation_page,
    final_test,
)
from tests.factories import (
    choice,
    course_index,
    lessons_of,
    make_course,
    make_editor,
    make_quiz,
    make_trainee,
    make_user,
)

CSV = b"email,full name,profession\nnew.person@example.org,New Person,Psychologist\n"


def client_for(user=None, **options) -> Client:
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


def member(username, group, **fields):
    user = make_user(username, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


class Trainee:
    """A trainee and their records: a certificate (so a submitted attempt, an evaluation, an
    attestation, a course completion), and an open attempt on a practice quiz."""

    def __init__(self, world, username, full_name):
        self.user = make_trainee(
            username,
            enrolled_in=world.course,
            full_name=full_name,
            email=f"{username}@example.org",
        )
        self.certificate = earn_certificate(self.user, world.course)
        self.enrolment = self.certificate.enrolment
        self.submitted = QuizAttempt.objects.get(user=self.user, quiz_id=world.final_test.pk)
        from courses.learning.services.enrolment import enrol

        enrol(self.user, world.practice)
        self.open_attempt, _ = start_attempt(
            self.user, world.practice_quiz, world.practice_quiz.step_state(self.user)
        )
        CohortMembership.objects.create(cohort=world.cohort, user=self.user)

    def values(self, world) -> dict:
        """URL parameters naming this trainee's records (and the pages they are on)."""
        return {
            "course_id": world.course.pk,
            "lesson_id": world.practice_lesson.pk,
            "block_id": world.check_block_id,
            "quiz_id": world.practice_quiz.pk,
            "page_id": world.evaluation.pk,
            "public_id": self.open_attempt.public_id,
            "code": self.certificate.code,
            "user_id": self.user.pk,
            "enrolment_id": self.enrolment.pk,
            "attempt_id": self.submitted.pk,
            "cohort_id": world.cohort.pk,
            "import_id": world.pending_import.pk,
        }


class World:
    def __init__(self):
        ensure_roles(course_index())
        self.course = certificate_course(title="Foundations of safe practice")
        self.final_test = final_test(self.course)
        self.evaluation = evaluation_page(self.course)
        self.practice = make_course(modules=1, lessons_per_module=1, title="Practice course")
        module = ModulePage.objects.child_of(self.practice).get()
        self.practice_quiz = make_quiz(module, title="Practice quiz", max_attempts=5)
        self.practice_lesson = self._with_check(lessons_of(self.practice)[0])
        self.cohort = Cohort.objects.create(name="Spring cohort", course_id=self.course.pk)
        self.author = member("author", COURSE_AUTHORS, full_name="Aldo Author")
        self.reviewer = member("reviewer", CLINICAL_REVIEWERS, full_name="Rita Reviewer")
        self.training_admin = member(
            "training-admin", TRAINING_ADMINISTRATORS, full_name="Tara Admin"
        )
        self.superuser = make_editor("superuser")
        self.ana = Trainee(self, "ana", "Ana López")
        self.ben = Trainee(self, "ben", "Ben Other")
        self.override = QuizOverride.objects.create(
            user=self.ana.user,
            quiz_id=self.final_test.pk,
            extra_attempts=1,
            reason="Illness",
            granted_by=self.training_admin,
        )
        self.pending_import = cohort_import.upload(
            self.cohort, "cohort.csv", CSV, by=self.training_admin
        )
        mail.outbox.clear()

    def _with_check(self, lesson):
        lesson.body = [
            ("text", "<p>Preparation matters.</p>"),
            (
                "knowledge_check",
                {
                    "prompt": "When are agreements about touch made?",
                    "choices": [
                        choice("In preparation, while sober", True, "Right."),
                        choice("During the dosing session", False, "Not then."),
                    ],
                    "explanation": "Consent is given sober.",
                },
            ),
            ("reflection", {"prompt": "What would you say first?", "guidance": ""}),
        ]
        lesson.save_revision().publish()
        lesson = LessonPage.objects.get(pk=lesson.pk)
        self.check_block_id = str(lesson.body[1].id)
        self.note_block_id = str(lesson.body[2].id)
        return lesson

    def values_for(self, route: str, trainee: Trainee) -> dict:
        """URL parameters for `route`, naming `trainee`'s records."""
        values = trainee.values(self)
        if route.startswith("learning/notes/"):
            values["block_id"] = self.note_block_id  # a reflection prompt, not a check
        if "/cohorts/" in route:
            values["pk"] = self.cohort.pk
        elif "/certificates/" in route:
            values["pk"] = trainee.certificate.pk
        if route.startswith("admin/training/evaluations/"):
            values["course_id"] = self.course.pk
        return values


def records() -> dict:
    """Every row of the training records, and how many rows every other table has: what a
    refused or rejected request must leave as it was. (Sessions, mail and the admin's
    per-user preferences, made on a first visit, are left out.)"""
    from django.apps import apps

    state = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label == "learning":
            state[label] = list(model.objects.order_by("pk").values())
        elif model._meta.app_label not in ("sessions", "post_office", "wagtailusers"):
            state[label] = model.objects.count()
    return state
