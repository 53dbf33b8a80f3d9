"""Seeds the report benchmark's database (bench/reports.py): one course of 8 modules × 5
lessons with a quiz per module and a final test, trainees at every stage of it, their lesson
completions, graded attempts and course completions, and two cohorts. Everything is made with
bulk_create, in one transaction. Run inside `python -m bench.reports seed N SMALL`, with
Django set up."""

import datetime
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Site

from courses.assessment.grading import grade
from courses.assessment.snapshot import build_snapshot
from courses.learning.models import (
    Cohort,
    CohortMembership,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
)
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, QuizPage

MODULES, LESSONS_PER_MODULE = 8, 5


def seed(trainees: int, small: int, admin_username: str) -> dict:
    """The course, the trainees and their records, made fast with bulk_create; a superuser
    named `admin_username` to read the reports."""
    started = time.perf_counter()
    User = get_user_model()
    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    course = index.add_child(
        instance=CoursePage(
            title="Report benchmark course",
            slug="report-benchmark",
            summary="A course for the report benchmark.",
            audience="Benchmarks.",
            ce_hours=10,
            estimated_hours=10,
        )
    )
    questions = [
        (
            "single_choice",
            {
                "prompt": f"Question {n}?",
                "choices": [
                    {"text": "Right", "correct": True, "feedback": ""},
                    {"text": "Wrong", "correct": False, "feedback": ""},
                ],
                "explanation": "Because.",
                "points": 1,
                "tags": [],
                "citations": [],
            },
        )
        for n in range(1, 5)
    ]

    def quiz_under(parent, slug):
        return parent.add_child(
            instance=QuizPage(
                title=f"Quiz {slug}",
                slug=slug,
                pass_mark=75,
                shuffle_questions=False,
                shuffle_choices=False,
                questions=questions,
            )
        )

    lessons, quizzes = [], []
    for m in range(1, MODULES + 1):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m}", slug=f"module-{m}", summary="A module.", estimated_minutes=60
            )
        )
        for number in range(1, LESSONS_PER_MODULE + 1):
            lessons.append(
                module.add_child(
                    instance=LessonPage(
                        title=f"Lesson {m}.{number}",
                        slug=f"lesson-{m}-{number}",
                        summary="A lesson.",
                        estimated_minutes=10,
                        body=[("text", "<p>Lesson text.</p>")],
                    )
                )
            )
        quizzes.append(quiz_under(module, f"module-{m}-quiz"))
    final = quiz_under(course, "final-test")
    snapshots = {}
    for quiz in [*quizzes, final]:
        snapshot = build_snapshot(QuizPage.objects.get(pk=quiz.pk), seed=1)
        right = {q["id"]: q["choices"][0]["id"] for q in snapshot["questions"]}
        wrong = {q["id"]: q["choices"][1]["id"] for q in snapshot["questions"]}
        half = dict(list(right.items())[:2] + list(wrong.items())[2:])
        snapshots[quiz.pk] = (snapshot, {"fail": half, "pass": right})
    grades = {
        (quiz_id, kind): grade(snapshot, answers)
        for quiz_id, (snapshot, answers_by_kind) in snapshots.items()
        for kind, answers in answers_by_kind.items()
    }

    now = timezone.now()
    unusable = make_password(None)  # no password, and no hashing to wait for
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                username=f"trainee{n:05}",
                email=f"trainee{n:05}@bench.example",
                full_name=f"Trainee {n:05}",
                password=unusable,
            )
            for n in range(trainees)
        )
        admin = User.objects.create_superuser(
            admin_username, f"{admin_username}@bench.example", None
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(
                user=user,
                course_id=course.pk,
                course_title=course.title,
                enrolled_at=now - datetime.timedelta(days=60),
            )
            for user in users
        )
        completions, attempts, finished = [], [], []
        total = len(lessons)
        for n, user in enumerate(users):
            done = n % (total + 1)  # every stage, from no lesson to all 40
            for lesson in lessons[:done]:
                completions.append(
                    LessonCompletion(
                        user=user,
                        lesson_id=lesson.pk,
                        lesson_title=lesson.title,
                        completed_at=now - datetime.timedelta(days=30, minutes=-done),
                    )
                )
            for quiz in quizzes[: done // LESSONS_PER_MODULE] + ([final] if done == total else []):
                kinds = ["fail", "pass"] if n % 3 == 0 else ["pass"]
                for number, kind in enumerate(kinds, 1):
                    snapshot, answers_by_kind = snapshots[quiz.pk]
                    result = grades[quiz.pk, kind]
                    moment = now - datetime.timedelta(days=20, hours=-number)
                    attempts.append(
                        QuizAttempt(
                            user=user,
                            quiz_id=quiz.pk,
                            quiz_title=quiz.title,
                            number=number,
                            snapshot=snapshot,
                            answers=answers_by_kind[kind],
                            state=QuizAttempt.State.SUBMITTED,
                            started_at=moment,
                            submitted_at=moment + datetime.timedelta(minutes=12),
                            score=result.score,
                            max_score=result.possible,
                            percent=result.percent,
                            passed=result.passed,
                            results=result.as_record(),
                        )
                    )
            if done == total:
                finished.append(n)
        LessonCompletion.objects.bulk_create(completions, batch_size=5000)
        QuizAttempt.objects.bulk_create(attempts, batch_size=2000)
        CourseCompletion.objects.bulk_create(
            CourseCompletion(
                enrolment=enrolments[n],
                user=users[n],
                course_id=course.pk,
                course_title=course.title,
                ce_hours=10,
                completed_at=now - datetime.timedelta(days=19),
            )
            for n in finished
        )
        due = Cohort.objects.create(
            name=f"Cohort of {small:,}",
            course_id=course.pk,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
        rest = Cohort.objects.create(name="Everyone else", course_id=course.pk)
        CohortMembership.objects.bulk_create(
            CohortMembership(cohort=due if n < small else rest, user=user)
            for n, user in enumerate(users)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "admin": admin.pk,
        "course": course.pk,
        "cohort": due.pk,
        "trainees": len(users),
        "lessons": len(lessons),
        "completions": len(completions),
        "attempts": len(attempts),
        "completed": len(finished),
    }
