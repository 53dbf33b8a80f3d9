"""Demo data for training administration: a training administrator's account and a cohort
of demo trainees on the flagship course, at every stage from just enrolled to completed.

Every record is made by the real services, as a trainee's own clicks would make it: lessons
completed through the gate in course order, quiz attempts started, answered and graded from
their snapshots, course completion recorded at its one moment. Each answer is right or
wrong at random (a fixed seed, but questions are shuffled per attempt, so scores vary a
little from one database to the next); every trainee reaches their stage. Once made, the
trainees' records are spread over the past weeks (the services stamp them "now"), so the
dashboard's chart and the cohort's due date have something to show. A few administrator
actions (an extra attempt, a voided attempt, an unenrolment) go through their services too,
so the history is real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from courses.assessment.grading import correct_answers, gradable_questions
from courses.assessment.question_types import QUESTION_PREFIX
from courses.learning.models import (
    Cohort,
    CohortMembership,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
)
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from courses.learning.services.attempts import save_answers, start_attempt
from courses.learning.services.completion import complete_lesson
from courses.learning.services.enrolment import enrol, unenrol_trainee
from courses.learning.services.overrides import set_quiz_override, void_attempt
from courses.models import CoursePage, LessonPage, QuizPage

TRAINING_ADMIN = {
    "username": "training",
    "email": "training@pathway.example",
    "password": "pathway-training",
    "full_name": "Morgan Ellery",
}
COHORT_NAME = "Demo cohort: clinical foundations"
SEED = 2026

FIRST_NAMES = [
    "Amara", "Bastian", "Carmen", "Dmitri", "Elif", "Farah", "Gideon", "Hana", "Idris",
    "Johanna", "Kwame", "Leila", "Mateo", "Noor", "Oskar", "Priya", "Quentin", "Rosa",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brennan", "Castellanos", "Dufresne", "Eriksen", "Fujita", "Gallagher",
    "Haddad", "Iwu", "Jansen", "Kowalczyk", "Lindqvist",
]  # fmt: skip
PROFESSIONS = [
    "psychologist", "psychiatrist", "counsellor_psychotherapist", "nurse", "social_worker",
    "physician", "psychologist", "counsellor_psychotherapist", "other",
]  # fmt: skip
# How far each demo trainee has got: (how many trainees, modules finished, then what, and
# how many days ago they enrolled: those further on started earlier).
STAGES = [
    (5, 0, "enrolled", (0, 12)),
    (6, 0, "reading", (3, 18)),
    (6, 1, "modules", (8, 26)),
    (6, 3, "modules", (14, 32)),
    (5, 6, "modules", (24, 38)),
    (4, 7, "failed final", (30, 40)),
    (4, 7, "completed", (33, 44)),
]


@dataclass
class DemoTrainee:
    user: object
    modules: int
    stage: str
    enrolled_days_ago: int


def demo_training_admin():
    """The demo training administrator: made once, in the Training administrators group."""
    User = get_user_model()
    fields = dict(TRAINING_ADMIN)
    password = fields.pop("password")
    user = User.objects.filter(username=fields["username"]).first()
    created = user is None
    if created:
        user = User.objects.create_user(password=password, **fields)
        user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return user, created


def demo_cohort(course: CoursePage, admin) -> tuple[Cohort, bool]:
    """The demo cohort and its trainees, made once: a later run finds the cohort and
    changes nothing."""
    existing = Cohort.objects.filter(course_id=course.pk, name=COHORT_NAME).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        return _CohortBuilder(course, admin).build(), True


class _CohortBuilder:
    def __init__(self, course: CoursePage, admin):
        self.course, self.admin = course, admin
        self.rng = random.Random(SEED)  # noqa: S311 - demo answers, not secrets
        self.navigation = course.navigation()
        self.lessons = LessonPage.objects.in_bulk([entry.pk for entry in self.navigation.lessons])
        self.quizzes = QuizPage.objects.in_bulk([entry.pk for entry in self.navigation.quizzes])
        self.now = timezone.now()

    def build(self) -> Cohort:
        today = timezone.localdate()
        cohort = Cohort.objects.create(
            name=COHORT_NAME,
            course_id=self.course.pk,
            starts_on=today - timedelta(days=45),
            due_on=today - timedelta(days=3),
        )
        trainees = self._trainees()
        for trainee in trainees:
            enrol(trainee.user, self.course, notify=False)
            CohortMembership.objects.create(cohort=cohort, user=trainee.user)
            self._work_through(trainee)
            self._spread_over_time(trainee)
        self._administrator_actions(trainees)
        return cohort

    def _trainees(self) -> list[DemoTrainee]:
        User = get_user_model()
        trainees, number = [], 0
        for count, modules, stage, (earliest, latest) in STAGES:
            for _ in range(count):
                first = FIRST_NAMES[number % len(FIRST_NAMES)]
                last = LAST_NAMES[number % len(LAST_NAMES)]  # 36 different names
                user = User(
                    username=f"demo-trainee-{number + 1:02d}",
                    email=f"{first}.{last}.{number + 1:02d}@pathway.example".lower(),
                    full_name=f"{first} {last}",
                    profession=PROFESSIONS[number % len(PROFESSIONS)],
                )
                user.set_unusable_password()  # demo records only: nobody signs in as them
                user.save()
                days_ago = self.rng.randint(earliest, latest)
                trainees.append(DemoTrainee(user, modules, stage, days_ago))
                number += 1
        return trainees

    def _work_through(self, trainee: DemoTrainee):
        """Lessons and quizzes in course order, as far as the trainee's stage goes."""
        if trainee.stage == "enrolled":
            return
        if trainee.stage == "reading":
            first_module = self.navigation.modules[0]
            lessons = self.navigation.lessons_of(first_module)
            for entry in lessons[: self.rng.randint(1, max(1, len(lessons) - 1))]:
                self._complete(trainee.user, entry.pk)
            return
        for module in self.navigation.modules[: trainee.modules]:
            for entry in self.navigation.lessons_of(module):
                self._complete(trainee.user, entry.pk)
            quiz = self.navigation.quiz_of(module)
            if quiz is not None:
                self._pass(trainee.user, quiz.pk)
        final = self.navigation.final_test
        if final is None or trainee.stage not in ("failed final", "completed"):
            return
        self._attempt(trainee.user, final.pk, accuracy=0.4)
        if trainee.stage == "completed":
            self._pass(trainee.user, final.pk, used=1)

    def _complete(self, user, lesson_id):
        lesson = self.lessons[lesson_id]
        complete_lesson(user, lesson, lesson.step_state(user))

    def _pass(self, user, quiz_id, *, used=0):
        """Attempts until the quiz is passed (a shaky first try now and then), within the
        quiz's limit: `used` attempts were made already."""
        allowed = self.quizzes[quiz_id].max_attempts or 3
        if used + 3 <= allowed and self.rng.random() < 0.3:
            self._attempt(user, quiz_id, accuracy=0.5)
        attempt = self._attempt(user, quiz_id, accuracy=0.9)
        if not attempt.passed:
            self._attempt(user, quiz_id, accuracy=1.0)

    def _attempt(self, user, quiz_id, *, accuracy: float) -> QuizAttempt:
        quiz = self.quizzes[quiz_id]
        attempt, _created = start_attempt(user, quiz, quiz.step_state(user))
        data = answer_form(attempt.snapshot, self.rng, accuracy)
        return save_answers(user, attempt.public_id, data, submit=True, state=quiz.step_state(user))

    def _spread_over_time(self, trainee: DemoTrainee):
        """Move the trainee's records back in time, in the order they were made: enrolled
        `enrolled_days_ago` days ago, then each lesson and attempt a little later."""
        user = trainee.user
        hours = self.rng.randint(1, 9)
        enrolled = self.now - timedelta(days=trainee.enrolled_days_ago, hours=hours)
        Enrolment.objects.filter(user=user).update(enrolled_at=enrolled)
        CohortMembership.objects.filter(user=user).update(added_at=enrolled)
        get_user_model().objects.filter(pk=user.pk).update(date_joined=enrolled)
        events = [
            ("lesson", completion.pk, completion.completed_at)
            for completion in LessonCompletion.objects.filter(user=user)
        ] + [("attempt", attempt.pk, attempt.started_at) for attempt in user.quiz_attempts.all()]
        events.sort(key=lambda event: event[2])
        # The last activity: a few days after enrolling at the earliest, today at the latest.
        quiet_days = self.rng.randint(0, max(0, trainee.enrolled_days_ago - 3))
        span = max(timedelta(hours=1), (self.now - timedelta(days=quiet_days, hours=2)) - enrolled)
        step = span / (len(events) + 1)
        when = enrolled
        for kind, pk, _made in events:
            when += step
            if kind == "lesson":
                LessonCompletion.objects.filter(pk=pk).update(completed_at=when)
            else:
                minutes = timedelta(minutes=self.rng.randint(6, 25))
                QuizAttempt.objects.filter(pk=pk).update(
                    started_at=when, submitted_at=when + minutes
                )
        CourseCompletion.objects.filter(user=user).update(completed_at=when + timedelta(minutes=30))

    def _administrator_actions(self, trainees: list[DemoTrainee]):
        """A few actions a training administrator takes, through their services."""
        failing = [t for t in trainees if t.stage == "failed final"]
        final = self.navigation.final_test
        if failing and final is not None:
            set_quiz_override(
                failing[0].user,
                self.quizzes[final.pk],
                extra_attempts=1,
                extra_minutes=0,
                reason="A power cut ended the first attempt early.",
                by=self.admin,
            )
        shaky = QuizAttempt.objects.filter(
            user__in=[t.user for t in trainees], passed=False, state=QuizAttempt.State.SUBMITTED
        ).order_by("pk")
        first_fail = shaky.first()
        if first_fail is not None:
            void_attempt(
                first_fail,
                reason="Taken on a shared clinic computer while signed in as this trainee.",
                by=self.admin,
            )
        readers = [t for t in trainees if t.stage == "reading"]
        if readers:
            unenrol_trainee(
                Enrolment.objects.get(user=readers[-1].user, course_id=self.course.pk),
                reason="Moved to next term's intake at their request.",
                by=self.admin,
            )


def answer_form(snapshot: dict, rng: random.Random, accuracy: float) -> QueryDict:
    """A submitted quiz form answering each question right with probability `accuracy`."""
    right = correct_answers(snapshot)
    data = QueryDict(mutable=True)
    for question in gradable_questions(snapshot):
        key = f"{QUESTION_PREFIX}{question['id']}"
        correct = rng.random() < accuracy
        if question["type"] == "ordering":
            positions = right[question["id"]]
            if not correct:
                count = len(positions)
                positions = {step: count + 1 - place for step, place in positions.items()}
            for step_id, position in positions.items():
                data[f"{key}:{step_id}"] = str(position)
            continue
        choices = [choice["id"] for choice in question["choices"]]
        answer = right[question["id"]]
        if not correct:
            keyed = answer if isinstance(answer, list) else [answer]
            wrong = [choice for choice in choices if choice not in keyed]
            answer = rng.choice(wrong) if question["type"] != "multiple_response" else wrong[:1]
        data.setlist(key, answer if isinstance(answer, list) else [answer])
    return data
