"""Progress through a course, computed against its live content.

A module is complete when all its live lessons are complete and its quiz, if it has one, is
passed; a course is complete when all its live modules are complete and its final test, if
it has one, is passed. Where a course unlocks modules in order, a module is locked until
every module before it is complete, and so is the final test. Building a `CourseProgress`
runs a fixed number of queries, however many lessons, completions or attempts there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from courses.learning.models import Enrolment, LessonCompletion, QuizAttempt
from courses.learning.navigation import CourseLike, CourseNavigation, OutlineEntry, TreePage
from courses.learning.standing import extra_attempts_granted, passed_quizzes, trainee_attempts


@dataclass
class ModuleProgress:
    module: OutlineEntry
    lessons: list[OutlineEntry]
    lessons_done: int
    quiz: OutlineEntry | None = None
    quiz_passed: bool = False
    blocked_by: OutlineEntry | None = None  # the first earlier module still to finish, if any

    @property
    def total(self) -> int:
        return len(self.lessons) + (1 if self.quiz else 0)

    @property
    def completed(self) -> int:
        return self.lessons_done + (1 if self.quiz and self.quiz_passed else 0)

    @property
    def percent(self) -> int:
        return percent(self.completed, self.total)

    @property
    def is_complete(self) -> bool:
        return self.completed == self.total

    @property
    def is_locked(self) -> bool:
        return self.blocked_by is not None


@dataclass
class CourseProgress:
    """One trainee's progress through one course (or none, for visitors and editors)."""

    course: CourseLike | None
    navigation: CourseNavigation
    completed_ids: set[int] = field(default_factory=set)
    enrolment: Enrolment | None = None
    passed_quiz_ids: set[int] = field(default_factory=set)
    # The trainee's attempts at the course's quizzes (submitted and in progress, not voided).
    attempts: list[QuizAttempt] = field(default_factory=list)
    user: object = None  # the trainee, for the extra attempts granted them (read when asked)
    granted: dict[int, int] | None = None  # those extra attempts, when already read

    def with_lesson_done(self, lesson: TreePage) -> CourseProgress:
        """This progress, with `lesson` complete too."""
        return replace(self, completed_ids=self.completed_ids | {lesson.pk})

    def with_quiz_passed(self, quiz_id: int) -> CourseProgress:
        """This progress, with the quiz `quiz_id` passed too."""
        return replace(self, passed_quiz_ids=self.passed_quiz_ids | {quiz_id})

    @cached_property
    def extra_attempts(self) -> dict[int, int]:
        """Extra attempts granted to the trainee, by quiz id: one query, the first time."""
        if self.granted is not None:
            return self.granted
        if self.enrolment is None or self.user is None:
            return {}
        return extra_attempts_granted(self.user)

    @cached_property
    def modules(self) -> list[ModuleProgress]:
        result, blocker = [], None
        for module in self.navigation.modules:
            lessons = self.navigation.lessons_of(module)
            quiz = self.navigation.quiz_of(module)
            entry = ModuleProgress(
                module,
                lessons,
                lessons_done=sum(1 for lesson in lessons if lesson.pk in self.completed_ids),
                quiz=quiz,
                quiz_passed=bool(quiz and quiz.pk in self.passed_quiz_ids),
                blocked_by=blocker,
            )
            result.append(entry)
            if self.unlocks_in_order and blocker is None and not entry.is_complete:
                blocker = module
        return result

    @property
    def unlocks_in_order(self) -> bool:
        return bool(self.course is not None and self.course.modules_unlock_in_order)

    @property
    def final_test(self) -> OutlineEntry | None:
        return self.navigation.final_test

    @property
    def final_test_passed(self) -> bool:
        return bool(self.final_test and self.final_test.pk in self.passed_quiz_ids)

    @property
    def final_test_blocked_by(self) -> OutlineEntry | None:
        """Where modules unlock in order, the final test waits for every module."""
        if not self.unlocks_in_order:
            return None
        return next((entry.module for entry in self.modules if not entry.is_complete), None)

    def of_module(self, module: TreePage | None) -> ModuleProgress | None:
        if module is None:
            return None
        return self._by_module.get(module.pk)

    @cached_property
    def _by_module(self) -> dict[int, ModuleProgress]:
        return {entry.module.pk: entry for entry in self.modules}

    def is_done(self, step: TreePage) -> bool:
        return step.pk in self.completed_ids or step.pk in self.passed_quiz_ids

    @property
    def completed(self) -> int:
        final = 1 if self.final_test_passed else 0
        return sum(entry.completed for entry in self.modules) + final

    @property
    def total(self) -> int:
        return sum(entry.total for entry in self.modules) + (1 if self.final_test else 0)

    @property
    def percent(self) -> int:
        return percent(self.completed, self.total)

    @property
    def is_complete(self) -> bool:
        modules_done = bool(self.modules) and all(entry.is_complete for entry in self.modules)
        return modules_done and (self.final_test is None or self.final_test_passed)

    @property
    def next_step(self) -> OutlineEntry | None:
        """Where to continue: the first lesson or quiz, in course order, not yet done."""
        return next((step for step in self.navigation.steps if not self.is_done(step)), None)


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def course_progress(
    course: CourseLike | None, user, *, navigation: CourseNavigation | None = None
) -> CourseProgress:
    """`user`'s progress through `course`: three queries on top of the navigation's (the
    enrolment, the completions, the attempts), and one more for the extra attempts granted
    if the outline asks. An enrolment a training administrator has ended (`unenrolled_at`)
    does not count."""
    if course is None:
        return CourseProgress(None, CourseNavigation())
    navigation = navigation or course.navigation()
    if not getattr(user, "is_authenticated", False):
        return CourseProgress(course, navigation)
    enrolment = (
        Enrolment.objects.filter(user=user, course_id=course.pk, unenrolled_at=None)
        .select_related("completion")
        .first()
    )
    completed = completed_lessons(user)
    attempts = trainee_attempts(user, navigation.quizzes)
    passed = passed_quizzes(user, navigation.quizzes, attempts)
    return CourseProgress(course, navigation, completed, enrolment, passed, attempts, user)


def completed_lessons(user) -> set[int]:
    """The ids of every lesson `user` has completed, in one query on the user's own rows: no
    list of a course's lesson ids to send (a 400-lesson course costs what a 4-lesson one
    does). Progress only ever asks about the course's own lessons."""
    return set(LessonCompletion.objects.filter(user=user).values_list("lesson_id", flat=True))


def progress_in_courses(
    courses: list[CourseLike], user, enrolments, attempts=None
) -> dict[int, CourseProgress]:
    """`user`'s progress in each of `courses` (by course id), where `enrolments` are their
    enrolments and `attempts`, if given, their quiz attempts (`trainee_attempts`): three
    queries (two with the attempts given) however many courses, with the extra attempts
    granted; the outlines come from the cache."""
    navigations = {course.pk: course.navigation() for course in courses}
    quizzes = [quiz for nav in navigations.values() for quiz in nav.quizzes]
    completed = completed_lessons(user)
    if attempts is None:
        attempts = trainee_attempts(user, quizzes)
    passed = passed_quizzes(user, quizzes, attempts)
    by_course = {enrolment.course_id: enrolment for enrolment in enrolments}
    granted = extra_attempts_granted(user) if by_course else {}
    return {
        course.pk: CourseProgress(
            course,
            navigations[course.pk],
            completed,
            by_course.get(course.pk),
            passed,
            attempts,
            user,
            granted,
        )
        for course in courses
    }
