"""Seeds a benchmark database and writes the requests each scenario sends.

Run by bench/run.py with DJANGO_SETTINGS_MODULE=bench.settings, after `migrate`:

    python -m bench.seed OUT_DIR

It loads the flagship course (whose pages the page scenarios read), builds a small course
(2 modules × 2 lessons) and a large one (20 × 20 = 400 lessons) from its lessons and
questions, each module with a quiz and each course with a final test, and makes signed-in
trainees: readers who have finished the flagship course and are part-way through the large
one, writers for lesson completions, and open attempts for submissions. Each scenario's
requests go to OUT_DIR/<scenario>.tsv, one per line: method, path, cookie header, form body.
"""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.base import SessionBase  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from courses.assessment.grading import correct_answers, gradable_questions  # noqa: E402
from courses.assessment.snapshot import build_snapshot  # noqa: E402
from courses.learning.models import LessonCompletion, QuizAttempt  # noqa: E402
from courses.learning.services.attempts import save_answers, start_attempt  # noqa: E402
from courses.learning.services.enrolment import enrol  # noqa: E402
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, QuizPage  # noqa: E402

READERS, WRITERS, SUBMITTERS = 20, 40, 200
User = get_user_model()


def page_tree(index, slug, modules, lessons_per_module, demo_lessons, demo_quiz):
    """A published course of `modules` × `lessons_per_module` lessons, with module quizzes
    and a final test, whose lessons and questions are the flagship course's."""
    course = index.add_child(
        instance=CoursePage(
            title=f"Benchmark course {slug}",
            slug=slug,
            summary="A course for the benchmark.",
            audience="Benchmarks.",
            ce_hours=2,
            estimated_hours=2,
            modules_unlock_in_order=False,
        )
    )
    course.save_revision().publish()
    n = 0
    for m in range(1, modules + 1):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m}", slug=f"module-{m}", summary="A module.", estimated_minutes=60
            )
        )
        module.save_revision().publish()
        for number in range(1, lessons_per_module + 1):
            source = demo_lessons[n % len(demo_lessons)]
            n += 1
            lesson = module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m}.{number}: {source.title}",
                    slug=f"lesson-{m}-{number}",
                    summary=source.summary,
                    estimated_minutes=source.estimated_minutes,
                    body=source.body.raw_data,
                )
            )
            lesson.tags.set(list(source.tags.names()))
            lesson.save_revision().publish()
        quiz_under(module, f"module-{m}-quiz", demo_quiz)
    quiz_under(course, "final-test", demo_quiz)
    return CoursePage.objects.get(pk=course.pk)


def quiz_under(parent, slug, demo_quiz):
    quiz = parent.add_child(
        instance=QuizPage(
            title=f"Quiz {slug}",
            slug=slug,
            max_attempts=0,
            shuffle_questions=False,
            shuffle_choices=False,
            questions=demo_quiz.questions.raw_data,
        )
    )
    quiz.save_revision().publish()


def session_cookie(user) -> tuple[str, str]:
    """A signed-in session for `user` and a CSRF secret: the Cookie header and the token."""
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    store: SessionBase = store_class()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )
    return cookie, csrf


def trainee(name, *courses):
    user = User.objects.create_user(
        username=name, email=f"{name}@bench.example", password=None, full_name=name.title()
    )
    for course in courses:
        enrol(user, course)
    return user


def form_of(snapshot) -> dict:
    answers = correct_answers(snapshot)
    data = {}
    for question in gradable_questions(snapshot):
        answer = answers[question["id"]]
        if question["type"] == "ordering":
            for step_id, position in answer.items():
                data[f"q-{question['id']}:{step_id}"] = str(position)
        elif isinstance(answer, list):
            data[f"q-{question['id']}"] = answer
        else:
            data[f"q-{question['id']}"] = answer
    return data


def write(out: Path, scenario: str, rows):
    with (out / f"{scenario}.tsv").open("w") as handle:
        for method, path, cookie, body in rows:
            handle.write(f"{method}\t{path}\t{cookie}\t{body}\n")


def main(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    call_command("setup_demo", "--no-accounts", verbosity=0)
    demo = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    demo_lessons = list(LessonPage.objects.descendant_of(demo).order_by("path"))
    demo_quiz = QuizPage.objects.descendant_of(demo).order_by("path").first()
    index = CourseIndexPage.objects.get()
    small = page_tree(index, "bench-small", 2, 2, demo_lessons, demo_quiz)
    large = page_tree(index, "bench-large", 20, 20, demo_lessons, demo_quiz)
    large_lessons = list(LessonPage.objects.descendant_of(large).order_by("path"))
    small_lessons = list(LessonPage.objects.descendant_of(small).order_by("path"))
    module_quiz = QuizPage.objects.child_of(ModulePage.objects.child_of(large).first()).get()

    demo_quizzes = list(QuizPage.objects.descendant_of(demo).order_by("path"))
    demo_snapshots = {quiz.pk: build_snapshot(quiz, seed=1) for quiz in demo_quizzes}
    readers = []
    for n in range(READERS):
        user = trainee(f"reader{n}", demo, small, large)
        # Readers have finished the flagship course's lessons and passed its quizzes, so
        # every module is open to them; in the large course they are part-way through.
        LessonCompletion.objects.bulk_create(
            LessonCompletion(user=user, lesson_id=lesson.pk, lesson_title=lesson.title)
            for lesson in [*demo_lessons, *large_lessons[: 10 * n]]
        )
        passed = QuizAttempt.objects.bulk_create(
            QuizAttempt(
                user=user,
                quiz_id=quiz.pk,
                quiz_title=quiz.title,
                number=1,
                snapshot=demo_snapshots[quiz.pk],
                answers=correct_answers(demo_snapshots[quiz.pk]),
                results={},
                state=QuizAttempt.State.SUBMITTED,
                submitted_at=timezone.now(),
                score=1,
                max_score=1,
                percent=100,
                passed=True,
            )
            for quiz in demo_quizzes
        )
        attempt, _ = start_attempt(user, module_quiz, module_quiz.step_state(user))
        data = QueryDict(mutable=True)
        for key, value in form_of(attempt.snapshot).items():
            data.setlist(key, value if isinstance(value, list) else [value])
        save_answers(user, attempt.public_id, data, submit=True)
        readers.append((user, *session_cookie(user), passed[0]))

    def reads(paths):
        return [
            ("GET", path, cookie, "")
            for i, path in enumerate(paths)
            for _user, cookie, _csrf, _attempt in [readers[i % len(readers)]]
        ]

    demo_modules = list(ModulePage.objects.child_of(demo).order_by("path"))
    spread = [large_lessons[i] for i in range(0, 400, 7)]  # lessons across the course
    write(out, "floor", reads(["/bench/floor/"] * READERS))
    write(out, "course_anonymous", [("GET", demo.url, "", "")])
    write(out, "course", reads([demo.url] * READERS))
    write(out, "course_400", reads([large.url] * READERS))
    write(out, "module", reads([demo_modules[2].url] * READERS))
    write(out, "lesson", reads([lesson.url for lesson in demo_lessons] * 3))
    write(out, "lesson_4", reads([lesson.url for lesson in small_lessons] * 10))
    write(out, "lesson_400", reads([lesson.url for lesson in spread] * 2))
    write(out, "quiz", reads([demo_quizzes[0].url] * READERS))
    write(
        out,
        "result",
        [("GET", f"/learning/attempts/{a.public_id}/", c, "") for _u, c, _t, a in readers],
    )
    write(out, "my_learning", reads(["/learning/"] * READERS))

    completions = []
    for n in range(WRITERS):
        user = trainee(f"writer{n}", large)
        cookie, csrf = session_cookie(user)
        body = urlencode({"csrfmiddlewaretoken": csrf})
        completions.extend(
            ("POST", f"/learning/complete/{lesson.pk}/", cookie, body) for lesson in large_lessons
        )
    # Interleave trainees, so that consecutive requests are different people.
    completions.sort(key=lambda row: (row[1], row[2]))
    write(out, "complete_lesson", completions)

    quizzes = list(QuizPage.objects.descendant_of(large).order_by("path"))
    snapshots = {quiz.pk: build_snapshot(quiz, seed=1) for quiz in quizzes}
    submissions = []
    for n in range(SUBMITTERS):
        user = trainee(f"submitter{n}", large)
        cookie, csrf = session_cookie(user)
        attempts = QuizAttempt.objects.bulk_create(
            QuizAttempt(
                user=user,
                quiz_id=quiz.pk,
                quiz_title=quiz.title,
                number=1,
                snapshot=snapshots[quiz.pk],
            )
            for quiz in quizzes
        )
        for attempt in attempts:
            body = urlencode(
                {
                    **form_of(attempt.snapshot),
                    "submit": "1",
                    "confirmed": "1",
                    "csrfmiddlewaretoken": csrf,
                },
                doseq=True,
            )
            submissions.append(("POST", f"/learning/attempts/{attempt.public_id}/", cookie, body))
    submissions.sort(key=lambda row: row[1])
    write(out, "submit_quiz", submissions)
    print(
        f"seeded: {len(large_lessons)} + {len(small_lessons)} lessons, {len(submissions)} attempts"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
