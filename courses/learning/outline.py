"""A course's outline for one trainee: every lesson, module quiz and the final test in course
order, each with where the trainee stands on it (locked, not started, in progress, done or
passed, attempts left), and counts that say what they count ("3 lessons and a quiz").

Built from a `CourseProgress`: the shared outline from the cache and the trainee's rows
already loaded with it (completions, attempts), so it adds no query but the extra attempts
granted, read once when a quiz limits attempts."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from uuid import UUID

from courses.learning.certification import latest_certificate, recertify_since
from courses.learning.models import Enrolment, QuizAttempt
from courses.learning.navigation import CourseLike, OutlineEntry, TreePage
from courses.learning.progress import CourseProgress, ModuleProgress, progress_in_courses

FINAL_TEST_LABEL = "Final post-test"


class Status(enum.Enum):
    LOCKED = "locked"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"  # a quiz attempt is open
    DONE = "done"  # a lesson completed
    PASSED = "passed"  # a quiz passed
    NOT_PASSED = "not_passed"  # a quiz attempted, not passed, attempts left
    NO_ATTEMPTS_LEFT = "no_attempts_left"  # a quiz not passed with every attempt used


@dataclass(frozen=True)
class OutlineStep:
    """A lesson or quiz of the outline, with the trainee's state on it."""

    entry: OutlineEntry
    status: Status
    blocked_by: OutlineEntry | None = None  # the module to finish first, when locked
    opens: str = ""  # when locked, what opens it: "once you complete “Module 1”"
    label: str = ""  # a quiz's place: "Module quiz" or "Final post-test"
    best: Decimal | None = None  # a quiz's best submitted score
    used: int = 0
    left: int | None = None  # attempts left (None: no limit)
    open_attempt: UUID | None = None  # the attempt in progress, to resume
    tracked: bool = True  # False for a visitor or someone not enrolled: no state to show

    @property
    def is_locked(self) -> bool:
        return self.status is Status.LOCKED

    @property
    def is_quiz(self) -> bool:
        return self.entry.kind == "quiz"

    @property
    def is_done(self) -> bool:
        return self.status in (Status.DONE, Status.PASSED)

    @property
    def status_text(self) -> str:
        """The state in words, as the outline shows it beside the title."""
        if self.status is Status.LOCKED:
            return "Locked"
        if self.status is Status.DONE:
            return "Completed"
        if self.status is Status.PASSED:
            return f"Passed with {self.best:.0f}%" if self.best is not None else "Passed"
        if self.status is Status.IN_PROGRESS:
            return "In progress"
        if self.status is Status.NOT_PASSED:
            return f"Not passed yet (best {self.best:.0f}%)"
        if self.status is Status.NO_ATTEMPTS_LEFT:
            return "Not passed: no attempts left"
        return "Not started"

    @property
    def attempts_text(self) -> str:
        """A quiz's attempts left, in words ("" for a lesson, a passed quiz or no limit)."""
        if not self.is_quiz or self.left is None or self.status in (Status.PASSED, Status.LOCKED):
            return ""
        return f"{self.left} attempt{'' if self.left == 1 else 's'} left"


@dataclass
class OutlineModule:
    progress: ModuleProgress
    steps: list[OutlineStep]

    @property
    def module(self) -> OutlineEntry:
        return self.progress.module

    @property
    def contents(self) -> str:
        return contents_label(len(self.progress.lessons), 1 if self.progress.quiz else 0)


@dataclass
class TraineeOutline:
    modules: list[OutlineModule]
    final_test: OutlineStep | None

    @cached_property
    def steps(self) -> list[OutlineStep]:
        steps = [step for module in self.modules for step in module.steps]
        return steps + ([self.final_test] if self.final_test else [])

    @property
    def quizzes(self) -> list[OutlineStep]:
        return [step for step in self.steps if step.is_quiz]

    def of_module(self, module: TreePage | None) -> OutlineModule | None:
        if module is None:
            return None
        return next((entry for entry in self.modules if entry.module.pk == module.pk), None)

    @property
    def contents(self) -> str:
        """What the course's steps are: "20 lessons and 4 quizzes"."""
        quizzes = len(self.quizzes)
        return contents_label(len(self.steps) - quizzes, quizzes)

    @property
    def next_step(self) -> OutlineStep | None:
        """Where to continue: the first step in course order not yet done."""
        return next((step for step in self.steps if not step.is_done), None)


@dataclass(frozen=True)
class Continue:
    """Where a "continue" button leads, and what it says before the step's title."""

    step: OutlineStep
    label: str  # "Start with", "Continue with", "Resume", "Next"


def continue_in_module(outline: TraineeOutline, module: TreePage, enrolled: bool):
    """The module page's main button: its first step for a visitor; for an enrolled trainee
    the first step of the module not yet done, or, once the module is done, the course's
    next unfinished step. None on a locked module (nothing there opens yet) or when the
    whole course is done."""
    section = outline.of_module(module)
    if section is None or not section.steps:
        return None
    if not enrolled:
        return Continue(section.steps[0], "Start with")
    if section.progress.is_locked:
        return None
    step = next((step for step in section.steps if not step.is_done), None)
    if step is not None:
        return continue_to(step, started=any(item.is_done for item in section.steps))
    step = outline.next_step
    return Continue(step, "Next") if step is not None and not step.is_locked else None


def continue_to(step: OutlineStep, *, started: bool) -> Continue:
    if step.status is Status.IN_PROGRESS:
        return Continue(step, "Resume")
    return Continue(step, "Continue with" if started else "Start with")


def contents_label(lessons: int, quizzes: int) -> str:
    """'3 lessons and a quiz', '1 lesson', 'a quiz', '20 lessons and 4 quizzes'."""
    parts = []
    if lessons:
        parts.append(f"{lessons} lesson{'' if lessons == 1 else 's'}")
    if quizzes:
        parts.append("a quiz" if quizzes == 1 else f"{quizzes} quizzes")
    return " and ".join(parts) or "no lessons yet"


def trainee_outline(progress: CourseProgress) -> TraineeOutline:
    """The trainee's outline of the course `progress` is about. Steps are locked only for an
    enrolled trainee, where modules unlock in order and an earlier module is unfinished."""
    enrolled = progress.enrolment is not None
    module_of = {
        step.pk: module.module for module in progress.modules for step in module_steps(module)
    }
    by_quiz: dict[int, list[QuizAttempt]] = {}
    for attempt in progress.attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)

    def step_of(entry: OutlineEntry, blocked_by: OutlineEntry | None, label="") -> OutlineStep:
        if enrolled and blocked_by is not None:
            opens = opens_when(progress, module_of.get(entry.pk))
            return OutlineStep(entry, Status.LOCKED, blocked_by, opens, label=label)
        if not enrolled:
            return OutlineStep(entry, Status.NOT_STARTED, label=label, tracked=False)
        if entry.kind != "quiz":
            done = entry.pk in progress.completed_ids
            return OutlineStep(entry, Status.DONE if done else Status.NOT_STARTED)
        return quiz_step(progress, entry, by_quiz.get(entry.pk, []), label)

    modules = [
        OutlineModule(
            module,
            [step_of(lesson, module.blocked_by) for lesson in module.lessons]
            + (
                [step_of(module.quiz, module.blocked_by, "Module quiz")]
                if module.quiz is not None
                else []
            ),
        )
        for module in progress.modules
    ]
    final = progress.final_test
    final_step = step_of(final, progress.final_test_blocked_by, FINAL_TEST_LABEL) if final else None
    since = recertification_start(progress) if final_step and final_step.tracked else None
    if since is not None and not final_step.is_locked:
        # Recertifying: the attempts since the certificate expired are a new round, with the
        # test's full number of attempts, as the test itself counts them.
        attempts = [a for a in by_quiz.get(final.pk, []) if a.started_at >= since]
        passed = any(attempt.passed for attempt in attempts if not attempt.is_open)
        final_step = quiz_step(progress, final, attempts, FINAL_TEST_LABEL, passed=passed)
    return TraineeOutline(modules, final_step)


def recertification_start(progress: CourseProgress):
    """When the trainee's certificate for the course expired, if it has: the final test is
    then taken again. One query, and only for a trainee who has completed the course."""
    enrolment = progress.enrolment
    if enrolment is None or getattr(enrolment, "completion", None) is None:
        return None
    return recertify_since(latest_certificate(enrolment))


def module_steps(module: ModuleProgress) -> list[OutlineEntry]:
    return module.lessons + ([module.quiz] if module.quiz is not None else [])


def opens_when(progress: CourseProgress, module: TreePage | None) -> str:
    """When a locked step of `module` (None: the final test) opens, in words that follow
    "opens": the module before it, or the first of several still to finish."""
    if module is None:
        return "once every module of the course is complete"
    entry = progress.of_module(module)
    blocked_by = entry.blocked_by if entry else None
    if blocked_by is None:
        return ""
    ids = [item.module.pk for item in progress.modules]
    index = ids.index(module.pk)
    if index > 0 and ids[index - 1] == blocked_by.pk:
        return f"once you complete “{blocked_by.title}”"
    return f"once you complete the modules before it, starting with “{blocked_by.title}”"


def quiz_step(
    progress: CourseProgress,
    quiz: OutlineEntry,
    attempts: list[QuizAttempt],
    label: str,
    *,
    passed: bool | None = None,
) -> OutlineStep:
    """The quiz's step from the trainee's `attempts` at it; `passed`, when given, instead of
    the course progress's passed quizzes (a recertification round)."""
    submitted = [attempt for attempt in attempts if not attempt.is_open]
    open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    best = max((attempt.percent for attempt in submitted), default=None)
    left = None
    if quiz.max_attempts and progress.enrolment is not None:
        allowed = quiz.max_attempts + progress.extra_attempts.get(quiz.pk, 0)
        left = max(0, allowed - len(attempts))
    if passed if passed is not None else quiz.pk in progress.passed_quiz_ids:
        status = Status.PASSED
    elif open_attempt is not None:
        status = Status.IN_PROGRESS
    elif submitted:
        status = Status.NO_ATTEMPTS_LEFT if left == 0 else Status.NOT_PASSED
    else:
        status = Status.NOT_STARTED
    return OutlineStep(
        quiz,
        status,
        label=label,
        best=best,
        used=len(attempts),
        left=left,
        open_attempt=open_attempt.public_id if open_attempt else None,
    )


@dataclass(frozen=True)
class CourseToContinue:
    course: CourseLike
    next: Continue
    progress: CourseProgress


def courses_to_continue(user, courses: list[CourseLike]) -> list[CourseToContinue]:
    """For the home page: each of `courses` that `user` is enrolled in and has not finished,
    with the next unfinished step. Four queries for a trainee however many courses (their
    enrolments, completions, attempts and extra attempts), none for a visitor."""
    if not getattr(user, "is_authenticated", False) or not courses:
        return []
    enrolments = list(
        Enrolment.objects.filter(
            user=user, unenrolled_at=None, course_id__in=[course.pk for course in courses]
        ).select_related("completion")
    )
    enrolled = {e.course_id for e in enrolments if not hasattr(e, "completion")}
    mine = [course for course in courses if course.pk in enrolled]
    if not mine:
        return []
    progress = progress_in_courses(mine, user, enrolments)
    result = []
    for course in mine:
        outline = trainee_outline(progress[course.pk])
        step = outline.next_step
        if step is not None and not step.is_locked:
            started = any(item.is_done or item.used for item in outline.steps)
            next_step = continue_to(step, started=started)
            result.append(CourseToContinue(course, next_step, progress[course.pk]))
    return result
